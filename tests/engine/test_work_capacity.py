"""Work capacity: demands derived from ESCO skills, and limits as a hard constraint in matching."""
import dataclasses

import numpy as np
from scipy import sparse

from matchmaker.engine import work_capacity as wc
from matchmaker.engine.matching import hard_constraints, match_person, score_block, ScoreOptions
from matchmaker.engine.transitions import transition_matrix
from matchmaker.explanations import render
from matchmaker.vocabulary import WORK_DEMANDS, from_mask, to_mask
from tests.engine import tiny

SPACE = tiny.space()
BRAM, KITCHEN_N = 1, 3


def demands(*names):
    return to_mask(names, WORK_DEMANDS)


def test_esco_skill_labels_give_the_demands_the_issue_names():
    cases = {"lift heavy weights": ["heavy_lifting"], "work in shifts": ["night_shifts"],
             "work outdoors": ["outdoor_work"], "work in outdoor conditions": ["outdoor_work"],
             "work standing for long periods": ["standing_all_day"], "work at pace to production targets": ["high_pace"],
             "stay calm under pressure": ["high_pace"], "lift and carry loads": ["heavy_lifting"],
             "use patient lifting aids": [], "shift gears": [], "manage a caseload": []}
    assert {label: from_mask(wc.label_demands(label), WORK_DEMANDS) for label in cases} == cases
    assert from_mask(wc.label_demands(None, "zware gewichten tillen"), WORK_DEMANDS) == ["heavy_lifting"]


def test_an_occupation_demands_what_its_essential_skills_demand_and_a_need_may_override_it():
    skills = wc.skill_demands([("lift heavy weights", None), ("lay bricks", "metselen"), ("work outdoors", None)])
    essential = sparse.csr_matrix(np.array([[1, 1, 1], [0, 1, 0]]))  # bricklayer, tile setter
    per_occupation = wc.occupation_demands(essential, skills)
    assert [from_mask(int(m), WORK_DEMANDS) for m in per_occupation] == [["heavy_lifting", "outdoor_work"], []]
    stated = wc.need_demands([None, ["high_pace"], [], None], np.array([0, 0, 0, -1]), per_occupation)
    assert [from_mask(int(m), WORK_DEMANDS) for m in stated] == [["heavy_lifting", "outdoor_work"], ["high_pace"], [], []]


def _with(people, needs, *, limits=0, max_hours=0, need_demands=0):
    n_p, n_n = len(people), len(needs)
    people = dataclasses.replace(people, capacity_limits=np.array([limits if p == BRAM else 0 for p in range(n_p)]),
                                 max_hours=np.array([max_hours if p == BRAM else 0 for p in range(n_p)]))
    needs = dataclasses.replace(needs, demands=np.array([need_demands if j == KITCHEN_N else 0 for j in range(n_n)]))
    return people, needs


def test_a_limit_blocks_work_that_demands_it_and_nothing_else():
    people, needs = tiny.people(), tiny.needs()
    assert all(hard_constraints(people, BRAM, needs)[name][KITCHEN_N] for name in hard_constraints(people, BRAM, needs))
    for limits, max_hours, need_demands, passes in [
            (demands("heavy_lifting"), 0, demands("heavy_lifting", "standing_all_day"), False),
            (demands("heavy_lifting"), 0, demands("standing_all_day"), True),
            (0, int(needs.hours[KITCHEN_N]) - 1, 0, False),
            (0, int(needs.hours[KITCHEN_N]), demands("heavy_lifting"), True),
            (0, 0, demands(*WORK_DEMANDS), True)]:
        p, n = _with(people, needs, limits=limits, max_hours=max_hours, need_demands=need_demands)
        checks = hard_constraints(p, BRAM, n)
        assert bool(checks["capacity"][KITCHEN_N]) is passes
        assert all(checks[name][KITCHEN_N] for name in checks if name != "capacity")


def test_a_limit_never_changes_a_score_and_the_block_says_why():
    people, needs = tiny.people(), tiny.needs()
    limited = _with(people, needs, limits=demands("heavy_lifting"), need_demands=demands("heavy_lifting"))
    plain = _with(people, needs, need_demands=demands("heavy_lifting"))
    T = transition_matrix(SPACE)
    a = score_block(T, *limited[:1], [BRAM], limited[1], np.arange(len(needs)), ScoreOptions())
    b = score_block(T, *plain[:1], [BRAM], plain[1], np.arange(len(needs)), ScoreOptions())
    assert np.array_equal(a["score"], b["score"]) and not a["feasible"][0, KITCHEN_N] and b["feasible"][0, KITCHEN_N]
    (blocked,) = [m for m in match_person(SPACE, T, *limited[:1], BRAM, limited[1], include_blocked=True, limit=None)
                  if m.need == KITCHEN_N]
    assert blocked.blocked_by == ("capacity",)
    assert "het werk vraagt zwaar tillen, en dat past niet bij wat je kunt" in render(blocked.facts, "nl")
    (free,) = [m for m in match_person(SPACE, T, *plain[:1], BRAM, plain[1], include_blocked=True, limit=None)
               if m.need == KITCHEN_N]
    assert "het werk vraagt zwaar tillen" in render(free.facts, "nl")  # said, but no limit to hold it against
    assert "past niet" not in render(free.facts, "nl")
