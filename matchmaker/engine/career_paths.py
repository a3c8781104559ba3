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
   region's needs; nothing jobs × jobs (a region with 10,000 open needs would ask for tens of GiB). What
   differs per person among the region's jobs (which shortage occupations to offer them) is an ``exclude_jobs``
   mask, so one prepared region serves everyone.
2. Per person, the jobs they can take at all (hard constraints from :mod:`matchmaker.engine.matching`:
   distance, hours, accommodations, Dutch, months, work capacity; not excluded) become candidates — at most
   ``max_jobs`` of them, the lowest start cost first — with at most ``max_programmes_per_job`` programmes within reach each. The person's graph
   is kept as its blocks (start → job, job → job, start → training, training → its job, job → training), not as
   one nodes × nodes matrix, which would be mostly empty: a training node has one way out, to its job.
3. Because paths have at most three edges, the k best *simple* paths are enumerated exactly and vectorised:
   every 1- and 2-edge path, and for 3 edges only what can still beat the k-th shorter path: job → job → job and
   training → job → job where the first two edges plus the cheapest move on stay within that bound (joined with
   the k + 1 cheapest moves on: only x = u can be excluded by simplicity, so k + 1 suffice), and job → training
   → job, whose job → training block (the costly one: what each job adds to the person's skills, against each
   programme) is computed only for the jobs and programmes whose cost floor stays within the bound. This gives
   the same answer as Yen's algorithm (``networkx.shortest_simple_paths``) restricted to ≤ 3 edges — which
   Yen's cannot do directly — at a fraction of the cost; :func:`career_graph` returns the full graph as
   networkx for inspection, and the tests check the two agree.

Step cost = ``step`` + ``gap`` × (1 − similarity or coverage) + ``travel`` × distance / radius +
``demand`` / (1 + open headcount) for jobs, and ``step`` + ``training_per_year`` × years + ``travel`` ×
distance / radius + ``gap`` × (1 − coverage after the programme) for training (see :class:`PathCosts`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import networkx as nx
import numpy as np
from scipy import sparse

from matchmaker.vocabulary import ALL_MONTHS_MASK, PROGRAMME_MODES
from .bridges import BridgeOptions, in_proportion, work_months
from .levels import LEVEL_STEP, isco_level, occupation_levels
from .data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace, binary, bit_rows
from .errors import InvalidParameter, NoFeasiblePath, UnknownPerson, check_index
from .geo import haversine_km, may_be_within
from .matching.rules import ScoreOptions, _constraint_block
from matchmaker.explanations import fact

from .names import Names

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
    pair_n_teach: np.ndarray  # per pair: how many of the job's essential skills the programme teaches
    pair_teach_bits: np.ndarray  # words × pairs, uint64: the same as bits at their positions in the job's row
    pair_start: np.ndarray  # jobs + 1: the pairs of job j are pair_start[j]:pair_start[j + 1] (CSR by job)
    viable: float
    #: ISCO skill level (1-4, 0 unknown) per job, and per training pair whether the programme qualifies (not a
    #: short course): a move two or more levels up needs such a programme first
    job_level: np.ndarray | None = None
    pair_qualifies: np.ndarray | None = None

    @property
    def n_jobs(self) -> int:
        return len(self.job_need)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (of a sparse matrix: its data, indices and row pointers)."""
        held = (getattr(self, f.name) for f in fields(self))
        return sum(sum(a.nbytes for a in (v.data, v.indices, v.indptr)) if sparse.issparse(v) else v.nbytes
                   for v in held if isinstance(v, np.ndarray) or sparse.issparse(v))


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


def _bit_words(job_essential: sparse.csr_matrix) -> int:
    """uint64 words per bit set over a job's essential skills (by position in its row)."""
    return max(1, -(-int(np.diff(job_essential.indptr).max(initial=0)) // 64))


def _teach_bits(job_essential: sparse.csr_matrix, pair_job: np.ndarray, pair_teach: sparse.csr_matrix) -> np.ndarray:
    """Per training pair, what the programme teaches as bits at the skills' positions in the job's (sorted) row of
    essential skills, so a person's new skills per pair are one AND-NOT and a popcount against the held bits."""
    n_skills = job_essential.shape[1]
    ess_key = np.repeat(np.arange(job_essential.shape[0], dtype=np.int64), np.diff(job_essential.indptr)) * n_skills \
        + job_essential.indices
    teach_row = np.repeat(np.arange(pair_teach.shape[0]), np.diff(pair_teach.indptr))
    job = pair_job[teach_row]
    position = np.searchsorted(ess_key, job * n_skills + pair_teach.indices) - job_essential.indptr[job]
    return bit_rows(teach_row, position, pair_teach.shape[0], _bit_words(job_essential))


def prepare_region(space: SkillSpace, transitions: np.ndarray, needs: NeedArrays,
                   programmes: ProgrammeArrays | None = None, *, viable: float,
                   shortage_occupations=(), shortage_headcount=None,
                   bridge_options: BridgeOptions = BridgeOptions()) -> Region:
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
        # a programme leads to a job only in proportion: to what it teaches of the job, and the work's months
        keep = in_proportion(np.asarray(programmes.duration_months, float)[pair_programme],
                             np.diff(pair_teach.indptr), work_months(job_months[pair_job]), bridge_options)
        pair_programme, pair_job, pair_teach = pair_programme[keep], pair_job[keep], pair_teach[keep]
    else:
        pair_programme = pair_job = np.zeros(0, np.int64)
        pair_teach = sparse.csr_matrix((0, space.n_skills), dtype=np.float32)
    pair_start = np.concatenate([[0], np.cumsum(np.bincount(pair_job, minlength=len(job_occ)))]).astype(np.int64)
    qualifies = (np.asarray(programmes.mode)[pair_programme] != PROGRAMME_MODES.index("short_course")
                 if len(pair_programme) else np.zeros(0, bool))
    return Region(job_need, job_occ, job_months, job_headcount, job_trains, job_essential,
                  np.asarray(job_essential.sum(axis=1)).ravel(), job_held, job_org, job_worked,
                  job_essential.T.tocsr(), pair_programme, pair_job, pair_teach,
                  np.asarray(pair_teach.sum(axis=1)).ravel(), _teach_bits(job_essential, pair_job, pair_teach),
                  pair_start, float(viable), occupation_levels(space.isco_group)[np.maximum(job_occ, 0)]
                  * (job_occ >= 0), qualifies)


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
    facts: tuple[dict, ...]


@dataclass(frozen=True)
class CareerPath:
    person: int
    steps: tuple[Step, ...]
    cost: float

    @property
    def facts(self) -> tuple[dict, ...]:
        return tuple(f for step in self.steps for f in step.facts)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(s.move if s.kind == "job" else "training" for s in self.steps)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[i], starts[i] + 1, …, starts[i] + counts[i] - 1`` for every i, concatenated.

    >>> _ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())


def _row_entries(matrix: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position in ``rows``, column, position within the row) of every stored entry of those rows of a CSR
    matrix, read from its arrays (no sliced matrix is built)."""
    starts = matrix.indptr[rows]
    counts = matrix.indptr[rows + 1] - starts
    at = np.repeat(np.arange(len(rows)), counts)
    entries = _ranges(starts, counts)
    return at, matrix.indices[entries], entries - starts[at]


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


def _person_graph(space, transitions, people, p, needs, programmes, region: Region, *, costs: PathCosts,
                  options: ScoreOptions, extra_radius_km: float, trains_on_job_similarity: float,
                  max_jobs: int, max_programmes_per_job: int, exclude_jobs: np.ndarray) -> _PersonGraph:
    n_jobs = region.n_jobs
    radius = max(float(people.radius_km[p]), 1e-9)
    skills, value = _stored(people.skills, p)
    held = np.unique(skills[value != 0])
    held_mask = np.zeros(space.n_skills, bool)
    held_mask[held] = True
    # --- job nodes the person may take at all (hard constraints without the skills check)
    feasible = np.ones(n_jobs, bool)
    feasible[exclude_jobs] = False
    distance = np.zeros(n_jobs)
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
        pairs = _ranges(region.pair_start[jobs], np.diff(region.pair_start)[jobs])
        prog_dist = np.nan_to_num(haversine_km(people.lat[p], people.lon[p], programmes.lat, programmes.lon), nan=0.0)
        pairs = pairs[prog_dist[region.pair_programme[pairs]] <= radius + extra_radius_km]
    if len(pairs):  # a programme teaching nothing new is useless from any origin
        # held essentials of each candidate job as bits at their positions in the job's row: new skills per
        # pair = popcount(taught AND NOT held)
        row, skill, position = _row_entries(region.job_essential, jobs)
        h = held_mask[skill]
        held_bits = bit_rows(row[h], position[h], len(jobs), len(region.pair_teach_bits))
        target = pos[region.pair_job[pairs]]
        new_from_start = np.zeros(len(pairs), np.float32)
        for taught, known in zip(region.pair_teach_bits, held_bits):
            new_from_start += np.bitwise_count(taught.take(pairs) & ~known.take(target))
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

    # start -> job
    ok = start_sim >= threshold - 1e-6
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
            known = known + (added @ region.pair_teach[pairs[cols]].T).toarray()
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


def _continuations(move: np.ndarray, k: int, v: np.ndarray):
    """For job positions ``v``: (cost, position) of the ``k`` + 1 cheapest job → job moves out of each (all m
    when m <= k + 1); v × (k + 1) arrays."""
    m = move.shape[1]
    middle, at = np.unique(v, return_inverse=True)
    rows = move.take(middle, axis=0)
    n = min(k + 1, m)
    pick = np.argpartition(rows, n - 1, axis=1)[:, :n] if n < m else np.broadcast_to(np.arange(m), (len(middle), m))
    return np.take_along_axis(rows, pick, axis=1)[at], pick[at]


def _k_best(g: _PersonGraph, k: int, max_steps: int):
    """Exact k cheapest simple paths from the start with 1..max_steps edges ending at a job node.

    Returns (paths as node triples, -1 padded; totals). Every 1- and 2-edge path is priced; the k-th cheapest of
    them, ``bound``, bounds the answer. 3-edge paths are job → job → job, training → job → job (looked at only
    where the first two edges plus the cheapest move out of the middle job stay within ``bound``, joined with
    the k + 1 cheapest moves out of it: only x = u can be excluded by simplicity) and job → training → job,
    whose job → training block is computed only for origins and training nodes whose cost floor stays within
    ``bound``. Ties are broken by fewer steps, then node order.
    """
    m, n_pairs = g.m, len(g.pairs)
    a = g.start_cost
    paths, totals = [], []

    def add(*columns_and_total):
        *columns, total = columns_and_total
        columns = [np.asarray(c, np.int64) for c in columns] + [np.full(len(total), -1)] * (3 - len(columns))
        paths.append(np.stack(columns, axis=1))
        totals.append(np.asarray(total, float))

    u1 = np.flatnonzero(np.isfinite(a))
    add(1 + u1, a[u1])
    t1 = np.flatnonzero(np.isfinite(g.start_train_cost))
    if max_steps >= 2 and m and (len(u1) or len(t1)):
        two = a[u1][:, None] + g.move_cost.take(u1, axis=0)  # start → job → job
        two_t = g.start_train_cost[t1] + g.pair_cost[t1]  # start → training → its job
        priced = np.concatenate([a[u1], two[np.isfinite(two)], two_t])
        bound = np.partition(priced, k - 1)[k - 1] + 1e-9 if len(priced) >= k else np.inf
        ui, v = np.nonzero(np.isfinite(two) & (two <= bound))
        add(1 + u1[ui], 1 + v, two[ui, v])
        kept = two_t <= bound
        add(1 + m + t1[kept], 1 + g.pair_target[t1[kept]], two_t[kept])
        if max_steps >= 3:
            lowest = g.move_cost.min(axis=1)  # cheapest move out of each job
            # x → v → job, x = a job u or a training node t: prefix cost, first node, middle job position
            three = two + lowest[None, :]
            ui, v = np.nonzero(np.isfinite(three) & (three <= bound))
            t_three = two_t + lowest[g.pair_target[t1]]
            tt = np.flatnonzero(np.isfinite(t_three) & (t_three <= bound))
            prefix = np.concatenate([two[ui, v], two_t[tt]])
            first = np.concatenate([1 + u1[ui], 1 + m + t1[tt]])
            middle = np.concatenate([v, g.pair_target[t1[tt]]])
            if len(prefix):
                cont, x = _continuations(g.move_cost, k, middle)
                total = prefix[:, None] + cont
                ok = np.isfinite(total) & (total <= bound) & (1 + x != first[:, None])
                row, col = np.nonzero(ok)
                add(first[row], 1 + middle[row], 1 + x[row, col], total[row, col])
            # job → training → its job: only where the cost floor can stay within the bound
            if len(u1) and n_pairs:
                from_job = a[u1] + g.train_floor[u1]
                to_end = g.pair_fixed + g.pair_cost
                us = u1[from_job + to_end.min() <= bound + 1e-9]
                ts = np.flatnonzero(to_end + (a[us] + g.train_floor[us]).min(initial=np.inf) <= bound + 1e-9)
                if len(us) and len(ts):
                    block, _ = g.training(us, ts)
                    total = (a[us][:, None] + block) + g.pair_cost[ts][None, :]
                    ok = np.isfinite(total) & (total <= bound) & (g.pair_target[ts][None, :] != us[:, None])
                    row, col = np.nonzero(ok)
                    add(1 + us[row], 1 + m + ts[col], 1 + g.pair_target[ts[col]], total[row, col])
    paths = np.concatenate(paths)
    totals = np.concatenate(totals)
    steps = (paths >= 0).sum(axis=1)
    order = np.lexsort((paths[:, 2], paths[:, 1], paths[:, 0], steps, np.round(totals, 9)))[:k]
    return paths[order], totals[order]


def _job_label(space, region, needs, job, names) -> dict:
    """The job's role and employer as fact parameters; a shortage occupation has no employer (None)."""
    j = int(region.job_need[job])
    occ = space.occupation_labels[int(region.job_occ[job])]
    if j < 0:
        return {"role": occ, "employer": None}
    return {"role": names.need(j, fallback=occ),
            "employer": names.employer(j, fallback=str(needs.organisation_ids[j]))}


def _explain_steps(space, needs, programmes, region, graph: _PersonGraph, nodes, names, held, past) -> list[Step]:
    """The steps of one path (``nodes`` of ``graph``, start excluded) with their facts; ``held`` are the person's
    skills and ``past`` their past occupations (indices)."""
    labels = space.skill_labels
    steps = []
    held = set(held.tolist())
    prev, prev_job = 0, -1
    for node in nodes:
        node = int(node)
        edge_cost, similarity = graph.edge(prev, node)
        if node > graph.m:
            t = node - 1 - graph.m
            pair = int(graph.pairs[t])
            distance = float(graph.pair_distance[t])
            k = int(region.pair_programme[pair])
            job = int(region.pair_job[pair])
            teach = _row(region.pair_teach, pair)
            new = tuple(int(s) for s in teach if s not in held)
            name = names.programme(k, fallback=str(programmes.ids[k]))
            facts = (fact("step.training", programme=name, duration=float(programmes.duration_months[k]),
                          km=round(distance), skills=[labels[s] for s in new], **_job_label(space, region, needs, job, names)),)
            steps.append(Step("training", -1, int(region.job_occ[job]), k, "training", edge_cost, similarity,
                              distance, int(programmes.start_months[k]), (), new, facts))
            held |= set(teach.tolist())
        else:
            job = int(graph.jobs[node - 1])
            distance = float(graph.job_distance[node - 1])
            ess = _row(region.job_essential, job)
            carried = tuple(sorted(int(s) for s in ess if s in held))
            to_learn = tuple(sorted(int(s) for s in ess if s not in held))
            months = int(region.job_months[job])
            where = dict(_job_label(space, region, needs, job, names), months=months,
                         km=round(distance) if region.job_need[job] >= 0 else None)
            carried_labels = [labels[s] for s in carried]
            if prev == 0:
                move = "start"
                first = fact("step.start", carried=len(carried), total=len(ess), skills=carried_labels,
                             past=[space.occupation_labels[o] for o in past], **where)
            elif prev > graph.m:
                move = "after training"
                first = fact("step.after_training", carried=len(carried), total=len(ess), **where)
            else:
                previous = _job_label(space, region, needs, prev_job, names)["role"]
                if int(graph.move_kind[prev - 1, node - 1]) == MOVE_SEASONAL:
                    move = "seasonal chain"
                    first = fact("step.seasonal", previous=previous, skills=carried_labels, **where)
                else:
                    move = "move on"
                    first = fact("step.move_on", previous=previous, similarity=round(similarity, 4),
                                 skills=carried_labels, **where)
            facts = (first,) + ((fact("step.learn", skills=[labels[s] for s in to_learn]),) if to_learn else ())
            steps.append(Step("job", int(region.job_need[job]), int(region.job_occ[job]), -1, move, edge_cost,
                              similarity, distance, months, carried, to_learn, facts))
            held |= set(_row(region.job_held, job).tolist())
            prev_job = job
        prev = node
    return steps


def career_paths(space: SkillSpace, transitions: np.ndarray, people: PeopleArrays, p: int, needs: NeedArrays,
                 programmes: ProgrammeArrays | None = None, *, k: int = 5, max_steps: int = 3,
                 region: Region | None = None, viable: float | None = None, shortage_occupations=(),
                 costs: PathCosts = PathCosts(), options: ScoreOptions | None = None,
                 trains_on_job_similarity: float | None = None, extra_radius_km: float = 0.0,
                 max_jobs: int = MAX_JOBS, max_programmes_per_job: int = MAX_PROGRAMMES_PER_JOB,
                 exclude_jobs=(), names: Names = Names(), raise_if_none: bool = False) -> list[CareerPath]:
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
    exclude_jobs : sequence of int
        Jobs of ``region`` (indices, ``0..region.n_jobs - 1``) this person is not offered, e.g. the shortage
        occupations with an open need within their reach (that need is a step of its own). One region prepared
        with every shortage occupation thus serves every person: the paths are exactly those of a region prepared
        without the excluded jobs (same steps, costs and order; only region job indices differ).
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
                          max_jobs=max_jobs, max_programmes_per_job=max_programmes_per_job,
                          exclude_jobs=_excluded(region, exclude_jobs))
    paths, totals = _k_best(graph, k, max_steps)
    if len(paths) == 0 and raise_if_none:
        raise NoFeasiblePath(f"no path of at most {max_steps} steps satisfies person {p}'s constraints")
    held = _stored(people.skills, p)[0]
    past = _stored(people.past_occupations, p)[0]
    out = []
    for nodes, total in zip(paths, totals):
        steps = tuple(_explain_steps(space, needs, programmes, region, graph, nodes[nodes >= 0], names, held, past))
        out.append(CareerPath(p, steps, float(total)))
    return out


def career_graph(space: SkillSpace, transitions: np.ndarray, people: PeopleArrays, p: int, needs: NeedArrays,
                 programmes: ProgrammeArrays | None = None, *, region: Region, costs: PathCosts = PathCosts(),
                 options: ScoreOptions | None = None, extra_radius_km: float = 0.0,
                 trains_on_job_similarity: float | None = None, max_jobs: int = MAX_JOBS,
                 max_programmes_per_job: int = MAX_PROGRAMMES_PER_JOB, exclude_jobs=()) -> nx.DiGraph:
    """The person's pruned graph as networkx: node "start", ("job", job index), ("training", pair index).

    Edges carry ``weight`` (the step cost) and ``similarity``. For inspection, drawing and cross-checks: every
    block is computed in full here (a programme no origin may take is no node), while :func:`career_paths`
    computes the job → training block only where a path through it can still be among the k best.
    ``exclude_jobs`` as in :func:`career_paths`.
    """
    p = check_index(p, len(people), UnknownPerson, "person")
    _check_caps(max_jobs, max_programmes_per_job)
    o = options or ScoreOptions()
    tojs = o.trains_on_job_coverage if trains_on_job_similarity is None else trains_on_job_similarity
    g = _person_graph(space, np.asarray(transitions), people, p, needs, programmes, region, costs=costs, options=o,
                      extra_radius_km=extra_radius_km, trains_on_job_similarity=tojs, max_jobs=max_jobs,
                      max_programmes_per_job=max_programmes_per_job, exclude_jobs=_excluded(region, exclude_jobs))
    m = g.m
    origins = np.concatenate([[-1], np.flatnonzero(np.isfinite(g.start_cost))])
    train_cost, train_sim = g.training(origins, np.arange(len(g.pairs)))
    reached = np.isfinite(train_cost).any(axis=0)
    job_key = [("job", int(j)) for j in g.jobs]
    pair_key = [("training", int(q)) for q in g.pairs]
    origin_key = ["start"] + [job_key[u] for u in origins[1:]]
    graph = nx.DiGraph()
    graph.add_nodes_from(["start"] + job_key + [pair_key[t] for t in np.flatnonzero(reached)])

    def edges(keys_from, keys_to, cost, sim):
        rows, cols = np.nonzero(np.isfinite(cost))
        graph.add_edges_from((keys_from[a], keys_to[b], {"weight": float(cost[a, b]),
                                                         "similarity": float(np.float32(sim[a, b]))})
                             for a, b in zip(rows, cols))

    edges(["start"], job_key, g.start_cost[None, :], g.start_sim[None, :])
    edges(job_key, job_key, g.move_cost, g.move_sim)
    edges(origin_key, pair_key, train_cost, train_sim)
    for t in np.flatnonzero(reached):
        graph.add_edge(pair_key[t], job_key[g.pair_target[t]], weight=float(g.pair_cost[t]), similarity=1.0)
    assert m == len(job_key)
    return graph
