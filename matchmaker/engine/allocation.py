"""Regional allocation: suggestions that fill the most places in the region, with the best fit.

Sending everybody their own top-k leaves the popular vacancy swamped and the next one empty. Here each
person gets one *primary* suggestion chosen jointly for the whole region — a maximum-cardinality,
maximum-fit assignment of people to the seats of the needs (a need with head-count ``h`` has ``h`` seats) —
and then up to ``k - 1`` further suggestions from their own feasible top list, skipping needs that already
have ``max_load`` suggestions per seat.

The assignment is solved by :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp) on a
sparse seat-expanded graph with integer costs:

- fit is scaled to an integer ``w = round(fit * scale)`` in ``0..scale``; a real edge costs ``scale + 1 - w``
  (1 .. scale + 1);
- every person also has a private "no primary" seat costing ``D = (scale + 1) * n_people + 1``, so a full
  matching always exists and each extra seat filled saves more than any difference in fit can cost:
  the solution first maximises the number of seats filled, then the total integer fit;
- candidate pairs are pruned to each person's ``candidates_per_person`` best needs plus each need's
  ``candidates_per_seat x head-count`` best people, which keeps the graph small at regional scale.

:func:`greedy_top_k` is the baseline, and :func:`compare` reports both side by side, with the share of
people with at least one suggestion per target group.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matchmaker.engine._ecosystem_common import fact
from matchmaker.engine.errors import ArrayShapeError, InvalidParameter
from matchmaker.vocabulary import TARGET_GROUPS

__all__ = ["Allocation", "GroupShare", "AllocationComparison", "allocate", "greedy_top_k", "compare"]


@dataclass(frozen=True, eq=False)
class Allocation:
    """Suggestions per person and what they achieve.

    ``primary[p]`` is the need person ``p`` is assigned to (-1 for none); ``suggestions[p]`` holds up to
    ``k`` need indices, best first, padded with -1 (the primary, when there is one, comes first) and
    ``suggestion_scores`` their fit (NaN for padding). ``seats_filled_per_need[j]`` counts primaries of need
    ``j`` (never above its head-count). ``needs_filled`` counts needs whose every seat is filled,
    ``seats_filled`` all filled seats, ``total_fit`` the sum of primary fits, ``people_with_suggestion``
    the people with at least one suggestion. ``method`` is ``"regional"`` or ``"greedy"``.
    """

    method: str
    primary: np.ndarray
    suggestions: np.ndarray
    suggestion_scores: np.ndarray
    seats_filled_per_need: np.ndarray
    headcount: np.ndarray
    needs_filled: int
    seats_filled: int
    total_fit: float
    people_with_suggestion: int
    facts: tuple[dict, ...]


@dataclass(frozen=True)
class GroupShare:
    """Share of a target group's people with at least one suggestion, regional vs. greedy."""

    group: str
    people: int
    regional_share: float
    greedy_share: float


@dataclass(frozen=True)
class AllocationComparison:
    """Regional allocation against greedy top-k on the same data; each pair is ``(regional, greedy)``."""

    needs_filled: tuple[int, int]
    seats_filled: tuple[int, int]
    total_fit: tuple[float, float]
    people_with_suggestion: tuple[int, int]
    share_with_suggestion: tuple[float, float]
    groups: tuple[GroupShare, ...]
    facts: tuple[dict, ...]


# --------------------------------------------------------------------------------------------- inputs


def _candidates(scores, feasible, headcount, *, per_person: int | None, per_seat: int | None):
    """Feasible (person, need, fit) triples, pruned; sorted by person then fit descending."""
    if sparse.issparse(scores):
        s = sparse.coo_matrix(scores)
        n_people, n_needs = s.shape
        rows, cols, vals = s.row.astype(np.int64), s.col.astype(np.int64), s.data.astype(float)
        if feasible is not None:
            f = sparse.csr_matrix(feasible, dtype=bool) if sparse.issparse(feasible) else None
            if f is not None:
                if f.shape != s.shape:
                    raise ArrayShapeError(f"feasible has shape {f.shape}, scores {s.shape}")
                ok = np.asarray(f[rows, cols]).ravel()
            else:
                fd = np.asarray(feasible, bool)
                if fd.shape != s.shape:
                    raise ArrayShapeError(f"feasible has shape {fd.shape}, scores {s.shape}")
                ok = fd[rows, cols]
        else:
            ok = vals > 0
        ok &= np.asarray(headcount)[cols] > 0
        rows, cols, vals = rows[ok], cols[ok], vals[ok]
    else:
        sd = np.asarray(scores, float)
        if sd.ndim != 2:
            raise ArrayShapeError(f"scores must be people x needs, got shape {sd.shape}")
        n_people, n_needs = sd.shape
        fd = sd > 0 if feasible is None else (np.asarray(feasible.toarray() if sparse.issparse(feasible)
                                                                  else feasible, bool))
        if fd.shape != sd.shape:
            raise ArrayShapeError(f"feasible has shape {fd.shape}, scores {sd.shape}")
        fd = fd & (np.asarray(headcount)[None, :] > 0)  # needs without places are closed
        masked = np.where(fd, sd, -np.inf)
        keep = np.zeros_like(fd)
        if per_person is None or per_person >= n_needs:
            keep |= fd
        else:
            top = np.argpartition(-masked, per_person - 1, axis=1)[:, :per_person]
            keep[np.arange(n_people)[:, None], top] = True
        if per_seat is not None and n_people > 0:
            want = np.minimum(per_seat * np.asarray(headcount, int), n_people)
            c = int(want.max(initial=0))
            if 0 < c < n_people:
                top = np.argpartition(-masked, c - 1, axis=0)[:c, :]  # c x needs, unordered
                block = np.take_along_axis(masked, top, axis=0)
                order = np.argsort(-block, axis=0, kind="stable")
                top = np.take_along_axis(top, order, axis=0)
                rank_ok = np.arange(c)[:, None] < want[None, :]
                keep[top[rank_ok], np.broadcast_to(np.arange(n_needs), top.shape)[rank_ok]] = True
            elif c >= n_people:
                keep |= fd
        keep &= fd
        rows, cols = np.nonzero(keep)
        rows, cols = rows.astype(np.int64), cols.astype(np.int64)
        vals = sd[rows, cols]
        ok = None
    order = np.lexsort((cols, -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    if sparse.issparse(scores):
        keep = np.ones(len(rows), bool)
        if per_person is not None:
            starts = np.searchsorted(rows, np.arange(n_people))
            rank = np.arange(len(rows)) - starts[rows]
            keep = rank < per_person
            if per_seat is not None:
                o2 = np.lexsort((rows, -vals, cols))
                cstarts = np.searchsorted(cols[o2], np.arange(n_needs))
                crank = np.empty(len(rows), np.int64)
                crank[o2] = np.arange(len(rows)) - cstarts[cols[o2]]
                keep |= crank < per_seat * np.asarray(headcount, int)[cols]
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
    return n_people, n_needs, rows, cols, vals


def _check_headcount(headcount, n_needs):
    h = np.asarray(headcount, dtype=np.int64).reshape(-1)
    if h.shape[0] != n_needs:
        raise ArrayShapeError(f"headcount has {h.shape[0]} entries, scores has {n_needs} needs")
    if (h < 0).any():
        raise InvalidParameter("headcount must be >= 0")
    return h


def _finish(method, primary, primary_fit, suggestions, sugg_scores, headcount):
    n_needs = len(headcount)
    filled = np.bincount(primary[primary >= 0], minlength=n_needs)
    needs_filled = int(((filled >= headcount) & (headcount > 0)).sum())
    seats = int(filled.sum())
    fit = float(np.nansum(primary_fit[primary >= 0]))
    with_s = int((suggestions[:, 0] >= 0).sum()) if suggestions.shape[1] else 0
    n_people = len(primary)
    facts = (fact("allocation.result", method=method, needs_filled=needs_filled, needs=int((headcount > 0).sum()),
                  seats=seats, places=int(headcount.sum()), fit=round(fit, 4), with_suggestion=with_s,
                  people=n_people),)
    return Allocation(method=method, primary=primary, suggestions=suggestions, suggestion_scores=sugg_scores,
                      seats_filled_per_need=filled, headcount=headcount, needs_filled=needs_filled,
                      seats_filled=seats, total_fit=fit, people_with_suggestion=with_s, facts=facts)


# --------------------------------------------------------------------------------------------- solvers


def allocate(
    scores,
    feasible=None,
    headcount=None,
    *,
    k: int = 3,
    scale: int = 1000,
    max_load: float = 2.0,
    candidates_per_person: int | None = 30,
    candidates_per_seat: int | None = 5,
) -> Allocation:
    """Choose up to ``k`` suggestions per person so the region fills the most places with the best fit.

    Parameters
    ----------
    scores : array or sparse matrix, people x needs
        Fit in [0, 1]; 0 (or absent in a sparse matrix) is infeasible unless ``feasible`` says otherwise.
    feasible : bool array or sparse matrix, people x needs, optional
        Which pairs pass the hard constraints (default: ``scores > 0``).
    headcount : int array, one per need
        Places per need (default 1 each).
    k : int
        Maximum suggestions per person (the primary plus ``k - 1`` others).
    scale : int
        Fit is rounded to integers ``0..scale`` for the solver.
    max_load : float
        Secondary suggestions stop going to a need once it has ``ceil(max_load x head-count)``
        suggestions in total; a person with no suggestion at all still gets their best need.
    candidates_per_person, candidates_per_seat : int or None
        Pruning of the assignment graph (None = keep every feasible pair).

    Returns
    -------
    Allocation

    Examples
    --------
    >>> import numpy as np
    >>> scores = np.array([[0.9, 0.65], [0.8, 0.0], [0.7, 0.5]])
    >>> a = allocate(scores, scores > 0, [1, 1], k=2)
    >>> a.primary.tolist(), a.seats_filled, round(a.total_fit, 2)
    ([1, 0, -1], 2, 1.45)
    """
    n_people, n_needs = scores.shape
    headcount = _check_headcount(np.ones(n_needs, int) if headcount is None else headcount, n_needs)
    if k < 1:
        raise InvalidParameter("k must be at least 1")
    _, _, rows, cols, vals = _candidates(scores, feasible, headcount, per_person=candidates_per_person,
                                         per_seat=candidates_per_seat)
    keep = headcount[cols] > 0
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    primary = np.full(n_people, -1, dtype=np.int64)
    primary_fit = np.full(n_people, np.nan)
    if len(rows):
        people = np.unique(rows)
        needs_used = np.unique(cols)
        p_of = np.searchsorted(people, rows)
        j_of = np.searchsorted(needs_used, cols)
        h = headcount[needs_used]
        seat_start = np.concatenate(([0], np.cumsum(h)[:-1]))
        n_seats = int(h.sum())
        reps = h[j_of]
        e_rows = np.repeat(p_of, reps)
        offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
        e_cols = np.repeat(seat_start[j_of], reps) + offsets
        w = np.rint(np.clip(vals, 0.0, 1.0) * scale).astype(np.int64)
        e_cost = np.repeat(scale + 1 - w, reps)
        n_p = len(people)
        dummy = (scale + 1) * n_p + 1
        all_rows = np.concatenate((e_rows, np.arange(n_p)))
        all_cols = np.concatenate((e_cols, n_seats + np.arange(n_p)))
        all_cost = np.concatenate((e_cost, np.full(n_p, dummy, np.int64))).astype(float)
        graph = sparse.csr_matrix((all_cost, (all_rows, all_cols)), shape=(n_p, n_seats + n_p))
        r_ind, c_ind = min_weight_full_bipartite_matching(graph)
        seat_need = np.repeat(needs_used, h)
        real = c_ind < n_seats
        primary[people[r_ind[real]]] = seat_need[c_ind[real]]
    # fit of the primaries (a person meets each need at most once among their candidates)
    starts = np.searchsorted(rows, np.arange(n_people + 1))
    assigned = np.flatnonzero(primary >= 0)
    is_primary = cols == primary[rows]
    primary_fit[rows[is_primary]] = vals[is_primary]

    # secondary suggestions, fewest options first: sequential (each choice changes the loads the next person
    # sees), so on plain lists rather than numpy scalars
    suggestions = np.full((n_people, k), -1, dtype=np.int64)
    sugg_scores = np.full((n_people, k), np.nan)
    load = np.bincount(primary[assigned], minlength=n_needs).astype(np.int64).tolist()
    cap = np.ceil(max_load * headcount).astype(np.int64).tolist()
    n_opts = starts[1:] - starts[:-1]
    chosen = [[int(j)] if j >= 0 else [] for j in primary.tolist()]
    chosen_fit = [[float(v)] if j >= 0 else [] for j, v in zip(primary.tolist(), primary_fit.tolist())]
    order = np.lexsort((np.arange(n_people), n_opts))
    order = order[n_opts[order] > 0].tolist()
    col_list, val_list, start_list = cols.tolist(), vals.tolist(), starts.tolist()
    for slot in range(k):
        for p in order:
            taken = chosen[p]
            if len(taken) >= k or len(taken) > slot:
                continue
            for i in range(start_list[p], start_list[p + 1]):
                j = col_list[i]
                if j in taken or (taken and load[j] >= cap[j]):
                    continue
                taken.append(j)
                chosen_fit[p].append(val_list[i])
                load[j] += 1
                break
    for p, taken in enumerate(chosen):
        if taken:
            suggestions[p, :len(taken)] = taken
            sugg_scores[p, :len(taken)] = chosen_fit[p]
    return _finish("regional", primary, primary_fit, suggestions, sugg_scores, headcount)


def greedy_top_k(scores, feasible=None, k: int = 3, *, headcount=None) -> Allocation:
    """The baseline: every person gets their own top ``k`` feasible needs.

    Needs with head-count 0 are skipped. A need counts as filled by the people who rank it first, up to its head-count; when more people rank
    it first than it has places, the best-fitting of them take the places (the employer picks the best).

    Examples
    --------
    >>> import numpy as np
    >>> scores = np.array([[0.9, 0.65], [0.8, 0.0], [0.7, 0.5]])
    >>> g = greedy_top_k(scores, scores > 0, 2, headcount=[1, 1])
    >>> g.suggestions.tolist(), g.seats_filled, g.needs_filled
    ([[0, 1], [0, -1], [0, 1]], 1, 1)
    """
    n_people, n_needs = scores.shape
    headcount = _check_headcount(np.ones(n_needs, int) if headcount is None else headcount, n_needs)
    _, _, rows, cols, vals = _candidates(scores, feasible, headcount, per_person=k, per_seat=None)
    starts = np.searchsorted(rows, np.arange(n_people + 1))
    rank = np.arange(len(rows)) - starts[rows]
    suggestions = np.full((n_people, k), -1, dtype=np.int64)
    sugg_scores = np.full((n_people, k), np.nan)
    suggestions[rows, rank] = cols
    sugg_scores[rows, rank] = vals
    first = suggestions[:, 0]
    primary = np.full(n_people, -1, dtype=np.int64)
    primary_fit = np.full(n_people, np.nan)
    has = np.flatnonzero(first >= 0)
    # for every need, its first-choice people by fit (desc), person index for ties; keep head-count of them
    o = np.lexsort((has, -sugg_scores[has, 0], first[has]))
    ppl, need = has[o], first[has][o]
    nstart = np.searchsorted(need, need)
    within = np.arange(len(need)) - nstart
    win = within < headcount[need]
    primary[ppl[win]] = need[win]
    primary_fit[ppl[win]] = sugg_scores[ppl[win], 0]
    return _finish("greedy", primary, primary_fit, suggestions, sugg_scores, headcount)


def comparison_fact(allocation: Allocation, greedy: Allocation, people: int) -> dict:
    """Regional against greedy in one fact: needs filled completely, places, total fit, people with a suggestion."""
    return fact("allocation.compare", needs_filled=[allocation.needs_filled, greedy.needs_filled],
                seats=[allocation.seats_filled, greedy.seats_filled],
                fit=[round(allocation.total_fit, 4), round(greedy.total_fit, 4)],
                with_suggestion=[allocation.people_with_suggestion, greedy.people_with_suggestion], people=people)


def compare(allocation: Allocation, greedy: Allocation, target_groups_mask, *,
            groups: Sequence[str] = TARGET_GROUPS) -> AllocationComparison:
    """Report the regional allocation against greedy top-k on the same data.

    ``target_groups_mask`` is one bitmask per person over ``vocabulary.TARGET_GROUPS`` (special-category
    data: it is only counted here, never used to rank). Returns needs filled, seats filled, total fit,
    people with at least one suggestion, and that share overall and per target group.

    Examples
    --------
    >>> import numpy as np
    >>> scores = np.array([[0.9, 0.65], [0.8, 0.0], [0.7, 0.5]])
    >>> c = compare(allocate(scores, headcount=[1, 1]), greedy_top_k(scores, headcount=[1, 1]), [1, 0, 1])
    >>> c.needs_filled, c.groups[0].group, c.groups[0].people
    ((2, 1), 'refugee_status_holder', 2)
    """
    mask = np.asarray(target_groups_mask, dtype=np.int64).reshape(-1)
    n = len(allocation.primary)
    if mask.shape[0] != n or len(greedy.primary) != n:
        raise ArrayShapeError("allocation, greedy and target_groups_mask must cover the same people")
    a_has = allocation.suggestions[:, 0] >= 0 if allocation.suggestions.shape[1] else np.zeros(n, bool)
    g_has = greedy.suggestions[:, 0] >= 0 if greedy.suggestions.shape[1] else np.zeros(n, bool)
    shares = []
    for i, g in enumerate(groups):
        member = (mask >> i & 1).astype(bool)
        m = int(member.sum())
        shares.append(GroupShare(g, m, float(a_has[member].mean()) if m else float("nan"),
                                 float(g_has[member].mean()) if m else float("nan")))
    share = (float(a_has.mean()) if n else float("nan"), float(g_has.mean()) if n else float("nan"))
    facts = [comparison_fact(allocation, greedy, n)]
    facts += [fact("allocation.group", group=s.group, people=s.people, regional=round(s.regional_share, 4),
                   greedy=round(s.greedy_share, 4)) for s in shares if s.people]
    return AllocationComparison(
        needs_filled=(allocation.needs_filled, greedy.needs_filled),
        seats_filled=(allocation.seats_filled, greedy.seats_filled),
        total_fit=(allocation.total_fit, greedy.total_fit),
        people_with_suggestion=(allocation.people_with_suggestion, greedy.people_with_suggestion),
        share_with_suggestion=share, groups=tuple(shares), facts=tuple(facts),
    )
