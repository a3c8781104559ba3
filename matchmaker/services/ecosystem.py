"""What the ecosystem services share: a region's arrays, people x needs fit, hard-to-fill, labels.

Partner matches, insights and allocation all start from the same inputs (:mod:`engine_inputs`): the
taxonomy's transition table, organisations, needs, programmes and people as arrays. :func:`fit` scores people
against needs with the engine's own constraint and score blocks (:mod:`matchmaker.engine.matching`), in
feasible pairs only (a sparse matrix); :func:`checks` gives every constraint's pass/fail array for the people
unused potential is about. Nothing of it is cached or stored: it derives from special-category data
(accommodation needs, target groups) and stays in memory only.
"""
from __future__ import annotations

from dataclasses import dataclass, fields as dataclass_fields

import numpy as np
from scipy import sparse
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import insights as engine_insights
from matchmaker.engine import matching
from matchmaker.engine.data import NeedArrays, PeopleArrays, ProgrammeArrays
from matchmaker.errors import NotFound
from matchmaker.models import Municipality, Need, Organisation, Programme
from matchmaker.services.places import REGIONS, region_choices
from matchmaker.services.transitions import TransitionTable

#: people per block in :func:`checks` (people x needs dense arrays per constraint)
CHUNK = 512
#: a shortage counts the people whose fit for a need of the occupation is at least this
FIT_THRESHOLD = 0.5


def require_region(code: str) -> str:
    if code not in REGIONS:
        raise NotFound("No region %(code)s; one of %(value)s.", code=f"{code!r}", value=region_choices())
    return code


def region_organisation_ids(session: Session, region: str) -> set[int]:
    in_region = select(Municipality.code).where(Municipality.region_code == region)
    return set(session.scalars(select(Organisation.id).where(Organisation.municipality_code.in_(in_region))))


def take(arrays, rows):
    """The same contract arrays restricted to ``rows`` (every per-row field sliced, tuples too)."""
    rows = np.asarray(rows, dtype=np.int64)
    values = {}
    for f in dataclass_fields(arrays):
        value = getattr(arrays, f.name)
        if value is None:
            values[f.name] = None
        elif isinstance(value, tuple):
            values[f.name] = tuple(value[i] for i in rows.tolist())
        elif sparse.issparse(value):
            values[f.name] = sparse.csr_matrix(value)[rows]
        else:
            values[f.name] = np.asarray(value)[rows]
    return type(arrays)(**values)


@dataclass(frozen=True)
class Fit:
    """People x needs: the score of every feasible pair as a sparse matrix (a pair not stored is infeasible).
    Built from :func:`matchmaker.engine.matching.feasible_pairs`, so its cost grows with the pairs that pass
    the skills gate, not with people x needs."""

    scores: sparse.csr_matrix

    def people_without_feasible_need(self) -> np.ndarray:
        """Row indices of the people with no feasible need."""
        return np.flatnonzero(np.diff(self.scores.indptr) == 0)


def fit(table: TransitionTable, people: PeopleArrays, needs: NeedArrays) -> Fit:
    """Every person against every need, with the engine's constraint and score functions on candidate pairs."""
    n_p, n_n = len(people), len(needs)
    rows, cols, values = [], [], []
    for block in matching.feasible_pairs(np.asarray(table.similarity, np.float32), people, needs):
        rows.append(block.people)
        cols.append(block.needs)
        values.append(np.maximum(block.score, np.float32(1e-6)))  # a feasible pair stays stored
    if rows:
        scores = sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                                   shape=(n_p, n_n), dtype=np.float32)
    else:
        scores = sparse.csr_matrix((n_p, n_n), dtype=np.float32)
    return Fit(scores=scores)


def checks(people: PeopleArrays, needs: NeedArrays) -> dict[str, np.ndarray]:
    """Each hard constraint's pass flags (:data:`matchmaker.engine.matching.CONSTRAINTS`), people x needs,
    dense: for the few people whose every need is blocked (unused potential), in chunks of people."""
    n_p, n_n = len(people), len(needs)
    out = {name: np.zeros((n_p, n_n), bool) for name in matching.CONSTRAINTS}
    if n_p and n_n:
        options = matching.ScoreOptions()
        factors = matching.coverage_factors(needs)
        cols = np.arange(n_n)
        for start in range(0, n_p, CHUNK):
            rows = np.arange(start, min(start + CHUNK, n_p))
            block = matching.constraint_checks(people, rows, needs, cols, options, factors=factors)
            for name in matching.CONSTRAINTS:
                out[name][rows] = np.broadcast_to(block[name], (len(rows), n_n))
    return out


def hard_to_fill(table: TransitionTable, people: PeopleArrays, needs: NeedArrays,
                 programmes: ProgrammeArrays | None, fitted: Fit | None = None) -> np.ndarray:
    """Per occupation: the share of open places nobody could fill now (engine insights on the real fit)."""
    fitted = fitted or fit(table, people, needs)
    return engine_insights.hard_to_fill(needs, programmes, scores=fitted.scores,
                                        n_occupations=table.space.n_occupations, threshold=FIT_THRESHOLD)


def organisation_places(session: Session, ids) -> tuple[str, ...]:
    """The town (municipality name) of each organisation id, in order ("" when unplaced)."""
    rows = dict(session.execute(select(Organisation.id, Municipality.name)
                                .outerjoin(Municipality, Municipality.code == Organisation.municipality_code)
                                .where(Organisation.id.in_([int(i) for i in ids]))).all()) if len(ids) else {}
    return tuple(rows.get(int(i)) or "" for i in ids)


def need_titles(session: Session, ids) -> dict[int, str]:
    return dict(session.execute(select(Need.id, Need.title).where(Need.id.in_([int(i) for i in ids])))
                .all()) if len(ids) else {}


def programme_names(session: Session, ids) -> tuple[str, ...]:
    rows = dict(session.execute(select(Programme.id, Programme.name)
                                .where(Programme.id.in_([int(i) for i in ids]))).all()) if len(ids) else {}
    return tuple(rows.get(int(i), "") for i in ids)
