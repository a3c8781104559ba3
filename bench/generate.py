"""A synthetic Overijssel region on the real ESCO taxonomy, loaded through the product's own code paths.

* The taxonomy goes in through the product's importers: :func:`matchmaker.taxonomy.esco.import_esco` on the
  files :func:`~matchmaker.taxonomy.esco.find_esco_files` finds (or the built-in taxonomy in quick mode).
* Organisations, needs, programmes, people and partner requests are written with bulk inserts through the
  models (``session.execute(insert(Model).returning(...), rows)``), as the demo loader writes.
* The engine's arrays are then read back with ``services.engine_inputs.load_*`` and the transition table
  with ``services.transitions.transition_table`` — the very functions the API and the workers call.

Everything is drawn from one ``numpy.random.default_rng(seed)`` in a fixed order, so a seed and a taxonomy
give the same region. Skill frequencies follow ESCO's own uneven distribution: people are drawn from
occupations (Zipf-like popularity, so a few occupations are common and most are rare) and hold a share of
those occupations' essential and optional skills, plus a little noise drawn from ESCO's skill frequencies.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.demo.region import content
from matchmaker.models import (
    Need,
    NeedSkill,
    Occupation,
    OccupationSkill,
    Organisation,
    PartnerRequest,
    Person,
    Programme,
    WorkExperience,
    network_memberships,
    person_skills,
    programme_occupations,
    programme_skills,
)
from matchmaker.services.places import MUNICIPALITIES, ensure_municipalities
from matchmaker.taxonomy.builtin import load_builtin_taxonomy
from matchmaker.taxonomy.esco import find_esco_files, import_esco

DEFAULT_ESCO_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "esco-v1.1.1"
REFERENCE_DATE = date(2026, 1, 1)
CHUNK = 5000
SEASONS = ([4, 5, 6, 7, 8, 9], [6, 7, 8], [7, 8, 9, 10], [11, 12], [3, 4, 5])


def esco_dir() -> Path | None:
    """The ESCO download folder (``ESCO_DIR`` or ``../shared/data/esco-v1.1.1``), or None when it is missing."""
    folder = Path(os.environ.get("ESCO_DIR") or DEFAULT_ESCO_DIR)
    try:
        find_esco_files(folder)
    except Exception:  # noqa: BLE001 - any reason (missing folder, missing zip) means: no ESCO here
        return None
    return folder


@dataclass(frozen=True)
class Scale:
    people: int
    needs: int
    organisations: int
    programmes: int
    partner_requests: int

    @classmethod
    def of(cls, people: int, needs: int, organisations: int | None = None) -> "Scale":
        orgs = organisations or max(60, people // 20)
        return cls(people, needs, orgs, max(30, needs // 20), max(20, orgs // 5))

    def label(self) -> str:
        return f"{self.people // 1000}k/{self.needs // 1000}k" if self.people >= 1000 else f"{self.people}/{self.needs}"


@dataclass
class LoadReport:
    taxonomy: str
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def load_taxonomy(session: Session, folder: Path | None) -> str:
    """Import ESCO from ``folder`` (or the built-in taxonomy when None) and commit."""
    if folder is not None:
        import_esco(session=session, **find_esco_files(folder))
        source = f"ESCO v1.1.1 from {folder}"
    else:
        load_builtin_taxonomy(session=session)
        source = "built-in taxonomy"
    session.commit()
    n_occ = session.scalar(select(func.count()).select_from(Occupation))
    return f"{source} ({n_occ} occupations)"


class _Taxonomy:
    """The occupations with their skill lists, and popularity weights for drawing them."""

    def __init__(self, session: Session, rng: np.random.Generator):
        rows = session.execute(select(Occupation.id, Occupation.label_en, Occupation.isco_group)
                               .order_by(Occupation.id)).all()
        self.ids = np.array([r.id for r in rows], np.int64)
        self.labels = [r.label_en for r in rows]
        index = {int(o): i for i, o in enumerate(self.ids)}
        ess: list[list[int]] = [[] for _ in rows]
        opt: list[list[int]] = [[] for _ in rows]
        for occ, skill, relation in session.execute(
                select(OccupationSkill.occupation_id, OccupationSkill.skill_id, OccupationSkill.relation)
                .order_by(OccupationSkill.occupation_id, OccupationSkill.skill_id)):
            (ess if relation == "essential" else opt)[index[occ]].append(skill)
        self.essential = [np.array(x, np.int64) for x in ess]
        self.optional = [np.array(x, np.int64) for x in opt]
        usable = np.flatnonzero([len(x) > 0 for x in self.essential])
        # Zipf-like popularity over a random order of the usable occupations
        order = rng.permutation(usable)
        weights = 1.0 / np.arange(1, len(order) + 1) ** 0.9
        self.popular, self.popular_p = order, weights / weights.sum()
        # skill frequency over all occupation lists: noise skills follow ESCO's own distribution
        all_skills = np.concatenate([*self.essential, *self.optional]) if rows else np.zeros(0, np.int64)
        self.noise_skills, counts = np.unique(all_skills, return_counts=True)
        self.noise_p = counts / counts.sum()

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.choice(self.popular, size=n, p=self.popular_p)


def _bulk(session: Session, model, rows: list[dict], *, returning=True) -> list[int]:
    """Bulk insert through the model; returns the new ids in the rows' order."""
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        if returning:
            ids += session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), chunk).all()
        elif session.get_bind().dialect.name == "postgresql":
            session.execute(insert(model).values(chunk))  # one multi-row VALUES statement per chunk
        else:
            session.execute(insert(model), chunk)
    return ids


def _subset(rng, vocabulary, p: float, limit: int = 3) -> list[str]:
    return [x for x in vocabulary if rng.random() < p][:limit]


def generate_region(session: Session, scale: Scale, *, seed: int = 2026) -> dict[str, int]:
    """Write organisations, programmes, needs, people and partner requests of ``scale`` (the caller's
    taxonomy must be loaded); commits. Returns row counts."""
    rng = np.random.default_rng(seed)
    ensure_municipalities(session=session)
    session.commit()
    tax = _Taxonomy(session, rng)
    population = content("ecosystem")["population_thousands"]
    towns = [(code, name, lat, lon) for code, name, _region, lat, lon in MUNICIPALITIES]
    town_p = np.array([population[name] for _, name, _, _ in towns], float)
    town_p /= town_p.sum()

    def places(n: int, spread: float = 0.04) -> list[dict]:
        which = rng.choice(len(towns), size=n, p=town_p)
        dlat, dlon = rng.normal(0, spread, n), rng.normal(0, spread * 1.6, n)
        return [{"municipality_code": towns[t][0], "latitude": round(towns[t][2] + a, 5),
                 "longitude": round(towns[t][3] + b, 5)} for t, a, b in zip(which, dlat, dlon)]

    counts: dict[str, int] = {}
    # -- organisations: employers (most), schools, networks, social partners
    n_org = scale.organisations
    n_school = max(5, n_org // 40)
    n_network = max(2, n_org // 100)
    n_social = max(2, n_org // 50)
    kinds = (["school"] * n_school + ["network"] * n_network + ["social_partner"] * n_social
             + ["employer"] * (n_org - n_school - n_network - n_social))
    org_places = places(n_org)
    org_rows, org_facts = [], []
    for i, (kind, place) in enumerate(zip(kinds, org_places)):
        sector = "education" if kind == "school" else v.SECTORS[int(rng.integers(len(v.SECTORS)))]
        pioneer = kind == "employer" and rng.random() < 0.02
        seasonal = kind == "employer" and rng.random() < 0.2
        strengths = {lever: int(rng.integers(2, 4) if pioneer else rng.integers(0, 3)) for lever in v.LEVERS}
        org_rows.append({
            "name": f"{kind.replace('_', ' ').title()} {i + 1:05d}", "kind": kind, "sector": sector,
            "size": int(rng.integers(3, 400)), "description": "", "website": "", "contact_email": "",
            "accommodations": _subset(rng, v.ACCOMMODATIONS, 0.12), "lever_strengths": strengths,
            "lever_asks": _subset(rng, v.LEVERS, 0.15, 2), "pioneer": bool(pioneer), **place})
        org_facts.append({"kind": kind, "season": SEASONS[int(rng.integers(len(SEASONS)))] if seasonal else [],
                          "occupations": tax.draw(rng, int(rng.integers(1, 5)))})
    org_ids = _bulk(session, Organisation, org_rows)
    counts["organisations"] = len(org_ids)
    employers = [i for i, f in enumerate(org_facts) if f["kind"] == "employer"]
    schools = [i for i, f in enumerate(org_facts) if f["kind"] == "school"]
    networks = [i for i, f in enumerate(org_facts) if f["kind"] == "network"]
    members = [{"network_id": org_ids[networks[int(rng.integers(len(networks)))]], "member_id": org_ids[e]}
               for e in employers if rng.random() < 0.3]
    members = list({(m["network_id"], m["member_id"]): m for m in members}.values())
    _bulk(session, network_memberships, members, returning=False)

    # -- programmes at schools
    prog_rows, prog_occ = [], tax.draw(rng, scale.programmes)
    prog_school = rng.choice(schools, size=scale.programmes)
    for k in range(scale.programmes):
        occ, school = int(prog_occ[k]), int(prog_school[k])
        mode = v.PROGRAMME_MODES[int(rng.choice(4, p=[0.35, 0.3, 0.15, 0.2]))]
        prog_rows.append({
            "organisation_id": org_ids[school], "name": f"Opleiding {tax.labels[occ]}"[:200], "description": "",
            "level": v.PROGRAMME_LEVELS[int(rng.integers(len(v.PROGRAMME_LEVELS)))], "mode": mode,
            "duration_months": int(rng.choice([2, 3, 6, 12, 24, 36])), "start_months": [9] if mode != "short_course"
            else sorted({int(m) for m in rng.integers(1, 13, 3)}), "capacity": int(rng.integers(10, 60)),
            "municipality_code": org_rows[school]["municipality_code"], "latitude": org_rows[school]["latitude"],
            "longitude": org_rows[school]["longitude"]})
    prog_ids = _bulk(session, Programme, prog_rows)
    taught, leads = [], []
    for k, pid in enumerate(prog_ids):
        occ = int(prog_occ[k])
        ess, opt = tax.essential[occ], tax.optional[occ]
        chosen = set(ess[rng.random(len(ess)) < 0.8].tolist()) | set(opt[rng.random(len(opt)) < 0.3].tolist())
        taught += [{"programme_id": pid, "skill_id": s} for s in sorted(chosen)]
        leads.append({"programme_id": pid, "occupation_id": int(tax.ids[occ])})
    _bulk(session, programme_skills, taught, returning=False)
    _bulk(session, programme_occupations, leads, returning=False)
    counts["programmes"] = len(prog_ids)

    # -- needs: an employer's own occupations, seasons from its season, headcounts
    need_rows, need_occ = [], []
    need_org = rng.choice(employers, size=scale.needs)
    for j in range(scale.needs):
        o = int(need_org[j])
        facts = org_facts[o]
        occ = int(rng.choice(facts["occupations"]))
        seasonal = bool(facts["season"]) and rng.random() < 0.7
        kind = "seasonal_peak" if seasonal else v.NEED_KINDS[int(rng.choice(3, p=[0.8, 0.1, 0.1]))]
        acc = sorted(set(_subset(rng, v.ACCOMMODATIONS, 0.05, 2)), key=v.ACCOMMODATIONS.index)
        need_rows.append({
            "organisation_id": org_ids[o], "kind": kind, "status": "open",
            "title": f"{tax.labels[occ]}"[:200], "description": "", "occupation_id": int(tax.ids[occ]),
            "hours_per_week": int(rng.choice([16, 24, 32, 36, 40], p=[0.1, 0.2, 0.3, 0.2, 0.2])),
            "months": facts["season"] if seasonal else [],
            "headcount": int(rng.integers(2, 11) if seasonal else rng.choice([1, 1, 1, 2, 3])),
            "accommodations": acc, "dutch_level": v.DUTCH_LEVELS[int(rng.choice(5, p=[0.3, 0.1, 0.2, 0.25, 0.15]))],
            "trains_on_job": bool(rng.random() < 0.3),
            "welcomes_groups": _subset(rng, v.TARGET_GROUPS, 0.04, 2), "closes_on": None,
            "municipality_code": org_rows[o]["municipality_code"],
            "latitude": org_rows[o]["latitude"], "longitude": org_rows[o]["longitude"]})
        need_occ.append(occ)
    need_ids = _bulk(session, Need, need_rows)
    need_skill_rows = []
    for nid, occ in zip(need_ids, need_occ):
        ess, opt = tax.essential[occ], tax.optional[occ]
        ess_kept = ess[rng.random(len(ess)) < 0.9] if len(ess) > 2 else ess
        opt_kept = set(opt[rng.random(len(opt)) < 0.4].tolist()) - set(ess_kept.tolist())
        need_skill_rows += [{"need_id": nid, "skill_id": int(s), "relation": "essential"} for s in ess_kept]
        need_skill_rows += [{"need_id": nid, "skill_id": int(s), "relation": "optional"} for s in sorted(opt_kept)]
    _bulk(session, NeedSkill, need_skill_rows, returning=False)
    counts["needs"], counts["need skills"] = len(need_ids), len(need_skill_rows)
    session.commit()

    # -- people: occupations held, skills from them plus noise, work history, place, constraints
    person_rows, held_occ = [], []
    n_people = scale.people
    person_places = places(n_people, spread=0.06)
    for i in range(n_people):
        n_jobs = int(rng.choice([0, 1, 2, 3], p=[0.1, 0.45, 0.3, 0.15]))
        occs = tax.draw(rng, max(n_jobs, 1))
        groups = _subset(rng, v.TARGET_GROUPS, 0.05, 2)
        consent = bool(groups) and rng.random() < 0.8
        needs_acc = _subset(rng, v.ACCOMMODATIONS, 0.08, 2) if groups else []
        person_rows.append({
            "name": f"Persoon {i + 1:06d}", "email": f"persoon{i + 1}@example.org", "phone": "",
            "birth_year": int(rng.integers(1960, 2007)), "advisor_id": None,
            "status": "worker" if rng.random() < 0.3 else "job_seeker",
            "education_level": v.EDUCATION_LEVELS[int(rng.integers(2, len(v.EDUCATION_LEVELS)))],
            "dutch_level": v.DUTCH_LEVELS[int(rng.choice(8, p=[0.04, 0.03, 0.05, 0.08, 0.1, 0.05, 0.02, 0.63]))],
            "languages": ["nl"], "travel_radius_km": int(rng.choice([10, 15, 20, 25, 30, 40, 50])),
            "hours_per_week": int(rng.choice([16, 24, 32, 36, 40], p=[0.1, 0.15, 0.25, 0.25, 0.25])),
            "available_months": [] if rng.random() < 0.9 else SEASONS[int(rng.integers(len(SEASONS)))],
            "summary": "", "target_groups": groups if consent else [], "accommodation_needs": needs_acc if consent else [],
            "consent_special_category": consent, "consent_share_with": [], "consent_recorded_at": None,
            **person_places[i]})
        held_occ.append(occs[:n_jobs] if n_jobs else occs[:0])
    person_ids = _bulk(session, Person, person_rows)
    skill_rows, history_rows = [], []
    noise = rng.poisson(2, n_people)
    for i, pid in enumerate(person_ids):
        owned: set[int] = set()
        end: date | None = REFERENCE_DATE if person_rows[i]["status"] == "job_seeker" else None
        for occ in held_occ[i][::-1]:
            occ = int(occ)
            ess, opt = tax.essential[occ], tax.optional[occ]
            owned.update(ess[rng.random(len(ess)) < 0.75].tolist())
            owned.update(opt[rng.random(len(opt)) < 0.2].tolist())
            anchor = end or REFERENCE_DATE
            start = anchor - timedelta(days=int(rng.integers(180, 3650)))
            history_rows.append({"person_id": pid, "occupation_id": int(tax.ids[occ]), "employer_name": "",
                                 "organisation_id": None, "start_date": start, "end_date": end})
            end = start - timedelta(days=int(rng.integers(0, 200)))
        if noise[i] and len(tax.noise_skills):
            owned.update(rng.choice(tax.noise_skills, size=int(noise[i]), p=tax.noise_p).tolist())
        skill_rows += [{"person_id": pid, "skill_id": int(s)} for s in sorted(owned)]
        if len(skill_rows) >= 200_000:
            _bulk(session, person_skills, skill_rows, returning=False)
            counts["person skills"] = counts.get("person skills", 0) + len(skill_rows)
            skill_rows = []
    _bulk(session, person_skills, skill_rows, returning=False)
    counts["person skills"] = counts.get("person skills", 0) + len(skill_rows)
    _bulk(session, WorkExperience, history_rows, returning=False)
    counts["people"], counts["work experiences"] = len(person_ids), len(history_rows)

    # -- partner requests
    pr_rows = []
    for _ in range(scale.partner_requests):
        o = int(rng.choice(employers + schools))
        kind = v.PARTNER_REQUEST_KINDS[int(rng.integers(len(v.PARTNER_REQUEST_KINDS)))]
        facts = org_facts[o]
        pr_rows.append({
            "organisation_id": org_ids[o], "direction": "seeks" if rng.random() < 0.5 else "offers", "kind": kind,
            "status": "open", "title": f"{kind.replace('_', ' ')}", "description": "",
            "months": facts["season"] if kind == "staff_sharing" else [],
            "lever": v.LEVERS[int(rng.integers(4))] if kind in ("knowledge_exchange", "co_creation") else None,
            "occupation_id": int(tax.ids[int(facts["occupations"][0])]) if kind == "talent_pipeline" else None,
            "headcount": int(rng.integers(1, 10))})
    counts["partner requests"] = len(_bulk(session, PartnerRequest, pr_rows))
    session.commit()
    return counts


def reset_postgres(url: str) -> None:
    """Drop and create the database of ``url`` (a bench-owned database such as ``mm_bench``)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_database(app, scale: Scale, *, esco: Path | None, seed: int = 2026) -> LoadReport:
    """Migrate the (empty) database of ``app``, import the taxonomy and generate the region; timed."""
    from flask_migrate import upgrade

    from matchmaker.extensions import db

    report = LoadReport(taxonomy="")
    with app.app_context():
        t = time.perf_counter()
        upgrade()
        report.seconds["migrate"] = time.perf_counter() - t
        t = time.perf_counter()
        report.taxonomy = load_taxonomy(db.session, esco)
        report.seconds["taxonomy import"] = time.perf_counter() - t
        t = time.perf_counter()
        report.rows = generate_region(db.session, scale, seed=seed)
        report.seconds["region generate + insert"] = time.perf_counter() - t
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.engine.dispose()
    return report
