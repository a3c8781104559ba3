"""Bridges in proportion: a skill one learns at any work (ESCO's transversal skills) is bridged on the job, never
by a programme; a programme longer than the seasonal work it opens only for a person who wants a career change.
Worked out on the tiny region (tests/engine/tiny.py)."""
import dataclasses

import numpy as np

from matchmaker.engine.career_paths import career_paths, prepare_region
from matchmaker.engine.matching import explain_pairs, gap_bridge, match_person
from matchmaker.engine.names import Names
from matchmaker.engine.transitions import transition_matrix
from matchmaker.explanations import render
from matchmaker.vocabulary import ALL_MONTHS_MASK, PROGRAMME_MODES, months_mask
from tests.engine import tiny
from tests.words import english

TEAM, HYGIENE = 2, 14  # "work in a team", "follow hygiene rules": learned at any work
PLAIN = tiny.space()
ON_THE_JOB = dataclasses.replace(PLAIN, on_the_job=np.isin(np.arange(15), [TEAM, HYGIENE]))
T = transition_matrix(PLAIN)
BRAM, COOK_N = 1, 4
NAMES = Names(needs=tiny.NEED_NAMES, employers=tiny.EMPLOYERS,
              programmes=tiny.PROGRAMME_NAMES + ("Hygiene course at Deltion",))


def _with_hygiene_course():
    """The tiny programmes and a fourth: a one-month course in Zwolle teaching only the hygiene rules."""
    p = tiny.programmes()
    return dataclasses.replace(
        p, ids=np.r_[p.ids, 303], organisation_ids=np.r_[p.organisation_ids, 20],
        skills=tiny.rows(4, 15, {0: [5], 1: [9, 10, 11], 2: [9, 10], 3: [HYGIENE]}),
        occupations=tiny.rows(4, 6, {0: [tiny.FORKLIFT], 1: [tiny.COOK], 2: [tiny.COOK]}),
        lat=np.r_[p.lat, tiny.ZWOLLE[0]], lon=np.r_[p.lon, tiny.ZWOLLE[1]], duration_months=np.r_[p.duration_months, 1.0],
        start_months=np.r_[p.start_months, ALL_MONTHS_MASK], mode=np.r_[p.mode, PROGRAMME_MODES.index("short_course")],
        capacity=np.r_[p.capacity, 12])


def _bram_without_hygiene():
    people = tiny.people()
    skills = people.skills.tolil()
    skills[BRAM, HYGIENE] = 0
    return dataclasses.replace(people, skills=skills.tocsr())


def _cook(space):
    (cook,) = [m for m in match_person(space, T, _bram_without_hygiene(), BRAM, tiny.needs(), _with_hygiene_course(),
                                       names=NAMES, include_blocked=True, limit=None) if m.need == COOK_N]
    return cook


def test_a_skill_learned_at_any_work_gets_no_programme():
    # Bram misses the cook's hygiene rules, meat dishes, menus and kitchen stock
    plain, learned = _cook(PLAIN), _cook(ON_THE_JOB)
    assert plain.missing == learned.missing == (9, 10, 11, HYGIENE)
    # as a sector skill, the one-month hygiene course comes first (one skill a month)
    assert [(b.programme, b.closes) for b in plain.bridge] == [(3, (HYGIENE,)), (2, (9, 10)), (1, (9, 10, 11))]
    # learned at any work: no course for it, the kitchen programmes remain, and the advisor reads why
    assert [(b.programme, b.closes) for b in learned.bridge] == [(2, (9, 10)), (1, (9, 10, 11))]
    assert "You learn this at work itself, without a programme: follow hygiene rules." in english(learned)
    assert "You learn this at work itself" not in english(plain)


def test_a_gap_of_only_skills_learned_at_work_asks_for_no_programme():
    people = tiny.people()  # Dana holds team work and hygiene; the nurse also asks care and medication
    skills = people.skills.tolil()
    skills[3, [12, 13]] = 1
    skills[3, TEAM] = 0
    people = dataclasses.replace(people, skills=skills.tocsr())
    (nurse,) = [m for m in match_person(ON_THE_JOB, T, people, 3, tiny.needs(), tiny.programmes(), names=NAMES,
                                        include_blocked=True, limit=None) if m.need == 5]
    assert nurse.missing == (TEAM,) and nurse.bridge == ()
    text = english(nurse)
    assert "You learn this at work itself, without a programme: work in a team." in text
    assert "No programme near you teaches" not in text


def test_bulk_explanations_leave_out_the_same_programmes():
    people, needs, programmes = _bram_without_hygiene(), tiny.needs(), _with_hygiene_course()
    person, need = np.repeat(np.arange(4), 6), np.tile(np.arange(6), 4)  # every pair, blocked or not
    bulk = explain_pairs(ON_THE_JOB, T, people, needs, person, need, programmes, names=NAMES, bridge_limit=None)
    for p in range(len(people)):
        single = {m.need: m for m in match_person(ON_THE_JOB, T, people, p, needs, programmes, names=NAMES,
                                                  limit=None, include_blocked=True, bridge_limit=None)}
        assert [bulk.match(i) for i in range(p * 6, p * 6 + 6)] == [single[j] for j in range(6)]
    assert 3 not in [b.programme for b in bulk.match(BRAM * 6 + COOK_N).bridge]


def test_a_career_path_takes_no_programme_for_a_skill_learned_at_work():
    programmes = _with_hygiene_course()
    plain = prepare_region(PLAIN, T, tiny.needs(), programmes, viable=0.5)
    learned = prepare_region(ON_THE_JOB, T, tiny.needs(), programmes, viable=0.5)
    # the hygiene course leads to the kitchen, the cook and the nurse as a sector skill; to nothing when learned at work
    assert sorted(plain.pair_job[plain.pair_programme == 3].tolist()) == [3, 4, 5]
    assert learned.pair_programme.tolist().count(3) == 0
    assert sorted(zip(learned.pair_programme.tolist(), learned.pair_job.tolist())) == sorted(
        (k, j) for k, j in zip(plain.pair_programme.tolist(), plain.pair_job.tolist()) if k != 3)


# --------------------------------------------------------------------------- career change

SUMMER = months_mask([5, 6, 7, 8])
LONGER = "It takes longer than the work itself. We show it because you want to learn a new trade."


def _summer_cook():
    """The tiny needs with the cook at Hotel Deventer for the four summer months only."""
    needs = tiny.needs()
    return dataclasses.replace(needs, months=np.where(np.arange(6) == COOK_N, SUMMER, needs.months))


def _bram(career_change: bool):
    return dataclasses.replace(tiny.people(), career_change=np.arange(4) == BRAM if career_change else None)


def test_a_career_change_lifts_only_the_rule_that_a_programme_is_no_longer_than_the_work():
    progs = dataclasses.replace(
        tiny.programmes(), skills=tiny.rows(3, 15, {0: [9], 1: [9, 10, 11], 2: [9, 10]}),
        lat=np.full(3, tiny.ZWOLLE[0]), lon=np.full(3, tiny.ZWOLLE[1]), duration_months=np.array([12.0, 12.0, 4.0]))
    for wants, found in ((False, [2]), (True, [2, 1])):
        # four months of work: the year-long programme for three skills only for a career change; a year for one
        # skill is out of proportion to the gap for everyone
        assert [b.programme for b in gap_bridge(_bram(wants), BRAM, progs, [9, 10, 11], limit=None,
                                                months_of_work=4)] == found


def test_a_match_names_the_longer_programme_only_for_a_career_change_and_says_why():
    needs, programmes = _summer_cook(), tiny.programmes()

    def cook(people):
        (match,) = [m for m in match_person(PLAIN, T, people, BRAM, needs, programmes, names=NAMES,
                                            include_blocked=True, limit=None) if m.need == COOK_N]
        return match

    stays, changes = cook(_bram(False)), cook(_bram(True))
    # the 3-month course in Deventer fits the summer; the 12-month MBO Cook only for a new trade
    assert [b.programme for b in stays.bridge] == [2]
    assert [b.programme for b in changes.bridge] == [2, 1]
    assert LONGER not in english(stays)
    assert f"MBO Cook at Deltion teaches cook meat dishes, plan menus and manage kitchen stock. It takes 12 months " \
           f"and is 0 km from you. {LONGER}" in english(changes)
    assert "De opleiding duurt langer dan het werk zelf" not in render(stays.facts, "nl")
    person, need = np.full(6, BRAM), np.arange(6)
    bulk = explain_pairs(PLAIN, T, _bram(True), needs, person, need, programmes, names=NAMES)
    assert bulk.match(COOK_N) == changes


def test_a_career_path_trains_longer_than_the_work_only_for_a_career_change():
    # without the shorter cooking course the MBO Cook is the one programme towards the summer cook's work; Dana,
    # with hours and reach for it, holds one of its five skills
    needs, programmes = _summer_cook(), dataclasses.replace(
        tiny.programmes(), skills=tiny.rows(3, 15, {0: [5], 1: [9, 10, 11], 2: [5]}))
    region = prepare_region(PLAIN, T, needs, programmes, viable=0.5)
    mbo = (region.pair_programme == 1) & (region.pair_job == COOK_N)
    assert mbo.sum() == 1 and not region.pair_fits_work[mbo].any()
    dana = dataclasses.replace(tiny.people(), hours=np.array([32.0, 36, 36, 40]), radius_km=np.array([30.0, 35, 25, 40]))

    def trainings(career_change):
        people = dataclasses.replace(dana, career_change=np.arange(4) == 3 if career_change else None)
        paths = career_paths(PLAIN, T, people, 3, needs, programmes, region=region, k=20, names=NAMES)
        return {step.programme: render(step.facts, "en") for path in paths for step in path.steps
                if step.kind == "training"}

    assert trainings(False) == {}
    assert trainings(True)[1] == f"Follow MBO Cook at Deltion (12 months, 0 km from you). You learn cook meat dishes, " \
                                 f"plan menus and manage kitchen stock there, which you need for cook at Hotel Deventer. {LONGER}"
