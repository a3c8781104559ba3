"""Career paths: a person's k best routes of 1-3 steps over real employers' needs, shortage occupations and
programmes. Computed as an interactive job (the advisor asks, a worker answers in well under a second), the
result stored in the job record and read back under the person. The province's open demand is prepared for the
engine once per data version between all processes on all machines (:func:`prepared`, no personal data, kept in
the shared store; a recompute prepares it): a request loads the one person and searches their paths.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import career_paths as engine
from matchmaker.engine.geo import haversine_km
from matchmaker.engine.insights import unused_potential
from matchmaker.errors import NotFound
from matchmaker.explanations import fact, plain, with_sentences
from matchmaker.models import Job, Municipality, Person, User
from matchmaker.security import policies
from matchmaker.services import derived, jobs, open_needs, packing, stored_results
from matchmaker.services.data_versions import TAXONOMY, region_scope
from matchmaker.services.cache import VersionedCache
from matchmaker.services.engine_inputs import load_people, skill_refs
from matchmaker.services.insights import barrier_arrays
from matchmaker.services.matches import OpenDemand, open_demand
from matchmaker.services.transitions import transition_table

CAREER_PATHS = "career_paths"
#: an occupation with at least this much open headcount across the province, and no opening within the
#: person's reach, is offered as a shortage step ("the region needs cooks") without a specific employer
SHORTAGE_HEADCOUNT = 5


def _scopes(job: Job) -> list[str]:
    return [TAXONOMY, region_scope(job.params.get("region", ""))]


def request(*, session: Session, actor: User, person_id: int, k: int = 5, max_steps: int = 3) -> tuple[Job, bool]:
    """A queued career-paths job for a person on the caller's caseload (dispatch it with ``jobs.dispatch``), and
    True; or the same request's job that is still queued or running, and False."""
    person = policies.require_person_visible(actor, session.get(Person, person_id))
    region = session.scalar(select(Municipality.region_code).where(Municipality.code == person.municipality_code))
    return jobs.create_once(session=session, kind=CAREER_PATHS, subject_type="person", subject_id=str(person_id),
                            params={"k": k, "max_steps": max_steps, "region": region or ""}, actor=actor)


def latest(*, session: Session, actor: User, person_id: int) -> dict:
    """The person's most recent career-paths job with its paths once it succeeded."""
    policies.require_person_visible(actor, session.get(Person, person_id))
    job = session.scalars(select(Job).where(Job.kind == CAREER_PATHS, Job.subject_type == "person",
                                            Job.subject_id == str(person_id)).order_by(Job.id.desc())).first()
    if job is None:
        raise NotFound("No career paths have been asked for this person yet: POST to this address first.")
    described = jobs.describe(session=session, job=job)
    result = with_sentences(stored_results.present(session, job) or {})
    return {"job": described, "paths": result.get("paths", []), "viable_threshold": result.get("viable_threshold"),
            "explanation": result.get("explanation", ""), "facts": result.get("facts", [])}


def shortage_occupations(needs) -> tuple[np.ndarray, np.ndarray]:
    """Occupations (row indices, ascending) in demand across the province (open headcount >= SHORTAGE_HEADCOUNT),
    and that headcount. Each is offered as a shortage step to the people with no open need of it in reach."""
    occupation = np.asarray(needs.occupation)
    known = occupation >= 0
    headcount = np.bincount(occupation[known], weights=np.asarray(needs.headcount)[known].astype(float),
                            minlength=int(occupation.max(initial=-1)) + 1)
    found = np.flatnonzero(headcount >= SHORTAGE_HEADCOUNT)
    return found, headcount[found]


def in_reach(region: engine.Region, needs, people, p: int) -> np.ndarray:
    """The region's shortage jobs (indices) whose occupation has an open need within person ``p``'s radius: real
    needs in reach are steps of their own, so those shortage steps are not offered to them."""
    occupation = np.asarray(needs.occupation)
    distance = haversine_km(people.lat[p], people.lon[p], needs.lat, needs.lon)
    reached = np.unique(occupation[(occupation >= 0) & (distance <= people.radius_km[p])])
    return np.flatnonzero((region.job_need < 0) & np.isin(region.job_occ, reached))


@dataclass(frozen=True)
class Prepared:
    """What every career-paths job reads: the province's open demand and its prepared career-path region (open
    needs, programmes, shortage occupations; no personal data)."""

    demand: OpenDemand
    region: engine.Region


    def dump(self) -> bytes:
        """As stored for every process: the demand and the region's core as compact arrays, no pickle (a pickle
        of the 100k province was 139 MiB and took a fresh worker 10 s to read)."""
        out: dict[str, np.ndarray] = {}
        self.demand.pack(out, "demand")
        packing.put_fields(out, "region", self.region, engine.REGION_CORE)
        return derived.arrays(out)

    @classmethod
    def load(cls, payload: bytes) -> "Prepared":
        arrays = derived.read_arrays(payload)
        return cls(OpenDemand.unpack(arrays, "demand"),
                   engine.assemble_region(**packing.take_fields(arrays, "region", engine.REGION_CORE)))


#: the name of the prepared province in the shared store, and the version of its stored shape
PREPARED = "career_path_region"
PREPARED_FORMAT = 5
#: the prepared province in this process: demand key (the taxonomy and every region's data version) -> Prepared
_PREPARED: VersionedCache[Prepared] = VersionedCache()


def _prepare(session: Session, table, key: tuple) -> Prepared:
    demand = open_demand(session, table.space, key)
    shortage, headcount = shortage_occupations(demand.needs)
    region = engine.prepare_region(table.space, table.similarity, demand.needs, demand.programmes,
                                   viable=table.viable_threshold, shortage_occupations=shortage,
                                   shortage_headcount=headcount)
    return Prepared(demand, region)


def prepared(session: Session, table) -> Prepared:
    """The province's open demand prepared for career paths with every shortage occupation, once per data version
    (:func:`matchmaker.services.open_needs.province_key`) between all processes on all machines: from this process's
    memory, from the shared store (:mod:`matchmaker.services.derived`), or prepared now and stored. A person's
    paths exclude what is not for them."""
    key = open_needs.province_key(session)
    return _PREPARED.get(key, lambda: derived.shared(session, PREPARED, (*key, PREPARED_FORMAT),
                                                     lambda: _prepare(session, table, key), dump=Prepared.dump,
                                                     load=Prepared.load))


def prepare_shared(session: Session) -> None:
    """Store the province's prepared career-path region of the current data version unless it is stored already
    (a recompute does this, so that the first career path after a change reads it instead of preparing it)."""
    key = open_needs.province_key(session)
    if key not in _PREPARED:
        table = transition_table(session)
        derived.ensure(session, PREPARED, (*key, PREPARED_FORMAT), lambda: _prepare(session, table, key),
                       dump=Prepared.dump)


@jobs.job_kind(CAREER_PATHS, queue=jobs.INTERACTIVE, scopes=_scopes)
def compute(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    """Run the engine for one person and describe every step with ids and labels."""
    person_id = int(job.subject_id)
    table = transition_table(session)
    space = table.space
    people = load_people(session, space=space, person_ids=[person_id])
    if not len(people):
        raise NotFound("Person %(person_id)s no longer exists.", person_id=person_id)
    province = prepared(session, table)
    demand, region = province.demand, province.region
    needs, programmes, names = demand.needs, demand.programmes, demand.names
    need_rows, programme_rows = demand.need_rows, demand.programme_rows
    progress(0.3)
    paths = engine.career_paths(space, table.similarity, people, 0, needs, programmes,
                                k=int(job.params.get("k", 5)), max_steps=int(job.params.get("max_steps", 3)),
                                region=region, exclude_jobs=in_reach(region, needs, people, 0), names=names)
    described = distinct([_describe_path(space, needs, programmes, need_rows, programme_rows, path) for path in paths])
    summary = ([fact("paths.found", count=len(described)), *described[0]["facts"]] if described
               else [_none(people, needs, programmes)])
    return {"person_id": person_id, "viable_threshold": round(table.viable_threshold, 4), "paths": described,
            "facts": summary}


def _none(people, needs, programmes) -> dict:
    """Why the one person in ``people`` has no path: no open needs at all, or the barrier that keeps them from
    the open needs most (the one insights reports for them)."""
    if not len(needs):
        return fact("matches.no_open_needs")
    barrier = unused_potential(**barrier_arrays(people, needs, programmes)).barrier_of(0)
    return fact("paths.none", barrier=barrier or "several")


def path_key(path: dict) -> tuple:
    """What a reader sees of a path: per step its kind, occupation, need (title and employer) and programme."""
    return tuple((step["kind"], (step["occupation"] or {}).get("id"), (step["need"] or {}).get("title"),
                  ((step["need"] or {}).get("organisation") or {}).get("name"), (step["programme"] or {}).get("name"))
                 for step in path["steps"])


def distinct(paths: list[dict]) -> list[dict]:
    """The paths without the ones that read the same as a cheaper one (two openings of one title at one employer)."""
    seen: set = set()
    out = []
    for path in paths:
        if (key := path_key(path)) not in seen:
            seen.add(key)
            out.append(path)
    return out


def _describe_path(space, needs, programmes, need_rows, programme_rows, path) -> dict:
    steps = []
    for step in path.steps:
        entry = {
            "kind": step.kind, "move": step.move, "cost": round(step.cost, 4),
            "similarity": round(step.similarity, 4), "distance_km": round(step.distance_km, 1),
            "months": [m + 1 for m in range(12) if step.months >> m & 1],
            "occupation": plain(space.occupation_labels[step.occupation]) if step.occupation >= 0 else None,
            "need": None, "programme": None,
            "skills_carried": skill_refs(space, step.carried), "skills_to_learn": skill_refs(space, step.to_learn),
            "facts": list(step.facts),
        }
        if step.need >= 0:
            row = need_rows[int(needs.ids[step.need])]
            entry["need"] = {"id": row.id, "title": row.title, "kind": row.kind, "place": row.place,
                             "organisation": {"id": row.organisation_id, "name": row.organisation}}
        if step.programme >= 0:
            row = programme_rows[int(programmes.ids[step.programme])]
            entry["programme"] = {"id": row.id, "name": row.name, "school": row.school, "place": row.place}
        steps.append(entry)
    return {"cost": round(path.cost, 4), "steps": steps, "facts": list(path.facts),
            "kinds": list(path.kinds), "viable": bool(np.isfinite(path.cost))}
