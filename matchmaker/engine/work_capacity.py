"""Work capacity: what work demands of a body or mind, and what a person's limits rule out.

A need states its demands (:data:`matchmaker.vocabulary.WORK_DEMANDS`) or takes its occupation's defaults, derived
here from the occupation's essential ESCO skills: "lift heavy weights", "lift and carry loads" or "help clients move
and transfer" demand heavy lifting, "work in shifts" night or irregular shifts, "work outdoors" or "work in outdoor
conditions" outdoor work, "work standing for long periods" standing all day, "work at pace" or "stay calm under pressure" a high pace. The
rules read a skill's English and Dutch labels (ESCO's own and the built-in taxonomy's), so they hold for any ESCO
import. A person's limits are the demands they cannot meet, plus the most hours a week they can work: a hard
constraint in matching (:func:`fits`), never a score. Everything here is a pure function of arrays and labels.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from matchmaker.vocabulary import WORK_DEMANDS, from_mask, to_mask

#: demand → the pattern a skill label (English or Dutch, lower case) matches when the skill demands it
DEMAND_RULES: dict[str, re.Pattern] = {
    "heavy_lifting": re.compile(r"\b(lift|carry)\b.*\b(heavy|weights?|loads?|luggage)\b|\bmanual handling\b"
                                r"|\bmove and transfer\b|\b(patient|client) transfers?\b"
                                r"|\bzware? (gewichten|lasten)\b|\btillen en dragen\b|\bbagage .*dragen\b"
                                r"|\btransfers uitvoeren\b"),
    "standing_all_day": re.compile(r"\bstand(ing)?\b.*\blong periods\b|\blangdurig staand\b"),
    "night_shifts": re.compile(r"\b(work|working) in shifts\b|\bnight (work|shifts?)\b|\birregular (hours|shifts)\b"
                               r"|\bploegendienst|\bnachtdienst"),
    "outdoor_work": re.compile(r"\boutdoors?\b|\boutdoor conditions\b|\bbuiten werken\b|\bbuitenwerk"),
    "high_pace": re.compile(r"\b(at|high|fast) pace\b|\bproduction targets\b|\bunder pressure\b|\btolerate stress\b"
                            r"|\bcope with stress\b|\bhoog tempo\b|\bstressbestendig"),
}
assert tuple(DEMAND_RULES) == WORK_DEMANDS


def label_demands(*labels: str | None) -> int:
    """The demands (bitmask over WORK_DEMANDS) a skill with these labels makes.

    >>> from_mask(label_demands("lift heavy weights"), WORK_DEMANDS)
    ['heavy_lifting']
    >>> from_mask(label_demands("work in shifts", "werken in ploegendienst"), WORK_DEMANDS)
    ['night_shifts']
    >>> label_demands("use patient lifting aids", "tilliften en tilhulpmiddelen gebruiken")
    0
    """
    text = " | ".join(label.lower() for label in labels if label)
    return to_mask([demand for demand, rule in DEMAND_RULES.items() if rule.search(text)], WORK_DEMANDS)


def skill_demands(labels: Iterable[Sequence[str | None]]) -> np.ndarray:
    """One bitmask per skill, from each skill's labels (a tuple of English, Dutch, …)."""
    return np.array([label_demands(*names) for names in labels], dtype=np.int64)


def occupation_demands(essential, skill_masks: np.ndarray) -> np.ndarray:
    """Default demands per occupation: those of its essential skills (``essential``: occupations × skills, 0/1),
    one sparse product per demand.

    >>> essential = sparse.csr_matrix(np.array([[1, 1, 0], [0, 0, 1], [0, 0, 0]]))
    >>> masks = np.array([to_mask(["heavy_lifting"], WORK_DEMANDS), 0, to_mask(["outdoor_work"], WORK_DEMANDS)])
    >>> [from_mask(int(m), WORK_DEMANDS) for m in occupation_demands(essential, masks)]
    [['heavy_lifting'], ['outdoor_work'], []]
    """
    essential = sparse.csr_matrix(essential, dtype=np.float32)
    masks = np.asarray(skill_masks, np.int64)
    out = np.zeros(essential.shape[0], np.int64)
    for bit in range(len(WORK_DEMANDS)):
        has = (masks >> bit & 1).astype(np.float32)
        if has.any():
            out |= (essential @ has > 0).astype(np.int64) << bit
    return out


def need_demands(stated: Sequence[Sequence[str] | None], occupation: np.ndarray,
                 defaults: np.ndarray) -> np.ndarray:
    """Each need's demands: its own when stated (a list, also an empty one), else its occupation's defaults
    (``defaults`` indexed by ``occupation``; -1 = no occupation, no demands).

    >>> need_demands([None, [], ["high_pace"]], np.array([0, 0, -1]), np.array([1]))
    array([ 1,  0, 16])
    """
    occupation = np.asarray(occupation, np.int64)
    fallback = np.where(occupation >= 0, np.asarray(defaults, np.int64)[np.maximum(occupation, 0)], 0) \
        if len(defaults) else np.zeros(len(occupation), np.int64)
    return np.array([to_mask(own, WORK_DEMANDS) if own is not None else int(fallback[i])
                     for i, own in enumerate(stated)], dtype=np.int64)


def fits(limits, max_hours, demands, hours) -> np.ndarray:
    """Whether work with ``demands`` (bitmasks) and ``hours`` a week fits people with ``limits`` (bitmasks) and
    ``max_hours`` (0 = no maximum): no demand they cannot meet, no more hours than they can work. Broadcasts.

    >>> fits(np.array([1, 0, 0]), np.array([0, 0, 24]), np.array([1, 1, 0]), np.array([32, 32, 32])).tolist()
    [False, True, False]
    """
    limits, demands = np.asarray(limits, np.int64), np.asarray(demands, np.int64)
    max_hours, hours = np.asarray(max_hours, np.float64), np.asarray(hours, np.float64)
    return ((limits & demands) == 0) & ((max_hours <= 0) | (hours <= max_hours))


def conflicts(limits: int, demands: int) -> list[str]:
    """The demands of the work that the limits rule out, as codes.

    >>> conflicts(to_mask(["heavy_lifting", "night_shifts"], WORK_DEMANDS), to_mask(["heavy_lifting"], WORK_DEMANDS))
    ['heavy_lifting']
    """
    return from_mask(int(limits) & int(demands), WORK_DEMANDS)
