"""Regional allocation (:func:`allocate`, min-cost flow on integer costs) against :func:`greedy_top_k`.

The scores are the real matcher's: each person's 30 best feasible needs from :func:`top_matches` (the
allocation's own candidate pruning keeps 30 per person), as a sparse people x needs matrix. Baseline for the
solver: ``networkx.min_cost_flow`` on a small instance against ``allocate`` on the same instance.
"""
from __future__ import annotations

import time

import networkx as nx
import numpy as np
from scipy import sparse

from matchmaker.engine.allocation import allocate, compare, greedy_top_k
from matchmaker.engine.matching import top_matches
from matchmaker.explanations import render

from .common import head, in_child

CANDIDATES = 30


def score_matrix(space, similarity, people, needs) -> sparse.csr_matrix:
    top = top_matches(space, similarity, people, needs, k=CANDIDATES)
    keep = top.needs >= 0
    rows = np.repeat(np.arange(len(people)), keep.sum(axis=1))
    return sparse.csr_matrix((top.scores[keep].astype(np.float64), (rows, top.needs[keep])),
                             shape=(len(people), len(needs)))


def _allocate(scores, headcount, groups):
    t0 = time.perf_counter()
    regional = allocate(scores, None, headcount, k=3)
    t1 = time.perf_counter()
    greedy = greedy_top_k(scores, None, 3, headcount=headcount)
    t2 = time.perf_counter()
    c = compare(regional, greedy, groups)
    return {"allocate_s": t1 - t0, "greedy_s": t2 - t1, "needs_filled": list(c.needs_filled),
            "seats_filled": list(c.seats_filled), "total_fit": [round(x, 1) for x in c.total_fit],
            "people_with_suggestion": list(c.people_with_suggestion), "explanation": render(c.facts, "en")}


def nx_min_cost_flow(scores: sparse.csr_matrix, headcount: np.ndarray, scale: int = 1000) -> tuple[float, int]:
    """One primary per person, needs up to their head-count, maximum total fit — as networkx flow."""
    coo = scores.tocoo()
    n_people, n_needs = scores.shape
    g = nx.DiGraph()
    g.add_node("s", demand=-n_people)
    g.add_node("t", demand=n_people)
    for p in range(n_people):
        g.add_edge("s", ("p", p), capacity=1, weight=0)
        g.add_edge(("p", p), "t", capacity=1, weight=0)  # stay unassigned
    for j in range(n_needs):
        g.add_edge(("n", j), "t", capacity=int(headcount[j]), weight=0)
    for p, j, v in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist()):
        g.add_edge(("p", p), ("n", j), capacity=1, weight=-int(round(v * scale)))
    t0 = time.perf_counter()
    flow = nx.min_cost_flow(g)
    seconds = time.perf_counter() - t0
    seats = sum(flow[("n", j)]["t"] for j in range(n_needs))
    return seconds, int(seats)


def run(ctx, scales, *, small: tuple[int, int]) -> list[dict]:
    rows = []
    for n_people, n_needs in scales:
        people, needs = head(ctx.people, n_people), head(ctx.needs, n_needs)
        t0 = time.perf_counter()
        scores = score_matrix(ctx.space, ctx.similarity, people, needs)
        scoring_s = time.perf_counter() - t0
        value, memory = in_child(_allocate, scores, np.asarray(needs.headcount), people.target_groups)
        rows.append({"people": len(people), "needs": len(needs), "places": int(np.sum(needs.headcount)),
                     "candidate_pairs": int(scores.nnz), "scoring_s": scoring_s, **value,
                     "peak_delta_mib": memory["peak_delta_mib"]})
    people, needs = head(ctx.people, small[0]), head(ctx.needs, small[1])
    scores = score_matrix(ctx.space, ctx.similarity, people, needs)
    nx_s, nx_seats = nx_min_cost_flow(scores, np.asarray(needs.headcount))
    t0 = time.perf_counter()
    ours = allocate(scores, None, np.asarray(needs.headcount), k=1)
    ours_s = time.perf_counter() - t0
    baseline = {"people": small[0], "needs": small[1], "pairs": int(scores.nnz), "nx_min_cost_flow_s": nx_s,
                "nx_seats": nx_seats, "allocate_s": ours_s, "allocate_seats": int(ours.seats_filled),
                "speedup": nx_s / ours_s if ours_s else None}
    for row in rows:
        row["nx_baseline"] = baseline
    return rows
