"""The demo region's workers with a change (``data/workers.json``): one in every sector, at employers with internal
needs, in a network with partners, or with neither; their limits (special-category data, with consent), their
current jobs, and the changes recorded by their employer (with consent) or their advisor. Written by hand, no
randomness: the same workers and moves on every load. Occupations and skills are found by their English label."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.models import (
    ConsentEvent, Need, NeedSkill, Occupation, OccupationSkill, Organisation, Person, Programme, Skill, User,
    WorkerChange, WorkExperience, network_memberships, person_skills, programme_occupations, programme_skills,
)
from matchmaker.models.base import utcnow
from matchmaker.services.places import MUNICIPALITIES

DATA = Path(__file__).parent / "data" / "workers.json"
#: each employer's small offset from its municipality's centre (degrees), so places differ but never move
OFFSET = 0.004


def _place(name: str, k: int) -> dict:
    code, _name, _region, lat, lon = next(m for m in MUNICIPALITIES if m[1] == name)
    return {"municipality_code": code, "latitude": round(lat + OFFSET * (k % 3 - 1), 5),
            "longitude": round(lon + OFFSET * (k % 4 - 1.5), 5)}


def _region(name: str) -> str:
    return next(m[2] for m in MUNICIPALITIES if m[1] == name)


class _Loader:
    def __init__(self, session: Session, advisors: dict[str, User]):
        self.session, self.advisors = session, advisors
        self.data = json.loads(DATA.read_text(encoding="utf-8"))
        labels = {e["occupation"] for e in self.data["employers"] for e in e["needs"]}
        labels |= {w["occupation"] for w in self.data["workers"]}
        labels |= {o for p in self.data["school"]["programmes"] for o in p["occupations"]}
        self.occupations = {}
        for occupation in session.scalars(select(Occupation).where(Occupation.label_en.in_(sorted(labels)))
                                          .order_by(Occupation.uri)):
            self.occupations.setdefault(occupation.label_en, occupation)
        skill_labels = {s for w in self.data["workers"] for s in w["extra_skills"]}
        skill_labels |= {s for p in self.data["school"]["programmes"] for s in p["skills"]}
        self.skills = {}
        for skill in session.scalars(select(Skill).where(Skill.label_en.in_(sorted(skill_labels))).order_by(Skill.uri)):
            self.skills.setdefault(skill.label_en, skill)
        self.employers: dict[str, Organisation] = {}

    def essential(self, occupation: Occupation) -> list[int]:
        return list(self.session.scalars(select(OccupationSkill.skill_id).where(
            OccupationSkill.occupation_id == occupation.id, OccupationSkill.relation == "essential")
            .order_by(OccupationSkill.skill_id)))

    def load(self) -> int:
        networks = {}
        for k, spec in enumerate(self.data["networks"]):
            networks[spec["name"]] = Organisation(name=spec["name"], kind="network", sector="public_social", size=0,
                                                  description=spec["description"], **_place(spec["municipality"], k))
        self.session.add_all(networks.values())
        self.load_school()
        members = []
        for k, spec in enumerate(self.data["employers"]):
            organisation = Organisation(
                name=spec["name"], kind=spec.get("kind", "employer"), sector=spec["sector"], size=spec["size"],
                description=f"{spec['name']} (demo).", accommodations=spec.get("accommodations", ["adjusted_hours"]),
                lever_strengths={lever: 1 for lever in v.LEVERS}, lever_asks=["flexible_organising"],
                **_place(spec["municipality"], k))
            self.session.add(organisation)
            self.employers[spec["key"]] = organisation
            members += [(networks[name], organisation) for name in spec["networks"]]
        self.session.flush()
        for network in networks.values():
            network.size = sum(1 for n, _ in members if n is network)
        self.session.execute(network_memberships.insert(), [{"network_id": n.id, "member_id": o.id} for n, o in members])
        for spec in self.data["employers"]:
            for need in spec["needs"]:
                self.add_need(self.employers[spec["key"]], need)
        return sum(self.add_worker(k, spec) for k, spec in enumerate(self.data["workers"]))

    def load_school(self) -> None:
        spec = self.data["school"]
        school = Organisation(name=spec["name"], kind="school", sector="education", size=spec["size"],
                              description=spec["description"], accommodations=["part_time"],
                              lever_strengths={lever: 1 for lever in v.LEVERS}, lever_asks=[],
                              **_place(spec["municipality"], 0))
        self.session.add(school)
        self.session.flush()
        for item in spec["programmes"]:
            programme = Programme(organisation_id=school.id, name=item["name"], level="course", mode="short_course",
                                  duration_months=item["duration_months"],
                                  start_months=item["start_months"] or list(v.MONTHS),
                                  capacity=16, description=f"{item['name']}: een korte cursus voor wie overstapt.",
                                  **_place(spec["municipality"], 0))
            self.session.add(programme)
            self.session.flush()
            taught = sorted({self.skills[s].id for s in item["skills"] if s in self.skills})
            leads = sorted({self.occupations[o].id for o in item["occupations"] if o in self.occupations})
            if taught:
                self.session.execute(programme_skills.insert(), [{"programme_id": programme.id, "skill_id": s}
                                                                 for s in taught])
            if leads:
                self.session.execute(programme_occupations.insert(), [{"programme_id": programme.id,
                                                                       "occupation_id": o} for o in leads])

    def add_need(self, organisation: Organisation, spec: dict) -> None:
        occupation = self.occupations.get(spec["occupation"])
        if occupation is None:
            return
        need = Need(organisation_id=organisation.id, kind=spec.get("kind", "vacancy"), status="open",
                    title=spec["title"], description=f"{organisation.name} zoekt: {spec['title'].lower()}.",
                    occupation_id=occupation.id, hours_per_week=spec["hours"], months=spec.get("months", []),
                    headcount=spec.get("headcount", 4 if spec.get("kind") == "seasonal_peak" else 1), accommodations=[], dutch_level="A2", trains_on_job=spec.get("trains_on_job", False),
                    welcomes_groups=[], demands=spec.get("demands"), municipality_code=organisation.municipality_code,
                    latitude=organisation.latitude, longitude=organisation.longitude)
        self.session.add(need)
        self.session.flush()
        self.session.add_all(NeedSkill(need_id=need.id, skill_id=s, relation="essential")
                             for s in self.essential(occupation))

    def add_worker(self, k: int, spec: dict) -> int:
        occupation = self.occupations.get(spec["occupation"])
        if occupation is None:
            return 0
        employer = self.employers[spec["employer"]]
        advisor = self.advisors.get(_region(spec["municipality"]))
        limited = bool(spec["limits"] or spec.get("max_hours"))
        now = utcnow()
        person = Person(
            name=spec["name"], email=f"{spec['name'].lower().replace(' ', '.')}@demo.example", birth_year=spec["birth_year"],
            status="worker", advisor_id=advisor.id if advisor else None, education_level="mbo2", dutch_level="native",
            languages=["nl"], travel_radius_km=30, hours_per_week=spec.get("hours", 38), available_months=spec.get("available_months", []),
            summary=f"Werkt sinds {spec['since'][:4]} bij {employer.name}.", target_groups=[], accommodation_needs=[],
            capacity_limits=spec["limits"], capacity_max_hours=spec.get("max_hours"),
            consent_special_category=limited, consent_share_with=[employer.id] if spec["shares"] else [],
            consent_recorded_at=now, **_place(spec["municipality"], k + 1))
        self.session.add(person)
        self.session.flush()
        self.session.add(ConsentEvent(person_id=person.id, special_category=limited,
                                      share_with=person.consent_share_with, recorded_by_id=person.advisor_id,
                                      recorded_at=now, note="demo"))
        skills = set(self.essential(occupation)) | {self.skills[s].id for s in spec["extra_skills"] if s in self.skills}
        self.session.execute(person_skills.insert(), [{"person_id": person.id, "skill_id": s} for s in sorted(skills)])
        self.session.add(WorkExperience(person_id=person.id, occupation_id=occupation.id, employer_name=employer.name,
                                        organisation_id=employer.id, start_date=date.fromisoformat(spec["since"])))
        change = spec["change"]
        recorder = person.advisor_id if change["recorded_by"] == "advisor" else None
        self.session.add(WorkerChange(person_id=person.id, organisation_id=employer.id, occupation_id=occupation.id,
                                      kind=change["kind"], reason=change.get("reason"), wish=change.get("wish"),
                                      status="open", worker_consent=change["consent"], recorded_by_id=recorder))
        return 1


def load_workers(*, session: Session, advisors: dict[str, User]) -> int:
    """Write the demo's workers with a change (the caller commits); returns how many."""
    count = _Loader(session, advisors).load()
    session.flush()
    return count
