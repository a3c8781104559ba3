"""The k best simple paths of at most three steps through a person's graph, enumerated exactly and vectorised
(:func:`_k_best`)."""
from __future__ import annotations


import numpy as np

from .graph import _PersonGraph


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
