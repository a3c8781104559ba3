"""Needs: what employers post (vacancies, internships, apprenticeships, seasonal peaks).

A new need without a location is placed at its employer. A need given an occupation but no skills gets the
occupation's essential skills as its essential skills, on create and when a PATCH changes the occupation.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from matchmaker.errors import InvalidInput
from matchmaker.models import Need, NeedSkill, Occupation, OccupationSkill, Organisation, Skill, User
from matchmaker.security import policies
from matchmaker.services.places import apply_location
from matchmaker.services.queries import (
    Page,
    active_in_month,
    contains_text,
    existing,
    filter_place,
    get_or_404,
    paginate,
)


def list_needs(*, session: Session, actor: User, args: dict) -> Page:
    # the page's occupations and skills in two extra queries, not two per need
    # only the label columns of occupations and skills (ESCO descriptions are long)
    labels = (Occupation.id, Occupation.uri, Occupation.label_en, Occupation.label_nl)
    query = select(Need).options(
        joinedload(Need.occupation).load_only(*labels),
        selectinload(Need.skills).joinedload(NeedSkill.skill).load_only(Skill.id, Skill.uri, Skill.label_en,
                                                                         Skill.label_nl))
    query = filter_place(query, Need, args)
    for name in ("kind", "status"):
        if args.get(name) is not None:
            query = query.where(getattr(Need, name) == args[name])
    if (organisation := args.get("organisation")) is not None:
        query = query.where(Need.organisation_id == organisation)
    if (occupation := args.get("occupation")) is not None:
        query = query.where(Need.occupation_id == occupation)
    if sector := args.get("sector"):
        query = query.where(Need.organisation_id.in_(select(Organisation.id).where(Organisation.sector == sector)))
    if (month := args.get("month")) is not None:
        query = query.where(active_in_month(session, Need.months, month))
    if (text := contains_text(args.get("q"), Need.title, Need.description)) is not None:
        query = query.where(text)
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"], order_by=Need.id)


def get(*, session: Session, actor: User, need_id: int) -> Need:
    return get_or_404(session, Need, need_id, "need")


def _employer(session: Session, organisation_id: int) -> Organisation:
    (organisation,) = existing(session, Organisation, [organisation_id], field="organisation_id", what="organisation")
    if organisation.kind != "employer":
        raise InvalidInput(f"Organisation {organisation_id} is a {organisation.kind}; needs belong to an employer.",
                           field="organisation_id")
    return organisation


def _requested_skills(session: Session, entries: list[dict]) -> list[tuple[Skill, str]]:
    ids = [entry["skill_id"] for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InvalidInput(f"Skill id(s) listed more than once: {', '.join(map(str, duplicates))}.", field="skills")
    skills = existing(session, Skill, ids, field="skills", what="skill")
    return [(skill, entry["relation"]) for skill, entry in zip(skills, entries)]


def _essential_skills_of(session: Session, occupation_id: int) -> list[tuple[Skill, str]]:
    rows = session.scalars(select(OccupationSkill).where(OccupationSkill.occupation_id == occupation_id,
                                                         OccupationSkill.relation == "essential")
                           .order_by(OccupationSkill.skill_id))
    return [(row.skill, "essential") for row in rows]


def _set_skills(need: Need, wanted: list[tuple[Skill, str]]) -> None:
    """Replace the need's skills, keeping the rows of skills that stay (their keys must not be re-inserted)."""
    current = {row.skill_id: row for row in need.skills}
    rows = []
    for skill, relation in wanted:
        row = current.get(skill.id) or NeedSkill(skill=skill, skill_id=skill.id)
        row.relation = relation
        rows.append(row)
    need.skills = rows


def _apply(session: Session, need: Need, data: dict) -> None:
    data = dict(data)
    employer = _employer(session, data["organisation_id"]) if "organisation_id" in data else None
    occupation_changes = "occupation_id" in data and data["occupation_id"] != need.occupation_id
    if data.get("occupation_id") is not None:
        existing(session, Occupation, [data["occupation_id"]], field="occupation_id", what="occupation")
    kind, months = data.get("kind", need.kind), data.get("months", need.months)
    if kind == "seasonal_peak" and not months:
        raise InvalidInput("A seasonal_peak needs the months of the peak (1..12).", field="months")
    if "skills" in data:
        _set_skills(need, _requested_skills(session, data.pop("skills")))
    elif occupation_changes and data["occupation_id"] is not None:
        _set_skills(need, _essential_skills_of(session, data["occupation_id"]))
    for key, value in apply_location(session=session, record=need, data=data, default=employer).items():
        setattr(need, key, value)


def create(*, session: Session, actor: User, data: dict) -> Need:
    policies.require_record_writer(actor, "need", data["organisation_id"])
    need = Need()
    _apply(session, need, data)
    session.add(need)
    session.flush()
    return need


def update(*, session: Session, actor: User, need_id: int, data: dict) -> Need:
    need = get(session=session, actor=actor, need_id=need_id)
    policies.require_record_writer(actor, "need", need.organisation_id)
    if "organisation_id" in data:
        policies.require_record_writer(actor, "need", data["organisation_id"])
    _apply(session, need, data)
    session.flush()
    return need


def delete(*, session: Session, actor: User, need_id: int) -> None:
    need = get(session=session, actor=actor, need_id=need_id)
    policies.require_record_writer(actor, "need", need.organisation_id)
    session.delete(need)
    session.flush()
