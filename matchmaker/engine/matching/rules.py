"""The matching rules: options, hard constraints, scores and the gap bridge — every rule a match obeys.

1. **Hard constraints** (:data:`CONSTRAINTS`), each kept separately so a result can say what was checked
   and what blocked: great-circle distance ≤ the person's radius, the need's hours ≤ the person's hours
   (+ ``hours_tolerance``), accommodations needed ⊆ offered (bitmasks), Dutch level ≥ required, months
   available ∩ the need's months ≠ ∅, essential skill coverage ≥ the need's gate (:func:`coverage_gate`:
   ``min_coverage``, ``trains_on_job_coverage`` when the employer trains on the job, ``beginner_coverage`` when
   it trains beginners in entry-level work), work capacity, and the level: work two or more ISCO skill levels
   above what the person's education and work reached is not a direct step (a programme of that level comes first,
   as in a career path). A place left empty (NaN) is not checked.
2. **Score** in [0, 1] (:func:`skill_score`): ``essential_weight`` × essential coverage + ``optional_weight`` ×
   optional coverage + ``experience_weight`` × experience, where experience is the best transition
   similarity from any past occupation to the need's occupation, each weighted by
   ``min(1, years / experience_cap_years)``. Coverage here is exact (a skill is held or not) so matched and
   missing lists stay unambiguous; near skills count through the experience term's transition matrix.
3. **Fairness.** :func:`skill_score` takes coverage and experience only: it cannot see target groups, age
   (not in the engine's inputs at all) or accommodation needs. Accommodations only enter as the ⊆ constraint.
   Afterwards :func:`apply_welcome_bonus` may *add* a small bonus where the need welcomes one of the person's
   groups; it never subtracts.
4. **Gap bridge** (:func:`gap_bridge`): programmes within reach that teach missing essential skills, in
   proportion to the gap and the work, ordered by gaps closed per month (desc), duration (asc), distance (asc).

Everything here works on index arrays (a grid ``rows[:, None], cols[None, :]`` or aligned pairs), so the
one-person, one-need and bulk paths (:mod:`.lookup`, :mod:`.search`, :mod:`.facts`) run the same arithmetic.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matchmaker.vocabulary import ACCOMMODATIONS, TRAVELLING_SUPPORTS, to_mask
from ..bridges import BridgeOptions, in_proportion
from ..data import NeedArrays, PeopleArrays, ProgrammeArrays, as_csr, binary
from ..errors import InvalidParameter, UnknownPerson, check_index
from ..geo import haversine_km
from ..levels import level_fits, reached_levels
from .. import work_capacity

#: Constraint names, in the order they are checked and reported.
CONSTRAINTS = ("distance", "hours", "accommodations", "dutch", "months", "skills", "capacity", "level")
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
    0.5, or 0.3 when the employer trains on the job; entry-level work (open to beginners: ISCO's elementary
    occupations and those the taxonomy marks open to starters) that the employer trains on the job asks no
    skills up front (0.0): that is what "no experience needed, we train you" means. The welcome bonus (0.05)
    moves a welcoming need up among similar ones without overtaking a clearly better fit.

    >>> ScoreOptions().essential_weight + ScoreOptions().optional_weight + ScoreOptions().experience_weight
    1.0
    """

    essential_weight: float = 0.6
    optional_weight: float = 0.15
    experience_weight: float = 0.25
    experience_cap_years: float = 3.0
    min_coverage: float = 0.5
    trains_on_job_coverage: float = 0.3
    beginner_coverage: float = 0.0
    hours_tolerance: float = 0.0
    welcome_bonus: float = 0.05

    def __post_init__(self):
        weights = (self.essential_weight, self.optional_weight, self.experience_weight)
        if min(weights) < 0 or abs(sum(weights) - 1.0) > 1e-9:
            raise InvalidParameter("score weights must be non-negative and sum to 1")
        if not all(0 <= gate <= 1 for gate in (self.min_coverage, self.trains_on_job_coverage,
                                               self.beginner_coverage)):
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


def coverage_gate(trains_on_job, beginners=None, *, options: ScoreOptions | None = None) -> np.ndarray:
    """The essential coverage each need asks (the ``skills`` check): ``min_coverage``; ``trains_on_job_coverage``
    when the employer trains on the job; ``beginner_coverage`` when it trains on the job for work open to
    beginners (``beginners``, see :attr:`NeedArrays.beginners`; None = none is). Vectorised.

    Examples
    --------
    >>> coverage_gate([False, True, True], [True, False, True]).tolist()
    [0.5, 0.3, 0.0]
    """
    o = options or ScoreOptions()
    trains = np.asarray(trains_on_job, bool)
    gate = np.where(trains, o.trains_on_job_coverage, o.min_coverage)
    if beginners is not None:
        gate = np.where(trains & np.asarray(beginners, bool), o.beginner_coverage, gate)
    return gate


def need_gate(needs: NeedArrays, j: int, options: ScoreOptions | None = None) -> float:
    """:func:`coverage_gate` of need ``j`` alone."""
    beginners = None if needs.beginners is None else needs.beginners[j:j + 1]
    return float(coverage_gate(needs.trains_on_job[j:j + 1], beginners, options=options)[0])


def min_essential_held(n_essential, gate) -> np.ndarray:
    """The fewest of a need's ``n_essential`` essential skills a person must hold to pass its coverage ``gate``
    (:func:`coverage_gate`): ceil(gate × n), the count form of the ``skills`` check. 0 for a need without
    essential skills (everyone passes). Vectorised.

    Examples
    --------
    >>> min_essential_held([10, 10, 7, 0, 7], coverage_gate([False, True, False, False, True],
    ...                                                      [False, False, False, False, True])).tolist()
    [5, 3, 4, 0, 0]
    """
    return np.ceil(np.asarray(gate, np.float64) * np.asarray(n_essential, np.float64) - 1e-6).astype(np.int64)


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
    threshold = coverage_gate(needs.trains_on_job, needs.beginners, options=o)
    return ess_cov >= threshold.astype(np.float32)[c] - np.float32(1e-6)


def _check_level(people, needs, r, c, ess_cov, o):
    """Direct work only where its level fits (:func:`matchmaker.engine.levels.level_fits`): less than two ISCO skill
    levels above what the person's education and the work they held reached. Arrays without levels pass."""
    own = reached_levels(people.skill_level, people.work_level)
    if needs.level is None or own is None:
        return np.ones(np.broadcast_shapes(np.shape(r), np.shape(c)), bool)
    return level_fits(own[r], np.asarray(needs.level, np.int64)[c])


_CHECKS = {"distance": _check_distance, "hours": _check_hours, "accommodations": _check_accommodations,
           "dutch": _check_dutch, "months": _check_months, "skills": _check_skills, "capacity": _check_capacity,
           "level": _check_level}
#: the order in which the bulk path filters candidate pairs: cheap and selective checks first, distance last
_FILTER_ORDER = ("skills", "hours", "dutch", "accommodations", "months", "capacity", "level", "distance")


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


def grid_scores(transitions, slots, people: PeopleArrays, rows, needs: NeedArrays, coding,
                o: ScoreOptions) -> np.ndarray:
    """The ``score`` of :func:`score_block` for ``rows`` (people) × every need, the same float32 values, without
    the hard-constraint checks (for ranking needs whose feasibility is known already) and built for many rows: the
    coverages are each need's own where a person shares none of its skills (most pairs) and computed only where
    they share some (the sparse product's entries); the experience once per distinct occupation of the needs; the
    welcome bonus only where a person's groups meet a need's."""
    rows = np.asarray(rows, np.int64)
    n_needs = len(needs)
    held = sparse.csr_matrix(people.skills, dtype=coding[0].dtype)[rows]
    held.data[:] = 1.0
    shared = (held @ coding[0]).tocoo()
    every = np.arange(n_needs)
    ess_none, opt_none = _coverages(np.zeros(n_needs), every, coding)
    ess_cov = np.repeat(ess_none[None, :], len(rows), axis=0)
    opt_cov = np.repeat(opt_none[None, :], len(rows), axis=0)
    ess_cov[shared.row, shared.col], opt_cov[shared.row, shared.col] = _coverages(shared.data, shared.col, coding)
    _, first, which = np.unique(np.asarray(needs.occupation), return_index=True, return_inverse=True)
    exp = _experience(transitions, slots, needs, rows[:, None], first[None, :])[:, which.ravel()]
    score = skill_score(ess_cov, opt_cov, exp, options=o)
    groups = np.asarray(people.target_groups, np.int64)[rows]
    welcomes = np.asarray(needs.welcomes_groups, np.int64)
    r, c = np.flatnonzero(groups), np.flatnonzero(welcomes)
    if len(r) and len(c):
        block = np.ix_(r, c)
        score[block] = apply_welcome_bonus(score[block], groups[r][:, None], welcomes[c][None, :], bonus=o.welcome_bonus)
    return score


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


# --------------------------------------------------------------------------- gap bridge

@dataclass(frozen=True)
class Bridge:
    """A programme within reach that teaches ``closes`` (skill indices) of the missing essential skills."""

    programme: int
    closes: tuple[int, ...]
    duration_months: float
    distance_km: float


def gap_bridge(people: PeopleArrays, p: int, programmes: ProgrammeArrays, missing: Sequence[int], *,
               extra_radius_km: float = 0.0, limit: int | None = 3, months_of_work: int = 12,
               bridge_options: BridgeOptions = BridgeOptions()) -> list[Bridge]:
    """Programmes within the person's radius (+ ``extra_radius_km``) teaching any of ``missing``, in proportion
    to the gap and the work (:func:`matchmaker.engine.bridges.in_proportion`; ``months_of_work`` 12 for work all
    year; longer than the work when the person wants a career change).

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
        duration, closes, months_of_work, bridge_options, career_change=people.wants_career_change(p))
    idx = np.flatnonzero(reach)
    per_month = closes / np.maximum(duration, 1e-9)
    order = idx[np.lexsort((idx, distance[idx], duration[idx], -per_month[idx]))]
    if limit is not None:
        order = order[:limit]
    return [Bridge(int(k), taught(k), float(duration[k]), float(distance[k])) for k in order]

