"""Time regional allocation at regional scale (not a test; pytest ignores bench/).

    PYTHONPATH=. python bench/allocation_bench.py [--people 10000] [--needs 2000] [--dense]

Synthetic region: people and needs scattered over a 100 x 80 km box; a pair is feasible when the need is
within the person's radius (10-30 km) and a random 30 % "skills and hours" check passes; fit is uniform in
0.2..1. ``--dense`` makes every pair feasible (the worst case for candidate pruning).
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import sparse

from matchmaker.engine.allocation import allocate, compare, greedy_top_k


def region(n_people, n_needs, *, dense, seed=0):
    rng = np.random.default_rng(seed)
    headcount = rng.integers(1, 6, n_needs)
    groups = rng.integers(0, 64, n_people)
    if dense:
        scores = rng.uniform(0.2, 1.0, (n_people, n_needs))
        return scores, scores > 0, headcount, groups
    px, py = rng.uniform(0, 100, n_people), rng.uniform(0, 80, n_people)
    nx_, ny = rng.uniform(0, 100, n_needs), rng.uniform(0, 80, n_needs)
    radius = rng.uniform(10, 30, n_people)
    rows, cols = [], []
    for start in range(0, n_people, 1000):
        sl = slice(start, start + 1000)
        d = np.hypot(px[sl, None] - nx_[None], py[sl, None] - ny[None])
        ok = (d <= radius[sl, None]) & (rng.random(d.shape) < 0.3)
        r, c = np.nonzero(ok)
        rows.append(r + start)
        cols.append(c)
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    scores = sparse.csr_matrix((rng.uniform(0.2, 1.0, len(rows)), (rows, cols)), shape=(n_people, n_needs))
    return scores, None, headcount, groups


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--needs", type=int, default=2_000)
    ap.add_argument("--dense", action="store_true")
    ap.add_argument("--k", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    scores, feasible, headcount, groups = region(args.people, args.needs, dense=args.dense)
    nnz = scores.nnz if sparse.issparse(scores) else int(feasible.sum())
    print(f"{args.people} people x {args.needs} needs, {int(headcount.sum())} places, {nnz} feasible pairs "
          f"(built in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    a = allocate(scores, feasible, headcount, k=args.k)
    t_alloc = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = greedy_top_k(scores, feasible, args.k, headcount=headcount)
    t_greedy = time.perf_counter() - t0
    t0 = time.perf_counter()
    c = compare(a, g, groups)
    t_cmp = time.perf_counter() - t0
    print(f"allocate: {t_alloc:.2f} s   greedy_top_k: {t_greedy:.2f} s   compare: {t_cmp:.3f} s")
    print(c.explanation)


if __name__ == "__main__":
    main()
