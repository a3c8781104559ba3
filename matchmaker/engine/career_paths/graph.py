"""One person's career-path graph, kept as its blocks: the jobs they can take, the moves between them (:func:`_moves`),
the training steps within reach (:func:`_person_graph`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matchmaker.vocabulary import ALL_MONTHS_MASK
from ..data import PeopleArrays, SkillSpace, ranges
from ..errors import InvalidParameter
from ..geo import haversine_km, may_be_within
from ..levels import LEVEL_STEP, isco_level
from ..matching.rules import ScoreOptions, _constraint_block
from .region import MOVE_GROWTH, MOVE_NONE, MOVE_SEASONAL, PathCosts, Region, taught_skills


def _moves(region: Region, jobs: np.ndarray, transitions: np.ndarray, start_sim: np.ndarray, threshold: np.ndarray,
           job_fixed: np.ndarray, idle: np.ndarray, costs: PathCosts):
    """Cost, similarity and MOVE_* of every job → job move among the candidate ``jobs`` (m × m each).

    A move is a seasonal chain (seasonal → seasonal at another employer, months disjoint: it credits the months
    the next job fills), a move on to another occupation, or none (the same job); its similarity is the
    transition similarity of the occupations, at least the person's own fit for the next job.
    """
    occ = region.job_occ[jobs]
    has = occ >= 0
    distinct, at = np.unique(np.maximum(occ, 0), return_inverse=True)  # the few occupations' block, spread out
    sim = np.asarray(transitions[np.ix_(distinct, distinct)], np.float32)[at][:, at]
    if not has.all():
        sim[~has] = 0
        sim[:, ~has] = 0
    sim = np.maximum(sim, start_sim[None, :])
    kind = (occ[:, None] != occ[None, :]).astype(np.int8) * np.int8(MOVE_GROWTH)  # else MOVE_NONE
    cost = idle[None, :] - idle[:, None]  # moving on replaces the previous job's idle months
    months = region.job_months[jobs]
    seasonal = np.flatnonzero(months != ALL_MONTHS_MASK)
    if len(seasonal):
        block = np.ix_(seasonal, seasonal)
        org = region.job_org[jobs[seasonal]]
        chain = ((months[seasonal][:, None] & months[seasonal][None, :]) == 0) & (org[:, None] != org[None, :])
        kinds, change = kind[block], cost[block]
        kinds[chain] = MOVE_SEASONAL
        change[chain] = np.broadcast_to(-costs.idle * region.job_worked[jobs[seasonal]][None, :] / 12,
                                        chain.shape)[chain]
        kind[block], cost[block] = kinds, change
    np.fill_diagonal(kind, MOVE_NONE)
    cost += job_fixed[None, :]
    gap = 1 - sim
    gap *= costs.gap
    cost += gap
    cost[(kind == MOVE_NONE) | (sim < threshold[None, :] - 1e-6)] = np.inf
    return cost, sim, kind



def _row_entries(matrix: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position in ``rows``, column, position within the row) of every stored entry of those rows of a CSR
    matrix, read from its arrays (no sliced matrix is built)."""
    starts = matrix.indptr[rows]
    counts = matrix.indptr[rows + 1] - starts
    at = np.repeat(np.arange(len(rows)), counts)
    entries = ranges(starts, counts)
    return at, matrix.indices[entries], entries - starts[at]


def _taught(region: Region, pairs: np.ndarray, n_skills: int) -> sparse.csr_matrix:
    """What the training ``pairs`` teach, as a pairs × skills 0/1 matrix (of those pairs only)."""
    at, skills = taught_skills(region, pairs)
    indptr = np.zeros(len(pairs) + 1, np.int64)
    np.cumsum(np.bincount(at, minlength=len(pairs)), out=indptr[1:])
    return sparse.csr_matrix((np.ones(len(skills), np.float32), skills, indptr), shape=(len(pairs), n_skills))


def _row(matrix: sparse.csr_matrix, i: int) -> np.ndarray:
    """Column indices of row ``i`` of a CSR matrix (a view)."""
    return matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]]


def _stored(matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) stored in row ``i`` of ``matrix``: views of a CSR matrix's arrays, else via a copy."""
    if not (sparse.issparse(matrix) and matrix.format == "csr"):
        row = sparse.csr_matrix(matrix[i])
        return row.indices, row.data
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[lo:hi], matrix.data[lo:hi]


def _first_per_group(group: np.ndarray, value: np.ndarray, m: int) -> np.ndarray:
    """Positions of the ``m`` smallest finite values of each group (ties by position), in position order; ``group``
    is sorted. ``m`` rounds of a per-group minimum, each O(n), instead of sorting.

    >>> _first_per_group(np.array([0, 0, 0, 1, 1]), np.array([3., 1., 1., 2., 5.]), 2).tolist()
    [1, 2, 3, 4]
    """
    value = np.array(value, float)
    if not len(value):
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]]))
    of = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(group))))
    chosen = []
    for _ in range(m):
        low = np.minimum.reduceat(value, starts)
        hit = np.flatnonzero((value == low[of]) & np.isfinite(value))
        if not len(hit):
            break
        hit = hit[np.concatenate([[True], of[hit[1:]] != of[hit[:-1]]])]  # the first of each group
        chosen.append(hit)
        value[hit] = np.inf
    return np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, np.int64)


@dataclass(frozen=True)
class _PersonGraph:
    """One person's graph: node 0 = start, nodes 1..m = the candidate jobs, nodes m + 1.. = training nodes.

    A nodes × nodes matrix would be mostly empty (a training node has one way out, to its job; no training
    follows training), so the edges are kept as their five blocks: start → job, job → job (m × m), start →
    training, training → its job, and job → training, which :meth:`training` computes for the origins and
    training nodes asked for: the k best paths need it only where a path through it can still beat the k-th
    shorter path (every such edge costs at least ``train_floor[origin] + pair_fixed[training]``).
    """

    jobs: np.ndarray  # region job index of each job node
    job_distance: np.ndarray  # km from the person (0 for a shortage occupation / unknown place)
    start_cost: np.ndarray  # start → job, inf = no edge
    start_sim: np.ndarray
    move_cost: np.ndarray  # job → job (m × m), inf = no edge
    move_sim: np.ndarray
    move_kind: np.ndarray  # MOVE_*
    pairs: np.ndarray  # region training pair of each training node
    pair_target: np.ndarray  # job position (0..m-1) each training node leads to
    pair_distance: np.ndarray  # km from the person to the programme
    pair_cost: np.ndarray  # training → its job
    pair_fixed: np.ndarray  # the part of a job → training cost that does not depend on the job
    start_train_cost: np.ndarray  # start → training, inf = no edge
    start_train_sim: np.ndarray
    train_floor: np.ndarray  # per job: job → training costs at least train_floor[job] + pair_fixed[training]
    training: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]  # (jobs, trainings) -> cost, sim

    @property
    def m(self) -> int:
        return len(self.jobs)

    def edge(self, a: int, b: int) -> tuple[float, float]:
        """(cost, similarity) of the edge between nodes ``a`` and ``b``."""
        m = self.m
        if b <= m:
            if a == 0:
                cost, sim = self.start_cost[b - 1], self.start_sim[b - 1]
            elif a <= m:
                cost, sim = self.move_cost[a - 1, b - 1], self.move_sim[a - 1, b - 1]
            else:
                cost, sim = self.pair_cost[a - 1 - m], 1.0
        elif a == 0:
            cost, sim = self.start_train_cost[b - 1 - m], self.start_train_sim[b - 1 - m]
        else:
            block, after = self.training(np.array([a - 1]), np.array([b - 1 - m]))
            cost, sim = block[0, 0], after[0, 0]
        return float(cost), float(np.float32(sim))


def _lowest(value: np.ndarray, m: int) -> np.ndarray:
    """Positions of the ``m`` smallest values (ties by position), in position order: a partition, not a sort.

    >>> _lowest(np.array([3., 1., 2., 1., 2.]), 3).tolist()
    [1, 2, 3]
    """
    if m >= len(value):
        return np.arange(len(value))
    cut = np.partition(value, m - 1)[m - 1]
    below = np.flatnonzero(value < cut)
    return np.sort(np.concatenate([below, np.flatnonzero(value == cut)[:m - len(below)]]))


def _excluded(region: Region, exclude_jobs) -> np.ndarray:
    """``exclude_jobs`` as an index array of the region's jobs; InvalidParameter if one is not a job of it."""
    exclude = np.asarray(exclude_jobs, np.int64).ravel()
    if exclude.size and (exclude.min() < 0 or exclude.max() >= region.n_jobs):
        raise InvalidParameter(f"exclude_jobs must be job indices of the region (0..{region.n_jobs - 1})")
    return exclude


def person_level(people: PeopleArrays, p: int, space: SkillSpace) -> int:
    """Person ``p``'s ISCO skill level: the highest of what their education prepares for and the occupations they
    held (0 when neither is known)."""
    past = _stored(people.past_occupations, p)[0]
    education = int(people.skill_level[p]) if people.skill_level is not None else 0
    return max([education, *(isco_level(space.isco_group[o]) for o in past)])


def _jobs_within_reach(people, p, needs, region: Region, options: ScoreOptions,
                       exclude_jobs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The region's jobs person ``p`` may take at all (the hard constraints without the skills check; shortage
    occupations always) as a mask, and the distance to each (0 for a shortage occupation)."""
    feasible = np.ones(region.n_jobs, bool)
    feasible[exclude_jobs] = False
    distance = np.zeros(region.n_jobs)
    is_need = np.flatnonzero(region.job_need >= 0)
    if len(is_need):
        cols = region.job_need[is_need]  # the exact checks run only on needs the radius' box may reach
        box = may_be_within(people.lat[p], people.lon[p], needs.lat[cols], needs.lon[cols], people.radius_km[p])
        feasible[is_need[~box]] = False
        is_need, cols = is_need[box], cols[box]
        d = haversine_km(people.lat[p], people.lon[p], needs.lat[cols], needs.lon[cols])
        checks = _constraint_block(people, np.array([p]), needs, cols, np.ones((1, len(cols)), np.float32),
                                   options, distance=d[None, :])
        ok = np.logical_and.reduce([checks[c][0] for c in ("distance", "hours", "accommodations", "dutch", "months",
                                                                   "capacity")])
        feasible[is_need] = ok
        distance[is_need[ok]] = np.nan_to_num(d[ok], nan=0.0)
    return feasible, distance


def _person_graph(space, transitions, people, p, needs, programmes, region: Region, *, costs: PathCosts,
                  options: ScoreOptions, extra_radius_km: float, trains_on_job_similarity: float,
                  max_jobs: int, max_programmes_per_job: int, exclude_jobs: np.ndarray) -> _PersonGraph:
    n_jobs = region.n_jobs
    radius = max(float(people.radius_km[p]), 1e-9)
    skills, value = _stored(people.skills, p)
    held = np.unique(skills[value != 0])
    held_mask = np.zeros(space.n_skills, bool)
    held_mask[held] = True
    feasible, distance = _jobs_within_reach(people, p, needs, region, options, exclude_jobs)
    jobs = np.flatnonzero(feasible)
    # essential skills held per job: count the held skills' jobs (exact small integers, as float32)
    have = np.bincount(_row_entries(region.skill_jobs, held)[1], minlength=n_jobs)[jobs].astype(np.float32)
    n_ess = region.job_n_essential[jobs]
    coverage = np.where(n_ess > 0, have / np.maximum(n_ess, 1), 1.0)
    experience = np.zeros(len(jobs), np.float32)
    occ = region.job_occ[jobs]
    for o, years in zip(*_stored(people.past_occupations, p)):
        w = min(1.0, years / options.experience_cap_years)
        experience = np.maximum(experience, np.where(occ >= 0, transitions[o, np.maximum(occ, 0)] * w, 0))
    start_sim = np.maximum(coverage, experience)
    job_fixed = (costs.step + costs.travel * distance[jobs] / radius + costs.demand / (1 + region.job_headcount[jobs])
                 + np.where(region.job_need[jobs] < 0, costs.shortage, 0.0))
    # idle months are edge-additive: entering a job costs the months it leaves empty; a seasonal chain credits
    # the months the next job fills; moving on or training replaces the previous job's idle months
    idle = costs.idle * (12 - region.job_worked[jobs]) / 12
    if len(jobs) > max_jobs:  # candidate jobs: the best max_jobs by start cost (fit, travel, demand, idle months)
        keep = _lowest(job_fixed + idle + costs.gap * (1 - start_sim), max_jobs)
        jobs, start_sim, job_fixed, idle = jobs[keep], start_sim[keep], job_fixed[keep], idle[keep]
        have, n_ess = have[keep], n_ess[keep]
    threshold = np.where(region.job_trains[jobs], min(region.viable, trains_on_job_similarity), region.viable)
    pos = np.full(n_jobs, -1)
    pos[jobs] = np.arange(len(jobs))

    # --- training pairs within reach towards candidate jobs (pairs are stored by job: gather only theirs)
    pairs = np.zeros(0, np.int64)
    prog_dist, new_from_start = np.zeros(0), np.zeros(0, np.float32)
    if len(region.pair_job) and len(jobs):
        pairs = ranges(region.pair_start[jobs], np.diff(region.pair_start)[jobs])
        prog_dist = np.nan_to_num(haversine_km(people.lat[p], people.lon[p], programmes.lat, programmes.lon), nan=0.0)
        pairs = pairs[prog_dist[region.pair_programme[pairs]] <= radius + extra_radius_km]
        if region.pair_fits_work is not None and not people.wants_career_change(p):
            pairs = pairs[region.pair_fits_work[pairs]]  # longer than the work: only towards a new trade
    if len(pairs):  # a programme teaching nothing new is useless from any origin
        # new skills per pair: what it teaches less what the person holds of that (read from the pairs' rows)
        at, skill = taught_skills(region, pairs)
        new_from_start = region.pair_n_teach[pairs] - np.bincount(at, weights=held_mask[skill],
                                                                  minlength=len(pairs)).astype(np.float32)
        pairs, new_from_start = pairs[new_from_start > 0], new_from_start[new_from_start > 0]
    # no training into an occupation the person already held: they can take such work as they are, or not at all
    held_occupation = np.isin(region.job_occ[jobs], _stored(people.past_occupations, p)[0])
    if len(pairs):
        fresh = ~held_occupation[pos[region.pair_job[pairs]]]
        pairs, new_from_start = pairs[fresh], new_from_start[fresh]
    pj = pos[region.pair_job[pairs]]
    prog = region.pair_programme[pairs]
    years = np.asarray(programmes.duration_months, float)[prog] / 12 if len(pairs) else np.zeros(0)
    train_fixed = costs.step + costs.training_per_year * years + costs.travel * prog_dist[prog] / radius
    if len(pairs):  # at most max_programmes_per_job programmes per job: the cheapest from the start
        after_start = np.minimum((have[pj] + new_from_start) / np.maximum(n_ess[pj], 1), 1)
        best = _first_per_group(pj, train_fixed + costs.gap * (1 - after_start), max_programmes_per_job)
        pairs, new_from_start, pj, prog, train_fixed = (pairs[best], new_from_start[best], pj[best], prog[best],
                                                        train_fixed[best])
    n_teach = region.pair_n_teach[pairs]

    # start -> job; entry-level work whose employer trains beginners asks no skills up front (as the matcher's
    # coverage gate: ScoreOptions.beginner_coverage)
    start_threshold = threshold
    if region.job_beginners is not None:
        start_threshold = np.where(region.job_beginners[jobs], options.beginner_coverage, threshold)
    ok = start_sim >= start_threshold - 1e-6
    start_cost = np.where(ok, job_fixed + idle + costs.gap * (1 - start_sim), np.inf)
    # job -> job, among the candidate jobs only
    move_cost, move_sim, kind = _moves(region, jobs, transitions, start_sim, threshold, job_fixed, idle, costs)
    move_cost[(kind == MOVE_GROWTH) & held_occupation[None, :]] = np.inf  # never "move on" back to a held occupation
    # levels: no direct move LEVEL_STEP or more ISCO skill levels above where the person stands (their own level, or
    # the job they come from): such a move needs a qualifying programme first
    job_level = region.job_level[jobs] if region.job_level is not None else np.zeros(len(jobs), np.int8)
    own = person_level(people, p, space)
    if own > 0:
        start_cost[job_level.astype(int) - own >= LEVEL_STEP] = np.inf
        from_level = np.maximum(own, job_level.astype(int))
        move_cost[job_level[None, :].astype(int) - from_level[:, None] >= LEVEL_STEP] = np.inf

    def training(origins: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cost and similarity (coverage of the job's essentials after the programme) of the training edges from
        ``origins`` (job positions, -1 = start) to training nodes ``cols``: origins × cols, inf = no edge."""
        target = pj[cols]
        pair_n = np.maximum(n_ess[target], 1)
        shape = (len(origins), len(cols))
        covered = np.broadcast_to(have[target], shape)  # essentials of the target held
        known = np.broadcast_to(n_teach[cols] - new_from_start[cols], shape)  # of those taught, held already
        direct = np.broadcast_to(start_sim[target], shape)  # similarity without the programme
        moves, left_idle = np.ones(shape, bool), np.zeros((len(origins), 1))
        at_job = np.flatnonzero(origins >= 0)
        if len(at_job):  # a job adds the skills it leaves the person with, and ends its idle time
            row, skill, _ = _row_entries(region.job_held, jobs[origins[at_job]])
            new = ~held_mask[skill]
            added = sparse.csr_matrix((np.ones(int(new.sum()), np.float32), (at_job[row[new]], skill[new])),
                                      shape=(len(origins), space.n_skills))
            targets, target_of = np.unique(target, return_inverse=True)
            covered = covered + (added @ region.job_essential[jobs[targets]].T).toarray()[:, target_of]
            known = known + (added @ _taught(region, pairs[cols], space.n_skills).T).toarray()
            direct = direct.copy()
            direct[at_job] = move_sim[np.ix_(origins[at_job], target)]
            moves[at_job] = kind[np.ix_(origins[at_job], target)] != MOVE_NONE  # never back into the same job
            left_idle[at_job, 0] = idle[origins[at_job]]
        before = covered / pair_n
        gain = (n_teach[cols][None, :] - known) / pair_n
        after = before + gain
        need = threshold[target][None, :]
        ok = (gain > 0) & (after >= need - 1e-6) & (np.maximum(before, direct) < need - 1e-6) & moves
        if own > 0 and region.pair_qualifies is not None:  # a jump of levels needs a qualifying programme
            from_job = job_level[origins[origins >= 0]].astype(int)
            origin_level = np.full(len(origins), own)
            origin_level[origins >= 0] = np.maximum(own, from_job)
            jump = job_level[target][None, :].astype(int) - origin_level[:, None] >= LEVEL_STEP
            ok &= ~jump | region.pair_qualifies[pairs[cols]][None, :]
        after = np.minimum(after, 1)
        return np.where(ok, train_fixed[cols][None, :] - left_idle + costs.gap * (1 - after), np.inf), after

    every = np.arange(len(pairs))
    start_train_cost, start_train_sim = (block[0] for block in training(np.array([-1]), every))
    return _PersonGraph(jobs, distance[jobs], start_cost, start_sim, move_cost, move_sim, kind, pairs, pj,
                        prog_dist[prog], job_fixed[pj] + idle[pj], train_fixed, start_train_cost, start_train_sim,
                        -idle, training)

