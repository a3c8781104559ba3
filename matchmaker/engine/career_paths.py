"""k best regional career paths of 1–3 steps, each step explained.

Steps are **jobs** (a need at a real employer — vacancy, internship, apprenticeship, seasonal peak — or a
shortage occupation of the region) and **training** (a programme within reach that closes the gap to the
next job). Job → job moves are first-class: *seasonal chains* (two seasonal needs whose months do not
overlap, e.g. the harvest in May–August, then the year-end peak in November–December) and *moves*
between different occupations (starter → growth), both gated by the precomputed transition matrix.

How it stays fast (≤ 20 ms per person on the full ESCO table, see ``bench/engine_bench.py``):

1. :func:`prepare_region` does everything that does not depend on the person once per region: the job
   nodes, the transition block among their occupations, which job → job moves are allowed, and which
   (programme, job) pairs teach something that job requires.
2. Per person a small dense cost matrix over start + feasible jobs + reachable training pairs is built with
   numpy (hard constraints from :mod:`matchmaker.engine.matching`).
3. Because paths have at most three edges, the k best *simple* paths are enumerated exactly and vectorised:
   every 1- and 2-edge path, and for 3 edges each (u, v) joined with the k + 1 cheapest continuations of v
   (only x = u can be excluded by simplicity, so k + 1 suffice). This gives the same answer as Yen's
   algorithm (``networkx.shortest_simple_paths``) restricted to ≤ 3 edges — which Yen's cannot do directly —
   at a fraction of the cost; :func:`career_graph` returns the same graph as networkx for inspection, and the
   tests check the two agree.

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
from .data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace
from .errors import InvalidParameter, NoFeasiblePath, UnknownPerson, check_index
from .geo import haversine_km
from .matching import ScoreOptions, _constraint_block
from .words import Names, amount, article, months_words, quoted

STEP_KINDS = ("job", "training")
MOVE_NONE, MOVE_SEASONAL, MOVE_GROWTH = 0, 1, 2


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


def _binary(m) -> sparse.csr_matrix:
    m = sparse.csr_matrix(m, dtype=np.float32, copy=True)
    m.eliminate_zeros()
    m.data[:] = 1.0
    return m


@dataclass(frozen=True)
class Region:
    """Person-independent preparation of a region's demand (see :func:`prepare_region`)."""

    job_need: np.ndarray  # need row, -1 for a shortage occupation
    job_occ: np.ndarray
    job_months: np.ndarray
    job_headcount: np.ndarray
    job_trains: np.ndarray
    job_essential: sparse.csr_matrix  # jobs × skills
    job_n_essential: np.ndarray
    job_held: sparse.csr_matrix  # skills a person has after doing the job
    move_similarity: np.ndarray  # jobs × jobs, T[occ_u, occ_v]
    move_kind: np.ndarray  # jobs × jobs, MOVE_*
    pair_programme: np.ndarray
    pair_job: np.ndarray
    pair_teach: sparse.csr_matrix  # pairs × skills: what the programme teaches of the job's essentials
    viable: float

    @property
    def n_jobs(self) -> int:
        return len(self.job_need)


def prepare_region(space: SkillSpace, transitions: np.ndarray, needs: NeedArrays,
                   programmes: ProgrammeArrays | None = None, *, viable: float,
                   shortage_occupations=(), shortage_headcount=None) -> Region:
    """Precompute the region's job nodes, allowed moves and training pairs (once per region and version).

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
    occ_ess = _binary(space.essential)
    occ_held = _binary(space.essential + space.optional)
    need_occ = np.asarray(needs.occupation, np.int64)
    # a need's essential skills are its own list; when empty, its occupation's
    need_ess = _binary(needs.essential) if n_needs else sparse.csr_matrix((0, space.n_skills), dtype=np.float32)
    n_need_ess = np.asarray(need_ess.sum(axis=1)).ravel()
    fallback = (n_need_ess == 0) & (need_occ >= 0)
    if fallback.any():
        need_ess = need_ess.tolil()
        for j in np.flatnonzero(fallback):  # rare: needs posted without skills
            need_ess[j] = occ_ess[need_occ[j]]
        need_ess = need_ess.tocsr()
    need_held = _binary(need_ess + _binary(needs.optional)) if n_needs else need_ess
    need_occ_held = occ_held[np.maximum(need_occ, 0)].multiply((need_occ >= 0)[:, None]).tocsr()
    job_essential = _binary(sparse.vstack([need_ess, occ_ess[shortage]]))
    job_held = _binary(sparse.vstack([need_held + need_occ_held, occ_held[shortage]]))
    job_occ = np.concatenate([need_occ, shortage])
    job_need = np.concatenate([np.arange(n_needs), np.full(len(shortage), -1)])
    job_months = np.concatenate([np.asarray(needs.months, np.int64), np.full(len(shortage), ALL_MONTHS_MASK)])
    headcount = np.ones(len(shortage)) if shortage_headcount is None else np.asarray(shortage_headcount, float)
    job_headcount = np.concatenate([np.asarray(needs.headcount, float), headcount])
    job_trains = np.concatenate([np.asarray(needs.trains_on_job, bool), np.zeros(len(shortage), bool)])
    job_org = np.concatenate([np.asarray(needs.organisation_ids).astype(object), np.full(len(shortage), None)])

    n_jobs = len(job_occ)
    t = np.asarray(transitions, np.float32)
    has = job_occ >= 0
    move_similarity = np.zeros((n_jobs, n_jobs), np.float32)
    move_similarity[np.ix_(has, has)] = t[np.ix_(job_occ[has], job_occ[has])]
    seasonal = job_months != ALL_MONTHS_MASK
    disjoint = (job_months[:, None] & job_months[None, :]) == 0
    chain = seasonal[:, None] & seasonal[None, :] & disjoint
    other_occ = job_occ[:, None] != job_occ[None, :]
    other_org = job_org[:, None] != job_org[None, :]
    move_kind = np.where(chain & other_org, MOVE_SEASONAL, np.where(other_occ, MOVE_GROWTH, MOVE_NONE))
    np.fill_diagonal(move_kind, MOVE_NONE)

    if programmes is not None and len(programmes):
        taught = _binary(programmes.skills)
        overlap = (taught @ job_essential.T).tocoo()  # programme × job: essential skills taught
        pair_programme, pair_job = overlap.row.astype(np.int64), overlap.col.astype(np.int64)
        pair_teach = _binary(taught[pair_programme].multiply(job_essential[pair_job]))
    else:
        pair_programme = pair_job = np.zeros(0, np.int64)
        pair_teach = sparse.csr_matrix((0, space.n_skills), dtype=np.float32)
    return Region(job_need, job_occ, job_months, job_headcount, job_trains, job_essential,
                  np.asarray(job_essential.sum(axis=1)).ravel(), job_held, move_similarity,
                  move_kind.astype(np.int8), pair_programme, pair_job, pair_teach, float(viable))


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


def _person_graph(space, transitions, people, p, needs, programmes, region: Region, *, costs: PathCosts,
                  options: ScoreOptions, extra_radius_km: float, trains_on_job_similarity: float) -> _PersonGraph:
    n_jobs = region.n_jobs
    radius = max(float(people.radius_km[p]), 1e-9)
    held = _binary(people.skills[p])
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
    n_ess = np.maximum(region.job_n_essential[jobs], 1)
    have = (held @ region.job_essential[jobs].T).toarray().ravel()
    coverage = np.where(region.job_n_essential[jobs] > 0, have / n_ess, 1.0)
    past = sparse.csr_matrix(people.past_occupations[p])
    experience = np.zeros(len(jobs), np.float32)
    occ = region.job_occ[jobs]
    for o, years in zip(past.indices, past.data):
        w = min(1.0, years / options.experience_cap_years)
        experience = np.maximum(experience, np.where(occ >= 0, transitions[o, np.maximum(occ, 0)] * w, 0))
    start_sim = np.maximum(coverage, experience)
    threshold = np.where(region.job_trains[jobs], min(region.viable, trains_on_job_similarity), region.viable)
    job_fixed = (costs.step + costs.travel * distance[jobs] / radius + costs.demand / (1 + region.job_headcount[jobs])
                 + np.where(region.job_need[jobs] < 0, costs.shortage, 0.0))
    # idle months are edge-additive: entering a job costs the months it leaves empty; a seasonal chain credits
    # the months the next job fills; moving on or training replaces the previous job's idle months
    worked = np.array([bin(int(m) & ALL_MONTHS_MASK).count("1") for m in region.job_months[jobs]], float)
    idle = costs.idle * (12 - worked) / 12

    # --- training pairs within reach, towards feasible jobs
    pos = np.full(n_jobs, -1)
    pos[jobs] = np.arange(len(jobs))
    pairs = np.zeros(0, np.int64)
    if len(region.pair_job):
        prog_dist = np.nan_to_num(haversine_km(people.lat[p], people.lon[p], programmes.lat, programmes.lon), nan=0.0)
        ok = (pos[region.pair_job] >= 0) & (prog_dist[region.pair_programme] <= radius + extra_radius_km)
        pairs = np.flatnonzero(ok)
    n_nodes = 1 + len(jobs) + len(pairs)
    cost = np.full((n_nodes, n_nodes), np.inf)
    sim = np.zeros((n_nodes, n_nodes), np.float32)
    job_nodes = np.arange(1, 1 + len(jobs))
    # start -> job
    ok = start_sim >= threshold - 1e-6
    cost[0, job_nodes[ok]] = job_fixed[ok] + idle[ok] + costs.gap * (1 - start_sim[ok])
    sim[0, job_nodes] = start_sim
    # job -> job
    move_sim = np.maximum(region.move_similarity[np.ix_(jobs, jobs)], start_sim[None, :])
    allowed = (region.move_kind[np.ix_(jobs, jobs)] != MOVE_NONE) & (move_sim >= threshold[None, :] - 1e-6)
    seasonal = region.move_kind[np.ix_(jobs, jobs)] == MOVE_SEASONAL
    idle_change = np.where(seasonal, -costs.idle * worked[None, :] / 12, idle[None, :] - idle[:, None])
    block = np.where(allowed, job_fixed[None, :] + idle_change + costs.gap * (1 - move_sim), np.inf)
    cost[1:1 + len(jobs), 1:1 + len(jobs)] = block
    sim[1:1 + len(jobs), 1:1 + len(jobs)] = move_sim
    node_job = np.concatenate([[-1], jobs, np.full(len(pairs), -1)])
    node_pair = np.concatenate([[-1], np.full(len(jobs), -1), pairs])
    node_distance = np.concatenate([[0.0], distance[jobs], np.zeros(len(pairs))])
    if len(pairs):
        pj = pos[region.pair_job[pairs]]  # position of the pair's job among feasible jobs
        prog = region.pair_programme[pairs]
        node_distance[1 + len(jobs):] = prog_dist[prog]
        years = np.asarray(programmes.duration_months, float)[prog] / 12
        train_fixed = costs.step + costs.training_per_year * years + costs.travel * prog_dist[prog] / radius
        teach = region.pair_teach[pairs]
        n_teach = np.asarray(teach.sum(axis=1)).ravel()
        target_ess = region.job_essential[jobs[pj]]
        pair_n = np.maximum(region.job_n_essential[jobs[pj]], 1)
        pair_nodes = np.arange(1 + len(jobs), n_nodes)
        # origins: the start and every job reachable in one step
        first = job_nodes[np.isfinite(cost[0, job_nodes])]
        origin_nodes = np.concatenate([[0], first])
        repeat = sparse.csr_matrix(np.ones((len(origin_nodes), 1), np.float32))
        stacked = _binary(repeat @ held + sparse.vstack([sparse.csr_matrix((1, held.shape[1])),
                                                          region.job_held[node_job[first]]]))
        before = np.asarray((stacked @ target_ess.T).todense()) / pair_n  # origins × pairs
        gain = (n_teach[None, :] - np.asarray((stacked @ teach.T).todense())) / pair_n
        after = before + gain
        direct = np.vstack([start_sim[pj][None, :], move_sim[pos[node_job[first]]][:, pj]])
        need = threshold[pj][None, :]
        ok = (gain > 0) & (after >= need - 1e-6) & (np.maximum(before, direct) < need - 1e-6)
        ok[1:] &= (node_job[first][:, None] != jobs[pj][None, :])  # no training back into the same job
        ok[1:] &= np.isfinite(region.move_kind[np.ix_(node_job[first], jobs[pj])] != MOVE_NONE) & \
            (region.move_kind[np.ix_(node_job[first], jobs[pj])] != MOVE_NONE)
        left_idle = np.concatenate([[0.0], idle[pos[node_job[first]]]])[:, None]  # training ends that idle time
        edge = train_fixed[None, :] - left_idle + costs.gap * (1 - np.minimum(after, 1))
        cost[np.ix_(origin_nodes, pair_nodes)] = np.where(ok, edge, np.inf)
        sim[np.ix_(origin_nodes, pair_nodes)] = np.minimum(after, 1)
        cost[pair_nodes, job_nodes[pj]] = job_fixed[pj] + idle[pj]
        sim[pair_nodes, job_nodes[pj]] = 1.0
    np.fill_diagonal(cost, np.inf)
    return _PersonGraph(cost, node_job, node_pair, sim, node_distance)


def _k_best(cost: np.ndarray, is_end: np.ndarray, k: int, max_steps: int):
    """Exact k cheapest simple paths from node 0 with 1..max_steps edges ending at an ``is_end`` node."""
    n = len(cost)
    paths, totals = [], []
    c1 = cost[0]
    end1 = np.flatnonzero(np.isfinite(c1) & is_end)
    paths.append(np.stack([end1, np.full(len(end1), -1), np.full(len(end1), -1)], axis=1))
    totals.append(c1[end1])
    level1 = np.flatnonzero(np.isfinite(c1))
    if max_steps >= 2 and len(level1):
        two = c1[level1][:, None] + cost[level1]  # |level1| × n
        ui, v = np.nonzero(np.isfinite(two) & is_end[None, :])
        paths.append(np.stack([level1[ui], v, np.full(len(v), -1)], axis=1))
        totals.append(two[ui, v])
        if max_steps >= 3:
            ends = np.flatnonzero(is_end)
            m = min(k + 1, len(ends))
            if m:
                cont = cost[:, ends]
                pick = np.argpartition(cont, m - 1, axis=1)[:, :m] if m < len(ends) else \
                    np.broadcast_to(np.arange(len(ends)), (n, len(ends)))
                cont_cost = np.take_along_axis(cont, pick, axis=1)
                cont_node = ends[pick]
                ui, v = np.nonzero(np.isfinite(two))
                total = two[ui, v][:, None] + cont_cost[v]
                x = cont_node[v]
                ok = np.isfinite(total) & (x != level1[ui][:, None])
                row, col = np.nonzero(ok)
                paths.append(np.stack([level1[ui][row], v[row], x[row, col]], axis=1))
                totals.append(total[row, col])
    paths = np.concatenate(paths) if paths else np.zeros((0, 3), np.int64)
    totals = np.concatenate(totals) if totals else np.zeros(0)
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
                kind = int(region.move_kind[prev_job, job])
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
    o = options or ScoreOptions()
    if region is None:
        if viable is None:
            raise InvalidParameter("give a prepared region or a viable threshold")
        region = prepare_region(space, transitions, needs, programmes, viable=viable,
                                shortage_occupations=shortage_occupations)
    tojs = o.trains_on_job_coverage if trains_on_job_similarity is None else trains_on_job_similarity
    graph = _person_graph(space, np.asarray(transitions), people, p, needs, programmes, region, costs=costs,
                          options=o, extra_radius_km=extra_radius_km, trains_on_job_similarity=tojs)
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
                 trains_on_job_similarity: float | None = None) -> nx.DiGraph:
    """The person's pruned graph as networkx: node "start", ("job", job index), ("training", pair index).

    Edges carry ``weight`` (the step cost) and ``similarity``. For inspection, drawing and cross-checks;
    :func:`career_paths` works on the same costs as a dense array.
    """
    p = check_index(p, len(people), UnknownPerson, "person")
    o = options or ScoreOptions()
    tojs = o.trains_on_job_coverage if trains_on_job_similarity is None else trains_on_job_similarity
    g = _person_graph(space, np.asarray(transitions), people, p, needs, programmes, region, costs=costs, options=o,
                      extra_radius_km=extra_radius_km, trains_on_job_similarity=tojs)
    key = ["start"] + [("job", int(j)) if j >= 0 else ("training", int(q))
                       for j, q in zip(g.node_job[1:], g.node_pair[1:])]
    graph = nx.DiGraph()
    graph.add_nodes_from(key)
    rows, cols = np.nonzero(np.isfinite(g.cost))
    graph.add_edges_from((key[a], key[b], {"weight": float(g.cost[a, b]), "similarity": float(g.similarity[a, b])})
                         for a, b in zip(rows, cols))
    return graph
