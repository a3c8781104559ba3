"""One person against all needs, or one need against all people: the block of :mod:`.rules`, explained by
:mod:`.facts`; and the blocked needs closest to the people with few feasible ones (:func:`closest_blocked`). The
bulk path of a whole region's feasible pairs is :mod:`.search`."""
from __future__ import annotations

import numpy as np

from ..data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace
from ..errors import UnknownNeed, UnknownPerson, check_index
from ..names import Names
from .facts import Match, _build_match
from .rules import CONSTRAINTS, ScoreOptions, _options, _past_slots, coverage_factors, grid_scores, score_block
from .search import TopMatches

def hard_constraints(people: PeopleArrays, p: int, needs: NeedArrays, *, options: ScoreOptions | None = None,
                     **overrides) -> dict[str, np.ndarray]:
    """Pass/fail of every constraint in :data:`CONSTRAINTS` for person ``p`` against all needs.

    Distance is the haversine distance; the ``skills`` check needs no transition matrix.

    Returns
    -------
    dict
        constraint name → bool array over needs (``all`` of them = feasible).
    """
    o = _options(options, overrides)
    p = check_index(p, len(people), UnknownPerson, "person")
    block = score_block(None, people, [p], needs, np.arange(len(needs)), o)
    return {name: block["checks"][name][0] for name in CONSTRAINTS}


def _rank(scores: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    return candidates[np.lexsort((candidates, -scores[candidates].astype(np.float64)))]


def match_person(space: SkillSpace, transitions: np.ndarray | None, people: PeopleArrays, p: int,
                 needs: NeedArrays, programmes: ProgrammeArrays | None = None, *, limit: int | None = 10,
                 include_blocked: bool = False, extra_radius_km: float = 0.0, bridge_limit: int = 3,
                 names: Names = Names(), options: ScoreOptions | None = None, factors=None,
                 **overrides) -> list[Match]:
    """The best needs for person ``p``, each explained, best first (ties by need index).

    Parameters
    ----------
    transitions : ndarray or None
        From :func:`matchmaker.engine.transitions.transition_matrix`; None ignores experience.
    include_blocked : bool
        Also return needs that fail a constraint (after the feasible ones), saying what blocked them.
    extra_radius_km : float
        Extends the radius for the gap bridge only (people travel further for a short course).
    factors : tuple, optional
        :func:`coverage_factors` of ``needs``, when the caller keeps them (built here otherwise).
    **overrides
        Any field of :class:`ScoreOptions`, e.g. ``min_coverage=0.6``.

    Examples
    --------
    See ``tests/engine/test_matching.py``; the tiny region there reads like a story.
    """
    o = _options(options, overrides)
    p = check_index(p, len(people), UnknownPerson, "person")
    cols = np.arange(len(needs))
    block = score_block(transitions, people, [p], needs, cols, o, factors=factors)
    scores = block["score"][0]
    feasible = block["feasible"][0]
    order = list(_rank(scores, np.flatnonzero(feasible)))
    if include_blocked:
        order += list(_rank(scores, np.flatnonzero(~feasible)))
    if limit is not None:
        order = order[:limit]
    bridge_options = {"extra_radius_km": extra_radius_km, "limit": bridge_limit}
    return [_build_match(space, people, p, needs, int(j), programmes, block, 0, int(j), names, o, bridge_options)
            for j in order]


def candidates_for_need(space: SkillSpace, transitions: np.ndarray | None, people: PeopleArrays, j: int,
                        needs: NeedArrays, programmes: ProgrammeArrays | None = None, *, limit: int | None = 10,
                        include_blocked: bool = False, extra_radius_km: float = 0.0, bridge_limit: int = 3,
                        names: Names = Names(), options: ScoreOptions | None = None, explain: bool = True,
                        **overrides) -> list[Match]:
    """The best people for need ``j``, each explained, best first (ties by person index).

    The same block computation as :func:`match_person`, one column wide; scales to 100,000 people. ``explain``
    False leaves out the facts written to the person (the employer's view writes its own,
    :func:`explain_for_employer`).
    """
    o = _options(options, overrides)
    j = check_index(j, len(needs), UnknownNeed, "need")
    rows = np.arange(len(people))
    block = score_block(transitions, people, rows, needs, [j], o)
    scores = block["score"][:, 0]
    feasible = block["feasible"][:, 0]
    order = list(_rank(scores, np.flatnonzero(feasible)))
    if include_blocked:
        order += list(_rank(scores, np.flatnonzero(~feasible)))
    if limit is not None:
        order = order[:limit]
    bridge_options = {"extra_radius_km": extra_radius_km, "limit": bridge_limit}
    return [_build_match(space, people, int(p), needs, j, programmes, block, int(p), 0, names, o, bridge_options,
                         explain) for p in order]


def closest_blocked(transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays, top: TopMatches, *,
                    factors=None, batch_size: int = 256, options: ScoreOptions | None = None,
                    **overrides) -> tuple[np.ndarray, np.ndarray]:
    """For each person with fewer feasible needs in ``top`` (from :func:`~.search.top_matches`, as many columns as
    the list is long) than that: the blocked needs that fill their list, best first (score desc, then need index),
    as :func:`match_person` with ``include_blocked`` lists them after the feasible ones. Such a person's feasible
    needs are all in ``top``, so every other need is blocked and only scores are computed
    (:func:`~.rules.grid_scores`, a batch of people against every need at a time), no checks. Returns aligned
    (person, need) index arrays, by person then rank.

    >>> from tests.engine import tiny     # 4 people, 6 needs
    >>> from matchmaker.engine.matching import top_matches
    >>> people, needs, space = tiny.people(), tiny.needs(), tiny.space()
    >>> p, j = closest_blocked(None, people, needs, top_matches(space, None, people, needs, k=3))
    >>> live = [[m.need for m in match_person(space, None, people, q, needs, include_blocked=True, limit=3)
    ...          if not m.feasible] for q in range(len(people))]
    >>> [[int(b) for a, b in zip(p, j) if a == q] for q in range(len(people))] == live
    True
    """
    o = _options(options, overrides)
    k = min(top.needs.shape[1], len(needs))
    n_feasible = (top.needs >= 0).sum(axis=1)
    rows = np.flatnonzero(n_feasible < k)
    if len(rows) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    coding = factors or coverage_factors(needs)
    slots = _past_slots(people, o)
    out_p, out_j = [], []
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        wanted = k - n_feasible[batch]
        score = grid_scores(transitions, slots, people, batch, needs, coding, o)
        feasible = top.needs[batch]
        r, c = np.nonzero(feasible >= 0)
        score[r, feasible[r, c]] = -np.inf
        kth = int(wanted.max()) - 1
        threshold = -np.partition(-score, kth, axis=1)[:, kth]  # each row's k-th best blocked score
        r, c = np.nonzero((score >= threshold[:, None]) & np.isfinite(score))
        order = np.lexsort((c, -score[r, c].astype(np.float64), r))
        r, c = r[order], c[order]
        starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
        rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.r_[starts, len(r)]))
        keep = rank < wanted[r]
        out_p.append(batch[r[keep]])
        out_j.append(c[keep])
    return np.concatenate(out_p), np.concatenate(out_j)
