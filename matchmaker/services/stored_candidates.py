"""Each open need's best candidates, stored by its region's recompute and read by the employer's view.

The ``stored_candidates`` job kind (per region, bulk queue, part of every recompute and automatic refresh) scores
every person of the province against the region's open needs in one bulk pass
(:func:`matchmaker.engine.matching.feasible_pairs`, without special-category data and without the welcome bonus,
exactly as :func:`matchmaker.services.matches.need_candidates` computes one need), keeps each need's
:data:`KEEP` best people, and explains all those pairs at once (:func:`matchmaker.engine.matching.explain_pairs`,
equal to what :func:`matchmaker.engine.matching.candidates_for_need` finds for one need), written in batches. A row holds person ids, scores and
facts: no name, contact or pseudonym, and nothing of special-category data.

:func:`read` gives the stored candidates of a need while they still describe it: the need itself unchanged since
(its version) and enough of them for the ``limit`` asked. Everything the reader may see is applied on the way
out by the caller (pseudonyms, shared profiles). The caller leaves out people erased since. ``stale`` says whether the
taxonomy or the need's region changed since; an automatic refresh of the region recomputes them (a change of
people in a neighbouring region reaches them with that region's nightly recompute).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

import numpy as np
import orjson
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.engine import matching as engine
from matchmaker.engine.names import Names
from matchmaker.models import Job, Need, StoredCandidates
from matchmaker.models.base import utcnow
from matchmaker.services import data_versions, jobs, refresh
from matchmaker.services.engine_inputs import load_needs, load_people
from matchmaker.services.queries import among_ids
from matchmaker.services.transitions import transition_table
from matchmaker.services.versions import insert_ignoring_existing

STORED_CANDIDATES = "stored_candidates"
#: candidates kept per need (a read asking for more computes them)
KEEP = 10
#: needs whose rows go in one statement (and one transaction)
BATCH = 500
#: what a new computation of a need's row replaces
_UPDATED = ("region_code", "job_id", "data_version", "need_version", "computed_at", "people_considered", "items")
#: the employer's view scores without the welcome bonus (and, without the data, no accommodation check)
EMPLOYER_OPTIONS = engine.ScoreOptions(welcome_bonus=0.0)


@contextmanager
def without_cycle_collection():
    """No cyclic garbage collection inside, restored as it was on leaving. A bulk job makes millions of small
    objects that hold no cycles and are freed by reference counting (the people's rows as read, each stored row's
    dicts and lists), and the collector's passes walk every object the process holds again and again: at 100k
    people they took a third of the time of reading the people and more than half of that of building the rows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _scopes(job: Job) -> list[str]:
    return [data_versions.TAXONOMY, data_versions.region_scope(job.subject_id)]


def best_per_need(batches, n_needs: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """From batches of feasible pairs: each need's ``k`` best people (person indices, need indices, scores; by
    need, then score descending, then person index, as :func:`engine.candidates_for_need` ranks them), and how
    many people are feasible for each need. Memory stays at ``k`` pairs per need plus one batch.

    The batches come in order of person index: a pair enters only when it beats its need's ``k``-th best so far
    (a tie ranks the earlier person first), so after the first batches few pairs are sorted."""
    people = np.zeros(0, np.int64)
    needs = np.zeros(0, np.int64)
    scores = np.zeros(0, np.float32)
    feasible = np.zeros(n_needs, np.int64)
    # each need's k-th best score so far (-inf while it has fewer than k)
    bar = np.full(n_needs, -np.inf, np.float32)
    for batch in batches:
        feasible += np.bincount(batch.needs, minlength=n_needs)
        score = batch.score.astype(np.float32)
        enters = ~(score <= bar[batch.needs])  # (a score of NaN enters, and ranks last, as before)
        if not enters.any():
            continue
        people = np.concatenate([people, batch.people[enters]])
        needs = np.concatenate([needs, batch.needs[enters]])
        scores = np.concatenate([scores, score[enters]])
        order = np.lexsort((people, -scores.astype(np.float64), needs))
        people, needs, scores = people[order], needs[order], scores[order]
        starts = np.flatnonzero(np.r_[True, needs[1:] != needs[:-1]]) if len(needs) else np.zeros(0, np.int64)
        rank = np.arange(len(needs)) - np.repeat(starts, np.diff(np.r_[starts, len(needs)]))
        keep = rank < k
        people, needs, scores = people[keep], needs[keep], scores[keep]
        last = rank[keep] == k - 1
        bar[needs[last]] = scores[last]
    return people, needs, scores, feasible


@jobs.job_kind(STORED_CANDIDATES, queue=jobs.BULK, scopes=_scopes)
def run_stored_candidates(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    """Replace the stored candidates of region ``job.subject_id``'s open needs: every pair explained in one bulk
    pass (:func:`engine.explain_pairs`), the rows written :data:`BATCH` needs per statement, each batch committed
    (a reader sees the old row or the new one, never none)."""
    with without_cycle_collection():
        return _store(session, job, progress)


def _store(session: Session, job: Job, progress: jobs.Progress) -> dict:
    from matchmaker.services.matches import CandidateItems, need_names, open_demand

    code = job.subject_id
    table = transition_table(session)
    space = table.space
    needs = load_needs(session, space=space, region=code)
    people = load_people(session, space=space, special_category=False)
    demand = open_demand(session, space)
    progress(0.1)
    rows, columns, _, feasible = best_per_need(
        engine.feasible_pairs(table.similarity, people, needs, options=EMPLOYER_OPTIONS), len(needs), KEEP)
    progress(0.5)
    titles, employers, _ = need_names(session, needs)
    names = Names(needs=titles, employers=employers, programmes=demand.names.programmes)
    explained = engine.explain_pairs(space, table.similarity, people, needs, rows, columns, demand.programmes,
                                     names=names, options=EMPLOYER_OPTIONS)
    progress(0.7)
    versions = dict(session.execute(select(Need.id, Need.version).where(among_ids(session, Need.id, needs.ids))).all())
    bounds = np.searchsorted(columns, np.arange(len(needs) + 1))
    item = CandidateItems(space, needs, demand, names)
    person_ids = people.ids[rows].tolist()
    now = utcnow()
    for first in range(0, len(needs), BATCH):
        batch = []
        for j in range(first, min(first + BATCH, len(needs))):
            need_id = int(needs.ids[j])
            items = [{"person_id": person_ids[i], **item(explained.match(i, explain=False))}
                     for i in range(bounds[j], bounds[j + 1])]
            batch.append({"need_id": need_id, "region_code": code, "job_id": job.id, "data_version": job.data_version,
                          "need_version": versions.get(need_id, 0), "computed_at": now,
                          "people_considered": int(feasible[j]), "items": orjson.dumps(items).decode()})
        insert_ignoring_existing(session, StoredCandidates.__table__, batch, update_columns=_UPDATED,
                                 json_text=("items",))
        progress(0.7 + 0.3 * (first + len(batch)) / len(needs))
    # needs of the region no longer open (or moved away) keep no candidates
    session.execute(delete(StoredCandidates).where(StoredCandidates.region_code == code,
                                                   ~among_ids(session, StoredCandidates.need_id, needs.ids)))
    session.flush()
    return {"region": code, "summary": {"needs": len(needs), "candidates": int(len(rows)),
                                        "people": len(people)}}


def read(session: Session, need: Need, limit: int) -> dict | None:
    """The stored candidates of ``need`` as the employer's view shows them before access is applied (person ids
    kept, for the caller to pseudonymise), with their freshness; None when there are none that still describe the
    need (never computed, the need changed since, or fewer stored than ``limit`` while more were feasible). People
erased since are still among them: the caller, reading who they are, leaves them out."""
    row = session.get(StoredCandidates, need.id)
    if row is None or row.need_version != need.version:
        return None
    if len(row.items) < limit and row.people_considered > len(row.items):
        return None
    region = row.region_code
    current = data_versions.combined(session=session,
                                     scopes=[data_versions.TAXONOMY, data_versions.region_scope(region)])
    return {"items": row.items[:limit],
            "people_considered": row.people_considered, "computed_at": row.computed_at,
            "stale": current > row.data_version, "refresh_pending": refresh.pending(session=session, regions=[region])}
