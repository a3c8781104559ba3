"""One person against all needs, or one need against all people: the block of :mod:`.rules`, explained by
:mod:`.facts`. The bulk path of a whole region is :mod:`.search`."""
from __future__ import annotations

import numpy as np

from ..data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace
from ..errors import UnknownNeed, UnknownPerson, check_index
from ..names import Names
from .facts import Match, _build_match
from .rules import CONSTRAINTS, ScoreOptions, _options, score_block

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
