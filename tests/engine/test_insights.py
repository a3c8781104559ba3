"""Ecosystem insights on hand-made cases."""
from __future__ import annotations

from tests.words import english
import datetime as dt

import numpy as np
import pytest

from matchmaker.engine.errors import ArrayShapeError, InvalidParameter
from matchmaker.engine.insights import (
    BARRIERS,
    hard_to_fill,
    monthly_series,
    network_metrics,
    shortages,
    unused_potential,
)
from matchmaker.vocabulary import TARGET_GROUPS, to_mask
from tests.engine import ecosystem_cases as cases


def _passes(n_people, n_needs):
    return {k: np.ones((n_people, n_needs), bool) for k in ("distance", "hours", "accommodation", "language",
                                                             "months", "skills")}


def test_person_blocked_only_by_missing_wheelchair_access_has_barrier_accommodation():
    # person 0 uses a wheelchair: neither need offers wheelchair access; need 1 is also too far.
    # person 1 fits need 0 and is not unused.
    p = _passes(2, 2)
    p["accommodation"][0, :] = False
    p["distance"][0, 1] = False
    groups = np.array([to_mask(["physical_disability"], TARGET_GROUPS), 0])
    u = unused_potential(target_groups=groups, **p)
    assert u.people.tolist() == [0]
    assert u.barrier_of(0) == "accommodation"
    assert u.unlocked.tolist() == [1]
    assert u.barrier_of(1) is None
    assert u.counts["accommodation"] == 1 and sum(u.counts.values()) == 1
    assert u.by_group == {"physical_disability": {"accommodation": 1}}
    assert "an adjustment that is missing" in english(u)


def test_barrier_is_the_one_that_opens_most_needs_and_several_when_none_alone():
    p = _passes(3, 3)
    p["distance"][0] = [False, False, True]
    p["language"][0] = [True, True, False]          # person 0: distance opens 2, language 1
    p["hours"][1] = False
    p["months"][1] = False                          # person 1: two barriers on every need
    p["skills"][2] = False                          # person 2: skills gap
    bridge = np.zeros((3, 3), bool)
    u = unused_potential(bridgeable=bridge, **p)
    assert [u.barrier_of(i) for i in range(3)] == ["distance", "several", "programme"]
    bridge[2, 0] = True
    u = unused_potential(bridgeable=bridge, **p)
    assert u.barrier_of(2) == "programme"  # 2 needs need a missing programme, 1 a training that exists
    bridge[2, :] = True
    assert unused_potential(bridgeable=bridge, **p).barrier_of(2) == "training"
    assert set(BARRIERS) >= {"distance", "accommodation", "programme", "language", "hours"}


def test_unused_potential_shape_errors():
    p = _passes(2, 2)
    p["hours"] = np.ones((2, 3), bool)
    with pytest.raises(ArrayShapeError):
        unused_potential(**p)


def test_shortages_per_occupation():
    case = cases.school_case()  # welder apprenticeship (2 places), crop technician (2 + 1 places)
    scores = np.array([[0.8, 0.0, 0.0],
                       [0.6, 0.0, 0.0],
                       [0.0, 0.4, 0.6]])   # 0.4 is below the threshold
    rows = list(shortages(case.needs, case.programmes, scores=scores, n_occupations=6,
                          occupation_labels=case.occupation_labels))
    assert [r.occupation for r in rows] == [5, 4]  # crop technician short first
    crop, welder = rows
    assert (crop.demand, crop.people, crop.programme_capacity, crop.gap, crop.gap_after_training) == (3, 1, 20, 2, 0)
    assert crop.hard_to_fill == pytest.approx(2 / 3)
    assert (welder.demand, welder.people, welder.gap) == (2, 2, 0)
    assert "Crop technician: 3 open places" in english(crop) and "training can close" in english(crop)
    htf = hard_to_fill(case.needs, case.programmes, scores=scores, n_occupations=6)
    assert htf[5] == pytest.approx(2 / 3) and htf[4] == 0


def test_shortages_respect_feasible_mask():
    case = cases.pipeline_case()
    scores = np.full((2, 3), 0.9)
    feasible = np.zeros((2, 3), bool)
    htf = hard_to_fill(case.needs, scores=scores, feasible=feasible, n_occupations=6)
    assert htf[[1, 2, 3]].tolist() == [1.0, 1.0, 1.0]


def test_monthly_series_fills_empty_months_and_mixes_types():
    s = monthly_series(
        needs_posted=np.array(["2024-01-31T23:00", "2024-03-01"], dtype="datetime64[m]"),
        matches_proposed=[dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc), dt.date(2024, 2, 9)],
        partnerships_proposed=["2024-03-15"],
    )
    assert s.months == ("2024-01", "2024-02", "2024-03")
    assert s.needs_posted.tolist() == [1, 0, 1]
    assert s.matches_proposed.tolist() == [0, 2, 0]
    assert s.partnerships_proposed.tolist() == [0, 0, 1]
    assert "2 needs posted" in english(s)
    wide = monthly_series(needs_posted=["2024-02-01"], start="2023-12", end="2024-02")
    assert wide.needs_posted.tolist() == [0, 0, 1]
    assert monthly_series().months == ()
    with pytest.raises(InvalidParameter):
        monthly_series(needs_posted=["2024-02-01"], start="2024-03", end="2024-01")


def test_network_metrics():
    m = network_metrics(cases.two_clusters_case().graph)
    assert m.nodes_by_type["organisation"] == 7
    assert m.brokers[0].organisation == 6
    assert "care cluster around Enschede" in english(m)
