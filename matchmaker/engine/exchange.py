"""Matching an SME's question to practice cases, coming sessions and pioneers: pure functions of plain records.

Every match carries facts (:func:`matchmaker.explanations.fact`) that say why, in words an SME owner understands
once :mod:`matchmaker.explanations.exchange` writes them out.

- **Cases**: only cases that share at least one lever with the question. The best come first: sharing a lever
  *and* a barrier, then the same sector, then a similar size, then how many levers and barriers are shared
  (the weights are :class:`ExchangeOptions`).
- **Sessions**: coming sessions (starting after ``now``) on at least one of the question's levers with a free
  place, the nearest in time first; a session with the question's sector in focus wins a tie.
- **Pioneers** (the partner kind ``knowledge_exchange``): pioneer organisations strong on a lever of the question
  (``lever_strength >= min_strength``), scored as in :func:`matchmaker.engine.partners.knowledge_exchange`:
  strength, same sector, short distance.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from matchmaker.engine.geo import haversine_km
from matchmaker.explanations import Fact, fact
from matchmaker.vocabulary import EXCHANGE_BARRIERS, LEVERS, SIZE_CLASSES, size_class


@dataclass(frozen=True)
class ExchangeOptions:
    """How many of each kind a question gets, and what counts how much in a case's score (the weights add to 1)."""

    cases: int = 3
    sessions: int = 2
    pioneers: int = 2
    lever_weight: float = 0.35
    barrier_weight: float = 0.30
    sector_weight: float = 0.20
    size_weight: float = 0.15
    #: a pioneer counts on a lever from this strength (0..3) on
    min_strength: int = 2
    #: pioneers: distance at which closeness counts for 1/e
    distance_scale_km: float = 30.0


@dataclass(frozen=True)
class Question:
    levers: frozenset[str]
    barriers: frozenset[str]
    sector: str
    size: int
    latitude: float
    longitude: float
    organisation_id: int | None = None


@dataclass(frozen=True)
class Case:
    id: int
    title: str
    owner: str
    levers: frozenset[str]
    barriers: frozenset[str]
    sector: str
    size: int
    place: str | None = None
    open_to_visit: bool = False
    open_to_call: bool = False


@dataclass(frozen=True)
class Session:
    id: int
    title: str
    host: str
    starts_at: datetime
    levers: frozenset[str]
    sectors: frozenset[str]
    free_places: int
    online: bool = False
    place: str | None = None


@dataclass(frozen=True)
class Pioneer:
    id: int
    name: str
    sector: str
    lever_strengths: dict[str, int]
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Match:
    """One suggestion: the record's id, its score (0..1; for sessions 1 / days away), and why."""

    kind: str  # case | session | pioneer
    id: int
    score: float
    facts: tuple[Fact, ...] = field(default=())


def _in_order(codes: Iterable[str], vocabulary: Sequence[str]) -> list[str]:
    chosen = set(codes)
    return [code for code in vocabulary if code in chosen]


def size_similarity(a: int, b: int) -> float:
    """1 for the same size class, 0 for micro against large.

    >>> size_similarity(5, 8), size_similarity(5, 300), round(size_similarity(12, 60), 3)
    (1.0, 0.0, 0.667)
    """
    steps = abs(SIZE_CLASSES.index(size_class(a)) - SIZE_CLASSES.index(size_class(b)))
    return 1.0 - steps / (len(SIZE_CLASSES) - 1)


def match_cases(question: Question, cases: Iterable[Case], options: ExchangeOptions = ExchangeOptions()) -> list[Match]:
    """The cases most like ``question``, best first (at most ``options.cases``).

    >>> q = Question(frozenset({"smarter_working"}), frozenset({"time"}), "care", 40, 52.2, 6.8)
    >>> far = Case(1, "Roosters", "A", frozenset({"smarter_working"}), frozenset(), "retail", 400)
    >>> near = Case(2, "Teams", "B", frozenset({"smarter_working"}), frozenset({"time"}), "care", 30)
    >>> off = Case(3, "Samen", "C", frozenset({"co_creation"}), frozenset({"time"}), "care", 30)
    >>> [m.id for m in match_cases(q, [far, near, off])]
    [2, 1]
    """
    found = []
    for case in cases:
        levers = question.levers & case.levers
        if not levers:
            continue
        barriers = question.barriers & case.barriers
        same_sector = case.sector == question.sector
        similar = size_similarity(question.size, case.size)
        score = (options.lever_weight * len(levers) / max(1, len(question.levers))
                 + options.barrier_weight * (len(barriers) / max(1, len(question.barriers)) if question.barriers else 0)
                 + options.sector_weight * same_sector + options.size_weight * similar)
        key = (not barriers, not same_sector, -similar, -len(levers), -len(barriers), -score, case.id)
        facts = (fact("exchange.case", owner=case.owner, levers=_in_order(levers, LEVERS),
                      barriers=_in_order(barriers, EXCHANGE_BARRIERS), sector=case.sector, same_sector=same_sector,
                      size_class=size_class(case.size), same_size=similar == 1.0, place=case.place,
                      visit=case.open_to_visit, call=case.open_to_call),)
        found.append((key, Match("case", case.id, round(score, 6), facts)))
    found.sort(key=lambda pair: pair[0])
    return [match for _, match in found[:options.cases]]


def match_sessions(question: Question, sessions: Iterable[Session], now: datetime,
                   options: ExchangeOptions = ExchangeOptions()) -> list[Match]:
    """The coming sessions on the question's levers with a free place, nearest in time first.

    >>> from datetime import timezone
    >>> now = datetime(2027, 1, 1, tzinfo=timezone.utc)
    >>> q = Question(frozenset({"co_creation"}), frozenset(), "care", 40, 52.2, 6.8)
    >>> s = lambda i, day, free, lever="co_creation": Session(i, "S", "H", datetime(2027, 1, day, tzinfo=timezone.utc),
    ...                                                    frozenset({lever}), frozenset(), free)
    >>> [m.id for m in match_sessions(q, [s(1, 20, 5), s(2, 10, 0), s(3, 15, 2), s(4, 2, 9, "smarter_working")], now)]
    [3, 1]
    """
    found = []
    for session in sessions:
        levers = question.levers & session.levers
        if not levers or session.free_places <= 0 or session.starts_at <= now:
            continue
        days = (session.starts_at - now).total_seconds() / 86400
        in_focus = question.sector in session.sectors
        facts = (fact("exchange.session", host=session.host, levers=_in_order(levers, LEVERS),
                      starts_at=session.starts_at.isoformat(), free_places=session.free_places,
                      online=session.online, place=session.place, sector=question.sector if in_focus else None),)
        found.append(((session.starts_at, not in_focus, session.id),
                      Match("session", session.id, round(1 / (1 + days), 6), facts)))
    found.sort(key=lambda pair: pair[0])
    return [match for _, match in found[:options.sessions]]


def match_pioneers(question: Question, pioneers: Iterable[Pioneer],
                   options: ExchangeOptions = ExchangeOptions()) -> list[Match]:
    """Pioneers strong on one of the question's levers, best first: ``0.4 strength / 3 + 0.25 [same sector]
    + 0.35 exp(-km / distance_scale_km)`` on their strongest shared lever.

    >>> q = Question(frozenset({"dynamic_management"}), frozenset(), "care", 40, 52.22, 6.89)
    >>> near = Pioneer(1, "Zorg Oost", "care", {"dynamic_management": 2}, 52.22, 6.89)
    >>> weak = Pioneer(2, "Bouw West", "care", {"dynamic_management": 1}, 52.22, 6.89)
    >>> far = Pioneer(3, "Metaal Noord", "manufacturing", {"dynamic_management": 3}, 52.7, 6.0)
    >>> [m.id for m in match_pioneers(q, [far, weak, near])]
    [1, 3]
    """
    found = []
    for pioneer in pioneers:
        if pioneer.id == question.organisation_id:
            continue
        strengths = {lever: int(pioneer.lever_strengths.get(lever, 0)) for lever in question.levers}
        strong = {lever: s for lever, s in strengths.items() if s >= options.min_strength}
        if not strong:
            continue
        lever = max(_in_order(strong, LEVERS), key=lambda code: strong[code])
        km = float(haversine_km(question.latitude, question.longitude, pioneer.latitude, pioneer.longitude))
        same_sector = pioneer.sector == question.sector
        score = 0.4 * strong[lever] / 3 + 0.25 * same_sector + 0.35 * math.exp(-km / options.distance_scale_km)
        facts = (fact("exchange.pioneer", pioneer=pioneer.name, lever=lever, strength=strong[lever],
                      sector=pioneer.sector, same_sector=same_sector, km=round(km)),)
        found.append(((-score, pioneer.id), Match("pioneer", pioneer.id, round(score, 6), facts)))
    found.sort(key=lambda pair: pair[0])
    return [match for _, match in found[:options.pioneers]]
