"""Person ↔ need matching: hard constraints first, then an explainable score, then the gap bridge.

Pipeline for people × needs (one person against all needs, one need against all people, or all pairs in
:func:`top_matches` — all three run the same :func:`_checks` and :func:`_evaluate` on index arrays, a grid
for the first two and candidate pairs for the bulk path, so they cannot disagree):

1. **Hard constraints** (:data:`CONSTRAINTS`), each kept separately so a result can say what was checked
   and what blocked: great-circle distance ≤ the person's radius, the need's hours ≤ the person's hours
   (+ ``hours_tolerance``), accommodations needed ⊆ offered (bitmasks), Dutch level ≥ required, months
   available ∩ the need's months ≠ ∅, and essential skill coverage ≥ ``min_coverage`` (``trains_on_job_coverage``
   when the employer trains on the job). A place left empty (NaN) is not checked.
2. **Score** in [0, 1] (:func:`skill_score`): ``essential_weight`` × essential coverage + ``optional_weight`` ×
   optional coverage + ``experience_weight`` × experience, where experience is the best transition
   similarity from any past occupation to the need's occupation, each weighted by
   ``min(1, years / experience_cap_years)``. Coverage here is exact (a skill is held or not) so matched and
   missing lists stay unambiguous; near skills count through the experience term's transition matrix.
3. **Fairness.** :func:`skill_score` takes coverage and experience only: it cannot see target groups, age
   (not in the engine's inputs at all) or accommodation needs. Accommodations only enter as the ⊆ constraint.
   Afterwards :func:`apply_welcome_bonus` may *add* a small bonus where the need welcomes one of the person's
   groups; it never subtracts.
4. **Gap bridge** (:func:`gap_bridge`): programmes within reach that teach missing essential skills, ordered
   by gaps closed (desc), duration (asc), distance (asc).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matchmaker.vocabulary import ACCOMMODATIONS, DUTCH_LEVELS, TRAVELLING_SUPPORTS, WORK_DEMANDS, from_mask, to_mask
from .bridges import BridgeOptions, in_proportion, work_months
from .data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace, as_csr, binary, row_indices
from .errors import InvalidParameter, UnknownNeed, UnknownPerson, check_index
from .geo import haversine_km, min_distance_to_box_km
from matchmaker.explanations import fact

from .names import Names
from . import work_capacity

#: Constraint names, in the order they are checked and reported.
CONSTRAINTS = ("distance", "hours", "accommodations", "dutch", "months", "skills", "capacity")
#: support that travels with the person (job coach, language buddy, transport support): the municipality or
#: UWV arranges it, so the workplace need not offer it and it never blocks a match
TRAVELLING_MASK = to_mask(TRAVELLING_SUPPORTS, ACCOMMODATIONS)


def workplace_adjustments(needed) -> np.ndarray:
    """The part of accommodation bitmasks ``needed`` that the workplace must offer (travelling support removed).

    >>> int(workplace_adjustments(to_mask(["job_coach", "quiet_workspace"], ACCOMMODATIONS)))
    128
    """
    return np.asarray(needed, np.int64) & ~np.int64(TRAVELLING_MASK)


@dataclass(frozen=True)
class ScoreOptions:
    """Every tunable number of the matcher, with the defaults and why.

    Essential skills dominate (0.6); optional skills refine (0.15); experience (0.25) lets three years as a
    close occupation count for a lot without replacing the skills. A need accepts essential coverage from
    0.5, or 0.3 when the employer trains on the job. The welcome bonus (0.05) moves a welcoming need up
    among similar ones without overtaking a clearly better fit.

    >>> ScoreOptions().essential_weight + ScoreOptions().optional_weight + ScoreOptions().experience_weight
    1.0
    """

    essential_weight: float = 0.6
    optional_weight: float = 0.15
    experience_weight: float = 0.25
    experience_cap_years: float = 3.0
    min_coverage: float = 0.5
    trains_on_job_coverage: float = 0.3
    hours_tolerance: float = 0.0
    welcome_bonus: float = 0.05

    def __post_init__(self):
        weights = (self.essential_weight, self.optional_weight, self.experience_weight)
        if min(weights) < 0 or abs(sum(weights) - 1.0) > 1e-9:
            raise InvalidParameter("score weights must be non-negative and sum to 1")
        if not 0 <= self.trains_on_job_coverage <= 1 or not 0 <= self.min_coverage <= 1:
            raise InvalidParameter("coverage thresholds must lie in [0, 1]")
        if self.experience_cap_years <= 0 or self.welcome_bonus < 0 or self.hours_tolerance < 0:
            raise InvalidParameter("experience_cap_years must be > 0, welcome_bonus and hours_tolerance >= 0")


def _options(options: ScoreOptions | None, overrides: dict) -> ScoreOptions:
    base = options or ScoreOptions()
    if not overrides:
        return base
    values = {**base.__dict__, **overrides}
    try:
        return ScoreOptions(**values)
    except TypeError as error:
        raise InvalidParameter(str(error)) from None


# --------------------------------------------------------------------------- pure scoring pieces

def skill_score(essential_coverage, optional_coverage, experience, *, options: ScoreOptions | None = None):
    """Combine coverage and experience into a score in [0, 1]. Takes nothing about who the person is.

    Examples
    --------
    >>> round(float(skill_score(1.0, 0.5, 0.0)), 3)
    0.675
    """
    o = options or ScoreOptions()
    score = (o.essential_weight * np.asarray(essential_coverage, np.float32)
             + o.optional_weight * np.asarray(optional_coverage, np.float32)
             + o.experience_weight * np.asarray(experience, np.float32))
    return np.clip(score, 0.0, 1.0).astype(np.float32)


def apply_welcome_bonus(scores, person_groups, welcomes_groups, *, bonus: float = 0.05):
    """Add ``bonus`` where the person's target groups meet the groups a need welcomes. Never subtracts.

    ``person_groups`` is one bitmask or a column (batch × 1); ``welcomes_groups`` the needs' bitmasks.

    Examples
    --------
    >>> apply_welcome_bonus(np.array([0.5, 0.98, 0.5], np.float32), 0b01, np.array([0b01, 0b01, 0b10]))
    array([0.55, 1.  , 0.5 ], dtype=float32)
    """
    if bonus < 0:
        raise InvalidParameter("the welcome bonus only ever adds: it must be >= 0")
    scores = np.asarray(scores, np.float32)
    welcomed = (np.asarray(person_groups, np.int64) & np.asarray(welcomes_groups, np.int64)) != 0
    return np.maximum(scores, np.minimum(np.float32(1.0), scores + np.float32(bonus) * welcomed)).astype(np.float32)


def min_essential_held(n_essential, trains_on_job, *, options: ScoreOptions | None = None) -> np.ndarray:
    """The fewest of a need's ``n_essential`` essential skills a person must hold to pass its coverage gate
    (``min_coverage``, or ``trains_on_job_coverage`` when the employer trains on the job): ceil(gate × n), the
    count form of the ``skills`` check. 0 for a need without essential skills (everyone passes). Vectorised.

    Examples
    --------
    >>> min_essential_held([10, 10, 7, 0], [False, True, False, False]).tolist()
    [5, 3, 4, 0]
    """
    o = options or ScoreOptions()
    gate = np.where(np.asarray(trains_on_job, bool), o.trains_on_job_coverage, o.min_coverage)
    return np.ceil(gate * np.asarray(n_essential, np.float64) - 1e-6).astype(np.int64)


def _check_distance(people, needs, r, c, ess_cov, o, distance=None):
    if distance is None:
        distance = haversine_km(people.lat[r], people.lon[r], needs.lat[c], needs.lon[c])
    return ~(distance > np.asarray(people.radius_km, float)[r])  # NaN -> not checked -> passes


def _check_hours(people, needs, r, c, ess_cov, o):
    return np.asarray(needs.hours, float)[c] <= np.asarray(people.hours, float)[r] + o.hours_tolerance


def _check_accommodations(people, needs, r, c, ess_cov, o):
    return (workplace_adjustments(people.accommodations_needed)[r]
            & ~np.asarray(needs.accommodations_offered, np.int64)[c]) == 0


def _check_dutch(people, needs, r, c, ess_cov, o):
    """The need's Dutch level is met, or one step short with a Dutch course in reach (bridged by it)."""
    has = np.asarray(people.dutch_level, np.int64)
    if people.dutch_course is not None:
        has = has + np.asarray(people.dutch_course, np.int64)
    return np.asarray(needs.dutch_level)[c] <= has[r]


def _check_months(people, needs, r, c, ess_cov, o):
    return (np.asarray(people.available_months, np.int64)[r] & np.asarray(needs.months, np.int64)[c]) != 0


def _check_capacity(people, needs, r, c, ess_cov, o):
    """Work capacity (special-category): no demand of the work the person's limits rule out, no more hours a week
    than their maximum. People without limits (or arrays loaded without them) pass."""
    if people.capacity_limits is None and people.max_hours is None:
        return np.ones(np.broadcast_shapes(np.shape(r), np.shape(c)), bool)
    n = len(people)
    limits = np.zeros(n, np.int64) if people.capacity_limits is None else np.asarray(people.capacity_limits, np.int64)
    max_hours = np.zeros(n) if people.max_hours is None else np.asarray(people.max_hours, float)
    demands = np.zeros(len(needs), np.int64) if needs.demands is None else np.asarray(needs.demands, np.int64)
    return work_capacity.fits(limits[r], max_hours[r], demands[c], np.asarray(needs.hours, float)[c])


def _check_skills(people, needs, r, c, ess_cov, o):
    threshold = np.where(np.asarray(needs.trains_on_job, bool), o.trains_on_job_coverage, o.min_coverage)
    return ess_cov >= threshold.astype(np.float32)[c] - np.float32(1e-6)


_CHECKS = {"distance": _check_distance, "hours": _check_hours, "accommodations": _check_accommodations,
           "dutch": _check_dutch, "months": _check_months, "skills": _check_skills, "capacity": _check_capacity}
#: the order in which the bulk path filters candidate pairs: cheap and selective checks first, distance last
_FILTER_ORDER = ("skills", "hours", "dutch", "accommodations", "months", "capacity", "distance")


def _checks(people: PeopleArrays, needs: NeedArrays, r: np.ndarray, c: np.ndarray, ess_cov: np.ndarray,
            o: ScoreOptions, distance: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Pass/fail of every constraint for person indices ``r`` against need indices ``c`` (broadcastable:
    a grid ``rows[:, None], cols[None, :]`` or two aligned pair arrays). NaN places pass the distance check.
    ``distance`` (km, same shape) when the caller has it already."""
    checks = {name: _CHECKS[name](people, needs, r, c, ess_cov, o) for name in CONSTRAINTS if name != "distance"}
    checks["distance"] = _check_distance(people, needs, r, c, ess_cov, o, distance=distance)
    return {name: checks[name] for name in CONSTRAINTS}


def _feasible_subset(people, needs, r, c, ess_cov, o) -> np.ndarray:
    """Positions of the aligned pairs ``r``, ``c`` that pass every constraint: the checks of :func:`_checks`,
    one by one in :data:`_FILTER_ORDER` on the pairs still standing (same arithmetic per pair, less of it)."""
    keep = np.arange(len(r))
    for name in _FILTER_ORDER:
        keep = keep[_CHECKS[name](people, needs, r[keep], c[keep], ess_cov[keep], o)]
    return keep


def _constraint_block(people, rows, needs, cols, ess_cov, o, *, distance=None):
    """Grid version of :func:`_checks` (rows × cols)."""
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    return _checks(people, needs, rows[:, None], cols[None, :], ess_cov, o, distance)


def coverage_factors(needs: NeedArrays):
    """Skills × needs factor matrix coding both skill lists in one number: ``base`` per essential skill and 1
    per optional one, so ``held @ factors`` = essential count × base + optional count — exact in float32
    while below 2**24 — and one product gives both coverages at the same position.

    Returns (factors, base, essential counts, optional counts): what :func:`score_block` and
    :func:`match_person` take as ``factors``, to build once for needs scored many times."""
    ess, opt = binary(needs.essential), binary(needs.optional)
    ess.sum_duplicates(), opt.sum_duplicates()
    n_ess = np.asarray(ess.sum(axis=1)).ravel()
    n_opt = np.asarray(opt.sum(axis=1)).ravel()
    base = float(2 ** int(np.ceil(np.log2(n_opt.max(initial=0) + 1))))
    dtype = np.float32 if n_ess.max(initial=0) * base + base < 2 ** 24 else np.float64
    factors = sparse.csr_matrix((ess * base + opt).T, dtype=dtype)
    return factors, base, n_ess, n_opt


def _coverages(value, c, coding):
    """Essential and optional coverage from coded product values at need indices ``c``."""
    _, base, n_ess, n_opt = coding
    value = np.asarray(value, np.float64)
    ess_count = np.floor(value / base + 1e-9)
    opt_count = value - ess_count * base
    ne, no = n_ess[c], n_opt[c]
    ess_cov = np.where(ne > 0, ess_count / np.maximum(ne, 1), 1.0).astype(np.float32)
    opt_cov = np.where(no > 0, opt_count / np.maximum(no, 1), 1.0).astype(np.float32)
    return ess_cov, opt_cov


def _past_slots(people: PeopleArrays, o: ScoreOptions):
    """Padded per-person past occupations (people × m) and their weights min(1, years / cap); -1 = none."""
    past = sparse.csr_matrix(people.past_occupations, copy=True)
    past.sum_duplicates()
    counts = np.diff(past.indptr)
    m = max(int(counts.max(initial=0)), 1)
    occ = np.full((len(people), m), -1, np.int64)
    weight = np.zeros((len(people), m), np.float32)
    row = np.repeat(np.arange(len(people)), counts)
    slot = np.arange(past.nnz) - past.indptr[row]
    occ[row, slot] = past.indices
    weight[row, slot] = np.minimum(1.0, past.data / o.experience_cap_years)
    return occ, weight


def _experience(transitions, slots, needs: NeedArrays, r, c) -> np.ndarray:
    """Best transition similarity × weight over the past occupations of ``r`` to the occupation of ``c``."""
    shape = np.broadcast_shapes(np.shape(r), np.shape(c))
    best = np.zeros(shape, np.float32)
    if transitions is None:
        return best
    occ, weight = slots
    target = np.asarray(needs.occupation, np.int64)[c]
    has_target = target >= 0
    safe_target = np.maximum(target, 0)
    for s in range(occ.shape[1]):  # slots = past jobs per person: a handful, not thousands
        source = occ[r, s]
        value = transitions[np.maximum(source, 0), safe_target] * weight[r, s]
        best = np.maximum(best, np.where((source >= 0) & has_target, value, 0).astype(np.float32))
    return best


def _score_parts(transitions, slots, people, needs, r, c, ess_cov, opt_cov, o: ScoreOptions):
    """Experience, base score and score (with the welcome bonus) of aligned or broadcastable ``r``, ``c``."""
    exp = _experience(transitions, slots, needs, r, c)
    base = skill_score(ess_cov, opt_cov, exp, options=o)
    score = apply_welcome_bonus(base, np.asarray(people.target_groups, np.int64)[r],
                                np.asarray(needs.welcomes_groups, np.int64)[c], bonus=o.welcome_bonus)
    return exp, base, score


def _evaluate(transitions, slots, people, needs, r, c, ess_cov, opt_cov, o: ScoreOptions):
    """Score and check aligned (or broadcastable) person indices ``r`` and need indices ``c``."""
    exp, base, score = _score_parts(transitions, slots, people, needs, r, c, ess_cov, opt_cov, o)
    checks = _checks(people, needs, r, c, ess_cov, o)
    feasible = np.logical_and.reduce([checks[name] for name in CONSTRAINTS])
    return {"essential": ess_cov, "optional": opt_cov, "experience": exp, "base": base, "score": score,
            "checks": checks, "feasible": feasible}


def score_block(transitions, people: PeopleArrays, rows, needs: NeedArrays, cols, o: ScoreOptions, *,
                 factors=None, slots=None):
    """Scores, coverages, experience and every hard-constraint check for ``rows`` (people) × ``cols`` (needs):
    one person against all needs, all people against one need, or a region's people × needs in chunks.

    Returns a dict of arrays (rows × cols): ``score``, ``base`` (before the welcome bonus), ``feasible``,
    ``essential``, ``optional``, ``experience`` and ``checks`` (one boolean array per constraint)."""
    rows = np.asarray(rows, np.int64)
    cols = np.asarray(cols, np.int64)
    coding = factors or coverage_factors(needs)
    held = sparse.csr_matrix(people.skills, dtype=coding[0].dtype)[rows]
    held.data[:] = 1.0
    every_need = len(cols) == len(needs) and np.array_equal(cols, np.arange(len(needs)))
    value = (held @ (coding[0] if every_need else coding[0][:, cols])).toarray()
    ess_cov, opt_cov = _coverages(value, cols[None, :], coding)
    slots = slots or _past_slots(people, o)
    return _evaluate(transitions, slots, people, needs, rows[:, None], cols[None, :], ess_cov, opt_cov, o)


def constraint_checks(people: PeopleArrays, rows, needs: NeedArrays, cols, o: ScoreOptions, *, factors=None):
    """Every hard constraint's pass flags for ``rows`` (people) × ``cols`` (needs), without scoring: what a
    person without any feasible need is blocked by. One boolean array per name in :data:`CONSTRAINTS`
    (broadcastable to rows × cols).

    >>> from tests.engine import tiny     # Dana (3) holds 2 of the nurse's (5) 4 essential skills: enough
    >>> checks = constraint_checks(tiny.people(), [3], tiny.needs(), [5], ScoreOptions())
    >>> {name: bool(ok.ravel()[0]) for name, ok in checks.items()}["skills"]
    True
    """
    rows = np.asarray(rows, np.int64)
    cols = np.asarray(cols, np.int64)
    coding = factors or coverage_factors(needs)
    held = sparse.csr_matrix(people.skills, dtype=coding[0].dtype)[rows]
    held.data[:] = 1.0
    ess_cov, _ = _coverages((held @ coding[0][:, cols]).toarray(), cols[None, :], coding)
    return _constraint_block(people, rows, needs, cols, ess_cov, o)


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Bridge:
    """A programme within reach that teaches ``closes`` (skill indices) of the missing essential skills."""

    programme: int
    closes: tuple[int, ...]
    duration_months: float
    distance_km: float


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


def gap_bridge(people: PeopleArrays, p: int, programmes: ProgrammeArrays, missing: Sequence[int], *,
               extra_radius_km: float = 0.0, limit: int | None = 3, months_of_work: int = 12,
               bridge_options: BridgeOptions = BridgeOptions()) -> list[Bridge]:
    """Programmes within the person's radius (+ ``extra_radius_km``) teaching any of ``missing``, in proportion
    to the gap and the work (:func:`matchmaker.engine.bridges.in_proportion`; ``months_of_work`` 12 for work all
    year).

    Ordered by missing skills closed per month (desc), then duration (asc), then distance (asc), then index.
    A programme without a place (NaN) is taken as reachable at distance 0 (e.g. online).

    Examples
    --------
    >>> from scipy import sparse
    >>> people = PeopleArrays(ids=np.array([1]), skills=sparse.csr_matrix((1, 3)), past_occupations=sparse.csr_matrix((1, 1)),
    ...     lat=np.array([52.5]), lon=np.array([6.1]), radius_km=np.array([20.0]), hours=np.array([36]),
    ...     dutch_level=np.array([4]), accommodations_needed=np.array([0]), available_months=np.array([4095]),
    ...     target_groups=np.array([0]))
    >>> programmes = ProgrammeArrays(ids=np.array([7, 8, 9]), organisation_ids=np.array([1, 1, 2]),
    ...     skills=sparse.csr_matrix(np.array([[1, 0, 0], [1, 1, 0], [1, 1, 0]])), occupations=sparse.csr_matrix((3, 1)),
    ...     lat=np.array([52.5, 52.5, 53.5]), lon=np.array([6.1, 6.1, 6.1]), duration_months=np.array([1, 6, 1]),
    ...     start_months=np.array([4095] * 3), mode=np.array([3, 1, 3]), capacity=np.array([10] * 3))
    >>> [(b.programme, b.closes) for b in gap_bridge(people, 0, programmes, [0, 1])]   # 9 is 111 km away
    [(0, (0,)), (1, (0, 1))]

    Programme 7 closes one skill in a month, programme 8 two in six months: 7 closes more per month.
    """
    p = check_index(p, len(people), UnknownPerson, "person")
    missing = np.asarray(sorted(set(int(s) for s in missing)), np.int64)
    if len(missing) == 0 or len(programmes) == 0:
        return []
    # which stored (non-zero) entries of the programmes' skills are missing ones, counted per programme
    skills = as_csr(programmes.skills)
    hit = np.isin(skills.indices, missing) & (skills.data > 0)
    owner = np.repeat(np.arange(len(programmes)), np.diff(skills.indptr))
    closes = np.bincount(owner[hit], minlength=len(programmes))

    def taught(k: int) -> tuple[int, ...]:
        start, end = skills.indptr[k], skills.indptr[k + 1]
        return tuple(int(s) for s in np.unique(skills.indices[start:end][hit[start:end]]))

    distance = haversine_km(people.lat[p], people.lon[p], programmes.lat, programmes.lon)
    distance = np.where(np.isnan(distance), 0.0, distance)
    duration = np.asarray(programmes.duration_months, float)
    reach = (closes > 0) & (distance <= float(people.radius_km[p]) + extra_radius_km) & in_proportion(
        duration, closes, months_of_work, bridge_options)
    idx = np.flatnonzero(reach)
    per_month = closes / np.maximum(duration, 1e-9)
    order = idx[np.lexsort((idx, distance[idx], duration[idx], -per_month[idx]))]
    if limit is not None:
        order = order[:limit]
    return [Bridge(int(k), taught(k), float(duration[k]), float(distance[k])) for k in order]


# --------------------------------------------------------------------------- explanation

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
    out.append(("skills", bool(checks["skills"]), fact(
        "check.skills", coverage=round(ess_cov, 4), needed=o.trains_on_job_coverage if trains else o.min_coverage,
        trains_on_job=trains)))
    out.append(("capacity", bool(checks["capacity"]), fact(
        "check.capacity", limited=bool(limits or max_hours), conflicts=work_capacity.conflicts(limits, demands),
        demands=from_mask(demands, WORK_DEMANDS), hours=float(needs.hours[j]), max_hours=max_hours)))
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
    for b in bridge:
        name = names.programme(b.programme, fallback=str(programmes.ids[b.programme]))
        facts.append(fact("match.bridge", programme=name, months=b.duration_months, km=round(b.distance_km),
                          skills=[labels[s] for s in b.closes]))
    if missing and bool(needs.trains_on_job[j]):
        facts.append(fact("match.on_the_job", skills=[labels[s] for s in missing]))
    elif missing and not bridge and programmes is not None:
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
    on_the_job = bool(needs.trains_on_job[j])  # the employer teaches what is missing: no programme needed
    bridge = tuple(gap_bridge(people, p, programmes, missing, months_of_work=int(work_months(needs.months[j])),
                              **bridge_options)) if programmes is not None and not on_the_job else ()
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


# --------------------------------------------------------------------------- public entry points

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


@dataclass(frozen=True)
class FeasiblePairs:
    """The feasible (person, need) pairs of one batch of people, as aligned arrays: ``people`` and ``needs``
    (indices), ``score`` (with the welcome bonus), ``base`` (without it), ``essential``, ``optional`` and
    ``experience``."""

    people: np.ndarray
    needs: np.ndarray
    score: np.ndarray
    base: np.ndarray
    essential: np.ndarray
    optional: np.ndarray
    experience: np.ndarray


#: a spatial tile of needs is about this many km on a side, with at most this many tiles per axis
TILE_KM = 12.0
MAX_TILES_PER_AXIS = 8
#: at most this many nested hours classes of needs (one per distinct hours value when there are few)
MAX_HOURS_CLASSES = 8


class _Tiles:
    """Spatial tiles of points (needs, programmes) for products that only meet the points within reach.

    A grid of about :data:`TILE_KM` over the ``members``' places, plus one tile for members without a place
    (anywhere: their distance is not checked). ``of[i]`` is point ``i``'s tile; a tile's box spans its
    points. :meth:`tokens` turns rows of skills into rows of (skill, tile) tokens ``s * n + t`` for the tiles
    a row may reach, so that ``tokens @ factors`` — with ``factors`` row ``s * n + t`` listing skill ``s`` of
    the points of tile ``t`` — meets only points in tiles within reach.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, members: np.ndarray):
        lat, lon = np.asarray(lat, float), np.asarray(lon, float)
        placed = members & np.isfinite(lat) & np.isfinite(lon)
        cell = np.full(len(lat), -1, np.int64)
        if placed.any():
            la, lo = lat[placed], lon[placed]
            km_lat = 111.2 * (la.max() - la.min())
            km_lon = 111.2 * (lo.max() - lo.min()) * np.cos(np.radians(np.abs(la).max()))
            n_lat, n_lon = (int(np.clip(np.ceil(km / TILE_KM), 1, MAX_TILES_PER_AXIS)) for km in (km_lat, km_lon))
            i = np.clip(((la - la.min()) / max(la.max() - la.min(), 1e-12) * n_lat).astype(np.int64), 0, n_lat - 1)
            j = np.clip(((lo - lo.min()) / max(lo.max() - lo.min(), 1e-12) * n_lon).astype(np.int64), 0, n_lon - 1)
            cell[placed] = i * n_lon + j
        cell[members & ~placed] = MAX_TILES_PER_AXIS ** 2  # anywhere
        used, tile = np.unique(cell[members], return_inverse=True)
        self.of = np.zeros(len(lat), np.int64)
        self.of[members] = tile
        self.n = len(used)
        box = [np.full(self.n, np.inf), np.full(self.n, -np.inf), np.full(self.n, np.inf), np.full(self.n, -np.inf)]
        for values, low, high in ((lat, box[0], box[1]), (lon, box[2], box[3])):
            np.fmin.at(low, self.of[placed], values[placed])
            np.fmax.at(high, self.of[placed], values[placed])
        self.anywhere = used == MAX_TILES_PER_AXIS ** 2
        for b, world in zip(box, (-90.0, 90.0, -180.0, 180.0)):
            b[self.anywhere] = world
        self.boxes = tuple(b[None, :] for b in box)

    def reachable(self, lat, lon, radius) -> np.ndarray:
        """rows × tiles: may a tile hold a point within ``radius`` km of (``lat``, ``lon``)? (a lower bound of
        the distance, :func:`~matchmaker.engine.geo.min_distance_to_box_km`; a NaN place or radius reaches all)"""
        lat, lon, radius = (np.asarray(v, float)[:, None] for v in (lat, lon, radius))
        reach = min_distance_to_box_km(lat, lon, *self.boxes) <= radius * (1 + 1e-9) + 1e-6
        return reach | self.anywhere[None, :] | ~(np.isfinite(lat) & np.isfinite(lon)) | np.isnan(radius)

    def tokens(self, skills: sparse.csr_matrix, reach: np.ndarray) -> sparse.csr_matrix:
        """Rows of ``skills`` × (skill, tile) tokens: each skill once per tile the row may reach."""
        reach = sparse.csr_matrix(reach)
        per_row = np.diff(skills.indptr)
        row = np.repeat(np.arange(skills.shape[0]), per_row)
        n_reach = np.diff(reach.indptr)[row]
        entry = np.repeat(np.arange(skills.nnz), n_reach)
        first = np.repeat(reach.indptr[:-1][row] - (np.cumsum(n_reach) - n_reach), n_reach)
        tiles = reach.indices[first + np.arange(len(entry))]
        tokens = skills.indices[entry].astype(np.int64) * self.n + tiles
        indptr = np.concatenate([[0], np.cumsum(per_row * np.diff(reach.indptr))])
        return sparse.csr_matrix((np.ones(len(tokens), np.float32), tokens, indptr),
                                 shape=(skills.shape[0], skills.shape[1] * self.n))

    def factors(self, skill: np.ndarray, point: np.ndarray, value: np.ndarray, n_skills: int, column: np.ndarray,
                n_columns: int, dtype) -> sparse.csr_matrix:
        """(skill, tile) × columns: ``value`` at row ``skill * n + tile of point``, column ``column[point]``."""
        return sparse.csr_matrix((value, (skill.astype(np.int64) * self.n + self.of[point], column[point])),
                                 shape=(n_skills * self.n, n_columns), dtype=dtype)


#: this many most common skills are counted with bit masks instead of in the product (see _CommonSkills)
COMMON_SKILLS = 128


def _bits(rows: np.ndarray, positions: np.ndarray, n_rows: int, words: int) -> list[np.ndarray]:
    """Bit masks with bit ``positions[i]`` set in row ``rows[i]``: one uint64 array of ``n_rows`` per word."""
    out = np.zeros((words, n_rows), np.uint64)
    np.bitwise_or.at(out, (positions // 64, rows), np.left_shift(np.uint64(1), (positions % 64).astype(np.uint64)))
    return list(out)


class _CommonSkills:
    """The most common skills (people holding it × needs listing it) as bit masks: they make most of a product's
    entries without deciding much.

    A need's ``n`` essential skills split into a *prefix* — its rare skills, plus as few of its common ones
    (least common first) as it takes to reach ``n - m + 1``, with ``m`` the skills its coverage gate asks —
    and the *rest*, all common. A person clearing the gate holds ``m`` of the ``n``, so at least
    ``m - |rest| >= 1`` of the prefix (``min_prefix``): the product needs only the prefixes (and the rare
    optional skills) to find every candidate, and a candidate's common essential and optional skills are
    counted by a popcount of the person's and the need's masks, which gives the same coded value.
    """

    def __init__(self, held: sparse.csr_matrix, ess: sparse.csr_matrix, opt: sparse.csr_matrix,
                 min_count: np.ndarray, k: int):
        n_skills = held.shape[1]
        weight = np.bincount(held.indices, minlength=n_skills).astype(float) * (
            np.bincount(ess.indices, minlength=n_skills) + np.bincount(opt.indices, minlength=n_skills))
        common = np.argsort(-weight, kind="stable")[:min(k, int((weight > 0).sum()))]
        words = max(1, -(-len(common) // 64))
        position = np.full(n_skills, -1, np.int64)
        position[common] = np.arange(len(common))
        person = np.repeat(np.arange(held.shape[0]), np.diff(held.indptr))
        mine = position[held.indices] >= 0
        self.held = _bits(person[mine], position[held.indices[mine]], held.shape[0], words)
        # essential skills of each need, rare first, then common from the least common: the first
        # max(rare, n - m + 1) are the prefix
        need = np.repeat(np.arange(ess.shape[0]), np.diff(ess.indptr))
        is_common = position[ess.indices] >= 0
        order = np.lexsort((np.where(is_common, weight[ess.indices], -1.0), need))
        need, skill, is_common = need[order], ess.indices[order], is_common[order]
        n = np.diff(ess.indptr)
        rank = np.arange(len(need)) - np.repeat(ess.indptr[:-1], n)
        n_rare = np.bincount(need[~is_common], minlength=ess.shape[0])
        prefix = rank < np.maximum(n_rare, n - min_count + 1)[need]
        self.ess = _bits(need[~prefix], position[skill[~prefix]], ess.shape[0], words)
        self.min_prefix = np.maximum(min_count - np.bincount(need[~prefix], minlength=ess.shape[0]), 1)
        self.prefix = (need[prefix], skill[prefix])
        need = np.repeat(np.arange(opt.shape[0]), np.diff(opt.indptr))
        is_common = position[opt.indices] >= 0
        self.opt = _bits(need[is_common], position[opt.indices[is_common]], opt.shape[0], words)
        self.rare_optional = (need[~is_common], opt.indices[~is_common])

    def count(self, person: np.ndarray, masks: list[np.ndarray], need: np.ndarray) -> np.ndarray:
        """How many of need ``need[i]``'s skills in ``masks`` person ``person[i]`` holds (common skills only)."""
        total = np.zeros(len(person), np.uint8 if len(masks) * 64 < 256 else np.int64)
        for held, mask in zip(self.held, masks):
            total += np.bitwise_count(held[person] & mask[need])
        return total


class _PairSearch:
    """What :func:`feasible_pairs` prepares once per call, and the search of one batch of people.

    The product of a batch finds the candidate pairs — those sharing a skill of the need's gate prefix
    (:class:`_CommonSkills`) *and* that may pass the distance and hours checks — and nothing else:

    * needs are grouped in spatial tiles (:class:`_Tiles`) and in nested hours classes (the needs asking
      at most so many hours);
    * ``factors[class]`` has one row per (skill ``s``, tile ``t``): row ``s * T + t`` codes skill ``s`` of the
      needs of tile ``t`` in that hours class (``base`` for a prefix skill, 1 for a rare optional one);
    * person ``p``'s row in the product holds token ``s * T + t`` for every skill ``s`` they hold and every
      tile ``t`` that may lie within their radius (:func:`~matchmaker.engine.geo.min_distance_to_box_km`),
      and is multiplied with the class of the hours they can work.

    A candidate's common skills are then counted from bit masks, which completes the coded coverage value
    of :func:`coverage_factors` exactly. A pair left out fails the coverage gate, the distance or the hours
    check for certain, so the result equals a product over all pairs; the exact checks
    (:func:`_feasible_subset`) run on the pairs that clear the coverage gate.
    """

    def __init__(self, transitions, people: PeopleArrays, needs: NeedArrays, o: ScoreOptions):
        self.people, self.needs, self.o = people, needs, o
        self.coding = coverage_factors(needs)
        factors, base, n_ess, _ = self.coding
        self.slots = _past_slots(people, o)
        self.transitions = None if transitions is None else np.asarray(transitions, np.float32)
        self.held = binary(people.skills)
        # essential skills each need's coverage gate asks; a gate of 0 skills makes every pair a candidate
        # (those needs are added as a grid, without the product)
        need_gate = np.where(np.asarray(needs.trains_on_job, bool), o.trains_on_job_coverage, o.min_coverage)
        min_count = np.ceil(need_gate * n_ess - 1e-6)
        gated = min_count > 0
        self.grid_cols = np.flatnonzero(~gated)
        self.grid_factors = factors[:, self.grid_cols] if len(self.grid_cols) else None
        hours = np.asarray(needs.hours, float)
        members = gated & ~np.isnan(hours)  # a need without hours fails every hours check
        bounds = np.unique(hours[members])
        if len(bounds) > MAX_HOURS_CLASSES:
            bounds = np.unique(np.quantile(bounds, np.linspace(0, 1, MAX_HOURS_CLASSES + 1)[1:], method="higher"))
        self.hours_bounds = bounds
        self.tiles = tiles = _Tiles(needs.lat, needs.lon, members)
        self.common = common = _CommonSkills(self.held, binary(needs.essential), binary(needs.optional),
                                             min_count.astype(np.int64), COMMON_SKILLS)
        self.base, self.min_count = base, min_count
        need = np.concatenate([common.prefix[0], common.rare_optional[0]])
        skill = np.concatenate([common.prefix[1], common.rare_optional[1]]).astype(np.int64)
        value = np.concatenate([np.full(len(common.prefix[0]), base), np.ones(len(common.rare_optional[0]))])
        keep = members[need]
        skill, need, value = skill[keep], need[keep], value[keep]
        # columns numbered tile by tile: a person's reachable needs are few runs of columns (cache-friendly)
        self.column_need = np.argsort(np.where(members, tiles.of, tiles.n), kind="stable")
        column = np.empty(len(needs), np.int64)
        column[self.column_need] = np.arange(len(needs))
        self.column_min_prefix = (common.min_prefix * base).astype(factors.dtype)[self.column_need]
        self.class_factors = [tiles.factors(skill[k], need[k], value[k], factors.shape[0], column, len(needs),
                                            factors.dtype) for k in (hours[need] <= b for b in bounds)]

    def _tokens(self, rows: np.ndarray) -> sparse.csr_matrix:
        """People ``rows`` × (skill, tile) tokens: a held skill once per tile that may be within reach."""
        people = self.people
        reach = self.tiles.reachable(people.lat[rows], people.lon[rows], np.asarray(people.radius_km, float)[rows])
        return self.tiles.tokens(self.held[rows], reach)

    def batch(self, rows: np.ndarray) -> FeasiblePairs:
        """The feasible pairs of people ``rows``, grouped by person (needs in no particular order)."""
        people, needs, o = self.people, self.needs, self.o
        r_parts, c_parts, v_parts = [], [], []
        if len(self.hours_bounds):
            hours = np.asarray(people.hours, float)[rows] + o.hours_tolerance
            klass = np.minimum(np.searchsorted(self.hours_bounds, hours, side="left"), len(self.hours_bounds) - 1)
            for k in np.unique(klass):
                sub = np.flatnonzero(klass == k)
                product = self._tokens(rows[sub]) @ self.class_factors[k]
                pos = np.flatnonzero(product.data >= self.column_min_prefix[product.indices])
                r = sub[np.searchsorted(product.indptr, pos, side="right") - 1]
                c = self.column_need[product.indices[pos]]
                value = product.data[pos]
                person = rows[r]
                common_ess = self.common.count(person, self.common.ess, c)
                gate = np.floor(value / self.base) + common_ess >= self.min_count[c]
                r, c, value, person = r[gate], c[gate], value[gate], person[gate]
                value += common_ess[gate] * value.dtype.type(self.base) + self.common.count(person, self.common.opt, c)
                r_parts.append(r)
                c_parts.append(c)
                v_parts.append(value)
        if self.grid_factors is not None:
            extra = (self.held[rows] @ self.grid_factors).toarray()
            fr, fc = np.meshgrid(np.arange(len(rows)), np.arange(len(self.grid_cols)), indexing="ij")
            r_parts.append(fr.ravel())
            c_parts.append(self.grid_cols[fc.ravel()])
            v_parts.append(extra.ravel())
        if not r_parts:
            empty = np.zeros(0, np.float32)
            return FeasiblePairs(np.zeros(0, np.int64), np.zeros(0, np.int64), empty, empty, empty, empty, empty)
        pr, c, value = rows[np.concatenate(r_parts)], np.concatenate(c_parts), np.concatenate(v_parts)
        ess_cov, opt_cov = _coverages(value, c, self.coding)
        keep = _feasible_subset(people, needs, pr, c, ess_cov, o)
        pr, c, ess_cov, opt_cov = pr[keep], c[keep], ess_cov[keep], opt_cov[keep]
        exp, base, score = _score_parts(self.transitions, self.slots, people, needs, pr, c, ess_cov, opt_cov, o)
        return FeasiblePairs(people=pr, needs=c, score=score, base=base, essential=ess_cov, optional=opt_cov,
                             experience=exp)

    def run(self, batch_size: int, workers: int, then=None) -> Iterator:
        """``then(batch pairs)`` (or the pairs) for every batch of people, in order; ``workers`` threads."""
        n = len(self.people)

        def one(start):
            pairs = self.batch(np.arange(start, min(start + batch_size, n)))
            return pairs if then is None else then(pairs)

        starts = range(0, n, batch_size)
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                yield from pool.map(one, starts)
        else:
            yield from map(one, starts)


def _check_batching(batch_size: int, workers: int) -> None:
    if batch_size < 1:
        raise InvalidParameter("batch_size must be >= 1")
    if workers < 1:
        raise InvalidParameter("workers must be >= 1")


def feasible_pairs(transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays, *,
                   batch_size: int = 2048, workers: int = 1, options: ScoreOptions | None = None,
                   **overrides) -> Iterator[FeasiblePairs]:
    """Every feasible (person, need) pair with its score, batch by batch of people (a generator).

    Per batch: one sparse product per hours class gives the coded coverage values (see :class:`_PairSearch`)
    of the pairs that share a skill and whose need is in a tile within the person's reach and asks no more
    hours than they can work. Only pairs that clear their need's essential-coverage gate survive as pair
    arrays; the constraint checks run on those pairs one by one (:func:`_feasible_subset`), and experience,
    score and welcome bonus on the survivors — with the very functions :func:`match_person` uses on its
    grid, so the paths agree exactly. Cost grows with the pairs within reach that share a skill, not with
    people × needs.

    ``workers`` > 1 computes batches in threads (numpy and scipy release the GIL in their kernels); batches
    are yielded in order, each sorted by person and need, whatever ``workers`` is.

    Examples
    --------
    >>> from tests.engine import tiny     # 4 people, 6 needs (see its docstring)
    >>> [(int(p), int(j)) for b in feasible_pairs(None, tiny.people(), tiny.needs(), batch_size=2)
    ...  for p, j in zip(b.people, b.needs)]
    [(0, 0), (0, 1), (0, 3), (1, 1), (1, 3), (1, 5), (2, 1), (2, 2), (3, 3)]

    Amal's language buddy travels with her, so the brasserie (need 3), which offers none, is open to her.
    """
    o = _options(options, overrides)
    _check_batching(batch_size, workers)
    if len(needs) == 0 or len(people) == 0:
        return
    n_needs = len(needs)

    def in_order(pairs: FeasiblePairs) -> FeasiblePairs:
        order = np.argsort(pairs.people * n_needs + pairs.needs)
        return FeasiblePairs(*(getattr(pairs, f)[order] for f in FeasiblePairs.__dataclass_fields__))

    yield from _PairSearch(transitions, people, needs, o).run(batch_size, workers, then=in_order)


@dataclass(frozen=True)
class TopMatches:
    """Bulk result: ``needs[p]`` the best need indices for person ``p`` (−1 padding), ``scores[p]`` theirs (NaN)."""

    needs: np.ndarray
    scores: np.ndarray

    def for_person(self, p: int) -> list[tuple[int, float]]:
        keep = self.needs[p] >= 0
        return [(int(j), float(s)) for j, s in zip(self.needs[p][keep], self.scores[p][keep])]


def _best_first(people_idx: np.ndarray, needs_idx: np.ndarray, score: np.ndarray, n_needs: int) -> np.ndarray:
    """The order of pairs by person, then score (descending), then need index: one argsort of a packed int64
    key (person offset, the score's float32 bits — ordered like the scores when non-negative — and the need),
    or a lexsort when the key would not fit."""
    if len(people_idx) == 0:
        return np.zeros(0, np.int64)
    score = np.ascontiguousarray(score, np.float32)
    bits = score.view(np.int32).astype(np.int64)
    offset = people_idx - people_idx.min()
    need_bits = max(int(n_needs - 1).bit_length(), 1)
    if bits.min() >= 0 and int(offset.max()).bit_length() + 31 + need_bits <= 63:
        key = (offset << (31 + need_bits)) | ((2 ** 31 - 1 - bits) << need_bits) | needs_idx
        return np.argsort(key)
    return np.lexsort((needs_idx, -score.astype(np.float64), people_idx))


def top_matches(space: SkillSpace, transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays, *,
                k: int = 10, batch_size: int = 2048, workers: int = 1, options: ScoreOptions | None = None,
                **overrides) -> TopMatches:
    """Score all people against all needs and keep each person's ``k`` best feasible needs.

    The feasible pairs come from the search of :func:`feasible_pairs` (sparse products over the pairs within
    reach, gate, checks and score on pairs); then an exact top-k per batch (:func:`_best_first`), in the
    batch's thread when ``workers`` > 1. Results do not depend on ``batch_size`` or ``workers``.

    Returns
    -------
    TopMatches
        ``needs`` int64 people × k, ``scores`` float32 people × k.

    Examples
    --------
    See ``tests/engine/test_matching.py::test_bulk_agrees_with_one_person_path``.
    """
    o = _options(options, overrides)
    if k < 1:
        raise InvalidParameter("k must be >= 1")
    _check_batching(batch_size, workers)
    n_people, n_needs = len(people), len(needs)
    out_needs = np.full((n_people, k), -1, np.int64)
    out_scores = np.full((n_people, k), np.nan, np.float32)
    if n_people == 0 or n_needs == 0:
        return TopMatches(out_needs, out_scores)

    def best(pairs: FeasiblePairs):
        order = _best_first(pairs.people, pairs.needs, pairs.score, n_needs)
        pr, c, values = pairs.people[order], pairs.needs[order], pairs.score[order]
        starts = np.flatnonzero(np.r_[True, pr[1:] != pr[:-1]]) if len(pr) else np.zeros(0, np.int64)
        rank = np.arange(len(pr)) - np.repeat(starts, np.diff(np.r_[starts, len(pr)]))
        take = rank < k
        return pr[take], rank[take], c[take], values[take]

    for pr, rank, c, values in _PairSearch(transitions, people, needs, o).run(batch_size, workers, then=best):
        out_needs[pr, rank] = c
        out_scores[pr, rank] = values
    return TopMatches(out_needs, out_scores)


def closest_blocked(transitions: np.ndarray | None, people: PeopleArrays, rows, needs: NeedArrays, k, *,
                    factors=None, batch_size: int = 256, options: ScoreOptions | None = None,
                    **overrides) -> tuple[np.ndarray, np.ndarray]:
    """For each person of ``rows``: their ``k`` (one number, or one per row) best needs that fail a hard
    constraint (score desc, then need index), the blocked part of :func:`match_person` with ``include_blocked``,
    for many people at once: the same :func:`score_block` over every need, a batch of people at a time. Returns
    aligned (person, need) index arrays, by person then rank.

    >>> from tests.engine import tiny     # 4 people, 6 needs
    >>> people, needs = tiny.people(), tiny.needs()
    >>> p, j = closest_blocked(None, people, [0, 3], needs, 2)
    >>> [(int(a), int(b)) for a, b in zip(p, j)]
    [(0, 5), (0, 4), (3, 5), (3, 0)]
    >>> [m.need for m in match_person(tiny.space(), None, people, 3, needs, include_blocked=True) if not m.feasible][:2]
    [5, 0]
    """
    o = _options(options, overrides)
    rows = np.asarray(rows, np.int64)
    wanted = np.broadcast_to(np.asarray(k, np.int64), rows.shape)
    rows, wanted = rows[wanted > 0], wanted[wanted > 0]
    if len(rows) == 0 or len(needs) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    factors = factors or coverage_factors(needs)
    slots = _past_slots(people, o)
    cols = np.arange(len(needs))
    out_p, out_j = [], []
    for start in range(0, len(rows), batch_size):
        batch, k_batch = rows[start:start + batch_size], wanted[start:start + batch_size]
        block = score_block(transitions, people, batch, needs, cols, o, factors=factors, slots=slots)
        score = np.where(block["feasible"], -np.inf, block["score"].astype(np.float64))
        kth = min(int(k_batch.max()), len(needs)) - 1
        threshold = -np.partition(-score, kth, axis=1)[:, kth]  # the k-th best blocked score of each row
        r, c = np.nonzero((score >= threshold[:, None]) & np.isfinite(score))
        order = np.lexsort((c, -score[r, c], r))
        r, c = r[order], c[order]
        starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]]) if len(r) else np.zeros(0, np.int64)
        rank = np.arange(len(r)) - np.repeat(starts, np.diff(np.r_[starts, len(r)]))
        keep = rank < k_batch[r]
        out_p.append(batch[r[keep]])
        out_j.append(c[keep])
    return np.concatenate(out_p), np.concatenate(out_j)


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
        """Pair ``i`` as a :class:`Match`, with its constraint facts and (``explain``) explanation facts."""
        space, people, needs, programmes, names, o, past, n_optional_of_need = self.context

        def row(matrix, r):
            return tuple(matrix.indices[matrix.indptr[r]:matrix.indptr[r + 1]].tolist())

        p, j = int(self.person[i]), int(self.need[i])
        checks = dict(zip(CONSTRAINTS, self.checks[i].tolist()))
        ess_cov, experience = float(self.essential_coverage[i]), float(self.experience[i])
        score = float(self.score[i])
        constraints = tuple(_constraint_facts(people, p, needs, j, checks, float(self.distance_km[i]), o, ess_cov))
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
        if bridges and missing_m.nnz:
            closes = missing_m @ teaches_t
            counts = np.diff(closes.indptr)
            reach, bd = _programmes_within_reach(people, programmes, places, pr, counts, closes.indices,
                                                 extra_radius_km)
            # the product stores no zeros: every entry closes a gap
            br = np.repeat(np.arange(len(pr)), counts)[reach]
            bk, bn = closes.indices[reach].astype(np.int64), closes.data[reach]
            # in proportion to the gap and the work, and none where the employer trains on the job
            fit = in_proportion(duration[bk], bn, work_months(np.asarray(needs.months)[c[br]])) & ~np.asarray(
                needs.trains_on_job, bool)[c[br]]
            br, bk, bn, bd = br[fit], bk[fit], bn[fit], bd[fit]
            per_month = -(bn.astype(np.float64) / np.maximum(duration[bk], 1e-9))
            if bridge_limit is None:
                order = np.lexsort((bk, bd, duration[bk], per_month, br))
            else:
                order = _first_in_rows(br, [per_month, duration[bk], bd, bk.astype(np.float64)], bridge_limit)
            br, bk, bd = br[order], bk[order], bd[order]
            part["b_count"] = np.bincount(br, minlength=len(pr))
            part["b_prog"], part["b_dist"] = bk, bd
            part["b_closes"] = missing_m[br].multiply(teaches[bk]).tocsr()
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
                         programmes: ProgrammeArrays | None = None) -> tuple[dict, ...]:
    """The match in the third person for the employer, as facts, without special-category hints.

    Leaves out accommodations and the welcome bonus (both would reveal health data or group membership) and
    the candidate's own radius.

    >>> from matchmaker.engine.examples import toy_space
    >>> from matchmaker.explanations import render
    >>> m = Match(0, 0, 0.8, True, 0.5, 0.0, 0.0, True, (1,), (), (3,), (), (), ())
    >>> facts = explain_for_employer(toy_space(), None, m, names=Names(needs=("cook",)))
    >>> [f["code"] for f in facts]
    ['candidate.essential', 'candidate.missing', 'candidate.checked', 'match.score']
    >>> print(render(facts, "en"))
    The candidate has 1 of the 2 essential skills for cook: prepare vegetables. Still missing: manage kitchen stock. Checked: distance, hours, level of Dutch, months and skills, as far as they are known. Score: 0.80 of 1.
    """
    labels = space.skill_labels
    role = names.need(match.need, fallback="?") if needs is None else _need_label(space, needs, match.need, names)
    n_ess = len(match.matched) + len(match.missing)
    facts = []
    if n_ess:
        facts.append(fact("candidate.essential", held=len(match.matched), total=n_ess, need=role,
                          skills=[labels[s] for s in match.matched]))
        facts.append(fact("candidate.missing", skills=[labels[s] for s in match.missing]) if match.missing
                     else fact("candidate.nothing_missing"))
    if match.matched_optional:
        facts.append(fact("candidate.optional", held=len(match.matched_optional)))
    if match.experience > 0:
        facts.append(fact("candidate.experience", credit=round(match.experience, 4)))
    facts.append(fact("candidate.checked"))
    for b in match.bridge:
        name = names.programme(b.programme, fallback=str(programmes.ids[b.programme]) if programmes is not None else "?")
        facts.append(fact("candidate.bridge", programme=name, months=b.duration_months,
                          skills=[labels[s] for s in b.closes]))
    facts.append(fact("match.score", score=round(match.score, 4)))
    return tuple(facts)
