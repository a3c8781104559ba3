import dataclasses

import numpy as np
from tests.words import english
from scipy import sparse
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.engine import matching
from matchmaker.engine.errors import UnknownPerson
from matchmaker.engine.matching import (ScoreOptions, apply_welcome_bonus, candidates_for_need, gap_bridge,
                                        explain_top_matches, hard_constraints, match_person, skill_score,
                                        top_matches)
from matchmaker.engine.transitions import transition_matrix
from matchmaker.engine.names import Names
from matchmaker.vocabulary import ALL_MONTHS_MASK, months_mask
from tests.engine import tiny

SPACE = tiny.space()
T = transition_matrix(SPACE)
NAMES = Names(needs=tiny.NEED_NAMES, employers=tiny.EMPLOYERS, programmes=tiny.PROGRAMME_NAMES)
AMAL, BRAM, CHRIS, DANA = range(4)
FRUIT_N, ORDER_N, FORKLIFT_N, KITCHEN_N, COOK_N, NURSE_N = range(6)


def with_person(people, p, **fields):
    changes = {}
    for name, value in fields.items():
        array = np.array(getattr(people, name), copy=True)
        array[p] = value
        changes[name] = array
    return dataclasses.replace(people, **changes)


def test_amal_matches_fruit_then_order_picking():
    matches = match_person(SPACE, T, tiny.people(), AMAL, tiny.needs(), tiny.programmes(), names=NAMES)
    # the kitchen offers no language buddy, but a buddy travels with Amal: it no longer blocks her
    assert [m.need for m in matches] == [FRUIT_N, KITCHEN_N, ORDER_N]
    matches = [m for m in matches if m.need != KITCHEN_N]
    fruit = matches[0]
    # 0.6 * 1 + 0.15 * 0 (optional 'hygiene' held -> 1) ... compute: optional {14} held -> 1
    # experience: fruit picker 2 years of cap 3 -> 2/3 * T[fruit, fruit] = 2/3; + welcome bonus 0.05
    assert fruit.score == pytest.approx(0.6 + 0.15 + 0.25 * 2 / 3 + 0.05, abs=1e-5)
    assert fruit.welcomed and fruit.matched == (0, 1, 2) and fruit.missing == ()
    order = matches[1]
    assert order.essential_coverage == pytest.approx(1 / 3)
    assert order.missing == (3, 4)
    assert "You have 1 of the 3 essential skills for order picker" in english(order)
    assert "trains on the job" in english(order)


def test_support_that_travels_with_the_person_never_blocks_and_says_who_arranges_it():
    needs = tiny.needs()
    for support in ("job_coach", "language_buddy", "transport_support"):
        people = with_person(tiny.people(), BRAM, accommodations_needed=tiny.acc(support))
        assert not tiny.acc(support) & int(needs.accommodations_offered[KITCHEN_N])
        checks = hard_constraints(people, BRAM, needs)
        assert checks["accommodations"][KITCHEN_N]
        (match,) = [m for m in match_person(SPACE, T, people, BRAM, needs, names=NAMES) if m.need == KITCHEN_N]
        assert match.feasible
        assert "the municipality or UWV arranges it" in english(match)
    both = with_person(tiny.people(), BRAM, accommodations_needed=tiny.acc("job_coach", "wheelchair_access"))
    (match,) = [m for m in match_person(SPACE, T, both, BRAM, needs, include_blocked=True, limit=None)
                if m.need == KITCHEN_N]
    assert match.blocked_by == ("accommodations",)  # the workplace adjustment still blocks
    assert "wheelchair access" in english(match) and "not offered: job coach" not in english(match)


def test_each_constraint_blocks_alone():
    people, needs = tiny.people(), tiny.needs()
    base = hard_constraints(people, BRAM, needs)
    assert all(base[name][KITCHEN_N] for name in base)
    cases = {
        "distance": with_person(people, BRAM, lat=53.2, lon=6.56),          # Groningen, ~85 km
        "hours": with_person(people, BRAM, hours=16.0),
        "accommodations": with_person(people, BRAM, accommodations_needed=tiny.acc("quiet_workspace")),
        "dutch": with_person(people, BRAM, dutch_level=tiny.dutch("A1")),
        "months": with_person(people, BRAM, available_months=months_mask([1, 2])),
        "skills": dataclasses.replace(people, skills=tiny.rows(4, 15, {1: [2]})),
    }
    summer = dataclasses.replace(needs, months=np.where(np.arange(6) == KITCHEN_N, months_mask([6, 7]), needs.months))
    for name, changed in cases.items():
        needs = summer if name == "months" else tiny.needs()
        checks = hard_constraints(changed, BRAM, needs)
        blocked = [c for c in checks if not checks[c][KITCHEN_N]]
        assert blocked == [name], (name, blocked)
        (match,) = [m for m in match_person(SPACE, T, changed, BRAM, needs, include_blocked=True, limit=None)
                    if m.need == KITCHEN_N]
        assert not match.feasible and match.blocked_by == (name,)
        assert "Not possible now" in english(match)


def test_months_overlap_is_enough():
    people = with_person(tiny.people(), AMAL, available_months=months_mask([8, 9]))
    checks = hard_constraints(people, AMAL, tiny.needs())
    assert checks["months"][FRUIT_N] and not checks["months"][ORDER_N]


def test_hours_tolerance():
    people = with_person(tiny.people(), BRAM, hours=22.0)
    assert not hard_constraints(people, BRAM, tiny.needs())["hours"][KITCHEN_N]
    assert hard_constraints(people, BRAM, tiny.needs(), hours_tolerance=2)["hours"][KITCHEN_N]


def test_trains_on_job_widens_the_gap():
    needs = tiny.needs()
    # Amal covers 1 of 3 essential skills of order picking: 0.33 >= 0.3 only because the DC trains on the job
    assert hard_constraints(tiny.people(), AMAL, needs)["skills"][ORDER_N]
    strict = dataclasses.replace(needs, trains_on_job=np.zeros(6, bool))
    assert not hard_constraints(tiny.people(), AMAL, strict)["skills"][ORDER_N]
    assert not hard_constraints(tiny.people(), AMAL, needs, trains_on_job_coverage=0.4)["skills"][ORDER_N]


def test_entry_level_work_whose_employer_trains_beginners_asks_no_skills_up_front():
    # Dana without any skill: the brasserie trains kitchen assistants (elementary work, open to beginners)
    people = dataclasses.replace(tiny.people(), skills=sparse.csr_matrix((4, 15)))
    needs = tiny.needs()
    assert not hard_constraints(people, DANA, needs)["skills"][KITCHEN_N]
    beginners = dataclasses.replace(needs, beginners=np.array([False, False, False, True, False, False]))
    assert hard_constraints(people, DANA, beginners)["skills"][KITCHEN_N]
    match = next(m for m in match_person(SPACE, T, people, DANA, beginners) if m.need == KITCHEN_N)
    assert match.feasible
    assert "you have 0% of the essential skills, 0% is enough (beginners are welcome: the employer teaches this " \
        "work on the job)" in english(match)
    # entry-level work where the employer does not train: the usual gate
    untrained = dataclasses.replace(beginners, trains_on_job=np.zeros(6, bool))
    assert not hard_constraints(people, DANA, untrained)["skills"][KITCHEN_N]
    assert matching.min_essential_held([3, 3, 3], matching.coverage_gate([True, True, False],
                                                                          [False, True, True])).tolist() == [1, 0, 2]


def test_gap_bridge_for_cook():
    people, needs = tiny.people(), tiny.needs()
    (cook,) = [m for m in match_person(SPACE, T, people, BRAM, needs, tiny.programmes(), names=NAMES,
                                       include_blocked=True, limit=None) if m.need == COOK_N]
    assert cook.missing == (9, 10, 11) and cook.blocked_by == ("skills",)
    # the Deventer course closes two gaps in 3 months (30 km), MBO cook all three in 12: per month, the course first
    assert [(b.programme, b.closes) for b in cook.bridge] == [(2, (9, 10)), (1, (9, 10, 11))]
    assert "MBO Cook at Deltion teaches cook meat dishes, plan menus and" in english(cook)


def test_gap_bridge_ordering_by_gaps_closed_per_month_then_duration_then_distance():
    people = tiny.people()
    progs = tiny.programmes()
    progs = dataclasses.replace(
        progs,
        skills=tiny.rows(5, 15, {0: [9], 1: [9, 10], 2: [9, 10], 3: [9, 10], 4: [9, 10, 11]}),
        lat=np.array([tiny.ZWOLLE[0], tiny.ZWOLLE[0], tiny.KAMPEN[0], tiny.ZWOLLE[0], 53.2]),
        lon=np.array([tiny.ZWOLLE[1], tiny.ZWOLLE[1], tiny.KAMPEN[1], tiny.ZWOLLE[1], 6.56]),
        duration_months=np.array([1.0, 6.0, 3.0, 3.0, 1.0]),
        ids=np.arange(5), organisation_ids=np.arange(5), occupations=tiny.rows(5, 6, {}),
        start_months=np.full(5, ALL_MONTHS_MASK), mode=np.zeros(5, int), capacity=np.ones(5))
    order = [b.programme for b in gap_bridge(people, BRAM, progs, [9, 10, 11], limit=None)]
    # 4 closes 3 but is in Groningen (out of reach); 0 closes one a month; then two in 3 months (Zwolle before
    # Kampen), then two in 6 months
    assert order == [0, 3, 2, 1]
    order = [b.programme for b in gap_bridge(people, BRAM, progs, [9, 10, 11], extra_radius_km=60, limit=None)]
    assert order[0] == 4
    with pytest.raises(UnknownPerson):
        gap_bridge(people, 9, progs, [9])


def test_a_bridge_is_in_proportion_to_the_gap_and_the_work():
    people = tiny.people()
    progs = dataclasses.replace(
        tiny.programmes(), skills=tiny.rows(3, 15, {0: [9], 1: [9, 10], 2: [9, 10, 11]}),
        lat=np.full(3, tiny.ZWOLLE[0]), lon=np.full(3, tiny.ZWOLLE[1]), duration_months=np.array([12.0, 4.0, 12.0]),
        ids=np.arange(3), organisation_ids=np.arange(3), occupations=tiny.rows(3, 6, {}),
        start_months=np.full(3, ALL_MONTHS_MASK), mode=np.zeros(3, int), capacity=np.ones(3))
    # a year for one skill is out of proportion; four months for two, or a year for three, are not
    assert [b.programme for b in gap_bridge(people, BRAM, progs, [9, 10, 11], limit=None)] == [1, 2]
    # never longer than the seasonal work it opens: four months of work take the four-month course only
    assert [b.programme for b in gap_bridge(people, BRAM, progs, [9, 10, 11], limit=None, months_of_work=4)] == [1]
    assert [b.programme for b in gap_bridge(people, BRAM, progs, [9, 10, 11], limit=None, months_of_work=3)] == []


def test_where_the_employer_trains_on_the_job_the_gap_is_bridged_on_the_job():
    (order,) = [m for m in match_person(SPACE, T, tiny.people(), AMAL, tiny.needs(), tiny.programmes(),
                                        names=NAMES) if m.need == ORDER_N]
    assert order.missing and order.bridge == ()
    assert "The employer teaches you the rest on the job" in english(order)


def test_candidates_for_need():
    cands = candidates_for_need(SPACE, T, tiny.people(), ORDER_N, tiny.needs(), tiny.programmes())
    # Chris did the job (full coverage, 1 year); Amal and Bram cover 'work in a team' (1/3, the DC trains on
    # the job); Dana too, but she can work 24 hours and the peak asks 32
    assert [m.person for m in cands] == [CHRIS, AMAL, BRAM]
    blocked = candidates_for_need(SPACE, T, tiny.people(), ORDER_N, tiny.needs(), include_blocked=True)
    assert blocked[-1].person == DANA and blocked[-1].blocked_by == ("hours",)


def test_bulk_agrees_with_one_person_path():
    people, needs = tiny.people(), tiny.needs()
    for k in (1, 2, 6):
        bulk = top_matches(SPACE, T, people, needs, k=k, batch_size=3)
        for p in range(len(people)):
            single = [(m.need, m.score) for m in match_person(SPACE, T, people, p, needs, limit=k)]
            got = bulk.for_person(p)
            assert [j for j, _ in got] == [j for j, _ in single]
            assert np.allclose([s for _, s in got], [s for _, s in single])


def _random_region(rng):
    """60 people and 40 needs with random skills, places and constraints over the tiny taxonomy."""
    n_p, n_n = 60, 40
    people, needs = tiny.people(), tiny.needs()
    pick_p, pick_n = rng.integers(0, 4, n_p), rng.integers(0, 6, n_n)
    rand_skills = lambda n: sparse.csr_matrix(rng.random((n, 15)) < 0.35, dtype=float)  # noqa: E731
    people = dataclasses.replace(
        people, ids=np.arange(n_p), skills=rand_skills(n_p), past_occupations=people.past_occupations[pick_p],
        lat=52.5 + rng.normal(0, 0.2, n_p), lon=6.1 + rng.normal(0, 0.3, n_p), radius_km=rng.uniform(5, 60, n_p),
        hours=rng.choice([16, 24, 32, 36, 40], n_p), dutch_level=rng.integers(0, 8, n_p),
        accommodations_needed=rng.integers(0, 4, n_p), available_months=rng.integers(1, 4096, n_p),
        target_groups=rng.integers(0, 64, n_p))
    needs = dataclasses.replace(
        needs, ids=np.arange(n_n), organisation_ids=np.arange(n_n), occupation=needs.occupation[pick_n],
        essential=rand_skills(n_n), optional=rand_skills(n_n), lat=52.5 + rng.normal(0, 0.2, n_n),
        lon=6.1 + rng.normal(0, 0.3, n_n), hours=rng.choice([16, 24, 32, 36], n_n), dutch_level=rng.integers(0, 6, n_n),
        accommodations_offered=rng.integers(0, 16, n_n), months=rng.integers(1, 4096, n_n),
        headcount=np.ones(n_n), trains_on_job=rng.random(n_n) < 0.5, welcomes_groups=rng.integers(0, 64, n_n),
        kind=np.zeros(n_n, int), beginners=rng.random(n_n) < 0.3)
    # two needs list no essential skills at all: everyone covers them
    ess = needs.essential.tolil()
    ess[3], ess[11] = 0, 0
    needs = dataclasses.replace(needs, essential=ess.tocsr())
    return people, needs


@pytest.mark.parametrize("common_skills", [0, 4, 128])
def test_bulk_agrees_on_random_region(common_skills, monkeypatch):
    # the bulk search counts the most common skills with bit masks: none, some (4 of 15) or all of them
    monkeypatch.setattr(matching.search, "COMMON_SKILLS", common_skills)
    people, needs = _random_region(np.random.default_rng(7))
    n_p = len(people)
    bulk = top_matches(SPACE, T, people, needs, k=5, batch_size=16)
    assert all(len(set(j for j, _ in bulk.for_person(p))) == len(bulk.for_person(p)) for p in range(n_p))
    threaded = top_matches(SPACE, T, people, needs, k=5, batch_size=7, workers=2)
    assert np.array_equal(bulk.needs, threaded.needs)
    assert np.array_equal(bulk.scores, threaded.scores, equal_nan=True)
    for p in range(n_p):
        single = [(m.need, m.score) for m in match_person(SPACE, T, people, p, needs, limit=5)]
        got = bulk.for_person(p)
        assert [j for j, _ in got] == [j for j, _ in single]
        assert np.allclose([s for _, s in got], [s for _, s in single])


@pytest.mark.parametrize("k", [1, 5, 12])
def test_the_closest_blocked_needs_in_bulk_are_those_one_person_gets_after_the_feasible_ones(k):
    """People with fewer than k feasible needs get the blocked ones that fill their list, in the order the
    one-person path lists them (ties by need index); people with k feasible needs get none."""
    people, needs = _random_region(np.random.default_rng(11))
    top = top_matches(SPACE, T, people, needs, k=k, batch_size=16)
    p_idx, j_idx = matching.closest_blocked(T, people, needs, top, batch_size=7)
    short = 0
    for p in range(len(people)):
        live = match_person(SPACE, T, people, p, needs, limit=k, include_blocked=True)
        assert [int(j) for j in j_idx[p_idx == p]] == [m.need for m in live if not m.feasible], p
        short += any(not m.feasible for m in live)
    assert 0 < short < len(people)


def test_score_never_sees_who_the_person_is():
    import inspect
    params = set(inspect.signature(skill_score).parameters)
    assert params == {"essential_coverage", "optional_coverage", "experience", "options"}
    assert apply_welcome_bonus(np.float32(0.4), 0, 0b11) == pytest.approx(0.4)
    with pytest.raises(ValueError):
        apply_welcome_bonus(0.4, 1, 1, bonus=-0.1)
    with pytest.raises(ValueError):
        ScoreOptions(essential_weight=0.9)


@settings(max_examples=60, deadline=None)
@given(p=st.integers(0, 3), groups=st.integers(0, 63), accommodations=st.integers(0, 1023),
       skills=st.sets(st.integers(0, 14), max_size=8))
def test_fairness_groups_and_accommodations_never_lower_a_score(p, groups, accommodations, skills):
    people = dataclasses.replace(tiny.people(), skills=tiny.rows(4, 15, {p: sorted(skills)}))
    needs = tiny.needs()
    # every need still offers what the copy needs
    needs = dataclasses.replace(needs, accommodations_offered=needs.accommodations_offered | accommodations)
    plain = with_person(people, p, target_groups=0, accommodations_needed=0)
    copy = with_person(people, p, target_groups=groups, accommodations_needed=accommodations)
    a = {m.need: m for m in match_person(SPACE, T, plain, p, needs, include_blocked=True, limit=None)}
    b = {m.need: m for m in match_person(SPACE, T, copy, p, needs, include_blocked=True, limit=None)}
    for j in range(len(needs)):
        assert a[j].feasible == b[j].feasible
        if needs.welcomes_groups[j] & groups:
            assert b[j].score >= a[j].score
        else:
            assert b[j].score == a[j].score
    bulk_a = top_matches(SPACE, T, plain, needs, k=6).for_person(p)
    bulk_b = dict(top_matches(SPACE, T, copy, needs, k=6).for_person(p))
    for j, s in bulk_a:
        assert bulk_b[j] >= s


@pytest.mark.parametrize("seed", [7, 8])
def test_bulk_explanations_equal_match_person(seed):
    """explain_top_matches builds, for every person, exactly the Match records (words included) match_person does."""
    people, needs = _random_region(np.random.default_rng(seed))
    programmes = tiny.programmes()
    programmes = dataclasses.replace(programmes, skills=sparse.csr_matrix(
        np.random.default_rng(seed).random((len(programmes), needs.essential.shape[1])) < 0.3, dtype=float))
    top = top_matches(SPACE, T, people, needs, k=4)
    for limit in (None, 1, 3):
        bulk = explain_top_matches(SPACE, T, people, needs, top, programmes, names=NAMES, bridge_limit=limit,
                                   batch_pairs=17)
        assert len(bulk) == int((top.needs >= 0).sum()) > 0
        for p in range(len(people)):
            single = match_person(SPACE, T, people, p, needs, programmes, limit=4, names=NAMES, bridge_limit=limit)
            assert bulk.for_person(p) == single
    threaded = explain_top_matches(SPACE, T, people, needs, top, programmes, names=NAMES, batch_pairs=17, workers=2)
    assert [threaded.match(i) for i in range(len(threaded))] == [bulk.match(i) for i in range(len(bulk))]


def test_bulk_agrees_where_places_are_missing_or_far_apart():
    """The bulk search skips needs out of reach or asking too many hours without computing them; that must not
    lose a feasible pair: people and needs without a place or radius, across the antimeridian and far apart, hours
    of many distinct values with a tolerance, and a gate of 0 skills."""
    rng = np.random.default_rng(11)
    people, needs = _random_region(rng)
    n_p, n_n = len(people), len(needs)
    lat_p, lon_p = rng.uniform(-60, 70, n_p), rng.uniform(-180, 180, n_p)
    lat_n, lon_n = rng.uniform(-60, 70, n_n), rng.uniform(-180, 180, n_n)
    lat_p[:20], lon_p[:20] = lat_n[:20] + rng.normal(0, 0.2, 20), lon_n[:20] + rng.normal(0, 0.3, 20)
    lon_p[20:25], lon_n[20:25] = 179.9, -179.95  # close, across the antimeridian
    lat_p[20:25] = lat_n[20:25]
    lat_p[25], lon_n[25], lat_n[26] = np.nan, np.nan, np.nan
    radius = rng.uniform(5, 60, n_p)
    radius[27] = np.nan
    radius[28] = 20_000.0
    hours = rng.choice(np.arange(8, 41, 2), n_p).astype(float)
    skills = people.skills.tolil()
    for p in range(20, 29):  # people who could take any need but for the distance
        hours[p], skills[p] = 40.0, 1.0
    people = dataclasses.replace(
        people, lat=lat_p, lon=lon_p, radius_km=radius, hours=hours, skills=skills.tocsr(),
        dutch_level=np.where(np.arange(n_p) >= 20, 7, people.dutch_level),
        accommodations_needed=np.where(np.arange(n_p) >= 20, 0, people.accommodations_needed),
        available_months=np.where(np.arange(n_p) >= 20, ALL_MONTHS_MASK, people.available_months))
    needs = dataclasses.replace(needs, lat=lat_n, lon=lon_n, hours=rng.choice(np.arange(8, 41, 3), n_n).astype(float))
    for overrides in ({"hours_tolerance": 3.0}, {"min_coverage": 0.0, "trains_on_job_coverage": 0.0}):
        bulk = top_matches(SPACE, T, people, needs, k=n_n, batch_size=4, **overrides)
        for p in range(n_p):
            single = [(m.need, m.score) for m in match_person(SPACE, T, people, p, needs, limit=None, **overrides)]
            assert bulk.for_person(p) == single
        found = {p: {j for j, _ in bulk.for_person(p)} for p in range(n_p)}
        assert {20, 21, 22, 23, 24} & found[20]          # a few km away across the antimeridian
        assert {25, 26} <= found[21]                      # needs without a place are not checked for distance
        assert len(found[25]) > 30 and len(found[27]) > 30 and len(found[28]) > 30  # no place / radius, or the world


def test_bulk_explanations_tell_the_cook_story():
    people, needs = tiny.people(), tiny.needs()
    top = top_matches(SPACE, T, people, needs, k=6)
    bulk = explain_top_matches(SPACE, T, people, needs, top, tiny.programmes(), names=NAMES)
    assert bulk.for_person(AMAL) == match_person(SPACE, T, people, AMAL, needs, tiny.programmes(), names=NAMES,
                                                 limit=6)
    assert [m.need for m in bulk.for_person(AMAL)] == [j for j, _ in top.for_person(AMAL)]
    assert english(bulk.for_person(AMAL)[0]).startswith("You have")


def test_dutch_one_step_short_is_bridged_by_a_course_in_reach_not_a_wall():
    needs = dataclasses.replace(tiny.needs(), dutch_level=np.where(np.arange(6) == KITCHEN_N, tiny.dutch("B1"),
                                                                   tiny.needs().dutch_level))
    a2 = with_person(tiny.people(), BRAM, dutch_level=tiny.dutch("A2"))
    assert not hard_constraints(a2, BRAM, needs)["dutch"][KITCHEN_N]  # no course looked at: the level must be met
    no_course = dataclasses.replace(a2, dutch_course=np.zeros(4, bool))
    assert not hard_constraints(no_course, BRAM, needs)["dutch"][KITCHEN_N]
    course = dataclasses.replace(a2, dutch_course=np.ones(4, bool))
    assert hard_constraints(course, BRAM, needs)["dutch"][KITCHEN_N]
    (match,) = [m for m in match_person(SPACE, T, course, BRAM, needs, names=NAMES) if m.need == KITCHEN_N]
    assert match.feasible and "a Dutch course near you takes you there" in english(match)
    # two steps short stays a wall, course or not
    a1 = dataclasses.replace(with_person(tiny.people(), BRAM, dutch_level=tiny.dutch("A1")), dutch_course=np.ones(4, bool))
    assert not hard_constraints(a1, BRAM, needs)["dutch"][KITCHEN_N]


def test_work_two_levels_above_what_the_person_reached_is_not_a_direct_match():
    # Dana (3) has no work history; the nurse (5, ISCO 3221: technical, level 3) asks 4 essential skills, she
    # holds 2 of them: enough (and here she has the nurse's B2 Dutch and hours). With MBO 1 (level 1) the nurse is
    # two levels up; with MBO 2 (level 2) one level
    levels = dataclasses.replace(tiny.needs(), level=np.array([1, 1, 2, 1, 2, 3]))
    people = with_person(with_person(tiny.people(), DANA, dutch_level=tiny.dutch("B2")), DANA, hours=32.0)
    low = dataclasses.replace(people, skill_level=np.array([1, 1, 1, 1]), work_level=np.array([1, 1, 1, 0]))
    assert not hard_constraints(low, DANA, levels)["level"][NURSE_N]
    (nurse,) = [m for m in match_person(SPACE, T, low, DANA, levels, include_blocked=True, limit=None)
                if m.need == NURSE_N]
    assert nurse.blocked_by == ("level",) and not nurse.feasible
    assert ("this is work at MBO level 4, two or more steps above your education and work (simple work)"
            in english(nurse))
    # one level up is a direct step; so is any level when the levels are not known
    for people in (dataclasses.replace(low, skill_level=np.array([1, 1, 1, 2])),
                   dataclasses.replace(low, skill_level=None, work_level=None)):
        assert hard_constraints(people, DANA, levels)["level"][NURSE_N]
    # the work one held counts as well as the education: with work at level 2 behind him, Bram may go to the nurse
    assert not hard_constraints(low, BRAM, levels)["level"][NURSE_N]
    assert hard_constraints(dataclasses.replace(low, work_level=np.array([1, 2, 1, 0])), BRAM, levels)["level"][NURSE_N]
