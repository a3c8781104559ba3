"""Moves for a worker whose capacity, wish or job changes ("van werk naar werk").

Given one worker (a row of the people arrays, with their work-capacity limits when the reader may see them), the
change and the region's open needs, propose moves in this order, each explained:

1. **internal** — the employer's own other needs (with training on the job or a short programme where needed);
2. **network** — needs at partners: organisations in a network with the employer, or with a partner match that
   says they could take over its staff ("van werk naar werk": complementary seasons, a talent pipeline from the
   employer's work); for a worker who wants work all year, also **seasonal chains**: the current season at the
   employer plus a partner's season in the other months;
3. **elsewhere** — any other need within the worker's reach.

A move is *viable* when every hard constraint of :mod:`matchmaker.engine.matching` holds — distance, hours,
adjustments, Dutch, months, work capacity — and the essential skills reach the need's coverage gate either now
or after programmes within reach that teach what is missing. The change rules work out as well: a job at risk
(automation, the energy or digital transition) rules out the same occupation anywhere; a closing site rules out
the whole employer; a wish for other work rules out the same occupation; a wish for work all year rules out work
for part of the year (except as a chain). A capacity change is carried by the limits themselves, which are a hard
constraint: no proposal asks what a limit rules out. Pure functions of arrays; facts, no sentences.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matchmaker.explanations import fact
from matchmaker.vocabulary import ALL_MONTHS_MASK, WORK_DEMANDS, from_mask

from .data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace, row_indices
from .errors import InvalidParameter, UnknownPerson, check_index
from .geo import haversine_km
from .matching import CONSTRAINTS, Bridge, ScoreOptions, gap_bridge, min_essential_held, need_gate, score_block
from .bridges import needs_a_programme
from .names import Names

#: the tiers of moves, in the order they are proposed
TIERS = ("internal", "network", "elsewhere")


@dataclass(frozen=True)
class WorkerChangeFacts:
    """The change as the engine needs it. ``person`` indexes the people arrays; ``employer`` is the organisation id;
    ``occupation`` the current occupation's index in the skill space (-1 unknown); ``season`` the months mask of
    the current job (all months for year-round work)."""

    person: int
    employer: int
    occupation: int
    kind: str
    reason: str | None = None
    wish: str | None = None
    season: int = ALL_MONTHS_MASK


@dataclass(frozen=True)
class MoveOptions:
    """How many moves per tier, and how many months a seasonal chain must cover together with the current season.

    >>> MoveOptions().per_tier, MoveOptions().chain_months
    (3, 10)
    """

    per_tier: int = 3
    chain_months: int = 10
    #: how many of a tier's best-scoring candidates are examined for a bridge before giving up on the tier
    examine: int = 60

    def __post_init__(self):
        if self.per_tier < 1 or not 1 <= self.chain_months <= 12 or self.examine < self.per_tier:
            raise InvalidParameter("per_tier >= 1, chain_months in 1..12 and examine >= per_tier")


@dataclass(frozen=True)
class Move:
    """One proposed move: need ``need`` (index into the needs arrays) in ``tier``; ``chain`` says the worker keeps
    the current job in ``season`` and does this one in the other months. ``kept`` and ``gap`` are skill indices,
    ``bridge`` the programmes that close the gap where the need asks more than the worker has now."""

    tier: str
    need: int
    chain: bool
    score: float
    kept: tuple[int, ...]
    gap: tuple[int, ...]
    bridge: tuple[Bridge, ...]
    months_to_start: float
    work_months: int
    distance_km: float
    facts: tuple[dict, ...]


def ruled_out(change: WorkerChangeFacts, needs: NeedArrays) -> np.ndarray:
    """Needs the change itself rules out (before any constraint), and for a wish for all-year work the needs that
    are not all year (those may only come back as a chain).

    >>> from tests.engine import tiny
    >>> needs = tiny.needs()
    >>> ruled_out(WorkerChangeFacts(0, int(needs.organisation_ids[0]), int(needs.occupation[0]), "job_at_risk",
    ...                             "automation"), needs).tolist()[:1]
    [True]
    """
    employer = np.asarray(needs.organisation_ids) == change.employer
    same_occupation = (np.asarray(needs.occupation) == change.occupation) & (change.occupation >= 0)
    out = np.zeros(len(needs), bool)
    if change.kind == "job_at_risk":
        out |= employer if change.reason == "site_closing" else same_occupation
    elif change.kind == "wish":
        if change.wish == "other_work":
            out |= same_occupation
        elif change.wish == "year_round":
            out |= (np.asarray(needs.months, np.int64) & ALL_MONTHS_MASK) != ALL_MONTHS_MASK
            out |= employer & same_occupation
    return out


def _tiers(needs: NeedArrays, employer: int, partners: Sequence[int]) -> np.ndarray:
    organisations = np.asarray(needs.organisation_ids, np.int64)
    tier = np.full(len(needs), 2, np.int64)
    if len(partners):
        tier[np.isin(organisations, np.asarray(list(partners), np.int64))] = 1
    tier[organisations == employer] = 0
    return tier


def _closing_bridge(people, p, programmes, missing, needed: int, extra_km: float) -> tuple[Bridge, ...] | None:
    """Programmes within reach that together teach at least ``needed`` of the ``missing`` skills (best first), or
    None when those within reach cannot."""
    if needed <= 0:
        return ()
    chosen, closed = [], set()
    for bridge in gap_bridge(people, p, programmes, missing, extra_radius_km=extra_km, limit=None):
        new = set(bridge.closes) - closed
        if not new:
            continue
        chosen.append(bridge)
        closed |= new
        if len(closed) >= needed:
            return tuple(chosen)
    return None


def _limits(people: PeopleArrays, p: int) -> tuple[list[str], int]:
    limits = 0 if people.capacity_limits is None else int(people.capacity_limits[p])
    max_hours = 0 if people.max_hours is None else int(people.max_hours[p])
    return from_mask(limits, WORK_DEMANDS), max_hours


def propose_moves(space: SkillSpace, transitions, people: PeopleArrays, change: WorkerChangeFacts, needs: NeedArrays,
                  programmes: ProgrammeArrays | None, *, partners: Mapping[int, str] | None = None,
                  matched: Mapping[int, str] | None = None, names: Names = Names(), employer_name: str = "",
                  options: MoveOptions | None = None, score_options: ScoreOptions | None = None,
                  extra_radius_km: float = 0.0) -> list[Move]:
    """Viable moves for the worker of ``change``: internal first, then partners (with seasonal chains), then
    elsewhere; within a tier best score first (ties by need index). ``partners`` maps the organisation ids in a
    network with the employer to the network's name; ``matched`` maps the organisation ids with a partner match
    that could take over the employer's staff to the match's kind (the reason a move names)."""
    o, so = options or MoveOptions(), score_options or ScoreOptions()
    p = check_index(change.person, len(people), UnknownPerson, "person")
    partners = dict(partners or {})
    matched = {org: kind for org, kind in (matched or {}).items() if org not in partners and org != change.employer}
    if len(needs) == 0:
        return []
    cols = np.arange(len(needs))
    block = score_block(transitions, people, [p], needs, cols, so)
    checks = {name: np.broadcast_to(block["checks"][name], (1, len(needs)))[0] for name in CONSTRAINTS}
    hard = np.logical_and.reduce([checks[name] for name in CONSTRAINTS if name != "skills"])
    score = block["score"][0]
    excluded = ruled_out(change, needs)
    tier = _tiers(needs, change.employer, [*partners, *matched])
    chain = np.zeros(len(needs), bool)
    if change.kind == "wish" and change.wish == "year_round":
        months = np.asarray(needs.months, np.int64)
        together = np.array([bin(int(m | change.season) & ALL_MONTHS_MASK).count("1") for m in months])
        chain = (tier == 1) & ((months & change.season) == 0) & (together >= o.chain_months)
    candidates = hard & (~excluded | chain)
    held = set(row_indices(people.skills, p).tolist())
    limits, max_hours = _limits(people, p)
    moves: list[Move] = []
    for t, name in enumerate(TIERS):
        in_tier = np.flatnonzero(candidates & (tier == t))
        order = in_tier[np.lexsort((in_tier, -score[in_tier].astype(np.float64)))][:o.examine]
        found = 0
        for j in order:
            move = _move(space, people, p, needs, int(j), programmes, names, so, name=name, chain=bool(chain[j]),
                         score=float(score[j]), skills_ok=bool(checks["skills"][j]), held=held, change=change,
                         partners=partners, matched=matched, employer_name=employer_name, limits=limits,
                         max_hours=max_hours, extra_km=extra_radius_km)
            if move is not None:
                moves.append(move)
                found += 1
                if found == o.per_tier:
                    break
    return moves


def _where(name: str, organisation: int, partners: Mapping[int, str], matched: Mapping[int, str], **params) -> dict:
    """The first fact of a move: where it is, and for a partner why it counts as one (the network they share, or
    the kind of partner match)."""
    if name == "network" and organisation not in partners:
        return fact("move.partner", reason=matched[organisation], **params)
    return fact(f"move.{name}", network=partners.get(organisation, "") if name == "network" else "", **params)


def _move(space, people, p, needs, j, programmes, names, so, *, name, chain, score, skills_ok, held, change, partners,
          matched, employer_name, limits, max_hours, extra_km) -> Move | None:
    essential = sorted(set(row_indices(needs.essential, j).tolist()))
    kept = tuple(s for s in essential if s in held)
    gap = tuple(s for s in essential if s not in held)
    trains = bool(needs.trains_on_job[j])
    least = int(min_essential_held(len(essential), need_gate(needs, j, so)))
    bridge: tuple[Bridge, ...] = ()
    if not skills_ok:
        if programmes is None:
            return None
        bridge = _closing_bridge(people, p, programmes, gap, least - len(kept), extra_km)
        if bridge is None:
            return None
    elif gap and programmes is not None and not trains:  # what the work itself teaches needs no programme
        to_teach = needs_a_programme(gap, space.on_the_job)
        bridge = tuple(gap_bridge(people, p, programmes, to_teach, extra_radius_km=extra_km, limit=1))
    start = max((b.duration_months for b in bridge), default=0.0) if not skills_ok else 0.0
    distance = float(haversine_km(people.lat[p], people.lon[p], needs.lat[j], needs.lon[j]))
    months = int(needs.months[j]) & ALL_MONTHS_MASK
    labels = space.skill_labels
    title = names.need(j, fallback=str(needs.ids[j]))
    employer = names.employer(j, fallback=str(needs.organisation_ids[j]))
    facts = [_where(name, int(needs.organisation_ids[j]), partners, matched, need=title, employer=employer,
                    km=None if np.isnan(distance) else round(distance, 1))]
    if chain:
        facts.append(fact("move.chain", employer=employer_name, season=int(change.season), months=months,
                          together=bin(months | int(change.season)).count("1")))
    if essential:
        facts.append(fact("move.kept", held=len(kept), total=len(essential), skills=[labels[s] for s in kept]))
    facts.append(fact("move.gap", skills=[labels[s] for s in gap], learn_on_job=trains) if gap else fact("move.no_gap"))
    for b in bridge:
        facts.append(fact("move.bridge", programme=names.programme(b.programme, fallback=str(programmes.ids[b.programme])),
                          months=b.duration_months, skills=[labels[s] for s in b.closes], needed=not skills_ok))
    facts.append(fact("move.start", months=start))
    if not chain:
        facts.append(fact("move.months", months=months))
    if limits or max_hours:
        facts.append(fact("move.fits_limits", limits=limits, max_hours=max_hours))
    return Move(name, j, chain, score, kept, gap, bridge, start, months, distance, tuple(facts))


#: facts that speak of the worker's limits: only for the worker, their advisor and admins
LIMIT_FACTS = ("move.fits_limits",)


@dataclass(frozen=True)
class Flow:
    """Viable moves from one sector to another (indices into vocabulary.SECTORS) in one tier."""

    from_sector: str
    to_sector: str
    tier: str
    moves: int
    workers: int


def flows(rows: Sequence[tuple[int, str, str, str]]) -> list[Flow]:
    """Sector-to-sector flows of viable moves from ``rows`` of (worker, from sector, to sector, tier): the moves
    and the distinct workers per (from, to, tier), largest first. The moves add up to ``len(rows)``.

    >>> [(f.from_sector, f.to_sector, f.moves, f.workers) for f in flows(
    ...     [(1, "logistics", "logistics", "internal"), (1, "logistics", "logistics", "internal"),
    ...      (2, "care", "public_social", "elsewhere")])]
    [('logistics', 'logistics', 2, 1), ('care', 'public_social', 1, 1)]
    """
    moves: dict[tuple[str, str, str], int] = {}
    workers: dict[tuple[str, str, str], set] = {}
    for worker, source, target, tier in rows:
        key = (source, target, tier)
        moves[key] = moves.get(key, 0) + 1
        workers.setdefault(key, set()).add(worker)
    order = sorted(moves, key=lambda k: (-moves[k], TIERS.index(k[2]), k[0], k[1]))
    return [Flow(k[0], k[1], k[2], moves[k], len(workers[k])) for k in order]
