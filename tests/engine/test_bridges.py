"""Bridges in proportion: a skill one learns at any work (ESCO's transversal skills) is bridged on the job, never
by a programme. Worked out on the tiny region (tests/engine/tiny.py)."""
import dataclasses

import numpy as np

from matchmaker.engine.career_paths import prepare_region
from matchmaker.engine.matching import explain_pairs, match_person
from matchmaker.engine.names import Names
from matchmaker.engine.transitions import transition_matrix
from matchmaker.vocabulary import ALL_MONTHS_MASK, PROGRAMME_MODES
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
