"""Programmes: what schools offer (skills taught, occupations led to, level, mode, place)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.errors import InvalidInput, Term
from matchmaker.models import Occupation, Organisation, Programme, Skill, User, programme_occupations, programme_skills
from matchmaker.security import policies
from matchmaker.services import versions
from matchmaker.services.places import apply_location
from matchmaker.services.queries import Page, existing, filter_place, get_or_404, paginate, search_name


def list_programmes(*, session: Session, actor: User, args: dict) -> Page:
    query = select(Programme).options(selectinload(Programme.organisation).load_only(Organisation.id, Organisation.name), selectinload(Programme.skills), selectinload(Programme.occupations))
    query = filter_place(query, Programme, args)
    for name in ("mode", "level"):
        if args.get(name) is not None:
            query = query.where(getattr(Programme, name) == args[name])
    if (organisation := args.get("organisation")) is not None:
        query = query.where(Programme.organisation_id == organisation)
    if sector := args.get("sector"):
        query = query.where(Programme.organisation_id.in_(select(Organisation.id).where(Organisation.sector == sector)))
    if (occupation := args.get("occupation")) is not None:
        query = query.where(Programme.id.in_(
            select(programme_occupations.c.programme_id).where(programme_occupations.c.occupation_id == occupation)))
    if (skill := args.get("skill")) is not None:
        query = query.where(Programme.id.in_(
            select(programme_skills.c.programme_id).where(programme_skills.c.skill_id == skill)))
    found, ranking = search_name(Programme, args.get("q"), Programme.description)
    if found is not None:
        query = query.where(found)
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=ranking if args.get("q") else Programme.id)


def get(*, session: Session, actor: User, programme_id: int) -> Programme:
    return get_or_404(session, Programme, programme_id, "programme")


def _school(session: Session, organisation_id: int) -> Organisation:
    (organisation,) = existing(session, Organisation, [organisation_id], field="organisation_id", what="organisation")
    if organisation.kind != "school":
        raise InvalidInput("Organisation %(organisation_id)s is a %(kind)s; programmes belong to a school.",
                           field="organisation_id", organisation_id=organisation_id,
                           kind=Term("organisation_kind", organisation.kind))
    return organisation


def _apply(session: Session, programme: Programme, data: dict) -> None:
    data = dict(data)
    school = None
    if "organisation_id" in data:
        school = _school(session, data["organisation_id"])
    if "skill_ids" in data:
        programme.skills = existing(session, Skill, data.pop("skill_ids"), field="skill_ids", what="skill")
    if "occupation_ids" in data:
        programme.occupations = existing(session, Occupation, data.pop("occupation_ids"), field="occupation_ids",
                                         what="occupation")
    for key, value in apply_location(session=session, record=programme, data=data, default=school).items():
        setattr(programme, key, value)


def create(*, session: Session, actor: User, data: dict) -> Programme:
    policies.require_record_writer(actor, "programme", data["organisation_id"])
    programme = Programme()
    _apply(session, programme, data)
    session.add(programme)
    session.flush()
    return programme


def update(*, session: Session, actor: User, programme_id: int, data: dict,
           precondition: versions.Precondition = None) -> Programme:
    programme = get(session=session, actor=actor, programme_id=programme_id)
    policies.require_record_writer(actor, "programme", programme.organisation_id)
    versions.check(precondition, programme)
    if "organisation_id" in data:
        policies.require_record_writer(actor, "programme", data["organisation_id"])
    _apply(session, programme, data)
    session.flush()
    return programme


def delete(*, session: Session, actor: User, programme_id: int, precondition: versions.Precondition = None) -> None:
    programme = get(session=session, actor=actor, programme_id=programme_id)
    policies.require_record_writer(actor, "programme", programme.organisation_id)
    versions.check(precondition, programme)
    session.delete(programme)
    session.flush()
