"""Needs: what employers post (vacancies, internships, apprenticeships, seasonal peaks).

A new need without a location is placed at its employer. A need given an occupation but no skills gets the
occupation's essential skills as its essential skills, on create and when a PATCH changes the occupation.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.i18n import reader_language
from matchmaker.services.catalogue import catalogue
from matchmaker.services.places import place_name
from matchmaker.errors import InvalidInput, NotFound, Term
from matchmaker.labels import add_labels, coded, label
from matchmaker.models import Need, NeedSkill, Occupation, OccupationSkill, Organisation, Skill, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import open_needs, versions
from matchmaker.services.cache import VersionedCache
from matchmaker.services.places import apply_location
from matchmaker.services.work_capacity import demands_of, occupation_demands
from matchmaker.services.queries import (
    Page,
    active_in_month,
    contains_text,
    existing,
    filter_place,
    get_or_404,
    paginate,
)


def _filtered(session: Session, query, args: dict):
    query = filter_place(query, Need, args)
    if args.get("kind") is not None:
        query = query.where(Need.kind == args["kind"])
    if (status := args.get("status")) is not None:
        query = query.where(open_needs.is_open() if status == "open" else open_needs.status_now() == status)
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
    return query


#: pages of needs by database, data versions, Dutch day, reader's language and question. Every reader of the list
#: sees the same needs (it holds no personal data), and every change of a need, its skills, its employer or the
#: taxonomy moves the versions in the key (:mod:`matchmaker.services.data_versions`), a passing closing date the day
_PAGES: VersionedCache[Page] = VersionedCache(size=64)


def list_needs(*, session: Session, actor: User, args: dict) -> Page:
    """A page of needs as :func:`views`, kept per process until the data it shows changes: the same page for
    every reader asking the same (never changed once made)."""
    def load() -> Page:
        page = paginate(session=session, query=_filtered(session, select(Need.id), args), limit=args["limit"],
                        offset=args["offset"], order_by=Need.id)
        page.items = views(session, page.items)
        return page

    return _PAGES.get((*open_needs.province_key(session), reader_language(), repr(sorted(args.items()))), load)


def _shown():
    """The columns a need's response shows, in the order of ``schemas.needs.NeedSchema``: the status as it is
    today (:mod:`matchmaker.services.open_needs`), and ``closed_on``, the closing date that closed it."""
    return (*_COLUMNS[:7], open_needs.status_now().label("status"), *_COLUMNS[7:],
            open_needs.closed_on().label("closed_on"))


_COLUMNS = (Need.municipality_code, Need.latitude, Need.longitude, Need.id, Need.version, Need.organisation_id, Need.kind,
          Need.title, Need.description, Need.occupation_id, Need.hours_per_week, Need.months, Need.headcount,
          Need.accommodations, Need.dutch_level, Need.trains_on_job, Need.welcomes_groups, Need.closes_on,
          Need.demands, Need.created_at, Need.updated_at)
_NAMES = tuple(column.key for column in _shown())
#: the code fields shown with their labels beside them
LABELLED = {"kind": "need_kind", "status": "need_status", "accommodations": "accommodation",
            "dutch_level": "dutch_level", "welcomes_groups": "target_group"}


def views(session: Session, need_ids: list[int]) -> list[dict]:
    """The needs with ``need_ids`` (in that order, unknown ids left out) as the API shows them
    (``schemas.needs.NeedSchema``, already dumped: dates as ISO text): their columns, the occupation and the
    skills as short references (id, URI, label in the reader's language; skills with their relation, essential
    first), the employer's name and the place's.

    Two queries of plain rows whatever the number of needs and skills, and no ORM objects or schema pass: a
    page of 50 needs on ESCO holds ~1,400 skill references."""
    if not need_ids:
        return []
    found = {}
    language = reader_language()
    labels = catalogue(session)
    for row in session.execute(select(*_shown(), Occupation.uri, Organisation.name)
                               .outerjoin(Occupation, Occupation.id == Need.occupation_id)
                               .join(Organisation, Organisation.id == Need.organisation_id)
                               .where(Need.id.in_(need_ids))):
        need = dict(zip(_NAMES, row))
        *_, uri, organisation_name = row
        need["organisation"] = {"id": need["organisation_id"], "name": organisation_name}
        need["place"] = place_name(need["municipality_code"])
        need["occupation"] = (None if need["occupation_id"] is None else
                              {"id": need["occupation_id"], "uri": uri,
                               "label": labels.occupations.label(need["occupation_id"], language)})
        need["skills"] = []
        add_labels(need, LABELLED)
        for key in ("closes_on", "closed_on", "created_at", "updated_at"):
            if need[key] is not None:
                need[key] = need[key].isoformat()
        found[need["id"]] = need
    defaults = occupation_demands(session, [n["occupation_id"] for n in found.values() if n["demands"] is None])
    for need in found.values():
        need["work_demands"] = [coded("work_demand", code, language)
                                for code in demands_of(need["demands"], need["occupation_id"], defaults)]
    for need_id, relation, skill_id, uri in session.execute(
            select(NeedSkill.need_id, NeedSkill.relation, Skill.id, Skill.uri)
            .join(Skill, Skill.id == NeedSkill.skill_id).where(NeedSkill.need_id.in_(list(found)))
            .order_by(NeedSkill.need_id, NeedSkill.relation, NeedSkill.skill_id)):
        found[need_id]["skills"].append({"id": skill_id, "uri": uri, "label": labels.skills.label(skill_id, language),
                                         "relation": relation,
                                         "relation_label": label("skill_relation", relation, language)})
    return [found[i] for i in need_ids if i in found]


def view(session: Session, need_id: int) -> dict:
    """One need as :func:`views`; 404 when there is none."""
    found = views(session, [need_id])
    if not found:
        raise NotFound("No need with id %(need_id)s.", need_id=need_id)
    return found[0]


def get(*, session: Session, actor: User, need_id: int) -> dict:
    return view(session, need_id)


def _employer(session: Session, organisation_id: int) -> Organisation:
    (organisation,) = existing(session, Organisation, [organisation_id], field="organisation_id", what="organisation")
    if organisation.kind not in v.EMPLOYING_KINDS:
        raise InvalidInput("Organisation %(organisation_id)s is a %(kind)s; needs belong to an organisation that "
                           "employs people (an employer, school or social partner).",
                           field="organisation_id", organisation_id=organisation_id,
                           kind=Term("organisation_kind", organisation.kind))
    return organisation


def _requested_skills(session: Session, entries: list[dict], field: str = "skills") -> list[tuple[int, str]]:
    ids = [entry["skill_id"] for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InvalidInput("Skill id(s) listed more than once: %(value)s.", field=field, value=', '.join(map(str, duplicates)))
    existing(session, Skill, ids, field=field, what="skill", only_ids=True)
    return [(entry["skill_id"], entry["relation"]) for entry in entries]


def _essential_skills_of(session: Session, occupation_id: int) -> list[tuple[int, str]]:
    ids = session.scalars(select(OccupationSkill.skill_id).where(OccupationSkill.occupation_id == occupation_id,
                                                                 OccupationSkill.relation == "essential")
                          .order_by(OccupationSkill.skill_id))
    return [(skill_id, "essential") for skill_id in ids]


def _set_skills(need: Need, wanted: list[tuple[int, str]]) -> None:
    """Replace the need's skills, keeping the rows of skills that stay (their keys must not be re-inserted). A new
    relation of a skill it keeps is a change of the need too (its version counts it)."""
    current = {row.skill_id: row for row in need.skills}
    rows = []
    for skill_id, relation in wanted:
        row = current.get(skill_id) or NeedSkill(skill_id=skill_id)
        if row.relation is not None and row.relation != relation:
            need.updated_at = utcnow()
        row.relation = relation
        rows.append(row)
    need.skills = rows


def _apply(session: Session, need: Need, data: dict) -> None:
    data = dict(data)
    employer = _employer(session, data["organisation_id"]) if "organisation_id" in data else None
    occupation_changes = "occupation_id" in data and data["occupation_id"] != need.occupation_id
    if data.get("occupation_id") is not None:
        existing(session, Occupation, [data["occupation_id"]], field="occupation_id", what="occupation", only_ids=True)
    kind, months = data.get("kind", need.kind), data.get("months", need.months)
    if kind == "seasonal_peak" and not months:
        raise InvalidInput("A seasonal_peak needs the months of the peak (1..12).", field="months")
    if "skills" in data:
        _set_skills(need, _requested_skills(session, data.pop("skills")))
    elif occupation_changes and data["occupation_id"] is not None:
        _set_skills(need, _essential_skills_of(session, data["occupation_id"]))
    for key, value in apply_location(session=session, record=need, data=data, default=employer).items():
        setattr(need, key, value)


def create(*, session: Session, actor: User, data: dict) -> dict:
    """Post a need; returns it as :func:`view`."""
    policies.require_record_writer(actor, "need", data["organisation_id"])
    need = Need()
    _apply(session, need, data)
    session.add(need)
    session.flush()
    return view(session, need.id)


def update(*, session: Session, actor: User, need_id: int, data: dict,
           precondition: versions.Precondition = None) -> dict:
    """Change a need; returns it as :func:`view`. ``skills`` replaces its skills; ``add_skills`` (new skills, or a
    new relation for one it has) and ``remove_skill_ids`` are set operations, which concurrent ones do not undo."""
    need = get_or_404(session, Need, need_id, "need")
    policies.require_record_writer(actor, "need", need.organisation_id)
    versions.check(precondition, need)
    if "organisation_id" in data:
        policies.require_record_writer(actor, "need", data["organisation_id"])
    data = dict(data)
    added, removed = _skill_changes(session, data)
    _apply(session, need, data)
    session.flush()
    if added or removed:
        versions.insert_ignoring_existing(
            session, NeedSkill.__table__,
            [{"need_id": need.id, "skill_id": skill_id, "relation": relation} for skill_id, relation in added],
            update_columns=("relation",))
        versions.delete_links(session, NeedSkill.__table__, "need_id", need.id, "skill_id", removed)
        versions.bump(session, need, conditional=precondition is not None, changed=("skills",))
    return view(session, need.id)


def _skill_changes(session: Session, data: dict) -> tuple[list[tuple[int, str]], list[int]]:
    """The skills ``data`` adds (with their relation) and the skill ids it removes (taken out of it), checked. They
    apply after the rest of the change (after a new occupation_id has reset the skills)."""
    added, removed = data.pop("add_skills", []), data.pop("remove_skill_ids", [])
    if (added or removed) and "skills" in data:
        raise InvalidInput("Send either skills (the whole list) or add_skills / remove_skill_ids, not both.",
                           field="skills")
    added = _requested_skills(session, added, field="add_skills")
    if both := sorted({skill_id for skill_id, _ in added} & set(removed)):
        raise InvalidInput("Skill id(s) both added and removed: %(value)s.", field="remove_skill_ids", value=', '.join(map(str, both)))
    return added, sorted(set(removed))


def delete(*, session: Session, actor: User, need_id: int, precondition: versions.Precondition = None) -> None:
    need = get_or_404(session, Need, need_id, "need")
    policies.require_record_writer(actor, "need", need.organisation_id)
    versions.check(precondition, need)
    session.delete(need)
    session.flush()
