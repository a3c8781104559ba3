"""Bridges in proportion: when a programme is a sensible way to close a skills gap.

A programme is proposed for a gap only when its length fits what it closes and the work it opens: no more than
``months_per_skill`` months per missing skill it closes (always allowed up to ``min_months``: a short course is
never out of proportion), and never longer than the seasonal work it leads to. Bridges are ranked by what they
close per month. A need whose employer trains on the job bridges its gap on the job, without a programme, and so
does a skill one learns at any work (ESCO's *transversal* skills, such as working in a team or following work
instructions; :func:`learned_on_the_job`): no programme is proposed for those.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from matchmaker.vocabulary import ALL_MONTHS_MASK
from .errors import InvalidParameter


@dataclass(frozen=True)
class BridgeOptions:
    """The proportions of a bridge. Four months per skill lets a two-year programme close six skills, a
    one-month course close one; a 12-month programme for one instruction skill is out of proportion.

    >>> BridgeOptions().months_per_skill
    4.0
    """

    months_per_skill: float = 4.0
    min_months: float = 1.0

    def __post_init__(self):
        if self.months_per_skill <= 0 or self.min_months < 0:
            raise InvalidParameter("months_per_skill must be > 0 and min_months >= 0")


#: ESCO's reuse level of a skill that one learns at any work (the others: cross-sector, sector-specific,
#: occupation-specific)
TRANSVERSAL = "transversal"


def learned_on_the_job(reuse_levels, languages) -> np.ndarray:
    """Per skill: is it learned on the job, so that a gap in it needs no programme? True for a skill ESCO marks
    transversal, except a language (``languages``: True per language skill), which a course teaches (NT2).

    >>> learned_on_the_job(["transversal", "transversal", "sector-specific", ""], [False, True, False, False]).tolist()
    [True, False, False, False]
    """
    return (np.asarray(reuse_levels, object) == TRANSVERSAL) & ~np.asarray(languages, bool)


def needs_a_programme(missing, on_the_job: np.ndarray | None) -> tuple[int, ...]:
    """The ``missing`` skills a programme has to teach: those not learned on the job (``on_the_job`` per skill,
    None: none is).

    >>> needs_a_programme((0, 2, 3), np.array([True, False, False, True]))
    (2,)
    """
    if on_the_job is None:
        return tuple(missing)
    return tuple(s for s in missing if not on_the_job[s])


#: months in each 12-bit mask, looked up
_MONTH_COUNT = np.array([bin(m).count("1") for m in range(ALL_MONTHS_MASK + 1)], np.int64)


def work_months(months_mask) -> np.ndarray:
    """How many months the work lasts: the months in a 12-bit mask (12 for work all year).

    >>> work_months([ALL_MONTHS_MASK, 0b1111 << 4]).tolist()
    [12, 4]
    """
    return _MONTH_COUNT[np.asarray(months_mask, np.int64) & ALL_MONTHS_MASK]


def in_proportion(duration_months, closes, months_of_work, options: BridgeOptions = BridgeOptions(), *,
                  career_change=False) -> np.ndarray:
    """Whether a programme of ``duration_months`` that closes ``closes`` missing skills fits the gap and the
    work (``months_of_work``, 12 for work all year). Vectorised. ``career_change`` (per programme, or one for all)
    lifts the second rule only: a person who wants to learn a new trade may take a programme longer than the
    seasonal work it opens (:func:`longer_than_work` says which), never one out of proportion to the gap.

    >>> in_proportion([12, 1, 3, 6], [1, 1, 2, 2], [12, 12, 12, 4]).tolist()
    [False, True, True, False]
    >>> in_proportion([12, 1, 3, 6], [1, 1, 2, 2], [12, 12, 12, 4], career_change=True).tolist()
    [False, True, True, True]
    """
    duration = np.asarray(duration_months, float)
    fits_gap = duration <= np.maximum(options.min_months, options.months_per_skill * np.asarray(closes, float))
    return fits_gap & (~longer_than_work(duration, months_of_work) | np.asarray(career_change, bool))


def longer_than_work(duration_months, months_of_work) -> np.ndarray:
    """Whether a programme lasts longer than the seasonal or short work it opens (work all year: never).

    >>> longer_than_work([6, 6, 4], [4, 12, 4]).tolist()
    [True, False, False]
    """
    months = np.asarray(months_of_work, float)
    return (months < 12) & (np.asarray(duration_months, float) > months)


#: a skill is the Dutch language when its label names it (ESCO "Nederlands", the built-in "Nederlands op de
#: werkvloer" / "communicate in Dutch at work")
DUTCH_SKILL = re.compile(r"\b(nederlands|dutch)\b", re.IGNORECASE)


def dutch_skills(skill_labels) -> np.ndarray:
    """Indices of the skills that are the Dutch language.

    >>> dutch_skills(("Nederlands op de werkvloer", "heftruck besturen", "communicate in Dutch at work")).tolist()
    [0, 2]
    """
    return np.array([i for i, text in enumerate(skill_labels) if DUTCH_SKILL.search(text or "")], np.int64)


def within_reach_of_any(lat, lon, radius_km, place_lat, place_lon) -> np.ndarray:
    """Per person (``lat``, ``lon``, ``radius_km``): does any of the places lie within their radius? A place without
    coordinates (online) is within everyone's reach.

    >>> within_reach_of_any([52.5, 53.2], [6.1, 6.56], [20, 5], [52.52], [6.08]).tolist()
    [True, False]
    """
    from .geo import haversine_km

    lat, lon, radius = (np.asarray(a, float) for a in (lat, lon, radius_km))
    near = np.zeros(len(lat), bool)
    for course_lat, course_lon in zip(place_lat, place_lon):  # a handful of language courses in a province
        near |= np.nan_to_num(haversine_km(lat, lon, course_lat, course_lon), nan=0.0) <= radius
    return near
