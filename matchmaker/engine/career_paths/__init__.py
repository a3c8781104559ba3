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


import networkx as nx
import numpy as np

from ..data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace
from ..errors import InvalidParameter, NoFeasiblePath, UnknownPerson, check_index
from ..matching.rules import ScoreOptions
from ..names import Names
from .facts import CareerPath, Step, _explain_steps
from .graph import _excluded, _person_graph, _stored, person_level
from .region import (REGION_CORE, STEP_KINDS, MAX_JOBS, MAX_PROGRAMMES_PER_JOB, MOVE_GROWTH, MOVE_NONE, MOVE_SEASONAL,
                     PathCosts, Region, _check_caps, assemble_region, prepare_region)
from .search import _k_best

__all__ = ["STEP_KINDS", "MOVE_NONE", "MOVE_SEASONAL", "MOVE_GROWTH", "MAX_JOBS", "MAX_PROGRAMMES_PER_JOB", "PathCosts",
           "Region", "REGION_CORE", "Step", "CareerPath", "assemble_region", "prepare_region", "person_level",
           "career_paths", "career_graph"]


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
