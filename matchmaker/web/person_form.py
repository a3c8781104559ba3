"""The advisor's form to add or change a person, read the GOV.UK way (see :mod:`matchmaker.web.forms`).

The work history is chosen by occupation name (a search in the form, then a button per occupation found); the
skills of the occupations held are proposed as boxes to tick, next to the skills the person has. Nothing is
typed as an id: ids travel only in the values of boxes and buttons the page drew.

A change is sent as a change: only the fields the advisor changed since the form was drawn (a snapshot of the
values drawn travels in the form), skills as additions and removals. So a form saved after someone else saved
the same person keeps the other edit; only when both changed the same field does the form come back, showing
what is saved now beside what the advisor typed (:func:`merge`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from matchmaker import vocabulary as v
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _, reader_language
from matchmaker.models import OccupationSkill, Person
from matchmaker.schemas.common import patch_of
from matchmaker.schemas.people import PersonInput
from matchmaker.services import taxonomy
from matchmaker.services.catalogue import catalogue
from matchmaker.web.forms import (FormErrors, FormSpec, checkbox_field, choice_list_field, number_field, number_list_field,
                                  text_field)

#: occupations a name search in the form lists at most
OCCUPATIONS_FOUND = 8
#: work experiences one form holds at most (the schema's limit)
MAX_JOBS = 50
FIRST_YEAR = 1950

#: the person's own fields, each read from the form and checked by the API's schema
FIELDS = FormSpec(
    readers={"name": text_field, "email": text_field, "phone": text_field, "birth_year": number_field,
             "status": text_field, "municipality_code": text_field, "hours_per_week": number_field,
             "travel_radius_km": number_field, "dutch_level": text_field, "education_level": text_field,
             "available_months": number_list_field, "summary": text_field, "career_change": checkbox_field},
    messages={
        "name": lambda: _("Enter the person's name."),
        "email": lambda: _("Enter an e-mail address like name@example.nl, or leave it empty."),
        "phone": lambda: _("Enter a phone number of digits, like 06 12345678, or leave it empty."),
        "birth_year": lambda: _("Enter the year of birth as four digits, like 1985, or leave it empty."),
        "status": lambda: _("Choose whether the person is looking for work or working."),
        "municipality_code": lambda: _("Choose the municipality where the person lives."),
        "hours_per_week": lambda: _("Enter the hours per week as a whole number from 1 to 60."),
        "travel_radius_km": lambda: _("Enter the travel distance as a whole number of kilometres from 1 to 200."),
        "dutch_level": lambda: _("Choose how well the person speaks Dutch."),
        "education_level": lambda: _("Choose the highest education the person finished."),
        "available_months": lambda: _("Choose the months the person can work, or none for the whole year."),
        "summary": lambda: _("Write at most 5,000 characters about the person."),
        "career_change": lambda: _("Tick the box if the person wants to learn a new trade."),
    },
)
#: fields that may be emptied (the record keeps an empty text); the schema checks only a filled-in value
EMPTIABLE = ("email", "phone", "summary")
SPECIAL = ("target_groups", "accommodation_needs")


@dataclass
class Job:
    """One row of the work history as the form shows it: the occupation (id and label), employer, years."""

    occupation_id: int
    label: str
    employer: str = ""
    start: str = ""
    end: str = ""
    #: the stored dates, kept when the years are not changed
    start_date: str = ""
    end_date: str = ""

    def key(self) -> tuple:
        return (self.occupation_id, self.employer, str(self.start), str(self.end))


@dataclass
class PersonValues:
    """Everything the form shows, as plain values (comparable with a snapshot)."""

    fields: dict
    jobs: list[Job] = field(default_factory=list)
    skill_ids: list[int] = field(default_factory=list)
    consent: bool = False
    target_groups: list[str] = field(default_factory=list)
    accommodation_needs: list[str] = field(default_factory=list)

    def comparable(self) -> dict:
        """Field name → value for the snapshot and the comparisons (jobs and skills as one value each)."""
        return {**self.fields, "jobs": [list(job.key()) for job in self.jobs], "skill_ids": sorted(self.skill_ids),
                "consent": self.consent, "target_groups": sorted(self.target_groups),
                "accommodation_needs": sorted(self.accommodation_needs)}


def occupation_label(occupation_id: int) -> str:
    return catalogue(db.session).occupations.label(occupation_id, reader_language()) or ""


def _plain(value):
    return "" if value is None else value


def values_of(person: Person) -> PersonValues:
    """The stored person as the form shows them."""
    jobs = [Job(occupation_id=job.occupation_id, label=occupation_label(job.occupation_id),
                employer=job.employer_name or "", start=str(job.start_date.year),
                end=str(job.end_date.year) if job.end_date else "", start_date=job.start_date.isoformat(),
                end_date=job.end_date.isoformat() if job.end_date else "")
            for job in person.work_history]
    return PersonValues(
        fields={name: _plain(getattr(person, name)) for name in FIELDS.readers},
        jobs=jobs, skill_ids=sorted(skill.id for skill in person.skills), consent=bool(person.consent_special_category),
        target_groups=list(person.target_groups or []), accommodation_needs=list(person.accommodation_needs or []))


def blank() -> PersonValues:
    return PersonValues(fields={"name": "", "email": "", "phone": "", "birth_year": "", "status": "job_seeker",
                                "municipality_code": "", "hours_per_week": 32, "travel_radius_km": 25,
                                "dutch_level": "none", "education_level": "none", "available_months": [],
                                "summary": "", "career_change": False})


def _ids(values: list[str]) -> list[int]:
    return sorted({int(text) for text in values if text.isdigit() and len(text) < 19})


def read(form: MultiDict) -> PersonValues:
    """What the form sent, in the order drawn; a job row ticked for removal is left out, an occupation chosen
    from the search is added."""
    jobs = []
    for index in range(MAX_JOBS):
        prefix = f"job-{index}-"
        occupation = form.get(prefix + "occupation", "")
        if not occupation.isdigit() or form.get(prefix + "remove"):
            continue
        jobs.append(Job(occupation_id=int(occupation), label=occupation_label(int(occupation)),
                        employer=form.get(prefix + "employer", "").strip()[:200],
                        start=form.get(prefix + "start", "").strip(), end=form.get(prefix + "end", "").strip(),
                        start_date=form.get(prefix + "start_date", ""), end_date=form.get(prefix + "end_date", "")))
    if (added := form.get("add_occupation", "")).isdigit() and len(jobs) < MAX_JOBS \
            and occupation_label(int(added)):
        jobs.append(Job(occupation_id=int(added), label=occupation_label(int(added))))
    return PersonValues(
        fields=FIELDS.read(form), jobs=jobs, skill_ids=_ids(form.getlist("skill_ids")),
        consent=form.get("consent") == "yes", target_groups=choice_list_field(form, "target_groups"),
        accommodation_needs=choice_list_field(form, "accommodation_needs"))


def snapshot_of(comparable: dict) -> str:
    return json.dumps(comparable, separators=(",", ":"), default=str)


def snapshot(values: PersonValues) -> str:
    return snapshot_of(values.comparable())


def read_snapshot(text: str) -> dict | None:
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and FIRST_YEAR <= int(text) <= date.today().year else None


def _job_date(year: int, stored: str, end: bool) -> date:
    """The stored date when its year is unchanged, else the first (start) or last (end) day of the year."""
    try:
        kept = date.fromisoformat(stored) if stored else None
    except ValueError:
        kept = None
    if kept is not None and kept.year == year:
        return kept
    return date(year, 12, 31) if end else date(year, 1, 1)


def work_history(jobs: list[Job], errors: FormErrors) -> list[dict]:
    """The rows as the schema's work history; each wrong year is an error beside its row."""
    history = []
    for index, job in enumerate(jobs):
        start = _year(job.start)
        if start is None:
            errors.add(f"job-{index}-start", _("Enter the year %(occupation)s started as four digits, like 2015.",
                                               occupation=job.label))
            continue
        end = _year(job.end) if job.end else None
        if job.end and (end is None or end < start):
            errors.add(f"job-{index}-end", _("Enter the year %(occupation)s ended, not before it started, or leave "
                                             "it empty if the job lasts.", occupation=job.label))
            continue
        history.append({"occupation_id": job.occupation_id, "employer_name": job.employer,
                        "start_date": _job_date(start, job.start_date, False),
                        "end_date": _job_date(end, job.end_date, True) if end else None})
    return history


def changed_fields(values: PersonValues, original: dict) -> set[str]:
    mine = values.comparable()
    return {name for name, value in mine.items() if value != original.get(name)}


def to_data(values: PersonValues, changed: set[str], original: dict, errors: FormErrors, *, new: bool) -> dict:
    """The service's input for the fields in ``changed`` (all of them for a new person), checked by the API's
    schema; errors go into ``errors`` by field."""
    plain = {name: values.fields[name] for name in FIELDS.readers if name in changed}
    emptied = {name: "" for name in EMPTIABLE if plain.get(name) == ""}
    if plain.get("birth_year") == "":
        plain.pop("birth_year")
        if not new:
            emptied["birth_year"] = None
    for name in emptied:
        plain.pop(name, None)
    if new:
        plain.setdefault("name", "")
        if not plain.get("municipality_code"):
            plain["municipality_code"] = ""
    try:
        data = patch_of(PersonInput).load(plain)
    except ValidationError as error:
        data = {}
        for name in FIELDS.readers:
            if name in error.messages:
                errors.add(name, FIELDS.messages[name]())
    data.update(emptied)
    if "jobs" in changed:
        data["work_history"] = work_history(values.jobs, errors)
    if "skill_ids" in changed:
        if new:
            data["skill_ids"] = values.skill_ids
        else:
            before = set(original.get("skill_ids") or [])
            data["add_skill_ids"] = sorted(set(values.skill_ids) - before)
            data["remove_skill_ids"] = sorted(before - set(values.skill_ids))
    _special(values, changed, data, errors)
    return data


def _special(values: PersonValues, changed: set[str], data: dict, errors: FormErrors) -> None:
    """Consent first, then the special-category fields (kept only with consent)."""
    unknown = [code for code in values.target_groups if code not in v.TARGET_GROUPS] + \
        [code for code in values.accommodation_needs if code not in v.ACCOMMODATIONS]
    if unknown:
        errors.add("target_groups", _("Choose target groups and adjustments from the list."))
        return
    if (values.target_groups or values.accommodation_needs) and not values.consent:
        errors.add("consent", _("Tick that the person consents before you record target groups or adjustments."))
        return
    if "consent" in changed:
        data["consent"] = {"special_category": values.consent}
    for name in SPECIAL:
        if name in changed and (values.consent or getattr(values, name)):
            data[name] = getattr(values, name)


@dataclass
class Merge:
    """A save based on an older drawing of the form: the fields both changed (shown with the saved value), and
    the values the form shows again (the advisor's changes on top of what is saved now)."""

    conflicts: dict
    values: PersonValues


def merge(mine: PersonValues, original: dict, current: PersonValues) -> Merge:
    """Someone saved the person after the form was drawn: keep their changes where the advisor changed nothing,
    the advisor's where the other did not change that field; a field both changed differently is a conflict."""
    now = current.comparable()
    changed = changed_fields(mine, original)
    conflicts = {name: now[name] for name in changed
                 if now.get(name) != original.get(name) and now.get(name) != mine.comparable()[name]}
    fields_ = {name: (mine.fields[name] if name in changed else current.fields[name]) for name in FIELDS.readers}
    merged = PersonValues(
        fields=fields_, jobs=mine.jobs if "jobs" in changed else current.jobs,
        skill_ids=sorted((set(current.skill_ids) | (set(mine.skill_ids) - set(original.get("skill_ids") or [])))
                         - (set(original.get("skill_ids") or []) - set(mine.skill_ids))),
        consent=mine.consent if "consent" in changed else current.consent,
        target_groups=mine.target_groups if "target_groups" in changed else current.target_groups,
        accommodation_needs=mine.accommodation_needs if "accommodation_needs" in changed
        else current.accommodation_needs)
    conflicts.pop("skill_ids", None)  # skills merge as additions and removals: never a conflict
    return Merge(conflicts=conflicts, values=merged)


# -- what the form draws besides the values ------------------------------------------------------------------


def occupations_found(q: str) -> list[tuple[int, str]]:
    """(id, label) of the occupations whose name the words ``q`` find, best first."""
    if not q.strip():
        return []
    page = taxonomy.list_occupations(session=db.session, actor=None,
                                     args={"q": q[:200], "limit": OCCUPATIONS_FOUND, "offset": 0})
    return [(occupation.id, occupation_label(occupation.id)) for occupation in page.items]


def skill_choices(values: PersonValues) -> list[dict]:
    """The skills to tick: per occupation held, its essential skills (each skill once); then the person's other
    skills. Each group: a legend and (id, label) pairs in label order."""
    skills = catalogue(db.session).skills
    language = reader_language()
    occupation_ids = list(dict.fromkeys(job.occupation_id for job in values.jobs))
    by_occupation: dict[int, list[int]] = {occupation_id: [] for occupation_id in occupation_ids}
    if occupation_ids:
        for occupation_id, skill_id in db.session.execute(
                select(OccupationSkill.occupation_id, OccupationSkill.skill_id)
                .where(OccupationSkill.occupation_id.in_(occupation_ids), OccupationSkill.relation == "essential")):
            by_occupation[occupation_id].append(skill_id)
    seen: set[int] = set()
    groups = []

    def labelled(ids) -> list[tuple[int, str]]:
        pairs = [(skill_id, skills.label(skill_id, language)) for skill_id in ids]
        return sorted(((i, text) for i, text in pairs if text), key=lambda pair: pair[1].lower())

    for occupation_id in occupation_ids:
        ids = [i for i in dict.fromkeys(by_occupation[occupation_id]) if i not in seen]
        seen.update(ids)
        if ids:
            groups.append({"legend": _("Skills of %(occupation)s", occupation=occupation_label(occupation_id)),
                           "skills": labelled(ids)})
    others = [i for i in values.skill_ids if i not in seen]
    if others:
        groups.append({"legend": _("Other skills of the person"), "skills": labelled(others)})
    return groups
