"""People: job-seekers and workers on an advisor's caseload, with consent-bound special-category data.

Nothing here logs personal fields: errors name fields and ids, never values. Every read and change of
special-category fields, every consent change and every erasure goes into the audit log (services/audit.py),
in the transaction of the request; the views commit reads too.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.errors import FieldName, InvalidInput
from matchmaker.models import (
    SPECIAL_CATEGORY_EMPTY,
    SPECIAL_CATEGORY_FIELDS,
    ConsentEvent,
    Occupation,
    Organisation,
    Person,
    Skill,
    User,
    WorkExperience,
    person_skills,
)
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import audit, versions
from matchmaker.services.places import resolve_location
from matchmaker.services.queries import Page, existing, filter_place, json_list_contains, paginate, search_name


#: what a person's response shows beyond its columns, loaded for a whole page in three queries (not four per person)
SHOWN = (selectinload(Person.skills).load_only(Skill.id),
         selectinload(Person.work_history).joinedload(WorkExperience.occupation)
         .load_only(Occupation.id, Occupation.label_en, Occupation.label_nl),
         selectinload(Person.consent_events))


def list_people(*, session: Session, actor: User, args: dict, shown: tuple = SHOWN) -> Page:
    """A page of the people ``actor`` may see, filtered by ``args``; ``shown``: what is loaded with them (the API
    shows skills, work history and consent; a list of names needs none of it)."""
    policies.require_people_access(actor)
    query = policies.visible_people(actor, select(Person).options(*shown))
    query = filter_place(query, Person, args)
    if occupation := args.get("occupation"):
        query = query.where(Person.id.in_(select(WorkExperience.person_id).where(WorkExperience.occupation_id == occupation)))
    if skill := args.get("skill"):
        query = query.where(Person.id.in_(select(person_skills.c.person_id).where(person_skills.c.skill_id == skill)))
    if target_group := args.get("target_group"):
        policies.require_caseload_role(actor)
        query = query.where(json_list_contains(session, Person.target_groups, target_group))
    if status := args.get("status"):
        query = query.where(Person.status == status)
    found, ranking = search_name(Person, args.get("q"))
    if found is not None:
        query = query.where(found)
    page = paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=ranking if args.get("q") else Person.id)
    audit.special_category_read(session=session, actor=actor, people=page.items)
    return page


def visible(*, session: Session, actor: User, person_id: int) -> Person:
    """The person, for a caller who may see them; 404 for anyone else on the people endpoints."""
    policies.require_people_access(actor)
    return policies.require_person_visible(actor, session.get(Person, person_id, options=SHOWN))


def get(*, session: Session, actor: User, person_id: int) -> Person:
    """The person, for a caller who may see them (a special-category read, recorded)."""
    person = visible(session=session, actor=actor, person_id=person_id)
    audit.special_category_read(session=session, actor=actor, people=[person])
    return person


def _advisor(session: Session, advisor_id: int | None) -> int | None:
    if advisor_id is None:
        return None
    user = session.get(User, advisor_id)
    if user is None or user.role != "advisor" or not user.active:
        raise InvalidInput("User %(advisor_id)s is not an active advisor.", field="advisor_id", advisor_id=advisor_id)
    return user.id


def _work_history(session: Session, entries: list[dict]) -> list[WorkExperience]:
    existing(session, Occupation, [e["occupation_id"] for e in entries], field="work_history", what="occupation")
    organisation_ids = [e["organisation_id"] for e in entries if e.get("organisation_id")]
    organisations = {o.id: o for o in existing(session, Organisation, organisation_ids, field="work_history",
                                               what="organisation")}
    history = []
    for entry in entries:
        experience = WorkExperience(**entry)
        if not experience.employer_name and experience.organisation_id:
            experience.employer_name = organisations[experience.organisation_id].name
        history.append(experience)
    return history


def _apply_consent(session: Session, actor: User, person: Person, consent: dict, changed: set[str]) -> None:
    """Record a consent change (and an event saying who recorded it); withdrawal erases special-category data."""
    special = consent.get("special_category", person.consent_special_category)
    share_with = consent.get("share_with_organisations", person.consent_share_with)
    share_with = [o.id for o in existing(session, Organisation, share_with,
                                         field="consent.share_with_organisations", what="organisation")]
    if person.id is not None and special == person.consent_special_category and share_with == person.consent_share_with:
        return
    if not special:
        for field in SPECIAL_CATEGORY_FIELDS:
            _set_special(person, field, SPECIAL_CATEGORY_EMPTY[field], changed)
    now = utcnow()
    person.consent_special_category = special
    person.consent_share_with = share_with
    person.consent_recorded_at = now
    person.consent_events.append(ConsentEvent(special_category=special, share_with=share_with,
                                              recorded_by_id=actor.id, recorded_at=now))


def _set_special(person: Person, field: str, values, changed: set[str]) -> None:
    """Set a special-category field, adding its name to ``changed`` when the value changes (for the audit)."""
    if (getattr(person, field) or SPECIAL_CATEGORY_EMPTY[field]) != values:
        changed.add(field)
    setattr(person, field, values)


def _consent_changes(person: Person, before: tuple) -> list[str]:
    """The consent fields that differ from ``before`` (special category, organisations shared with)."""
    special, share_with = before
    return [name for name, changed in (("special_category", special != person.consent_special_category),
                                       ("share_with_organisations", share_with != person.consent_share_with))
            if changed]


def _apply(session: Session, actor: User, person: Person, data: dict) -> set[str]:
    """Apply ``data`` to ``person``; the names of the special-category fields it changed."""
    data, changed = dict(data), set()
    if "consent" in data:
        _apply_consent(session, actor, person, data.pop("consent"), changed)
    for field in SPECIAL_CATEGORY_FIELDS:
        if field in data:
            values = data.pop(field)
            if isinstance(values, list):
                values = list(dict.fromkeys(values))
            if values and not person.consent_special_category:
                raise InvalidInput("Sensitive data (%(field_value)s) can only be stored once %(consent)s is given.",
                                   field=field, field_value=FieldName(field), consent=FieldName("special_category"))
            _set_special(person, field, values, changed)
    if "skill_ids" in data:
        person.skills = existing(session, Skill, data.pop("skill_ids"), field="skill_ids", what="skill")
    if "work_history" in data:
        person.work_history = _work_history(session, data.pop("work_history"))
    if "advisor_id" in data:
        person.advisor_id = _advisor(session, data.pop("advisor_id"))
    if "languages" in data:
        data["languages"] = list(dict.fromkeys(data["languages"]))
    location = resolve_location(session=session, data=data, current=person if person.id else None)
    for key in ("municipality_code", "latitude", "longitude"):
        data.pop(key, None)
    for key, value in {**data, **location}.items():
        setattr(person, key, value)
    return changed


def create(*, session: Session, actor: User, data: dict) -> Person:
    policies.require_caseload_role(actor)
    if actor.role == "advisor":
        if data.get("advisor_id", actor.id) != actor.id:
            raise InvalidInput("Only an admin may assign a person to another advisor.", field="advisor_id")
        data = {**data, "advisor_id": actor.id}
    person = Person(consent_special_category=False, consent_share_with=[], target_groups=[], accommodation_needs=[],
                    capacity_limits=[], capacity_max_hours=None)
    changed = _apply(session, actor, person, data)
    session.add(person)
    session.flush()
    _record_changes(session, actor, person, (False, []), changed)
    return person


def update(*, session: Session, actor: User, person_id: int, data: dict,
           precondition: versions.Precondition = None) -> Person:
    """Change a person. ``skill_ids`` replaces their skills; ``add_skill_ids`` and ``remove_skill_ids`` add and
    remove skills as set operations, which concurrent ones do not undo."""
    person = visible(session=session, actor=actor, person_id=person_id)
    versions.check(precondition, person)
    if "advisor_id" in data and data["advisor_id"] != person.advisor_id and not policies.may_assign_advisor(actor):
        raise InvalidInput("Only an admin may change a person's advisor.", field="advisor_id")
    data = dict(data)
    added, removed = _skill_changes(session, data)
    before = (person.consent_special_category, list(person.consent_share_with or []))
    changed = _apply(session, actor, person, data)
    session.flush()
    if added or removed:
        versions.insert_ignoring_existing(session, person_skills,
                                          [{"person_id": person.id, "skill_id": skill_id} for skill_id in added])
        versions.delete_links(session, person_skills, "person_id", person.id, "skill_id", removed)
        versions.bump(session, person, conditional=precondition is not None, changed=("skills",))
    _record_changes(session, actor, person, before, changed)
    return person


def _record_changes(session: Session, actor: User, person: Person, consent_before: tuple, changed: set[str]) -> None:
    """Audit what a create or update did (consent, special-category fields changed), and the read of the
    special-category fields its response shows."""
    if consent := _consent_changes(person, consent_before):
        audit.record(session=session, actor=actor, action=audit.CONSENT_CHANGE, subject_type="person",
                     subject_ids=[person.id], fields=consent)
    if changed:
        audit.record(session=session, actor=actor, action=audit.SPECIAL_CATEGORY_CHANGE, subject_type="person",
                     subject_ids=[person.id], fields=changed)
    audit.special_category_read(session=session, actor=actor, people=[person])


def _skill_changes(session: Session, data: dict) -> tuple[list[int], list[int]]:
    """The skill ids ``data`` adds and removes (taken out of it), checked: known skills, none both added and removed,
    and not together with ``skill_ids``."""
    added, removed = data.pop("add_skill_ids", []), data.pop("remove_skill_ids", [])
    if (added or removed) and "skill_ids" in data:
        raise InvalidInput("Send either skill_ids (the whole list) or add_skill_ids / remove_skill_ids, not both.",
                           field="skill_ids")
    if both := sorted(set(added) & set(removed)):
        raise InvalidInput("Skill id(s) both added and removed: %(value)s.", field="remove_skill_ids", value=', '.join(map(str, both)))
    existing(session, Skill, added, field="add_skill_ids", what="skill", only_ids=True)
    return sorted(set(added)), sorted(set(removed))
