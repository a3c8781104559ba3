"""Generate the demo region into the database: deterministic by seed, loaded once.

The content (names, employer archetypes, schools and programmes, networks) is data in ``data/*.json``; this
module turns it into records, drawing every choice from one ``random.Random(seed)`` in a fixed order, so the
same seed and taxonomy give the same region. A ``DataVersion`` row with scope ``"demo"`` marks the region as
loaded: a second run reports and changes nothing, so edits made in the meantime survive.
"""
from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.demo.exchange import load_exchange
from matchmaker.errors import ServiceUnavailable
from matchmaker.models import (
    ConsentEvent,
    DataVersion,
    ExchangeSession,
    Need,
    NeedSkill,
    Occupation,
    OccupationSkill,
    Organisation,
    PartnerRequest,
    Person,
    PracticeCase,
    Programme,
    ProgressCheck,
    SessionRegistration,
    Skill,
    SmeQuestion,
    User,
    WorkExperience,
    network_memberships,
    person_skills,
    programme_occupations,
    programme_skills,
)
from matchmaker.models.base import utcnow
from matchmaker.demo.workers import load_workers
from matchmaker.services import open_needs
from matchmaker.services.places import MUNICIPALITIES, ensure_municipalities
from matchmaker.taxonomy.builtin import load_builtin_taxonomy
from matchmaker.taxonomy.esco import find_esco_files, import_esco

DATA_DIR = Path(__file__).parent / "data"
DEMO_SCOPE = "demo"
#: "Today" in the demo world: work histories and consent dates are relative to it (closing dates to the real today).
REFERENCE_DATE = date(2026, 1, 1)
PEOPLE = 540
#: how far back the needs and partner requests of the demo were posted
HISTORY_DAYS = 330
PIONEERS = 10
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")

#: accommodations a person in a target group plausibly needs, with their probability
GROUP_NEEDS = {
    "refugee_status_holder": {"language_buddy": 0.6, "job_coach": 0.2, "transport_support": 0.2},
    "physical_disability": {"wheelchair_access": 0.4, "assistive_technology": 0.3, "adjusted_hours": 0.4,
                            "transport_support": 0.2, "part_time": 0.3},
    "psychological_disability": {"quiet_workspace": 0.5, "job_coach": 0.5, "adjusted_hours": 0.4,
                                 "job_carving": 0.25, "part_time": 0.3},
    "older_worker": {"adjusted_hours": 0.2, "part_time": 0.2},
    "returner": {"part_time": 0.5, "adjusted_hours": 0.3},
    "youth_neet": {"job_coach": 0.5, "job_carving": 0.2},
}
#: target groups an employer offering this accommodation plausibly welcomes on a need
WELCOMED_BY = {
    "language_buddy": "refugee_status_holder", "wheelchair_access": "physical_disability",
    "assistive_technology": "physical_disability", "quiet_workspace": "psychological_disability",
    "job_coach": "psychological_disability", "sheltered_work": "psychological_disability",
    "job_carving": "youth_neet", "part_time": "returner", "adjusted_hours": "older_worker",
}

Progress = Callable[[str], None]


@dataclass
class DemoReport:
    """What ``load_demo`` did: ``loaded`` is False when the demo region was already there."""

    loaded: bool
    seed: int
    taxonomy: str
    counts: dict[str, int]
    occupations_by_label: int = 0
    occupations_by_isco_group: int = 0
    missing_occupations: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)


@cache
def content(name: str) -> dict:
    """One of the demo's content files, parsed."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def ensure_taxonomy(*, session: Session, esco_dir: str | None = None) -> str:
    """Make sure a taxonomy is loaded: full ESCO from ``esco_dir`` if given, the built-in one if the tables are empty.

    Returns a short description of the taxonomy the demo runs on.
    """
    if esco_dir:
        import_esco(session=session, **find_esco_files(esco_dir))
        source = f"ESCO from {esco_dir}"
    elif session.scalar(select(func.count()).select_from(Occupation)) == 0:
        load_builtin_taxonomy(session=session)
        source = "built-in taxonomy"
    else:
        source = "taxonomy already in the database"
    occupations = session.scalar(select(func.count()).select_from(Occupation))
    if not occupations:
        raise ServiceUnavailable("The taxonomy has no occupations; the demo region needs them.")
    return f"{source} ({occupations} occupations)"


def is_loaded(*, session: Session) -> bool:
    return session.scalar(select(DataVersion.id).where(DataVersion.scope == DEMO_SCOPE)) is not None


def load_demo(*, session: Session, seed: int = 2026, progress: Progress | None = None,
              esco_dir: str | None = None) -> DemoReport:
    """Load the demo region once (the caller commits). If it is already loaded, change nothing and report."""
    say = progress or (lambda _message: None)
    if is_loaded(session=session):
        version = session.scalar(select(DataVersion).where(DataVersion.scope == DEMO_SCOPE))
        say("The demo region is already loaded; nothing to do.")
        return DemoReport(loaded=False, seed=seed, taxonomy=version.source, counts=region_counts(session=session),
                          users=[user.email for user in demo_users(session=session)])
    ensure_municipalities(session=session)
    say("Checking the taxonomy…")
    taxonomy = ensure_taxonomy(session=session, esco_dir=esco_dir)
    builder = _RegionBuilder(session=session, rng=random.Random(seed), say=say)
    builder.build()
    say("Dating the needs and partner requests over the past year…")
    date_history(session=session, rng=random.Random(f"history {seed}"), now=utcnow())
    session.add(DataVersion(scope=DEMO_SCOPE, version=1, source=f"demo region, seed {seed}, {taxonomy}"))
    session.flush()
    return DemoReport(
        loaded=True, seed=seed, taxonomy=taxonomy, counts=region_counts(session=session),
        occupations_by_label=builder.by_label, occupations_by_isco_group=builder.by_group,
        missing_occupations=builder.missing, users=[user.email for user in builder.users],
    )


def posted_on(rng: random.Random, now: datetime, *, kind: str, months: list[int]) -> datetime:
    """When a need was posted, in the year before ``now``: a seasonal peak 1 to 3 months before its first month
    comes round (the last time it did), any other need on a day drawn with more weight on recent months (a region
    taking up the service: more needs each month).

    >>> now = datetime(2026, 12, 3, tzinfo=timezone.utc)
    >>> posted_on(random.Random(1), now, kind="seasonal_peak", months=[4, 5]).date()  # 38 days before 1 April
    datetime.date(2026, 2, 22)
    >>> posted_on(random.Random(1), now, kind="seasonal_peak", months=[1, 2]).date()  # before the next January
    datetime.date(2026, 11, 24)
    """
    if kind == "seasonal_peak" and months:
        ahead = rng.randint(30, 90)
        peak = datetime(now.year + 1, months[0], 1, 9, tzinfo=timezone.utc)
        while peak - timedelta(days=ahead) > now:
            peak = peak.replace(year=peak.year - 1)
        return max(peak - timedelta(days=ahead), now - timedelta(days=HISTORY_DAYS))
    days = int(rng.triangular(0, HISTORY_DAYS, 0))
    return (now - timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)


def date_history(*, session: Session, rng: random.Random, now: datetime) -> None:
    """Give the demo's needs and partner requests the day each was posted, over the :data:`HISTORY_DAYS` before
    ``now``, so the coordinator's progress per month shows the year the region has behind it. A random stream of
    its own (``rng``), so the rest of the region is the same with or without it."""
    for need in session.scalars(select(Need).order_by(Need.id)):
        need.created_at = posted_on(rng, now, kind=need.kind, months=need.months or [])
    for request in session.scalars(select(PartnerRequest).order_by(PartnerRequest.id)):
        request.created_at = posted_on(rng, now, kind="", months=[])
    session.flush()


def demo_users(*, session: Session) -> list[User]:
    """The demo's advisor and coordinator accounts that exist, in content order."""
    emails = [user["email"] for user in content("ecosystem")["users"]]
    found = {user.email: user for user in session.scalars(select(User).where(User.email.in_(emails)))}
    return [found[email] for email in emails if email in found]


def region_counts(*, session: Session) -> dict[str, int]:
    """How many of each record the database holds (the demo's and anything added since)."""
    def count(model, *where):
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    counts = {f"{kind.replace('_', ' ')}s": count(Organisation, Organisation.kind == kind)
              for kind in v.ORGANISATION_KINDS}
    counts["network memberships"] = count(network_memberships)
    counts["municipalities with employers"] = session.scalar(
        select(func.count(func.distinct(Organisation.municipality_code))).where(Organisation.kind == "employer")) or 0
    counts["pioneers"] = count(Organisation, Organisation.pioneer.is_(True))
    counts["programmes"] = count(Programme)
    for mode in v.PROGRAMME_MODES:
        counts[f"  {mode.replace('_', ' ')}"] = count(Programme, Programme.mode == mode)
    counts["needs"] = count(Need)
    for kind in v.NEED_KINDS:
        counts[f"  {kind.replace('_', ' ')}"] = count(Need, Need.kind == kind)
    counts["people"] = count(Person)
    counts["  with consent for special-category data"] = count(Person, Person.consent_special_category.is_(True))
    counts["partner requests"] = count(PartnerRequest)
    counts["practice cases"] = count(PracticeCase)
    counts["exchange sessions"] = count(ExchangeSession)
    counts["session registrations"] = count(SessionRegistration)
    counts["SME questions"] = count(SmeQuestion)
    counts["progress checks"] = count(ProgressCheck)
    counts["demo users"] = len(demo_users(session=session))
    return counts


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _months_text(months: list[int]) -> str:
    return f"{MONTH_NAMES[months[0] - 1]}–{MONTH_NAMES[months[-1] - 1]}"


class _RegionBuilder:
    """Builds the region in stages; every random choice comes from ``rng`` in a fixed order."""

    def __init__(self, *, session: Session, rng: random.Random, say: Progress):
        self.session, self.rng, self.say = session, rng, say
        self.places = {name: (code, region, lat, lon) for code, name, region, lat, lon in MUNICIPALITIES}
        self.population = content("ecosystem")["population_thousands"]
        self.by_label = self.by_group = 0
        self.missing: list[str] = []
        self.occupations: dict[str, Occupation] = {}
        self.sector_of: dict[str, str] = {}
        self.starter_labels: set[str] = set()
        self.skills: dict[int, dict[str, list[int]]] = {}
        self.skill_labels: dict[int, str] = {}
        self.employers: list[tuple[Organisation, dict]] = []  # (organisation, facts: archetype, season, ...)
        self.schools: list[Organisation] = []
        # the workers with a change (data/workers.json) keep their names to themselves: advisors find them by name
        self.names_used: set[str] = {worker["name"] for worker in content("workers")["workers"]}
        self.users: list[User] = []

    def build(self) -> None:
        self.say("Picking occupations and skills from the taxonomy…")
        self.resolve_occupations()
        self.say("Writing employers…")
        self.create_employers()
        self.say("Writing schools and programmes…")
        self.create_schools()
        self.say("Writing networks and social partners…")
        self.create_networks_and_partners()
        self.say("Writing needs…")
        self.create_needs()
        self.say("Writing demo users…")
        self.create_users()
        self.say("Writing people…")
        self.create_people()
        self.say("Writing partner requests…")
        self.create_partner_requests()
        self.say("Writing the exchange: practice cases, sessions, SME questions…")
        load_exchange(session=self.session, now=utcnow())
        self.say("Writing workers with a change (van werk naar werk)…")
        load_workers(session=self.session, advisors=self.advisor_by_region)

    # -- taxonomy ---------------------------------------------------------------------------------------

    def resolve_occupations(self) -> None:
        """Each catalogue occupation by its ESCO label, else by its ISCO group (same sector first)."""
        wanted = [(sector, entry) for sector, entries in content("occupations").items() if not sector.startswith("_")
                  for entry in entries]
        labels = [entry["label"] for _, entry in wanted]
        by_label: dict[str, Occupation] = {}
        for occupation in self.session.scalars(
                select(Occupation).where(Occupation.label_en.in_(labels)).order_by(Occupation.uri)):
            by_label.setdefault(occupation.label_en, occupation)
        groups = sorted({entry["isco"] for _, entry in wanted if entry["label"] not in by_label})
        by_group: dict[str, list[Occupation]] = {}
        if groups:
            for occupation in self.session.scalars(
                    select(Occupation).where(Occupation.isco_group.in_(groups)).order_by(Occupation.uri)):
                by_group.setdefault(occupation.isco_group, []).append(occupation)
        used: set[int] = {occupation.id for occupation in by_label.values()}
        for sector, entry in wanted:
            label = entry["label"]
            occupation = by_label.get(label)
            if occupation is not None:
                self.by_label += 1
            else:
                candidates = sorted(by_group.get(entry["isco"], []),
                                    key=lambda o: (o.id in used, o.sector not in (sector, None), o.uri))
                if not candidates:
                    self.missing.append(label)
                    continue
                occupation = candidates[0]
                self.by_group += 1
            used.add(occupation.id)
            self.occupations[label] = occupation
            self.sector_of[label] = sector
            if entry.get("starter") or occupation.starter:
                self.starter_labels.add(label)
        if not self.occupations:
            raise ServiceUnavailable("The taxonomy in the database has none of the demo region's occupations "
                                     "(by ESCO label or ISCO group); load ESCO or the built-in taxonomy.")
        ids = sorted({occupation.id for occupation in self.occupations.values()})
        rows = self.session.execute(
            select(OccupationSkill.occupation_id, OccupationSkill.skill_id, OccupationSkill.relation)
            .where(OccupationSkill.occupation_id.in_(ids))
            .order_by(OccupationSkill.occupation_id, OccupationSkill.skill_id))
        for occupation_id, skill_id, relation in rows:
            kind = "essential" if relation == "essential" else "optional"
            self.skills.setdefault(occupation_id, {"essential": [], "optional": []})[kind].append(skill_id)
        skill_ids = sorted({s for relations in self.skills.values() for group in relations.values() for s in group})
        for start in range(0, len(skill_ids), 500):
            chunk = skill_ids[start:start + 500]
            self.skill_labels.update(
                (row.id, row.label_en) for row in self.session.execute(
                    select(Skill.id, Skill.label_en).where(Skill.id.in_(chunk))))

    def occupation_skills(self, label: str) -> dict[str, list[int]]:
        return self.skills.get(self.occupations[label].id, {"essential": [], "optional": []})

    def available(self, labels: list[str]) -> list[str]:
        return [label for label in labels if label in self.occupations]

    # -- places -----------------------------------------------------------------------------------------

    def place(self, name: str) -> dict:
        """Location fields for a point near the centre of municipality ``name``."""
        code, _region, lat, lon = self.places[name]
        return {"municipality_code": code,
                "latitude": round(lat + self.rng.uniform(-0.02, 0.02), 5),
                "longitude": round(lon + self.rng.uniform(-0.03, 0.03), 5)}

    def weighted_municipality(self, towns: list[str] | None = None) -> str:
        towns = towns or sorted(self.population)
        return self.rng.choices(towns, weights=[self.population[t] for t in towns])[0]

    def region_of(self, organisation_or_person) -> str:
        code = organisation_or_person.municipality_code
        return next(region for c, _name, region, _lat, _lon in MUNICIPALITIES if c == code)

    # -- organisations ----------------------------------------------------------------------------------

    def unique_name(self, patterns: list[str], stems: list[str], place: str) -> str:
        surnames = content("names")["dutch"]["surnames"]
        for attempt in range(30):
            pattern = self.rng.choice(patterns)
            surname = self.rng.choice(surnames)
            if pattern.startswith("{surname}"):
                surname = surname[:1].upper() + surname[1:]
            name = pattern.format(surname=surname, stem=self.rng.choice(stems or [place]), place=place)
            if attempt >= 20:
                name = f"{name} {place}"
            if name not in self.names_used:
                self.names_used.add(name)
                return name
        raise RuntimeError(f"could not find a free name for {patterns[0]!r}")  # the content has too few stems

    def lever_profile(self) -> tuple[dict[str, int], list[str]]:
        strengths = {lever: self.rng.choice((0, 1, 1, 2, 2, 3)) for lever in v.LEVERS}
        weak = [lever for lever in v.LEVERS if strengths[lever] <= 1]
        asks = sorted(self.rng.sample(weak, k=min(len(weak), self.rng.randint(1, 2)))) if weak else []
        return strengths, asks

    def create_employers(self) -> None:
        for archetype in content("employers")["archetypes"]:
            for index in range(archetype["count"]):
                towns = archetype["municipalities"]
                town = towns[index % len(towns)] if towns else self.weighted_municipality()
                name = self.unique_name(archetype["names"], archetype["stems"], town)
                season = archetype.get("season")
                months = None
                if season and self.rng.random() < season.get("share", 1.0):
                    months = self.rng.choice(season["months"])
                pool = archetype["accommodations"]
                strengths, asks = self.lever_profile()
                description = archetype["description"]
                if months:
                    description += f" Piek van {_months_text(months)}."
                slug = _slug(name)
                organisation = Organisation(
                    name=name, kind="employer", sector=archetype["sector"],
                    size=self.rng.randint(*archetype["size"]), description=description,
                    website=f"https://www.{slug}.example", contact_email=f"info@{slug}.example",
                    accommodations=sorted(self.rng.sample(pool, k=self.rng.randint(1, min(4, len(pool)))),
                                          key=v.ACCOMMODATIONS.index),
                    lever_strengths=strengths, lever_asks=asks, **self.place(town))
                self.session.add(organisation)
                self.employers.append((organisation, {"archetype": archetype, "season": season and months and
                                                      season["name"], "months": months or [], "town": town}))
        for organisation, _facts in self.rng.sample(self.employers, k=PIONEERS):
            organisation.pioneer = True
            for lever in self.rng.sample(v.LEVERS, k=2):
                organisation.lever_strengths = {**organisation.lever_strengths, lever: 3}
            organisation.lever_asks = [lever for lever in organisation.lever_asks
                                       if organisation.lever_strengths[lever] < 3]
        self.session.flush()

    def create_schools(self) -> None:
        programmes: list[tuple[Programme, dict]] = []
        for school in content("schools")["schools"]:
            strengths, asks = self.lever_profile()
            slug = _slug(school["name"])
            organisation = Organisation(
                name=school["name"], kind="school", sector="education", size=school["size"],
                description=school["description"] + " (demo)", website=f"https://www.{slug}.example",
                contact_email=f"info@{slug}.example", accommodations=["part_time"],
                lever_strengths={**strengths, "co_creation": max(2, strengths["co_creation"])}, lever_asks=asks,
                **self.place(school["municipality"]))
            self.session.add(organisation)
            self.schools.append(organisation)
            for spec in school["programmes"]:
                labels = self.available(spec["occupations"])
                programme = Programme(
                    organisation=organisation, name=spec["name"], level=spec["level"], mode=spec["mode"],
                    duration_months=spec["duration_months"], start_months=spec["start_months"],
                    capacity=spec["capacity"], description=self.programme_description(spec),
                    **self.place(spec.get("municipality", school["municipality"])))
                self.session.add(programme)
                programmes.append((programme, {"labels": labels, "keywords": spec.get("keywords")}))
        self.session.flush()
        occupation_rows, skill_rows = [], []
        for programme, facts in programmes:
            occupation_ids = sorted({self.occupations[label].id for label in facts["labels"]})
            occupation_rows += [{"programme_id": programme.id, "occupation_id": oid} for oid in occupation_ids]
            taught: set[int] = set()
            for label in facts["labels"]:
                skills = self.occupation_skills(label)
                if facts["keywords"]:
                    candidates = skills["essential"] + skills["optional"]
                    matching = [s for s in candidates
                                if any(k in self.skill_labels.get(s, "").lower() for k in facts["keywords"])]
                    taught.update(matching[:8] or self.rng.sample(skills["essential"],
                                                                  k=min(4, len(skills["essential"]))))
                else:
                    taught.update(skills["essential"])
                    taught.update(s for s in skills["optional"] if self.rng.random() < 0.5)
            skill_rows += [{"programme_id": programme.id, "skill_id": sid} for sid in sorted(taught)]
        self.insert_rows(programme_occupations, occupation_rows)
        self.insert_rows(programme_skills, skill_rows)

    @staticmethod
    def programme_description(spec: dict) -> str:
        mode = {"full_time": "Voltijd (BOL)", "work_based": "Leren en werken (BBL)", "part_time": "Deeltijd",
                "short_course": "Korte cursus"}[spec["mode"]]
        starts = ", ".join(MONTH_NAMES[m - 1] for m in spec["start_months"])
        return f"{mode}, {spec['duration_months']} maanden; start in {starts}."

    def create_networks_and_partners(self) -> None:
        ecosystem = content("ecosystem")
        rows = []
        for network in ecosystem["networks"]:
            organisation = Organisation(
                name=network["name"], kind="network", sector="public_social", size=0,
                description=network["description"], **self.place(network["municipality"]))
            self.session.add(organisation)
            self.session.flush()
            candidates = [org for org, facts in self.employers
                          if (not network["regions"] or self.region_of(org) in network["regions"])
                          and (not network["sectors"] or org.sector in network["sectors"])
                          and (not network.get("seasonal_only") or facts["season"])]
            candidates += [school for school in self.schools
                           if (not network["regions"] or self.region_of(school) in network["regions"])
                           and (not network["sectors"] or "education" in network["sectors"])]
            members = [org for org in candidates if org.pioneer or self.rng.random() < network["share"]]
            organisation.size = len(members)
            rows += [{"network_id": organisation.id, "member_id": member.id} for member in members]
        for partner in ecosystem["social_partners"]:
            strengths, asks = self.lever_profile()
            self.session.add(Organisation(
                name=partner["name"], kind="social_partner", sector=partner["sector"], size=self.rng.randint(8, 60),
                description=partner["description"], lever_strengths=strengths, lever_asks=asks,
                **self.place(partner["municipality"])))
        self.session.flush()
        self.insert_rows(network_memberships, rows)

    # -- needs ------------------------------------------------------------------------------------------

    def create_needs(self) -> None:
        needs: list[tuple[Need, str]] = []
        for organisation, facts in self.employers:
            archetype = facts["archetype"]
            labels = self.available(archetype["occupations"])
            if not labels:
                continue
            starters = [label for label in labels if label in self.starter_labels] or labels
            skilled = [label for label in labels if label not in self.starter_labels] or labels
            profile = archetype["profile"]
            plan: list[tuple[str, str]] = []
            if facts["season"]:
                plan.append(("seasonal_peak", self.rng.choice(starters)))
            vacancies = self.rng.randint(1, 2) if not facts["season"] else self.rng.randint(0, 1)
            for _ in range(vacancies):
                plan.append(("vacancy", self.rng.choice(starters if profile == "starter" else labels)))
            if profile == "growth" and self.rng.random() < 0.6:
                plan.append(("apprenticeship", self.rng.choice(skilled)))
            elif profile == "regular" and self.rng.random() < 0.3:
                plan.append(("apprenticeship", self.rng.choice(skilled)))
            if self.rng.random() < {"growth": 0.45, "regular": 0.3, "starter": 0.2}[profile]:
                plan.append(("internship", self.rng.choice(labels)))
            for kind, label in plan:
                needs.append((self.make_need(organisation, facts, kind, label), label))
        vocational = self.available(["vocational teacher"])
        for school in self.schools:
            if vocational and school.size >= 250 and "hogeschool" not in school.name.lower():
                needs.append((self.make_need(school, {"archetype": {"hours": [20, 32], "dutch_levels": ["C1"]},
                                                      "season": None, "months": []},
                                             "vacancy", vocational[0]), vocational[0]))
        self.session.flush()
        rows = []
        for need, label in needs:
            skills = self.occupation_skills(label)
            rows += [{"need_id": need.id, "skill_id": s, "relation": "essential"} for s in skills["essential"]]
            optional = [s for s in skills["optional"] if self.rng.random() < 0.3][:6]
            rows += [{"need_id": need.id, "skill_id": s, "relation": "optional"} for s in optional]
        self.insert_rows(NeedSkill.__table__, rows)

    def make_need(self, organisation: Organisation, facts: dict, kind: str, label: str) -> Need:
        archetype = facts["archetype"]
        occupation = self.occupations[label]
        title = occupation.label[:1].upper() + occupation.label[1:]
        seasons = content("ecosystem")["season_titles"]
        months: list[int] = []
        headcount = self.rng.randint(1, 3)
        trains = self.rng.random() < (0.6 if archetype.get("profile") == "starter" else 0.15)
        if kind == "seasonal_peak":
            months = facts["months"]
            title = f"{title} – {seasons[facts['season']]} ({_months_text(months)})"
            headcount = max(3, min(40, organisation.size // self.rng.randint(2, 5)))
            trains = self.rng.random() < 0.7
        elif kind == "internship":
            months = self.rng.choice(([9, 10, 11, 12, 1], [2, 3, 4, 5, 6]))
            title = f"Stageplaats {title.lower()}"
            headcount = self.rng.randint(1, 2)
            trains = True
        elif kind == "apprenticeship":
            title = f"BBL-leerbaan {title.lower()}"
            headcount = self.rng.randint(1, 2)
            trains = True
        accommodations = [a for a in organisation.accommodations if self.rng.random() < 0.6]
        welcomes: list[str] = []
        if self.rng.random() < 0.25:
            plausible = sorted({WELCOMED_BY[a] for a in organisation.accommodations if a in WELCOMED_BY}
                               | {"older_worker"}, key=v.TARGET_GROUPS.index)
            welcomes = sorted(self.rng.sample(plausible, k=min(len(plausible), self.rng.randint(1, 2))),
                              key=v.TARGET_GROUPS.index)
        closes_on = None
        if kind == "vacancy" and self.rng.random() < 0.5:
            # after the day the demo is made (not the reference date): a need closes once its date has passed
            closes_on = open_needs.today() + timedelta(days=self.rng.randint(30, 150))
        description = (f"{organisation.name} zoekt {headcount} {'mensen' if headcount > 1 else 'persoon'} "
                       f"als {occupation.label}" + (f" in {_months_text(months)}" if months else "")
                       + (". Je wordt op de werkvloer opgeleid." if trains else "."))
        need = Need(
            organisation=organisation, kind=kind, status="open", title=title[:200], description=description,
            occupation_id=occupation.id, hours_per_week=self.rng.choice(archetype["hours"]), months=months,
            headcount=headcount, accommodations=accommodations,
            dutch_level=self.rng.choice(archetype["dutch_levels"]), trains_on_job=trains,
            welcomes_groups=welcomes, closes_on=closes_on,
            municipality_code=organisation.municipality_code, latitude=organisation.latitude,
            longitude=organisation.longitude)
        self.session.add(need)
        return need

    # -- users and people -------------------------------------------------------------------------------

    def create_users(self) -> None:
        existing = {user.email: user for user in demo_users(session=self.session)}
        for spec in content("ecosystem")["users"]:
            user = existing.get(spec["email"])
            if user is None:
                user = User(name=spec["name"], email=spec["email"], role=spec["role"])
                self.session.add(user)
            self.users.append(user)
        self.session.flush()
        self.advisor_by_region = {spec["region"]: user for spec, user in zip(content("ecosystem")["users"], self.users)
                                  if spec["role"] == "advisor" and user.role == "advisor"}

    def person_plan(self) -> list[tuple[str, ...]]:
        plan: list[tuple[str, ...]] = [(group,) for group in v.TARGET_GROUPS for _ in range(46)]
        plan += [("older_worker", "physical_disability")] * 6 + [("returner", "psychological_disability")] * 6
        plan += [("refugee_status_holder", "youth_neet")] * 6
        plan += [("seasonal_worker",)] * 24
        plan += [()] * (PEOPLE - len(plan))
        self.rng.shuffle(plan)
        return plan

    def create_people(self) -> None:
        names = content("names")
        people: list[tuple[Person, list[str]]] = []
        employers_by_sector: dict[str, list[Organisation]] = {}
        for organisation, _facts in self.employers:
            employers_by_sector.setdefault(organisation.sector, []).append(organisation)
        sectors = sorted({self.sector_of[label] for label in self.occupations})
        for groups in self.person_plan():
            target_groups = [g for g in groups if g in v.TARGET_GROUPS]
            refugee = "refugee_status_holder" in groups
            seasonal = "seasonal_worker" in groups
            if refugee:
                origin = self.rng.choice(names["status_holder_origins"])
            elif seasonal:
                origin = self.rng.choice(names["seasonal_worker_origins"])
            else:
                origin = names["dutch"]
            name = self.person_name(origin)
            town = self.weighted_municipality(["Enschede", "Zwolle", "Deventer", "Hengelo", "Almelo", "Kampen",
                                               "Hardenberg"] if refugee and self.rng.random() < 0.7 else None)
            if "older_worker" in groups:
                birth_year = self.rng.randint(1958, 1967)
            elif "youth_neet" in groups:
                birth_year = self.rng.randint(2002, 2008)
            elif "returner" in groups:
                birth_year = self.rng.randint(1975, 1992)
            else:
                birth_year = self.rng.randint(1966, 2005)
            if refugee:
                dutch = self.rng.choices(("A1", "A2", "B1", "B2"), weights=(10, 45, 35, 10))[0]
                education = self.rng.choice(("none", "primary", "vmbo", "mbo2", "mbo4", "hbo", "wo"))
            elif seasonal:
                dutch = self.rng.choice(("none", "A1", "A1", "A2"))
                education = self.rng.choice(("vmbo", "mbo2", "mbo3"))
            else:
                dutch = "native" if self.rng.random() < 0.9 else self.rng.choice(("B2", "C1"))
                education = (self.rng.choice(("none", "primary", "vmbo", "mbo1")) if "youth_neet" in groups else
                             self.rng.choices(("vmbo", "mbo2", "mbo3", "mbo4", "havo_vwo", "hbo", "wo"),
                                              weights=(15, 20, 20, 20, 5, 15, 5))[0])
            languages = list(origin["languages"])
            if v.DUTCH_LEVELS.index(dutch) >= v.DUTCH_LEVELS.index("A2") and "nl" not in languages:
                languages.append("nl")
            if origin is names["dutch"] and self.rng.random() < 0.5:
                languages.append(self.rng.choice(("en", "en", "de")))
            if seasonal:
                available = self.rng.choice(([4, 5, 6, 7, 8, 9], [5, 6, 7, 8, 9], [4, 5, 6, 7, 8], [10, 11, 12]))
            elif "youth_neet" in groups and self.rng.random() < 0.15:
                available = [6, 7, 8]
            elif not target_groups and self.rng.random() < 0.06:
                available = [10, 11, 12]
            else:
                available = []
            if {"physical_disability", "psychological_disability"} & set(groups):
                hours = self.rng.choice((12, 16, 20, 24, 28))
            elif "returner" in groups:
                hours = self.rng.choice((16, 20, 24))
            else:
                hours = self.rng.choice((24, 28, 32, 36, 40))
            # youth reach work by bike, scooter or public transport (10-25 km); a physical disability may keep
            # travel shorter even with transport support
            radius = (self.rng.randint(5, 20) if "physical_disability" in groups else
                      self.rng.randint(10, 25) if refugee or "youth_neet" in groups else
                      self.rng.randint(30, 50) if seasonal else self.rng.randint(15, 40))
            needs_accommodation = sorted({a for g in target_groups for a, p in GROUP_NEEDS[g].items()
                                          if self.rng.random() < p}, key=v.ACCOMMODATIONS.index)
            status = "worker" if self.rng.random() < (0.1 if target_groups else 0.25) else "job_seeker"
            person = Person(
                name=name, email=f"{_slug(name).replace('-', '.')}.{len(people) + 1}@example.org",
                birth_year=birth_year, status=status, education_level=education, dutch_level=dutch,
                languages=languages, travel_radius_km=radius, hours_per_week=hours, available_months=available,
                target_groups=target_groups, accommodation_needs=needs_accommodation, **self.place(town))
            history = self.work_history(person, groups, origin, sectors, employers_by_sector)
            person.work_history = history
            person.summary = self.summary(person, history, town)
            advisor = self.advisor_by_region.get(self.region_of(person))
            if advisor is not None and (target_groups or self.rng.random() < 0.8):
                person.advisor_id = advisor.id
            self.record_consent(person, target_groups, employers_by_sector, history)
            self.session.add(person)
            people.append((person, [experience_label for experience_label in self.history_labels]))
        self.session.flush()
        rows = []
        for person, labels in people:
            owned: set[int] = set()
            for label in labels:
                skills = self.occupation_skills(label)
                owned.update(s for s in skills["essential"] if self.rng.random() < 0.75)
                owned.update(s for s in skills["optional"] if self.rng.random() < 0.2)
            rows += [{"person_id": person.id, "skill_id": s} for s in sorted(owned)]
        self.insert_rows(person_skills, rows)

    def person_name(self, origin: dict) -> str:
        for attempt in range(20):
            name = f"{self.rng.choice(origin['given'])} {self.rng.choice(origin['surnames'])}"
            if name not in self.names_used or attempt == 19:
                self.names_used.add(name)
                return name
        raise AssertionError("unreachable")

    def work_history(self, person: Person, groups: tuple[str, ...], origin: dict, sectors: list[str],
                     employers_by_sector: dict[str, list[Organisation]]) -> list[WorkExperience]:
        """Past (and current) jobs, newest last; also sets ``history_labels`` to the occupations held."""
        self.history_labels: list[str] = []
        labels_by_sector = {s: [label for label in self.occupations if self.sector_of[label] == s] for s in sectors}
        if "seasonal_worker" in groups:
            sector = self.rng.choice([s for s in ("agriculture_food", "logistics") if s in sectors] or sectors)
            jobs = self.rng.randint(1, 3)
        elif "youth_neet" in groups:
            sector, jobs = self.rng.choice(sectors), self.rng.choice((0, 0, 1))
        elif "older_worker" in groups:
            sector, jobs = self.rng.choice(sectors), self.rng.randint(2, 4)
        else:
            sector, jobs = self.rng.choice(sectors), self.rng.randint(1, 3)
        track = labels_by_sector[sector]
        starters = [label for label in track if label in self.starter_labels] or track
        chosen = [self.rng.choice(starters)] + [self.rng.choice(track) for _ in range(jobs - 1)]
        chosen = chosen[:jobs]
        # walk back from the present: the newest job first
        if person.status == "worker":
            end: date | None = None
        elif "returner" in groups:
            end = REFERENCE_DATE - timedelta(days=self.rng.randint(5 * 365, 12 * 365))
        else:
            end = REFERENCE_DATE - timedelta(days=self.rng.randint(30, 3 * 365))
        experiences: list[WorkExperience] = []
        refugee = "refugee_status_holder" in groups
        for position, label in enumerate(reversed(chosen)):
            anchor = end or REFERENCE_DATE
            start = anchor - timedelta(days=self.rng.randint(1, 8) * 365 + self.rng.randint(0, 300))
            start = max(start, date(person.birth_year + 16, 9, 1))
            if start >= anchor:
                continue
            abroad = refugee and position > 0 or refugee and len(chosen) == 1 and self.rng.random() < 0.7
            organisation = None
            if abroad:
                employer_name = f"{self.rng.choice(origin['cities'])}, {origin['country']}"
            elif self.rng.random() < 0.6 and employers_by_sector.get(sector):
                organisation = self.rng.choice(employers_by_sector[sector])
                employer_name = organisation.name
            else:
                surname = self.rng.choice(content("names")["dutch"]["surnames"])
                employer_name = f"{surname[:1].upper()}{surname[1:]} {content('ecosystem')['firm_suffixes'][sector]}"
            experiences.append(WorkExperience(
                occupation_id=self.occupations[label].id, employer_name=employer_name,
                organisation_id=organisation.id if organisation else None, start_date=start, end_date=end))
            self.history_labels.append(label)
            end = start - timedelta(days=self.rng.randint(0, 200))
        experiences.reverse()
        if not experiences and starters:
            self.history_labels = [self.rng.choice(starters)] if self.rng.random() < 0.3 else []
        return experiences

    def summary(self, person: Person, history: list[WorkExperience], town: str) -> str:
        if not history:
            return f"Zoekt een eerste baan in of rond {town}."
        last = history[-1]
        label = next(o.label for o in self.occupations.values() if o.id == last.occupation_id)
        years = round(sum(experience.years for experience in history))
        doing = "Werkt als" if last.end_date is None else "Werkte als"
        return f"{doing} {label} ({years} jaar werkervaring). Woont in {town}, {person.hours_per_week} uur per week."

    def record_consent(self, person: Person, target_groups: list[str],
                       employers_by_sector: dict[str, list[Organisation]], history: list[WorkExperience]) -> None:
        share_with: list[int] = []
        if self.rng.random() < 0.2:
            nearby = sorted((org for orgs in employers_by_sector.values() for org in orgs
                             if org.municipality_code == person.municipality_code), key=lambda o: o.id)
            if nearby:
                share_with = sorted(o.id for o in self.rng.sample(nearby, k=min(len(nearby), self.rng.randint(1, 3))))
        if not target_groups and not share_with:
            return
        recorded_at = datetime(2025, self.rng.randint(1, 12), self.rng.randint(1, 28), 10, 0, tzinfo=timezone.utc)
        person.consent_special_category = bool(target_groups)
        person.consent_share_with = share_with
        person.consent_recorded_at = recorded_at
        person.consent_events = [ConsentEvent(
            special_category=bool(target_groups), share_with=share_with, recorded_by_id=person.advisor_id,
            recorded_at=recorded_at, note="Toestemming vastgelegd bij het intakegesprek (demo).")]

    # -- partner requests -------------------------------------------------------------------------------

    def create_partner_requests(self) -> None:
        ecosystem = content("ecosystem")
        seasons, levers = ecosystem["season_titles"], ecosystem["lever_titles"]
        add = self.session.add
        for organisation, facts in self.employers:
            if not facts["season"]:
                continue
            months = facts["months"]
            add(PartnerRequest(
                organisation=organisation, direction="seeks", kind="staff_sharing", months=months,
                headcount=max(2, organisation.size // 6),
                title=f"Extra mensen voor het {seasons[facts['season']]} ({_months_text(months)})",
                description=f"{organisation.name} zoekt collega-werkgevers die mensen kunnen uitlenen in de piek."))
            if self.rng.random() < 0.6:
                after_peak = [(max(months) + step - 1) % 12 + 1 for step in range(1, 13)]
                off = [month for month in after_peak if month not in months]
                add(PartnerRequest(
                    organisation=organisation, direction="offers", kind="staff_sharing", months=sorted(off[:4]),
                    headcount=max(1, organisation.size // 10),
                    title=f"Vaste seizoenskrachten beschikbaar buiten het {seasons[facts['season']]}",
                    description=f"Onze mensen zoeken werk in de maanden na het {seasons[facts['season']]}."))
        starters = [(org, facts) for org, facts in self.employers if facts["archetype"]["profile"] == "starter"]
        growers = [(org, facts) for org, facts in self.employers if facts["archetype"]["profile"] == "growth"]
        for organisation, facts in self.rng.sample(starters, k=min(8, len(starters))):
            labels = [label for label in self.available(facts["archetype"]["occupations"])
                      if label in self.starter_labels]
            add(PartnerRequest(
                organisation=organisation, direction="offers", kind="talent_pipeline",
                occupation_id=self.occupations[labels[0]].id if labels else None,
                title="Doorgroeiers gezocht: onze starters klaar voor een volgende stap",
                description="Mensen die bij ons begonnen zijn en nu verder willen groeien bij een partner."))
        for organisation, facts in self.rng.sample(growers, k=min(8, len(growers))):
            labels = [label for label in self.available(facts["archetype"]["occupations"])
                      if label not in self.starter_labels]
            add(PartnerRequest(
                organisation=organisation, direction="seeks", kind="talent_pipeline",
                occupation_id=self.occupations[labels[0]].id if labels else None, headcount=self.rng.randint(2, 10),
                title="Instroom van starters die bij ons verder kunnen groeien",
                description="We leiden op in de praktijk (BBL) en zoeken werkgevers die starters doorgeven."))
        for school in self.schools:
            add(PartnerRequest(
                organisation=school, direction="seeks", kind="internship_places", months=[9, 10, 11, 12, 1],
                headcount=self.rng.randint(5, 25), title="Stage- en BBL-plaatsen gezocht voor het nieuwe schooljaar",
                description=f"{school.name} zoekt leerbedrijven in de regio."))
            if self.rng.random() < 0.6:
                add(PartnerRequest(
                    organisation=school, direction="offers", kind="co_creation", lever="co_creation",
                    title="Samen een opleiding of maatwerktraject ontwikkelen",
                    description="We ontwikkelen graag met werkgevers een traject voor hun vacatures."))
        for organisation, _facts in self.rng.sample(growers, k=min(6, len(growers))):
            add(PartnerRequest(
                organisation=organisation, direction="seeks", kind="co_creation", lever="co_creation",
                title="Opleiding op maat voor zij-instromers", description="Met een school een BBL-traject opzetten."))
        for organisation, _facts in self.rng.sample(self.employers, k=min(8, len(self.employers))):
            add(PartnerRequest(
                organisation=organisation, direction="offers", kind="internship_places",
                months=[2, 3, 4, 5, 6], headcount=self.rng.randint(1, 4),
                title="Stageplaatsen beschikbaar", description="Leerbedrijf met begeleiding op de werkvloer."))
        for organisation, _facts in self.employers:
            if organisation.pioneer:
                lever = max(v.LEVERS, key=lambda lv: (organisation.lever_strengths[lv], -v.LEVERS.index(lv)))
                add(PartnerRequest(
                    organisation=organisation, direction="offers", kind="knowledge_exchange", lever=lever,
                    title=f"Wij delen onze ervaring met {levers[lever]}",
                    description="Pionier in sociale innovatie; ontvangt graag collega-ondernemers."))
        askers = [org for org, _facts in self.employers if org.lever_asks and not org.pioneer]
        for organisation in self.rng.sample(askers, k=min(10, len(askers))):
            lever = organisation.lever_asks[0]
            add(PartnerRequest(
                organisation=organisation, direction="seeks", kind="knowledge_exchange", lever=lever,
                title=f"Wie helpt ons op weg met {levers[lever]}?",
                description="We willen leren van werkgevers die hier al verder in zijn."))
        self.session.flush()

    # -- helpers ----------------------------------------------------------------------------------------

    def insert_rows(self, table, rows: list[dict]) -> None:
        if rows:
            self.session.execute(insert(table), rows)
