"""Each person's best needs, ranked by their region's recompute and read by the person's matches view.

The ``stored_matches`` job kind (per region, bulk queue, part of every recompute and automatic refresh) ranks the
region's people against the province's open needs in bulk, exactly as
:func:`matchmaker.services.matches.compute_person_matches` ranks one person with the blocked needs included:
their best feasible needs (:func:`matchmaker.engine.matching.top_matches`), then, for whoever has fewer than
:data:`KEEP`, the closest blocked ones (:func:`matchmaker.engine.matching.closest_blocked`: scores only, since
all their feasible needs are known). A row holds those :data:`KEEP` needs' ids in order, each saying whether it
was feasible: a few hundred bytes per person, written :data:`BATCH` people per statement, each batch committed.

A read (:func:`read`) takes the ranking and explains just those needs for the person
(:func:`matchmaker.engine.matching.explain_pairs` on the person's arrays and the open needs'), instead of scoring
the person against every open need: the words and checks always describe the data as it is now, and ``stale``
says whether the taxonomy or any region's open needs changed since the ranking (an automatic refresh of the
person's region ranks them again; a change in another region reaches them with their region's next recompute).

The ranking uses the person's special-category data when they consented to its use (the accommodation and
capacity checks, the welcome bonus), so a row is the person's own data under the same rules as the view: read
only through :func:`matchmaker.services.matches.person_matches` (the person, their advisor, admins; the
special-category read audited there), never kept in a process cache or written to a log or task message (the
job's result holds counts only), and deleted with the person (``ON DELETE CASCADE``). Employers, coordinators
and schools never read it.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.engine import matching as engine
from matchmaker.engine.names import Names
from matchmaker.explanations import explained, explainer
from matchmaker.models import Job, Person, StoredMatches
from matchmaker.models.base import utcnow
from matchmaker.services import data_versions, jobs, refresh
from matchmaker.services.ecosystem import take
from matchmaker.services.engine_inputs import load_people
from matchmaker.services.places import region_of
from matchmaker.services.queries import among_ids
from matchmaker.services.transitions import transition_table
from matchmaker.services.versions import insert_ignoring_existing

STORED_MATCHES = "stored_matches"
#: needs ranked per person (the view's default limit): a read asking for more ranks them now
KEEP = 10
#: people whose rows go in one statement (and one transaction)
BATCH = 500
_UPDATED = ("region_code", "job_id", "data_version", "person_version", "computed_at", "open_needs_considered",
            "items")


def _scopes(job: Job | None = None) -> list[str]:
    """What a person's matches are computed from: the taxonomy and every region's open needs (and deletions)."""
    return data_versions.province_scopes(deletions=True)


@jobs.job_kind(STORED_MATCHES, queue=jobs.BULK, scopes=_scopes)
def run_stored_matches(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    """Replace the stored rankings of region ``job.subject_id``'s people (their feasible needs, best first)."""
    from matchmaker.services.matches import open_demand

    code = job.subject_id
    table = transition_table(session)
    space = table.space
    people = load_people(session, space=space, region=code)
    demand = open_demand(session, space)
    needs = demand.needs
    progress(0.1)
    top = engine.top_matches(space, table.similarity, people, needs, k=KEEP)
    progress(0.4)
    blocked = engine.closest_blocked(table.similarity, people, needs, top, factors=demand.factors)
    progress(0.8)
    person, need, feasible = ranked_pairs(top, blocked, len(people))
    need_ids = needs.ids[need].tolist()
    offsets = np.concatenate([[0], np.cumsum(np.bincount(person, minlength=len(people)))]).astype(np.int64)
    versions = dict(session.execute(select(Person.id, Person.version).where(
        among_ids(session, Person.id, people.ids))).all())
    now = utcnow()
    for first in range(0, len(people), BATCH):
        batch = []
        for p in range(first, min(first + BATCH, len(people))):
            person_id = int(people.ids[p])
            lo, hi = int(offsets[p]), int(offsets[p + 1])
            batch.append({"person_id": person_id, "region_code": code, "job_id": job.id,
                          "data_version": job.data_version, "person_version": versions.get(person_id, 0),
                          "computed_at": now, "open_needs_considered": len(needs),
                          "items": [{"need_id": need_ids[i], "feasible": bool(feasible[i])}
                                    for i in range(lo, hi)]})
        insert_ignoring_existing(session, StoredMatches.__table__, batch, update_columns=_UPDATED)
        progress(0.8 + 0.2 * (first + len(batch)) / max(len(people), 1))
    # people who left the region keep no row of it
    session.execute(delete(StoredMatches).where(StoredMatches.region_code == code,
                                                ~among_ids(session, StoredMatches.person_id, people.ids)))
    session.flush()
    return {"region": code, "summary": {"people": len(people), "needs": len(needs), "matches": len(need_ids),
                                        "blocked": int(len(blocked[0]))}}


def ranked_pairs(top: engine.TopMatches, blocked: tuple[np.ndarray, np.ndarray], n_people: int):
    """Each person's feasible needs best first, then their closest blocked ones: aligned (person, need, feasible)
    arrays, by person."""
    keep = top.needs >= 0
    person = np.concatenate([np.repeat(np.arange(n_people, dtype=np.int64), keep.sum(axis=1)), blocked[0]])
    need = np.concatenate([top.needs[keep].astype(np.int64), blocked[1]])
    feasible = np.arange(len(person)) < keep.sum()
    order = np.argsort(person, kind="stable")  # feasible before blocked, each in its own order
    return person[order], need[order], feasible[order]


def read(session: Session, person: Person, row: StoredMatches | None, limit: int, include_blocked: bool) -> dict | None:
    """The person's matches as :func:`matchmaker.services.matches.compute_person_matches` gives them, the needs
    taken from their stored ranking ``row`` and explained now, with the ranking's freshness; None when no ranking
    describes the person (none stored, the person changed since, a need of it no longer open) or it holds fewer
    than ``limit`` while there are more to list (beyond :data:`KEEP`)."""
    from matchmaker.services.matches import match_item, matches_summary, open_demand

    if row is None or row.person_version != person.version:
        return None
    items = row.items  # feasible ones best first, then (fewer than KEEP feasible) the closest blocked ones
    every_need = len(items) >= row.open_needs_considered
    if len(items) < min(KEEP, row.open_needs_considered):
        return None  # a ranking of before the blocked needs were stored
    ranked = items if include_blocked else [item for item in items if item.get("feasible", True)]
    if len(ranked) < limit and not every_need and (include_blocked or len(ranked) == len(items)):
        return None  # more to list than the ranking holds: ranked now
    ranked = ranked[:limit]
    table = transition_table(session)
    space = table.space
    demand = open_demand(session, space)
    wanted = np.array([item["need_id"] for item in ranked], np.int64)
    at = np.minimum(np.searchsorted(demand.needs.ids, wanted), max(len(demand.needs) - 1, 0))
    if len(wanted) and not np.array_equal(demand.needs.ids[at], wanted):
        return None  # a need of the ranking is no longer open
    needs = take(demand.needs, at)
    names = Names(needs=tuple(demand.names.needs[j] for j in at),
                  employers=tuple(demand.names.employers[j] for j in at), programmes=demand.names.programmes)
    people = load_people(session, space=space, person_ids=[person.id])
    found = engine.explain_pairs(space, table.similarity, people, needs, np.zeros(len(at), np.int64),
                                 np.arange(len(at)), demand.programmes, names=names)
    matches = [found.match(i) for i in range(len(found))]
    say = explainer()
    items = [match_item(space, demand, m, needs=needs, say=say) for m in matches]
    feasible = sum(m.feasible for m in matches)
    current = data_versions.combined(session=session, scopes=_scopes())
    region = region_of(person.municipality_code)
    return {"person_id": person.id, "open_needs_considered": len(demand.needs), "items": items,
            **explained([matches_summary(len(demand.needs), feasible, len(items) - feasible)]),
            "computed_at": row.computed_at, "stale": current > row.data_version,
            "refresh_pending": refresh.pending(session=session, regions=[region or row.region_code])}
