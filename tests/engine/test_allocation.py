"""Regional allocation against greedy top-k."""
from __future__ import annotations

from tests.words import english
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from matchmaker.engine.allocation import allocate, compare, greedy_top_k
from matchmaker.engine.errors import ArrayShapeError
from matchmaker.vocabulary import TARGET_GROUPS, to_mask

# 3 people, 2 single-seat needs. Everyone likes need 0 best; person 1 cannot do need 1.
SCORES = np.array([[0.9, 0.65], [0.8, 0.0], [0.7, 0.5]])
FEASIBLE = SCORES > 0


def test_greedy_sends_everyone_to_the_same_need_and_leaves_one_empty():
    g = greedy_top_k(SCORES, FEASIBLE, 2, headcount=[1, 1])
    assert g.suggestions[:, 0].tolist() == [0, 0, 0]
    assert g.primary.tolist() == [0, -1, -1]  # the best of the three takes the seat
    assert g.needs_filled == 1 and g.seats_filled == 1
    assert g.total_fit == pytest.approx(0.9)


def test_allocation_fills_both_needs_with_the_best_total_fit():
    a = allocate(SCORES, FEASIBLE, [1, 1], k=2)
    assert a.primary.tolist() == [1, 0, -1]  # 0.65 + 0.8 = 1.45 beats 0.9 + 0.5 = 1.4
    assert a.needs_filled == 2 and a.seats_filled == 2
    assert a.total_fit == pytest.approx(1.45)
    assert a.suggestions[0, 0] == 1 and a.suggestions[1, 0] == 0
    assert a.people_with_suggestion == 3  # person 2 still gets a suggestion
    assert (a.suggestions[a.suggestions >= 0] < 2).all()


def test_compare_reports_both_and_per_target_group():
    groups = [to_mask(["refugee_status_holder"], TARGET_GROUPS), 0, to_mask(["older_worker"], TARGET_GROUPS)]
    c = compare(allocate(SCORES, FEASIBLE, [1, 1], k=2), greedy_top_k(SCORES, FEASIBLE, 2, headcount=[1, 1]), groups)
    assert c.needs_filled == (2, 1)
    assert c.seats_filled == (2, 1)
    assert c.total_fit == pytest.approx((1.45, 0.9))
    assert c.people_with_suggestion == (3, 3)
    by = {g.group: g for g in c.groups}
    assert by["refugee_status_holder"].people == 1 and by["refugee_status_holder"].regional_share == 1.0
    assert by["youth_neet"].people == 0
    assert "fill 2 needs completely" in english(c) and ", 1 are filled" in english(c)


def test_sparse_input_gives_the_same_result():
    a = allocate(sparse.csr_matrix(SCORES), None, [1, 1], k=2)
    assert a.primary.tolist() == [1, 0, -1]


def test_headcount_expands_seats_and_secondary_load_is_capped():
    scores = np.full((6, 2), 0.5)
    scores[:, 0] = 0.9
    a = allocate(scores, None, [2, 1], k=2, max_load=1.0)
    assert a.seats_filled_per_need.tolist() == [2, 1]
    load = np.bincount(a.suggestions[a.suggestions >= 0], minlength=2)
    # the cap (1 suggestion per seat) only lets people without any suggestion through
    assert (a.suggestions[:, 0] >= 0).all()
    assert load.sum() == 6


def test_shape_errors_are_typed():
    with pytest.raises(ArrayShapeError):
        allocate(SCORES, FEASIBLE, [1, 1, 1])
    with pytest.raises(ArrayShapeError):
        allocate(SCORES, FEASIBLE[:, :1], [1, 1])


def _brute_force(scores, feasible, headcount, scale=1000):
    """Best (seats, integer fit) over all assignments, by enumeration (tiny cases only)."""
    n, m = scores.shape
    best = (0, 0)
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.zeros(m, int)
        ok, fit = True, 0
        for p, j in enumerate(choice):
            if j < 0:
                continue
            if not feasible[p, j]:
                ok = False
                break
            load[j] += 1
            fit += int(np.rint(scores[p, j] * scale))
        if ok and (load <= headcount).all():
            best = max(best, (int(load.sum()), fit))
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.data())
def test_allocation_is_optimal_on_small_random_cases(n, m, data):
    scores = np.array(data.draw(st.lists(st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.7, 0.9, 1.0]), min_size=m,
                                                  max_size=m), min_size=n, max_size=n)))
    headcount = np.array(data.draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)))
    feasible = scores > 0
    a = allocate(scores, feasible, headcount, k=2, candidates_per_person=None, candidates_per_seat=None)
    fit = sum(int(np.rint(scores[p, j] * 1000)) for p, j in enumerate(a.primary) if j >= 0)
    assert (a.seats_filled, fit) == _brute_force(scores, feasible, headcount)
    assert (a.seats_filled_per_need <= headcount).all()
    g = greedy_top_k(scores, feasible, 2, headcount=headcount)
    assert a.seats_filled >= g.seats_filled
    assert a.people_with_suggestion >= g.people_with_suggestion
