"""Skill levels: how far a move reaches, in ISCO-08's four skill levels.

ISCO-08 ranks work by the skill level its tasks ask (ILO, *ISCO-08 structure and definitions*, table 1):
level 1 elementary (major group 9), level 2 operational (groups 4–8), level 3 technical (group 3, and
managers of small units in group 1), level 4 professional (group 2). A person's level is the highest of the
occupations they held and their education: the Dutch levels map onto ISCO's through ISCED (mbo 2–3 and
havo/vwo are upper secondary, mbo 4 short tertiary-like, hbo and wo bachelor and above).
"""
from __future__ import annotations

import numpy as np

#: a move this many skill levels up (or more) is not a direct move: it needs a qualifying programme first
LEVEL_STEP = 2
#: ISCO-08 major group (first digit) → skill level; armed forces (0) by sub-major group below
MAJOR_GROUP_LEVEL = {"1": 3, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}
ARMED_FORCES_LEVEL = {"01": 4, "02": 2, "03": 2}
#: education level (vocabulary.EDUCATION_LEVELS) → the ISCO skill level it prepares for
EDUCATION_LEVEL = {"none": 1, "primary": 1, "vmbo": 1, "mbo1": 1, "mbo2": 2, "mbo3": 2, "mbo4": 3,
                   "havo_vwo": 2, "hbo": 4, "wo": 4}
#: programme level (vocabulary.PROGRAMME_LEVELS) → the ISCO skill level it qualifies for
PROGRAMME_LEVEL = {"course": 0, "mbo1": 1, "mbo2": 2, "mbo3": 2, "mbo4": 3, "associate": 3, "hbo": 4, "wo": 4}


def isco_level(group: str) -> int:
    """ISCO skill level 1–4 of a 4-digit ISCO group, 0 when unknown.

    >>> isco_level("9333"), isco_level("2221"), isco_level("3221"), isco_level("")
    (1, 4, 3, 0)
    """
    group = str(group or "")
    if not group:
        return 0
    if group[0] == "0":
        return ARMED_FORCES_LEVEL.get(group[:2], 2)
    return MAJOR_GROUP_LEVEL.get(group[0], 0)


def occupation_levels(isco_groups) -> np.ndarray:
    """Skill level per occupation (0 = unknown), aligned with ``SkillSpace.isco_group``.

    >>> occupation_levels(("8344", "2221", "")).tolist()
    [2, 4, 0]
    """
    return np.array([isco_level(g) for g in isco_groups], np.int8)


#: skill level (1-4) → its name, for labels (:data:`matchmaker.labels`, "skill_level"); 0 = unknown
LEVEL_NAMES = ("", "elementary", "skilled", "technical", "professional")


def reached_levels(education, work) -> np.ndarray:
    """Per person, the level they reached: the higher of their education's and of the work they held (either
    array may be None: not known).

    >>> reached_levels(np.array([2, 1, 0]), np.array([1, 3, 0])).tolist()
    [2, 3, 0]
    >>> reached_levels(None, None) is None
    True
    """
    known = [np.asarray(a, np.int64) for a in (education, work) if a is not None]
    return np.maximum.reduce(known) if known else None


def level_fits(own, work) -> np.ndarray:
    """Whether work of level ``work`` is a direct step from level ``own``: less than :data:`LEVEL_STEP` levels up.
    Unknown levels (0) are not held against anyone. Vectorised.

    >>> level_fits([2, 2, 1, 0, 2], [3, 4, 3, 4, 0]).tolist()
    [True, False, False, True, True]
    """
    own, work = np.asarray(own, np.int64), np.asarray(work, np.int64)
    return (own == 0) | (work == 0) | (work - own < LEVEL_STEP)


def highest_held(past_occupations, levels) -> np.ndarray:
    """Per row of ``past_occupations`` (people × occupations, nonzero = held), the highest level held (0 none).

    >>> from scipy import sparse
    >>> highest_held(sparse.csr_matrix([[1.5, 0, 2.0], [0, 0, 0]]), np.array([1, 4, 3])).tolist()
    [3, 0]
    """
    from scipy import sparse

    held = sparse.csr_matrix(past_occupations, dtype=np.float64)
    held = (held != 0).multiply(np.asarray(levels, np.float64)[None, :]).tocsr()
    return np.asarray(held.max(axis=1).toarray()).ravel().astype(np.int8) if held.shape[1] else np.zeros(held.shape[0], np.int8)
