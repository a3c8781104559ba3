"""The explanations of matches: what a :class:`Match` states, in facts an advisor can read aloud.

One match at a time (:func:`_build_match`, for :mod:`.lookup`), every person's top matches in bulk
(:func:`explain_top_matches`, the same facts from pair arrays) and the employer's third-person view without
special-category hints (:func:`explain_for_employer`). Render facts with :func:`matchmaker.explanations.render`.
"""
from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matchmaker.explanations import fact
from matchmaker.vocabulary import ACCOMMODATIONS, DUTCH_LEVELS, WORK_DEMANDS, from_mask
from ..bridges import in_proportion, longer_than_work, needs_a_programme, work_months
from ..data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace, binary, row_indices
from ..errors import InvalidParameter
from ..geo import haversine_km
from ..levels import LEVEL_NAMES, reached_levels
from ..names import Names
from .. import work_capacity
from .rules import (CONSTRAINTS, TRAVELLING_MASK, Bridge, ScoreOptions, _evaluate, _options, _past_slots, gap_bridge,
                    need_gate, workplace_adjustments)
from .search import TopMatches, _check_batching

@dataclass(frozen=True)
class Match:
    """One person × need, explained. ``constraints`` holds (name, passed, fact) for every check made; ``facts``
    describe the match (render them with :func:`matchmaker.explanations.render`)."""

    person: int
    need: int
    score: float
    feasible: bool
    essential_coverage: float
    optional_coverage: float
    experience: float
    welcomed: bool
    matched: tuple[int, ...]
    matched_optional: tuple[int, ...]
    missing: tuple[int, ...]
    constraints: tuple[tuple[str, bool, str], ...]
    bridge: tuple[Bridge, ...]
    facts: tuple[dict, ...]

    @property
    def blocked_by(self) -> tuple[str, ...]:
        return tuple(name for name, passed, _ in self.constraints if not passed)


def _need_label(space: SkillSpace, needs: NeedArrays, j: int, names: Names) -> str:
    occ = int(needs.occupation[j])
    label = space.occupation_labels[occ] if occ >= 0 else str(needs.ids[j])
    return names.need(j, fallback=label)


def _constraint_facts(people, p, needs, j, checks, distance_km, o, ess_cov) -> list[tuple[str, bool, dict]]:
    out = []
    if np.isnan(distance_km):
        out.append(("distance", bool(checks["distance"]), fact("check.no_place")))
    else:
        out.append(("distance", bool(checks["distance"]), fact("check.distance", km=round(distance_km, 1),
                    radius=round(float(people.radius_km[p]), 1), within=bool(checks["distance"]))))
    out.append(("hours", bool(checks["hours"]), fact("check.hours", asked=float(needs.hours[j]),
                                                     can=float(people.hours[p]))))
    needed = int(workplace_adjustments(people.accommodations_needed[p]))
    offered = int(needs.accommodations_offered[j])
    out.append(("accommodations", bool(checks["accommodations"]), fact(
        "check.accommodations", needed=from_mask(needed, ACCOMMODATIONS),
        missing=from_mask(needed & ~offered, ACCOMMODATIONS))))
    short = int(needs.dutch_level[j]) > int(people.dutch_level[p])  # and yet passed: a Dutch course bridges it
    out.append(("dutch", bool(checks["dutch"]), fact("check.dutch", asked=DUTCH_LEVELS[int(needs.dutch_level[j])],
                                                     has=DUTCH_LEVELS[int(people.dutch_level[p])],
                                                     **({"course": True} if short and checks["dutch"] else {}))))
    out.append(("months", bool(checks["months"]), fact("check.months", work=int(needs.months[j]),
                                                       available=int(people.available_months[p]))))
    limits = 0 if people.capacity_limits is None else int(people.capacity_limits[p])
    max_hours = 0 if people.max_hours is None else int(people.max_hours[p])
    demands = 0 if needs.demands is None else int(needs.demands[j])
    trains = bool(needs.trains_on_job[j])
    beginners = trains and needs.beginners is not None and bool(needs.beginners[j])
    out.append(("skills", bool(checks["skills"]), fact(
        "check.skills", coverage=round(ess_cov, 4), needed=need_gate(needs, j, o), trains_on_job=trains,
        **({"beginners": True} if beginners else {}))))
    out.append(("capacity", bool(checks["capacity"]), fact(
        "check.capacity", limited=bool(limits or max_hours), conflicts=work_capacity.conflicts(limits, demands),
        demands=from_mask(demands, WORK_DEMANDS), hours=float(needs.hours[j]), max_hours=max_hours)))
    own = reached_levels(people.skill_level, people.work_level)
    work = 0 if needs.level is None else int(needs.level[j])
    out.append(("level", bool(checks["level"]), fact(
        "check.level", work=LEVEL_NAMES[work], own=LEVEL_NAMES[0 if own is None else int(own[p])])))
    return out


def _explain_match(space, people, p, needs, j, programmes, names, *, score, feasible, welcomed, matched,
                   matched_optional, missing, n_optional, experience, constraints, bridge, o,
                   years: dict[int, float] | None = None) -> tuple[dict, ...]:
    labels = space.skill_labels
    role = _need_label(space, needs, j, names)
    n_ess = len(matched) + len(missing)
    facts = []
    if n_ess:
        facts.append(fact("match.essential", held=len(matched), total=n_ess, need=role,
                          skills=[labels[s] for s in matched]))
        facts.append(fact("match.missing", skills=[labels[s] for s in missing]) if missing
                     else fact("match.nothing_missing"))
    else:
        facts.append(fact("match.no_essential", need=role))
    if n_optional:
        facts.append(fact("match.optional", held=len(matched_optional), total=n_optional))
    if experience > 0:
        if years is None:
            past = sparse.csr_matrix(people.past_occupations)[p]
            years = {int(i): float(y) for i, y in zip(past.indices, past.data)}
        facts.append(fact("match.experience", jobs=[[space.occupation_labels[i], round(y, 1)] for i, y in years.items()],
                          credit=round(experience, 4)))
    if welcomed:
        facts.append(fact("match.welcomed"))
    supports = int(people.accommodations_needed[p]) & TRAVELLING_MASK
    if supports:
        facts.append(fact("match.support", supports=from_mask(supports, ACCOMMODATIONS),
                          offered=from_mask(supports & int(needs.accommodations_offered[j]), ACCOMMODATIONS)))
    if feasible:
        facts.append(fact("match.checked", checks=[f for _, _, f in constraints]))
    else:
        facts.append(fact("match.blocked", checks=[f for _, ok, f in constraints if not ok]))
    months_of_work = int(work_months(needs.months[j]))
    for b in bridge:
        name = names.programme(b.programme, fallback=str(programmes.ids[b.programme]))
        # only offered because the person wants a career change: the sentence says so
        longer = {"career_change": True} if longer_than_work(b.duration_months, months_of_work) else {}
        facts.append(fact("match.bridge", programme=name, months=b.duration_months, km=round(b.distance_km),
                          skills=[labels[s] for s in b.closes], **longer))
    if missing and bool(needs.trains_on_job[j]):
        facts.append(fact("match.on_the_job", skills=[labels[s] for s in missing]))
    else:
        at_work = sorted(set(missing) - set(needs_a_programme(missing, space.on_the_job)))
        if at_work:
            facts.append(fact("match.learned_at_work", skills=[labels[s] for s in at_work]))
        if len(at_work) < len(missing) and not bridge and programmes is not None:
            facts.append(fact("match.no_bridge"))
    facts.append(fact("match.score", score=round(score, 4)))
    return tuple(facts)


def _build_match(space, people, p, needs, j, programmes, block, r, c, names, o, bridge_options,
                 explain: bool = True) -> Match:
    held = set(row_indices(people.skills, p).tolist())
    ess = sorted(set(row_indices(needs.essential, j).tolist()))
    opt = sorted(set(row_indices(needs.optional, j).tolist()))
    matched = tuple(s for s in ess if s in held)
    missing = tuple(s for s in ess if s not in held)
    matched_opt = tuple(s for s in opt if s in held)
    checks = {name: bool(block["checks"][name][r, c]) for name in CONSTRAINTS}
    distance = float(haversine_km(people.lat[p], people.lon[p], needs.lat[j], needs.lon[j]))
    ess_cov = float(block["essential"][r, c])
    constraints = tuple(_constraint_facts(people, p, needs, j, checks, distance, o, ess_cov))
    # the employer teaches what is missing, or it is learned at any work: no programme needed
    for_programme = () if bool(needs.trains_on_job[j]) else needs_a_programme(missing, space.on_the_job)
    bridge = tuple(gap_bridge(people, p, programmes, for_programme, months_of_work=int(work_months(needs.months[j])),
                              **bridge_options)) if programmes is not None and for_programme else ()
    score = float(block["score"][r, c])
    welcomed = score > float(block["base"][r, c])
    feasible = bool(block["feasible"][r, c])
    experience = float(block["experience"][r, c])
    facts = _explain_match(space, people, p, needs, j, programmes, names, score=score, feasible=feasible,
                                 welcomed=welcomed, matched=matched, matched_optional=matched_opt, missing=missing,
                                 n_optional=len(opt), experience=experience, constraints=constraints,
                                 bridge=bridge, o=o) if explain else ()
    return Match(p, j, score, feasible, ess_cov, float(block["optional"][r, c]), experience, welcomed, matched,
                 matched_opt, missing, constraints, bridge, facts)


@dataclass(frozen=True)
class ExplainedMatches:
    """Bulk result of :func:`explain_top_matches`: the facts behind every pair's explanation, as arrays.

    Pair ``i`` is person ``person[i]`` × need ``need[i]``; a person's pairs are ``offsets[p]:offsets[p + 1]``,
    best first. ``matched``, ``missing`` and ``matched_optional`` are pairs × skills (csr, sorted indices);
    ``checks`` pairs × :data:`CONSTRAINTS`; bridges of pair ``i`` are ``bridge_ptr[i]:bridge_ptr[i + 1]``
    into ``bridge_programme``/``bridge_distance``/``bridge_closes`` (bridges × skills). :meth:`for_person`
    and :meth:`match` write the words, equal to :func:`match_person`'s.
    """

    person: np.ndarray
    need: np.ndarray
    offsets: np.ndarray
    score: np.ndarray
    base: np.ndarray
    feasible: np.ndarray
    essential_coverage: np.ndarray
    optional_coverage: np.ndarray
    experience: np.ndarray
    checks: np.ndarray
    distance_km: np.ndarray
    matched: sparse.csr_matrix
    missing: sparse.csr_matrix
    matched_optional: sparse.csr_matrix
    bridge_ptr: np.ndarray
    bridge_programme: np.ndarray
    bridge_distance: np.ndarray
    bridge_closes: sparse.csr_matrix
    context: tuple  # (space, people, needs, programmes, names, options, past occupations csr, optional counts)

    def __len__(self) -> int:
        return len(self.person)

    def for_person(self, p: int) -> list[Match]:
        return [self.match(i) for i in range(int(self.offsets[p]), int(self.offsets[p + 1]))]

    def match(self, i: int, explain: bool = True) -> Match:
        """Pair ``i`` as a :class:`Match`, with its constraint facts and explanation facts (``explain`` False:
        neither, each constraint's fact None — what the employer's view reads, which words its own)."""
        space, people, needs, programmes, names, o, past, n_optional_of_need = self.context

        def row(matrix, r):
            return tuple(matrix.indices[matrix.indptr[r]:matrix.indptr[r + 1]].tolist())

        p, j = int(self.person[i]), int(self.need[i])
        checks = dict(zip(CONSTRAINTS, self.checks[i].tolist()))
        ess_cov, experience = float(self.essential_coverage[i]), float(self.experience[i])
        score = float(self.score[i])
        constraints = (tuple(_constraint_facts(people, p, needs, j, checks, float(self.distance_km[i]), o, ess_cov))
                       if explain else tuple((name, passed, None) for name, passed in checks.items()))
        duration = None if programmes is None else programmes.duration_months
        bridge = tuple(Bridge(int(self.bridge_programme[b]), row(self.bridge_closes, b),
                              float(duration[self.bridge_programme[b]]), float(self.bridge_distance[b]))
                       for b in range(int(self.bridge_ptr[i]), int(self.bridge_ptr[i + 1])))
        matched, missing, matched_opt = row(self.matched, i), row(self.missing, i), row(self.matched_optional, i)
        welcomed = score > float(self.base[i])
        feasible = bool(self.feasible[i])
        years = None
        if experience > 0:
            lo, hi = past.indptr[p], past.indptr[p + 1]
            years = dict(zip(past.indices[lo:hi].tolist(), past.data[lo:hi].astype(float).tolist()))
        n_optional = int(n_optional_of_need[j])
        facts = _explain_match(space, people, p, needs, j, programmes, names, score=score, feasible=feasible,
                               welcomed=welcomed, matched=matched, matched_optional=matched_opt,
                               missing=missing, n_optional=n_optional, experience=experience,
                               constraints=constraints, bridge=bridge, o=o, years=years) if explain else ()
        return Match(p, j, score, feasible, ess_cov, float(self.optional_coverage[i]), experience, welcomed, matched,
                     matched_opt, missing, constraints, bridge, facts)

def _first_in_rows(row: np.ndarray, keys: Sequence[np.ndarray], limit: int) -> np.ndarray:
    """Positions of each row's ``limit`` first entries in the lexicographic order of ``keys`` (most
    significant first, unique within a row), by row then rank: ``limit`` rounds of a segmented minimum per
    key, so no sort of all entries. ``row`` must be sorted.

    >>> _first_in_rows(np.array([0, 0, 0, 2, 2]), [np.array([1., 0, 1, 5, 4]), np.array([9., 9, 8, 0, 0])], 2)
    array([1, 2, 4, 3])
    """
    if len(row) == 0 or limit < 1:
        return np.zeros(0, np.int64)
    new = np.r_[True, row[1:] != row[:-1]]
    starts, segment = np.flatnonzero(new), np.cumsum(new) - 1
    alive = np.ones(len(row), bool)
    picks, ranks = [], []
    for rank in range(limit):
        chosen = alive.copy()
        for key in keys:
            masked = np.where(chosen, key, np.inf)
            chosen &= masked == np.minimum.reduceat(masked, starts)[segment]
        found = np.flatnonzero(chosen)
        if len(found) == 0:
            break
        picks.append(found)
        ranks.append(np.full(len(found), rank))
        alive[found] = False
    found, rank = np.concatenate(picks), np.concatenate(ranks)
    return found[np.lexsort((rank, row[found]))]


def _programme_places(programmes: ProgrammeArrays):
    """Each programme's place among the distinct (lat, lon) places of the programmes, and those places."""
    points = np.column_stack([np.asarray(programmes.lat, float), np.asarray(programmes.lon, float)])
    places, place_of = np.unique(points, axis=0, return_inverse=True)
    return np.asarray(place_of).ravel(), places[:, 0].copy(), places[:, 1].copy()


def _programmes_within_reach(people: PeopleArrays, programmes: ProgrammeArrays, places, pr: np.ndarray,
                             counts: np.ndarray, bk: np.ndarray, extra_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Which (person, programme ``bk[i]``) lie within the person's radius + ``extra_km`` (a programme without a
    place counts as 0 km away), the person of pair ``pr[i]`` repeated ``counts[i]`` times; and the
    :func:`haversine_km` distance of those: through a table of the distinct people × the programmes' distinct
    places when it is smaller than the pairs."""
    place_of, place_lat, place_lon = places
    radius = np.asarray(people.radius_km, float)
    persons, slot = np.unique(pr, return_inverse=True)
    n = len(place_lat)
    if len(persons) * n < len(bk):
        table = haversine_km(np.asarray(people.lat, float)[persons][:, None],
                             np.asarray(people.lon, float)[persons][:, None], place_lat[None, :], place_lon[None, :])
        table = np.where(np.isnan(table), 0.0, table)
        within = (table <= radius[persons][:, None] + extra_km).ravel()
        table = table.ravel()
        at = np.repeat(slot * n, counts) + place_of[bk]
        keep = within[at]
        return keep, table[at[keep]]
    who = np.repeat(pr, counts)
    distance = haversine_km(people.lat[who], people.lon[who], programmes.lat[bk], programmes.lon[bk])
    distance = np.where(np.isnan(distance), 0.0, distance)
    keep = distance <= radius[who] + extra_km
    return keep, distance[keep]


def explain_top_matches(space: SkillSpace, transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays,
                        top: TopMatches, programmes: ProgrammeArrays | None = None, **kwargs) -> ExplainedMatches:
    """Explain every person's top matches (from :func:`top_matches`) in bulk: :func:`explain_pairs` of their
    pairs, a person's best first (``offsets`` by person).

    Examples
    --------
    See ``tests/engine/test_matching.py::test_bulk_explanations_equal_match_person``.
    """
    keep = top.needs >= 0
    per_person = keep.sum(axis=1)
    offsets = np.concatenate([[0], np.cumsum(per_person)]).astype(np.int64)
    return explain_pairs(space, transitions, people, needs, np.repeat(np.arange(len(people), dtype=np.int64), per_person),
                         top.needs[keep].astype(np.int64), programmes, offsets=offsets, **kwargs)


def explain_pairs(space: SkillSpace, transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays,
                  person: np.ndarray, need: np.ndarray, programmes: ProgrammeArrays | None = None, *,
                  offsets: np.ndarray | None = None, extra_radius_km: float = 0.0, bridge_limit: int | None = 3,
                  names: Names = Names(), batch_pairs: int = 100_000, workers: int = 1,
                  options: ScoreOptions | None = None, **overrides) -> ExplainedMatches:
    """Explain the pairs person ``person[i]`` × need ``need[i]`` (feasible or not, in any order) in bulk.

    Computes, for all pairs at once, every fact a :class:`Match` states: matched, missing and optional
    skills (sparse element-wise products of the pairs' skill rows), score parts and checks (:func:`_evaluate`
    on the pair arrays, as :func:`match_person` uses on its grid), the distance, and the gap bridge (one
    product of the missing skills with the programmes' skills; distances through a table of people × the
    programmes' places; then each pair's first ``bridge_limit`` by gaps closed desc, duration, distance,
    index — the order of :func:`gap_bridge` — with :func:`_first_in_rows`). The sentences are written when a
    match is read (:meth:`ExplainedMatches.for_person`), equal to :func:`match_person`'s; pass the
    ``options`` (or overrides) the pairs were found with. ``workers`` > 1 explains batches of pairs in threads
    (same result). ``offsets`` groups the pairs (:meth:`ExplainedMatches.for_person`; default one group).
    """
    o = _options(options, overrides)
    if bridge_limit is not None and bridge_limit < 0:
        raise InvalidParameter("bridge_limit must be >= 0")
    _check_batching(batch_pairs, workers)
    pr_all, c_all = np.asarray(person, np.int64), np.asarray(need, np.int64)
    if offsets is None:
        offsets = np.array([0, len(pr_all)], np.int64)

    held_all, ess_all, opt_all = binary(people.skills), binary(needs.essential), binary(needs.optional)
    n_opt_need = np.diff(opt_all.indptr)
    slots = _past_slots(people, o)
    t = None if transitions is None else np.asarray(transitions, np.float32)
    past = sparse.csr_matrix(people.past_occupations, copy=True)
    past.sum_duplicates()
    teaches = binary(programmes.skills) if programmes is not None and len(programmes) else None
    off_job = None if space.on_the_job is None else sparse.csr_matrix(~np.asarray(space.on_the_job, bool), dtype=np.float32)
    bridges = teaches is not None and bridge_limit != 0
    if bridges:
        teaches_t = teaches.T.tocsr()
        places = _programme_places(programmes)
        duration = np.asarray(programmes.duration_months, float)

    def explain(start: int) -> dict:
        pr, c = pr_all[start:start + batch_pairs], c_all[start:start + batch_pairs]
        held, ess, opt = held_all[pr], ess_all[c], opt_all[c]
        matched_m = held.multiply(ess).tocsr()
        missing_m = (ess - matched_m).tocsr()
        missing_m.eliminate_zeros()
        matched_opt_m = held.multiply(opt).tocsr()
        n_ess, n_opt = np.diff(ess.indptr), np.diff(opt.indptr)
        ess_cov = np.where(n_ess > 0, np.diff(matched_m.indptr) / np.maximum(n_ess, 1), 1.0).astype(np.float32)
        opt_cov = np.where(n_opt > 0, np.diff(matched_opt_m.indptr) / np.maximum(n_opt, 1), 1.0).astype(np.float32)
        ev = _evaluate(t, slots, people, needs, pr, c, ess_cov, opt_cov, o)
        part = {"score": ev["score"], "base": ev["base"], "feasible": ev["feasible"], "ess": ess_cov, "opt": opt_cov,
                "exp": ev["experience"], "checks": np.column_stack([ev["checks"][n] for n in CONSTRAINTS]),
                "distance": haversine_km(people.lat[pr], people.lon[pr], needs.lat[c], needs.lon[c]),
                "matched": matched_m, "missing": missing_m, "matched_opt": matched_opt_m,
                "b_count": np.zeros(len(pr), np.int64)}
        to_teach = missing_m if off_job is None else missing_m.multiply(off_job).tocsr()  # not learned at work
        if bridges and to_teach.nnz:
            closes = to_teach @ teaches_t
            counts = np.diff(closes.indptr)
            reach, bd = _programmes_within_reach(people, programmes, places, pr, counts, closes.indices,
                                                 extra_radius_km)
            # the product stores no zeros: every entry closes a gap
            br = np.repeat(np.arange(len(pr)), counts)[reach]
            bk, bn = closes.indices[reach].astype(np.int64), closes.data[reach]
            # in proportion to the gap and the work, and none where the employer trains on the job
            change = False if people.career_change is None else np.asarray(people.career_change, bool)[pr[br]]
            fit = in_proportion(duration[bk], bn, work_months(np.asarray(needs.months)[c[br]]),
                                career_change=change) & ~np.asarray(needs.trains_on_job, bool)[c[br]]
            br, bk, bn, bd = br[fit], bk[fit], bn[fit], bd[fit]
            per_month = -(bn.astype(np.float64) / np.maximum(duration[bk], 1e-9))
            if bridge_limit is None:
                order = np.lexsort((bk, bd, duration[bk], per_month, br))
            else:
                order = _first_in_rows(br, [per_month, duration[bk], bd, bk.astype(np.float64)], bridge_limit)
            br, bk, bd = br[order], bk[order], bd[order]
            part["b_count"] = np.bincount(br, minlength=len(pr))
            part["b_prog"], part["b_dist"] = bk, bd
            part["b_closes"] = to_teach[br].multiply(teaches[bk]).tocsr()
        return part

    starts = range(0, len(pr_all), batch_pairs)
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(explain, starts))
    else:
        done = [explain(start) for start in starts]
    parts = {name: [d[name] for d in done if name in d] for name in (
        "score", "base", "feasible", "ess", "opt", "exp", "checks", "distance", "matched", "missing", "matched_opt",
        "b_count", "b_prog", "b_dist", "b_closes")}

    def stack(name, width, dtype=np.float64):
        if not parts[name]:
            return np.zeros((0,) if width is None else (0, width), dtype)
        return np.concatenate(parts[name])

    def vstack(name, rows=None):
        if not parts[name]:
            return sparse.csr_matrix((0 if rows is None else rows, space.n_skills), dtype=np.float32)
        out = sparse.vstack(parts[name], format="csr")
        out.sort_indices()
        return out

    bridge_ptr = np.concatenate([[0], np.cumsum(stack("b_count", None, np.int64))]).astype(np.int64)
    return ExplainedMatches(
        person=pr_all, need=c_all, offsets=offsets, score=stack("score", None, np.float32),
        base=stack("base", None, np.float32), feasible=stack("feasible", None, bool),
        essential_coverage=stack("ess", None, np.float32), optional_coverage=stack("opt", None, np.float32),
        experience=stack("exp", None, np.float32), checks=stack("checks", len(CONSTRAINTS), bool),
        distance_km=stack("distance", None), matched=vstack("matched", len(pr_all)),
        missing=vstack("missing", len(pr_all)), matched_optional=vstack("matched_opt", len(pr_all)),
        bridge_ptr=bridge_ptr, bridge_programme=stack("b_prog", None, np.int64),
        bridge_distance=stack("b_dist", None), bridge_closes=vstack("b_closes"),
        context=(space, people, needs, programmes, names, o, past, n_opt_need))


#: constraints an employer may read about a candidate; accommodations reveal health data and stay out
EMPLOYER_VISIBLE_CONSTRAINTS = ("distance", "hours", "dutch", "months", "skills")


def explain_for_employer(space: SkillSpace, needs: NeedArrays, match: Match, *, names: Names = Names(),
                         programmes: ProgrammeArrays | None = None, skills=None) -> tuple[dict, ...]:
    """The match in the third person for the employer, as facts, without special-category hints.

    Leaves out accommodations and the welcome bonus (both would reveal health data or group membership) and
    the candidate's own radius. ``skills(indices)`` gives what a fact holds for those skills (default their
    labels; a bulk caller passes the stored form, made once per skill).

    >>> from matchmaker.engine.examples import toy_space
    >>> from matchmaker.explanations import render
    >>> m = Match(0, 0, 0.8, True, 0.5, 0.0, 0.0, True, (1,), (), (3,), (), (), ())
    >>> facts = explain_for_employer(toy_space(), None, m, names=Names(needs=("cook",)))
    >>> [f["code"] for f in facts]
    ['candidate.essential', 'candidate.missing', 'candidate.checked', 'match.score']
    >>> print(render(facts, "en"))
    The candidate has 1 of the 2 essential skills for cook: prepare vegetables. Still missing: manage kitchen stock. Checked: distance, hours, level of Dutch, months and skills, as far as they are known. Score: 0.80 of 1.
    """
    if skills is None:
        labels = space.skill_labels

        def skills(indices):
            return [labels[s] for s in indices]
    role = names.need(match.need, fallback="?") if needs is None else _need_label(space, needs, match.need, names)
    n_ess = len(match.matched) + len(match.missing)
    facts = []
    if n_ess:
        facts.append(fact("candidate.essential", held=len(match.matched), total=n_ess, need=role,
                          skills=skills(match.matched)))
        facts.append(fact("candidate.missing", skills=skills(match.missing)) if match.missing
                     else fact("candidate.nothing_missing"))
    if match.matched_optional:
        facts.append(fact("candidate.optional", held=len(match.matched_optional)))
    if match.experience > 0:
        facts.append(fact("candidate.experience", credit=round(match.experience, 4)))
    facts.append(fact("candidate.checked"))
    for b in match.bridge:
        name = names.programme(b.programme, fallback=str(programmes.ids[b.programme]) if programmes is not None else "?")
        facts.append(fact("candidate.bridge", programme=name, months=b.duration_months, skills=skills(b.closes)))
    facts.append(fact("match.score", score=round(match.score, 4)))
    return tuple(facts)
