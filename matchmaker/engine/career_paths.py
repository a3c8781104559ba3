"""k best regional career paths of 1–3 steps, each step explained.

Steps are **jobs** (a need at a real employer — vacancy, internship, apprenticeship, seasonal peak — or a
shortage occupation of the region) and **training** (a programme within reach that closes the gap to the
next job). Job → job moves are first-class: *seasonal chains* (two seasonal needs whose months do not
overlap, e.g. the harvest in May–August, then the year-end peak in November–December) and *moves*
between different occupations (starter → growth), both gated by the precomputed transition matrix.

How it stays fast and small (≤ 20 ms per person on the full ESCO table, see ``bench/measure_career_paths.py``):

1. :func:`prepare_region` does everything that does not depend on the person once per region, all of it per
   job (1-d arrays, sparse jobs × skills rows) or per training pair — the (programme, job) pairs where the
   programme teaches something the job requires, stored by job (CSR) — so memory grows linearly with the
   region's needs; nothing jobs × jobs (a region with 10,000 open needs would ask for tens of GiB).
2. Per person, the jobs they can take at all (hard constraints from :mod:`matchmaker.engine.matching`:
   distance, hours, accommodations, Dutch, months) become candidates — at most ``max_jobs`` of them, the lowest
   start cost first — with at most ``max_programmes_per_job`` programmes within reach each. The job → job moves
   (transition similarity, seasonal chain or move on) and a small dense cost matrix over start + candidate
   jobs + reachable training pairs are built with numpy for this subset only.
3. Because paths have at most three edges, the k best *simple* paths are enumerated exactly and vectorised:
   every 1- and 2-edge path, and for 3 edges each (u, v) whose cheapest completion can still beat the k-th
   shorter path, joined with the k + 1 cheapest continuations of v (only x = u can be excluded by simplicity,
   so k + 1 suffice). This gives the same answer as Yen's algorithm (``networkx.shortest_simple_paths``)
   restricted to ≤ 3 edges — which Yen's cannot do directly — at a fraction of the cost; :func:`career_graph`
   returns the same graph as networkx for inspection, and the tests check the two agree.

Step cost = ``step`` + ``gap`` × (1 − similarity or coverage) + ``travel`` × distance / radius +
``demand`` / (1 + open headcount) for jobs, and ``step`` + ``training_per_year`` × years + ``travel`` ×
distance / radius + ``gap`` × (1 − coverage after the programme) for training (see :class:`PathCosts`).
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse

from matchmaker.vocabulary import ALL_MONTHS_MASK
from .data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace, binary
from .errors import InvalidParameter, NoFeasiblePath, UnknownPerson, check_index
from .geo import haversine_km
from .matching import ScoreOptions, _constraint_block
from .words import Names, amount, article, months_words, quoted

STEP_KINDS = ("job", "training")
MOVE_NONE, MOVE_SEASONAL, MOVE_GROWTH = 0, 1, 2
MAX_JOBS = 300  # candidate jobs per person (see career_paths)
MAX_PROGRAMMES_PER_JOB = 3  # training nodes per candidate job


def _check_caps(max_jobs, max_programmes_per_job):
    if max_jobs < 1 or max_programmes_per_job < 0:
        raise InvalidParameter("max_jobs must be >= 1 and max_programmes_per_job >= 0")


@dataclass(frozen=True)
class PathCosts:
    """Weights of the step cost. A perfect-fit job next door with plenty of demand costs about ``step``.

    One full skill gap (1.0) weighs as much as a year of training or two radii of travel; demand adds at
    most 0.25 (one open place) and vanishes as head-count grows; ``step`` makes shorter paths win ties.
    ``shortage`` is the premium of a shortage-occupation step over a concrete opening (it names no employer
    and no place yet, so a real need of similar fit comes first). ``idle`` weighs a year without work: a path that ends in seasonal work pays for the months it leaves
    empty, so "harvest, then the year-end peak" beats "harvest" alone.

    >>> PathCosts().gap
    1.0
    """

    gap: float = 1.0
    training_per_year: float = 1.0
    travel: float = 0.5
    demand: float = 0.5
    step: float = 0.1
    idle: float = 0.6
    shortage: float = 0.5

    def __post_init__(self):
        if min(self.gap, self.training_per_year, self.travel, self.demand, self.step, self.idle, self.shortage) < 0:
            raise InvalidParameter("path cost weights must be >= 0")


@dataclass(frozen=True)
class Region:
    """Person-independent preparation of a region's demand (see :func:`prepare_region`).

    Everything is per job (1-d arrays, sparse jobs × skills rows) or per training pair (sparse), so memory grows
    linearly with the region's needs; the job → job moves are computed per person among the jobs that person
    can take (see :func:`career_paths`).
    """

    job_need: np.ndarray  # need row, -1 for a shortage occupation
    job_occ: np.ndarray
    job_months: np.ndarray
    job_headcount: np.ndarray
    job_trains: np.ndarray
    job_essential: sparse.csr_matrix  # jobs × skills
    job_n_essential: np.ndarray
    job_held: sparse.csr_matrix  # skills a person has after doing the job
    job_org: np.ndarray  # organisation code per job, -1 for a shortage occupation (or a need without one)
    job_worked: np.ndarray  # months of the year the job fills
    skill_jobs: sparse.csr_matrix  # skills × jobs: the jobs that require each skill (essential)
    pair_programme: np.ndarray  # training pairs, sorted by job
    pair_job: np.ndarray
    pair_teach: sparse.csr_matrix  # pairs × skills: what the programme teaches of the job's essentials
    pair_start: np.ndarray  # jobs + 1: the pairs of job j are pair_start[j]:pair_start[j + 1] (CSR by job)
    viable: float

    @property
    def n_jobs(self) -> int:
        return len(self.job_need)


def _move_kinds(region: Region, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """MOVE_* of every job → job move from ``rows`` to ``cols`` (a small rows × cols block)."""
    kind = (region.job_occ[rows][:, None] != region.job_occ[cols][None, :]).astype(np.int8) * np.int8(MOVE_GROWTH)
    months_a, months_b = region.job_months[rows], region.job_months[cols]
    sa, sb = np.flatnonzero(months_a != ALL_MONTHS_MASK), np.flatnonzero(months_b != ALL_MONTHS_MASK)
    if len(sa) and len(sb):  # seasonal chains: seasonal → seasonal at another employer, months disjoint
        chain = ((months_a[sa][:, None] & months_b[sb][None, :]) == 0) & \
            (region.job_org[rows[sa]][:, None] != region.job_org[cols[sb]][None, :])
        block = kind[np.ix_(sa, sb)]
        block[chain] = MOVE_SEASONAL
        kind[np.ix_(sa, sb)] = block
    kind[rows[:, None] == cols[None, :]] = MOVE_NONE
    return kind


def _organisation_codes(organisation_ids) -> np.ndarray:
    """Small integer codes for organisation ids (equal ids, equal codes); None → -1."""
    codes: dict = {}
    return np.array([-1 if o is None else codes.setdefault(o, len(codes)) for o in np.asarray(organisation_ids,
                                                                                              dtype=object)],
                    np.int64)


def _training_pairs(taught: sparse.csr_matrix, job_essential: sparse.csr_matrix, chunk: int = 64):
    """(programme, job) pairs where the programme teaches an essential skill of the job, sorted by job, and
    what it teaches of them; programme by programme in chunks so no pairs × skills temporary grows large."""
    n_skills = job_essential.shape[1]
    by_skill = job_essential.T.tocsr()  # skills × jobs
    progs, jobs, teach = [], [], []
    for lo in range(0, taught.shape[0], chunk):
        block = taught[lo:lo + chunk]
        overlap = (block @ by_skill).tocoo()  # programmes × jobs: essential skills taught
        if not overlap.nnz:
            continue
        prog, job = overlap.row.astype(np.int64), overlap.col.astype(np.int64)
        rows = job_essential[job]  # the pairs' jobs' essential skills, kept where the programme teaches them
        taught_key = np.unique(np.repeat(np.arange(block.shape[0], dtype=np.int64), np.diff(block.indptr)) * n_skills
                               + block.indices)
        entry_row = np.repeat(np.arange(len(job)), np.diff(rows.indptr))
        keep = np.isin(prog[entry_row] * n_skills + rows.indices, taught_key)
        kept_row = entry_row[keep]
        teach.append(sparse.csr_matrix((np.ones(len(kept_row), np.float32), (kept_row, rows.indices[keep])),
                                       shape=(len(job), n_skills)))
        progs.append(prog + lo)
        jobs.append(job)
    if not progs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), sparse.csr_matrix((0, n_skills), dtype=np.float32)
    prog, job = np.concatenate(progs), np.concatenate(jobs)
    order = np.lexsort((prog, job))
    return prog[order], job[order], sparse.vstack(teach).tocsr()[order]


def prepare_region(space: SkillSpace, transitions: np.ndarray, needs: NeedArrays,
                   programmes: ProgrammeArrays | None = None, *, viable: float,
                   shortage_occupations=(), shortage_headcount=None) -> Region:
    """Precompute the region's job nodes and training pairs (once per region and version).

    Memory is linear in the region's jobs and training pairs: nothing jobs × jobs is built here (a region with
    10,000 open needs would ask for tens of GiB); moves are computed per person among the jobs they can take.

    Parameters
    ----------
    viable : float
        Minimum transition similarity for a job → job move, e.g. from
        :func:`matchmaker.engine.transitions.viable_threshold`.
    shortage_occupations : sequence of int
        Occupations the region lacks people for, offered as job steps without a specific employer.
    shortage_headcount : sequence of float, optional
        Estimated open places per shortage occupation (default 1 each).

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> from matchmaker.engine.transitions import transition_matrix
    >>> space = toy_space()
    >>> empty = NeedArrays(*([np.zeros(0)] * 3), sparse.csr_matrix((0, 6)), sparse.csr_matrix((0, 6)),
    ...     *([np.zeros(0)] * 10))
    >>> region = prepare_region(space, transition_matrix(space), empty, viable=0.5, shortage_occupations=[1])
    >>> region.n_jobs, space.occupation_labels[region.job_occ[0]]
    (1, 'cook')
    """
    shortage = np.asarray(list(shortage_occupations), np.int64)
    n_needs = len(needs)
    occ_ess = binary(space.essential)
    occ_held = binary(space.essential + space.optional)
    need_occ = np.asarray(needs.occupation, np.int64)
    # a need's essential skills are its own list; when empty, its occupation's
    need_ess = binary(needs.essential) if n_needs else sparse.csr_matrix((0, space.n_skills), dtype=np.float32)
    n_need_ess = np.asarray(need_ess.sum(axis=1)).ravel()
    fallback = (n_need_ess == 0) & (need_occ >= 0)
    if fallback.any():
        need_ess = need_ess.tolil()
        for j in np.flatnonzero(fallback):  # rare: needs posted without skills
            need_ess[j] = occ_ess[need_occ[j]]
        need_ess = need_ess.tocsr()
    need_held = binary(need_ess + binary(needs.optional)) if n_needs else need_ess
    need_occ_held = occ_held[np.maximum(need_occ, 0)].multiply((need_occ >= 0)[:, None]).tocsr()
    job_essential = binary(sparse.vstack([need_ess, occ_ess[shortage]]))
    job_held = binary(sparse.vstack([need_held + need_occ_held, occ_held[shortage]]))
    job_occ = np.concatenate([need_occ, shortage])
    job_need = np.concatenate([np.arange(n_needs), np.full(len(shortage), -1)])
    job_months = np.concatenate([np.asarray(needs.months, np.int64), np.full(len(shortage), ALL_MONTHS_MASK)])
    headcount = np.ones(len(shortage)) if shortage_headcount is None else np.asarray(shortage_headcount, float)
    job_headcount = np.concatenate([np.asarray(needs.headcount, float), headcount])
    job_trains = np.concatenate([np.asarray(needs.trains_on_job, bool), np.zeros(len(shortage), bool)])
    job_org = np.concatenate([_organisation_codes(needs.organisation_ids), np.full(len(shortage), -1)])
    bits = np.unpackbits(np.asarray(job_months & ALL_MONTHS_MASK, ">u2").view(np.uint8).reshape(-1, 2), axis=1)
    job_worked = bits.sum(axis=1).astype(float)

    if programmes is not None and len(programmes):
        pair_programme, pair_job, pair_teach = _training_pairs(binary(programmes.skills), job_essential)
    else:
        pair_programme = pair_job = np.zeros(0, np.int64)
        pair_teach = sparse.csr_matrix((0, space.n_skills), dtype=np.float32)
    pair_start = np.concatenate([[0], np.cumsum(np.bincount(pair_job, minlength=len(job_occ)))]).astype(np.int64)
    return Region(job_need, job_occ, job_months, job_headcount, job_trains, job_essential,
                  np.asarray(job_essential.sum(axis=1)).ravel(), job_held, job_org, job_worked,
                  job_essential.T.tocsr(), pair_programme, pair_job, pair_teach, pair_start, float(viable))


@dataclass(frozen=True)
class Step:
    """One step. ``kind`` is "job" or "training"; ``need`` is -1 for a shortage occupation or a training step.

    ``move`` says how a job step was reached: "start", "seasonal chain", "move on", "after training".
    ``carried`` are the job's essential skills the person brings, ``to_learn`` the rest (skill indices).
    """

    kind: str
    need: int
    occupation: int
    programme: int
    move: str
    cost: float
    similarity: float
    distance_km: float
    months: int
    carried: tuple[int, ...]
    to_learn: tuple[int, ...]
    explanation: str


@dataclass(frozen=True)
class CareerPath:
    person: int
    steps: tuple[Step, ...]
    cost: float
    explanation: str

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(s.move if s.kind == "job" else "training" for s in self.steps)


@dataclass(frozen=True)
class _PersonGraph:
    cost: np.ndarray  # nodes × nodes, inf = no edge; node 0 = start
    node_job: np.ndarray  # job index for job nodes, -1 otherwise
    node_pair: np.ndarray  # pair index for training nodes, -1 otherwise
    similarity: np.ndarray  # nodes × nodes: similarity / coverage after the edge
    distance: np.ndarray  # per node, km from the person (0 for start / unknown place)


def _per_group_best(group: np.ndarray, cost: np.ndarray, m: int) -> np.ndarray:
    """Positions of the ``m`` cheapest entries of each group (ties by position), in position order.

    ``group`` is sorted (pairs are stored by job) and ``cost`` >= 0, so one stable sort on group × span + cost
    orders by group, then cost.
    """
    span = float(cost.max()) + 1.0
    order = np.argsort(group * span + cost, kind="stable")
    g = group[order]
    first = np.flatnonzero(np.concatenate([[True], g[1:] != g[:-1]]))
    rank = np.arange(len(g)) - np.repeat(first, np.diff(np.concatenate([first, [len(g)]])))
    return np.sort(order[rank < m])


def _person_graph(space, transitions, people, p, needs, programmes, region: Region, *, costs: PathCosts,
                  options: ScoreOptions, extra_radius_km: float, trains_on_job_similarity: float,
                  max_jobs: int, max_programmes_per_job: int) -> _PersonGraph:
    n_jobs = region.n_jobs
    radius = max(float(people.radius_km[p]), 1e-9)
    held = binary(people.skills[p])
    # --- job nodes the person may take at all (hard constraints without the skills check)
    feasible = np.ones(n_jobs, bool)
    distance = np.zeros(n_jobs)
    is_need = region.job_need >= 0
    if is_need.any():
        cols = region.job_need[is_need]
        checks = _constraint_block(people, np.array([p]), needs, cols, np.ones((1, len(cols)), np.float32),
                                   options)
        ok = np.logical_and.reduce([checks[c][0] for c in ("distance", "hours", "accommodations", "dutch", "months")])
        feasible[is_need] = ok
        d = haversine_km(people.lat[p], people.lon[p], needs.lat[cols], needs.lon[cols])
        distance[is_need] = np.nan_to_num(d, nan=0.0)
    jobs = np.flatnonzero(feasible)
    have = np.asarray(region.skill_jobs[held.indices].sum(axis=0)).ravel()[jobs]
    n_ess = region.job_n_essential[jobs]
    coverage = np.where(n_ess > 0, have / np.maximum(n_ess, 1), 1.0)
    past = sparse.csr_matrix(people.past_occupations[p])
    experience = np.zeros(len(jobs), np.float32)
    occ = region.job_occ[jobs]
    for o, years in zip(past.indices, past.data):
        w = min(1.0, years / options.experience_cap_years)
        experience = np.maximum(experience, np.where(occ >= 0, transitions[o, np.maximum(occ, 0)] * w, 0))
    start_sim = np.maximum(coverage, experience)
    job_fixed = (costs.step + costs.travel * distance[jobs] / radius + costs.demand / (1 + region.job_headcount[jobs])
                 + np.where(region.job_need[jobs] < 0, costs.shortage, 0.0))
    # idle months are edge-additive: entering a job costs the months it leaves empty; a seasonal chain credits
    # the months the next job fills; moving on or training replaces the previous job's idle months
    idle = costs.idle * (12 - region.job_worked[jobs]) / 12
    if len(jobs) > max_jobs:  # candidate jobs: the best max_jobs by start cost (fit, travel, demand, idle months)
        keep = np.sort(np.lexsort((jobs, job_fixed + idle + costs.gap * (1 - start_sim)))[:max_jobs])
        jobs, start_sim, job_fixed, idle = jobs[keep], start_sim[keep], job_fixed[keep], idle[keep]
        have, n_ess = have[keep], n_ess[keep]
    occ = region.job_occ[jobs]
    worked = region.job_worked[jobs]
    threshold = np.where(region.job_trains[jobs], min(region.viable, trains_on_job_similarity), region.viable)
    pos = np.full(n_jobs, -1)
    pos[jobs] = np.arange(len(jobs))

    # --- training pairs within reach towards candidate jobs (pairs are stored by job: gather only theirs)
    pairs = np.zeros(0, np.int64)
    if len(region.pair_job) and len(jobs):
        first_pair, counts = region.pair_start[jobs], np.diff(region.pair_start)[jobs]
        pairs = np.repeat(first_pair - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        prog_dist = np.nan_to_num(haversine_km(people.lat[p], people.lon[p], programmes.lat, programmes.lon), nan=0.0)
        pairs = pairs[prog_dist[region.pair_programme[pairs]] <= radius + extra_radius_km]
    if len(pairs):
        held_dense = np.zeros(held.shape[1], np.float32)
        held_dense[held.indices] = 1.0
        teach = region.pair_teach[pairs]
        n_teach = np.asarray(teach.sum(axis=1)).ravel()
        new_from_start = n_teach - teach @ held_dense  # a programme teaching nothing new is useless from any origin
        pairs, teach, n_teach = pairs[new_from_start > 0], teach[new_from_start > 0], n_teach[new_from_start > 0]
        new_from_start = new_from_start[new_from_start > 0]
    if len(pairs):  # at most max_programmes_per_job programmes per job: the cheapest from the start
        pj = pos[region.pair_job[pairs]]
        prog = region.pair_programme[pairs]
        years = np.asarray(programmes.duration_months, float)[prog] / 12
        train_fixed = costs.step + costs.training_per_year * years + costs.travel * prog_dist[prog] / radius
        n_target = np.maximum(n_ess[pj], 1)
        after_start = np.minimum((have[pj] + new_from_start) / n_target, 1)
        best = _per_group_best(pj, train_fixed + costs.gap * (1 - after_start), max_programmes_per_job)
        pairs, teach, n_teach, pj, prog, train_fixed = (pairs[best], teach[best], n_teach[best], pj[best], prog[best],
                                                        train_fixed[best])

    m = len(jobs)
    # start -> job
    ok = start_sim >= threshold - 1e-6
    start_cost = np.where(ok, job_fixed + idle + costs.gap * (1 - start_sim), np.inf)
    # job -> job, among the candidate jobs only
    has = occ >= 0
    distinct, at = np.unique(np.maximum(occ, 0), return_inverse=True)  # the few occupations' block, spread out
    move_sim = np.asarray(transitions[np.ix_(distinct, distinct)], np.float32).take(at, axis=0).take(at, axis=1)
    if not has.all():
        move_sim[~has] = 0
        move_sim[:, ~has] = 0
    move_sim = np.maximum(move_sim, start_sim[None, :])
    kind = _move_kinds(region, jobs, jobs)
    allowed = (kind != MOVE_NONE) & (move_sim >= threshold[None, :] - 1e-6)
    idle_change = np.where(kind == MOVE_SEASONAL, -costs.idle * worked[None, :] / 12, idle[None, :] - idle[:, None])
    move_cost = np.where(allowed, job_fixed[None, :] + idle_change + costs.gap * (1 - move_sim), np.inf)
    first = np.flatnonzero(ok)  # candidate positions reachable in one step: the origins of training after a job
    if len(pairs):
        pair_n = np.maximum(n_ess[pj], 1)
        targets, target_of_pair = np.unique(pj, return_inverse=True)  # candidate positions the pairs lead to
        n_origins, n_held = 1 + len(first), len(held.indices)
        repeat = sparse.csr_matrix((np.ones(n_origins * n_held, np.float32), np.tile(held.indices, n_origins),
                                    np.arange(n_origins + 1) * n_held), shape=(n_origins, held.shape[1]))
        stacked = binary(repeat + sparse.vstack([sparse.csr_matrix((1, held.shape[1])),
                                                  region.job_held[jobs[first]]]))
        covered = np.asarray((stacked @ region.job_essential[jobs[targets]].T).todense())  # origins × targets
        before = covered[:, target_of_pair] / pair_n  # origins × pairs
        gain = (n_teach[None, :] - np.asarray((stacked @ teach.T).todense())) / pair_n
        after = before + gain
        direct = np.vstack([start_sim[pj][None, :], move_sim[first][:, pj]])
        need = threshold[pj][None, :]
        ok = (gain > 0) & (after >= need - 1e-6) & (np.maximum(before, direct) < need - 1e-6)
        ok[1:] &= kind[np.ix_(first, pj)] != MOVE_NONE  # a real move, never back into the same job
        left_idle = np.concatenate([[0.0], idle[first]])[:, None]  # training ends that idle time
        train_cost = np.where(ok, train_fixed[None, :] - left_idle + costs.gap * (1 - np.minimum(after, 1)), np.inf)
        reached = ok.any(axis=0)  # a programme no origin may take is no node
        pairs, pj, prog, train_cost, after = pairs[reached], pj[reached], prog[reached], train_cost[:, reached], \
            np.minimum(after[:, reached], 1)

    n_nodes = 1 + m + len(pairs)
    job_nodes = np.arange(1, 1 + m)
    cost = np.full((n_nodes, n_nodes), np.inf)
    sim = np.zeros((n_nodes, n_nodes), np.float32)
    cost[0, job_nodes] = start_cost
    sim[0, job_nodes] = start_sim
    cost[1:1 + m, 1:1 + m] = move_cost
    sim[1:1 + m, 1:1 + m] = move_sim
    node_job = np.concatenate([[-1], jobs, np.full(len(pairs), -1)])
    node_pair = np.concatenate([[-1], np.full(m, -1), pairs])
    node_distance = np.concatenate([[0.0], distance[jobs], np.zeros(len(pairs))])
    if len(pairs):
        node_distance[1 + m:] = prog_dist[prog]
        pair_nodes = np.arange(1 + m, n_nodes)
        origin_nodes = np.concatenate([[0], job_nodes[first]])
        cost[np.ix_(origin_nodes, pair_nodes)] = train_cost
        sim[np.ix_(origin_nodes, pair_nodes)] = after
        cost[pair_nodes, job_nodes[pj]] = job_fixed[pj] + idle[pj]
        sim[pair_nodes, job_nodes[pj]] = 1.0
    np.fill_diagonal(cost, np.inf)
    return _PersonGraph(cost, node_job, node_pair, sim, node_distance)


def _k_best(cost: np.ndarray, is_end: np.ndarray, k: int, max_steps: int):
    """Exact k cheapest simple paths from node 0 with 1..max_steps edges ending at an ``is_end`` node.

    Every 1- and 2-edge path is priced; the k-th cheapest of them, ``bound``, bounds the answer, so a 3-edge
    path u → v → x is only looked at where ``cost(0, u) + cost(u, v) + min_x cost(v, x) <= bound``, joined with
    the k + 1 cheapest continuations x of v (only x = u can be excluded by simplicity). Ties are broken by
    fewer steps, then node order.
    """
    ends = np.flatnonzero(is_end)
    contiguous = len(ends) > 0 and ends[-1] - ends[0] + 1 == len(ends)
    to_ends = slice(ends[0], ends[-1] + 1) if contiguous else ends  # the job nodes are one block: a view
    c1 = cost[0]
    end1 = ends[np.isfinite(c1[ends])]
    paths = [np.stack([end1, np.full(len(end1), -1), np.full(len(end1), -1)], axis=1)]
    totals = [c1[end1]]
    level1 = np.flatnonzero(np.isfinite(c1))
    if max_steps >= 2 and len(level1) and len(ends):
        two = c1[level1][:, None] + (cost[level1, to_ends] if contiguous else cost[np.ix_(level1, ends)])
        priced = np.concatenate([totals[0], two[np.isfinite(two)]])
        bound = np.partition(priced, k - 1)[k - 1] + 1e-9 if len(priced) >= k else np.inf
        ui, ei = np.nonzero(np.isfinite(two) & (two <= bound))
        paths.append(np.stack([level1[ui], ends[ei], np.full(len(ui), -1)], axis=1))
        totals.append(two[ui, ei])
        if max_steps >= 3:
            m = min(k + 1, len(ends))
            cont = cost[:, to_ends]
            lowest = cont.min(axis=1)  # cheapest continuation of each node to an end
            out = cost[level1]
            # u whose cheapest 3-edge path cannot beat the bound are dropped before the |u| × n sum
            hopeful = c1[level1] + out.min(axis=1) + lowest.min() <= bound
            three = (c1[level1[hopeful]][:, None] + out[hopeful]) + lowest[None, :]  # lower bound of u → v → end
            ui, v = np.nonzero(np.isfinite(three) & (three <= bound))
            if len(ui):
                u = level1[hopeful][ui]
                middle, at = np.unique(v, return_inverse=True)
                rows = cont[middle]
                pick = np.argpartition(rows, m - 1, axis=1)[:, :m] if m < len(ends) else \
                    np.broadcast_to(np.arange(len(ends)), (len(middle), len(ends)))
                cont_cost = np.take_along_axis(rows, pick, axis=1)[at]
                x = ends[pick][at]
                total = (c1[u] + cost[u, v])[:, None] + cont_cost
                ok = np.isfinite(total) & (total <= bound) & (x != u[:, None])
                row, col = np.nonzero(ok)
                paths.append(np.stack([u[row], v[row], x[row, col]], axis=1))
                totals.append(total[row, col])
    paths = np.concatenate(paths)
    totals = np.concatenate(totals)
    steps = (paths >= 0).sum(axis=1)
    order = np.lexsort((paths[:, 2], paths[:, 1], paths[:, 0], steps, np.round(totals, 9)))[:k]
    return paths[order], totals[order]


def _job_label(space, region, needs, job, names):
    j = int(region.job_need[job])
    occ = space.occupation_labels[int(region.job_occ[job])]
    if j < 0:
        return occ, "(the region is short of people for this work; no opening within your reach yet)"
    return names.need(j, fallback=occ), "at " + names.employer(j, fallback=f"employer {needs.organisation_ids[j]}")


def _explain_steps(space, people, p, needs, programmes, region, graph: _PersonGraph, nodes, names) -> list[Step]:
    labels = space.skill_labels
    steps = []
    held = set(sparse.csr_matrix(people.skills[p]).indices.tolist())
    prev, prev_job = 0, -1
    for node in nodes:
        node = int(node)
        edge_cost = float(graph.cost[prev, node])
        similarity = float(graph.similarity[prev, node])
        if graph.node_pair[node] >= 0:
            pair = int(graph.node_pair[node])
            k = int(region.pair_programme[pair])
            job = int(region.pair_job[pair])
            teach = region.pair_teach[pair].indices
            new = tuple(int(s) for s in teach if s not in held)
            role, employer = _job_label(space, region, needs, job, names)
            name = names.programme(k, fallback=f"programme {programmes.ids[k]}")
            words = (f"Take {name} ({amount(programmes.duration_months[k], 'month')}, "
                     f"{graph.distance[node]:.0f} km away): it teaches {quoted([labels[s] for s in new])}, "
                     f"missing for {article(role)} {employer}.")
            steps.append(Step("training", -1, int(region.job_occ[job]), k, "training", edge_cost, similarity,
                              float(graph.distance[node]), int(programmes.start_months[k]), (), new, words))
            held |= set(teach.tolist())
        else:
            job = int(graph.node_job[node])
            role, employer = _job_label(space, region, needs, job, names)
            ess = region.job_essential[job].indices
            carried = tuple(sorted(int(s) for s in ess if s in held))
            to_learn = tuple(sorted(int(s) for s in ess if s not in held))
            months = int(region.job_months[job])
            when = "all year" if months == ALL_MONTHS_MASK else f"from {months_words(months)}"
            place = f" ({graph.distance[node]:.0f} km away)" if region.job_need[job] >= 0 else ""
            learn = f" Learn on the job: {quoted([labels[s] for s in to_learn])}." if to_learn else ""
            if prev == 0:
                move = "start"
                words = (f"Work as {role} {employer} {when}{place}: you bring {len(carried)} of its "
                         f"{len(ess)} essential skills ({quoted([labels[s] for s in carried], limit=3)})")
                past = sparse.csr_matrix(people.past_occupations[p])
                if len(past.indices):
                    words += " and your experience as " + " and ".join(
                        space.occupation_labels[o] for o in past.indices) + " counts"
                words += "." + learn
            elif graph.node_pair[prev] >= 0:
                move = "after training"
                words = (f"Then work as {role} {employer} {when}{place}: after the programme you have "
                         f"{len(carried)} of its {len(ess)} essential skills.{learn}")
            else:
                kind = int(_move_kinds(region, np.array([prev_job]), np.array([job]))[0, 0])
                prev_role, _ = _job_label(space, region, needs, prev_job, names)
                carry = quoted([labels[s] for s in carried], limit=3)
                if kind == MOVE_SEASONAL:
                    move = "seasonal chain"
                    words = (f"Then the next seasonal peak: work as {role} {employer} {when}{place}; "
                             f"{carry} {'carries' if len(carried) == 1 else 'carry'} over from {prev_role}.{learn}")
                else:
                    move = "move on"
                    words = (f"Then move on to {role} {employer} {when}{place}: as {article(prev_role)} you "
                             f"cover {similarity:.0%} of its essential skills; {carry} "
                             f"{'carries' if len(carried) == 1 else 'carry'} over.{learn}")
            steps.append(Step("job", int(region.job_need[job]), int(region.job_occ[job]), -1, move, edge_cost,
                              similarity, float(graph.distance[node]), months, carried, to_learn, words))
            held |= set(region.job_held[job].indices.tolist())
            prev_job = job
        prev = node
    return steps


def career_paths(space: SkillSpace, transitions: np.ndarray, people: PeopleArrays, p: int, needs: NeedArrays,
                 programmes: ProgrammeArrays | None = None, *, k: int = 5, max_steps: int = 3,
                 region: Region | None = None, viable: float | None = None, shortage_occupations=(),
                 costs: PathCosts = PathCosts(), options: ScoreOptions | None = None,
                 trains_on_job_similarity: float | None = None, extra_radius_km: float = 0.0,
                 max_jobs: int = MAX_JOBS, max_programmes_per_job: int = MAX_PROGRAMMES_PER_JOB,
                 names: Names = Names(), raise_if_none: bool = False) -> list[CareerPath]:
    """The ``k`` cheapest career paths of 1..``max_steps`` steps for person ``p``, cheapest first.

    Parameters
    ----------
    region : Region, optional
        From :func:`prepare_region`; prepared here (with ``viable`` and ``shortage_occupations``) when omitted.
        Prepare it once per region when computing paths for many people.
    viable : float
        Minimum similarity for any job step (a need that trains on the job accepts
        ``trains_on_job_similarity``, default ``options.trains_on_job_coverage``).
    max_jobs : int
        Candidate jobs per person: of the jobs the person can take at all (distance, hours, accommodations,
        Dutch, months), the ``max_jobs`` with the lowest start cost (fit, travel, demand, idle months) become job
        nodes. A person with a small radius has far fewer; it caps the graph of one with a very large radius.
    max_programmes_per_job : int
        Training nodes per candidate job: the programmes within reach that teach something new, at most this many
        per job, the cheapest from the start (duration, travel, remaining gap).
    raise_if_none : bool
        Raise :class:`NoFeasiblePath` instead of returning ``[]``.

    Returns
    -------
    list of CareerPath
        Ties are broken by fewer steps, then node order, so results are deterministic.

    Examples
    --------
    See ``tests/engine/test_career_paths.py``: a fruit picker's harvest → year-end peak chain.
    """
    p = check_index(p, len(people), UnknownPerson, "person")
    if k < 1 or not 1 <= max_steps <= 3:
        raise InvalidParameter("k must be >= 1 and max_steps in 1..3")
    _check_caps(max_jobs, max_programmes_per_job)
    o = options or ScoreOptions()
    if region is None:
        if viable is None:
            raise InvalidParameter("give a prepared region or a viable threshold")
        region = prepare_region(space, transitions, needs, programmes, viable=viable,
                                shortage_occupations=shortage_occupations)
    tojs = o.trains_on_job_coverage if trains_on_job_similarity is None else trains_on_job_similarity
    graph = _person_graph(space, np.asarray(transitions), people, p, needs, programmes, region, costs=costs,
                          options=o, extra_radius_km=extra_radius_km, trains_on_job_similarity=tojs,
                          max_jobs=max_jobs, max_programmes_per_job=max_programmes_per_job)
    paths, totals = _k_best(graph.cost, graph.node_job >= 0, k, max_steps)
    if len(paths) == 0 and raise_if_none:
        raise NoFeasiblePath(f"no path of at most {max_steps} steps satisfies person {p}'s constraints")
    out = []
    for nodes, total in zip(paths, totals):
        steps = tuple(_explain_steps(space, people, p, needs, programmes, region, graph, nodes[nodes >= 0], names))
        out.append(CareerPath(p, steps, float(total), " ".join(s.explanation for s in steps)))
    return out


def career_graph(space: SkillSpace, transitions: np.ndarray, people: PeopleArrays, p: int, needs: NeedArrays,
                 programmes: ProgrammeArrays | None = None, *, region: Region, costs: PathCosts = PathCosts(),
                 options: ScoreOptions | None = None, extra_radius_km: float = 0.0,
                 trains_on_job_similarity: float | None = None, max_jobs: int = MAX_JOBS,
                 max_programmes_per_job: int = MAX_PROGRAMMES_PER_JOB) -> nx.DiGraph:
    """The person's pruned graph as networkx: node "start", ("job", job index), ("training", pair index).

    Edges carry ``weight`` (the step cost) and ``similarity``. For inspection, drawing and cross-checks;
    :func:`career_paths` works on the same costs (and the same candidate jobs and programmes) as a dense array.
    """
    p = check_index(p, len(people), UnknownPerson, "person")
    _check_caps(max_jobs, max_programmes_per_job)
    o = options or ScoreOptions()
    tojs = o.trains_on_job_coverage if trains_on_job_similarity is None else trains_on_job_similarity
    g = _person_graph(space, np.asarray(transitions), people, p, needs, programmes, region, costs=costs, options=o,
                      extra_radius_km=extra_radius_km, trains_on_job_similarity=tojs, max_jobs=max_jobs,
                      max_programmes_per_job=max_programmes_per_job)
    key = ["start"] + [("job", int(j)) if j >= 0 else ("training", int(q))
                       for j, q in zip(g.node_job[1:], g.node_pair[1:])]
    graph = nx.DiGraph()
    graph.add_nodes_from(key)
    rows, cols = np.nonzero(np.isfinite(g.cost))
    graph.add_edges_from((key[a], key[b], {"weight": float(g.cost[a, b]), "similarity": float(g.similarity[a, b])})
                         for a, b in zip(rows, cols))
    return graph
