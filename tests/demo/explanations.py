"""Every kind of explanation the demo region produces, as facts, gathered through the services that store or
serve them (the proofreader test renders them in both languages)."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from matchmaker.models import Job, Need, Occupation, Person, User
from matchmaker.services import allocation, career_paths, insights, matches, partners, transitions
from matchmaker.services.places import REGIONS

#: how many records of each sort are asked about: enough for every kind, small enough to run in CI
PEOPLE, NEEDS, OCCUPATIONS = 12, 6, 6


def _job(kind: str, subject_type: str, subject_id: str, **params) -> Job:
    return Job(kind=kind, subject_type=subject_type, subject_id=subject_id, params=params)


def collect(session) -> dict[str, list[list[dict]]]:
    """kind → explanations (each a list of facts), in a stable order."""
    out: dict[str, list[list[dict]]] = defaultdict(list)
    admin = User(name="Proofreader", email="proofreader@demo.matchmaker.local", role="admin")
    session.add(admin)
    session.flush()
    occupations = session.scalars(select(Occupation.id).join(Need, Need.occupation_id == Occupation.id)
                                  .distinct().order_by(Occupation.id).limit(OCCUPATIONS))
    for occupation_id in occupations:
        for destination in transitions.occupation_transitions(session=session, occupation_id=occupation_id,
                                                              limit=3)["destinations"]:
            out["transition"].append(destination["facts"])
    people = session.scalars(select(Person.id).order_by(Person.id).limit(PEOPLE)).all()
    for person_id in people:
        found = matches.person_matches(session=session, actor=admin, person_id=person_id, limit=3,
                                       include_blocked=True)
        for item in found["items"]:
            out["match" if item["feasible"] else "match (not possible now)"].append(item["facts"])
            out["check"].extend(c["facts"] for c in item["constraints"])
        paths = career_paths.compute(session=session, job=_job(career_paths.CAREER_PATHS, "person", str(person_id),
                                                               k=3, max_steps=3), progress=lambda _: None)
        out["career path summary"].append(paths["facts"])
        for path in paths["paths"]:
            out["career path step"].extend(step["facts"] for step in path["steps"])
    for need_id in session.scalars(select(Need.id).order_by(Need.id).limit(NEEDS)):
        for item in matches.need_candidates(session=session, actor=admin, need_id=need_id, limit=3)["items"]:
            out["candidate"].append(item["facts"])
    province = partners.ProvinceMatches(session)
    for match in province.matches:
        out[f"partner match: {match.kind}"].append(list(match.facts))
    for code in sorted(REGIONS):
        result = allocation.run_allocation(session=session, job=_job(allocation.ALLOCATION, "region", code, k=3),
                                           progress=lambda _: None)
        out["allocation"].append(result["facts"])
        out["allocation per target group"].append(result["special_category"]["facts"])
        result = insights.run_insights(session=session, job=_job(insights.INSIGHTS, "region", code),
                                       progress=lambda _: None)
        out["shortage"].extend(s["facts"] for s in result["shortages"])
        out["unused potential"].append(result["unused_potential"]["facts"])
        out["unused potential per target group"].append(result["special_category"]["facts"])
        out["cluster"].extend(c["facts"] for c in result["network"]["clusters"])
        out["broker"].extend(b["facts"] for b in result["network"]["brokers"])
        out["network"].append(result["network"]["facts"])
        out["progress"].append(result["progress"]["facts"])
    return dict(out)
