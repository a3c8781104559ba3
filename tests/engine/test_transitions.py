import numpy as np
import pytest

from tests.words import english
from matchmaker.engine.errors import CalibrationError, InvalidParameter, UnknownOccupation
from matchmaker.engine.transitions import (CreditOptions, credit_for, explain_transition, skill_credit_matrix,
                                           top_transitions, transition_matrix, viable_threshold)
from tests.engine import tiny
from tests.engine.tiny import COOK, FORKLIFT, FRUIT, KITCHEN, NURSE, ORDER


@pytest.fixture(scope="module")
def space():
    return tiny.space()


@pytest.fixture(scope="module")
def sim(space):
    return transition_matrix(space)


def test_shape_dtype_diagonal(sim):
    assert sim.shape == (6, 6) and sim.dtype == np.float32
    assert np.all(np.diag(sim) == 1.0)


@pytest.mark.parametrize("a,b,expected", [
    (ORDER, FORKLIFT, 2.5 / 3),   # sibling 'operate forklift' 0.5 + optional 'load and unload' 1 + 'scan' 1
    (FORKLIFT, ORDER, 2 / 3),     # 'pick orders' (optional) + 'scan barcodes'; 'work in a team' has no group
    (KITCHEN, COOK, 3.5 / 5),     # starter -> growth: 3 kitchen siblings at 0.5
    (COOK, KITCHEN, 1.0),
    (FRUIT, ORDER, 2 / 3),
    (FRUIT, FORKLIFT, 0.5),
    (COOK, FORKLIFT, 0.25 / 3),   # only 'manage kitchen stock' related to 'load and unload goods'
    (COOK, ORDER, 0.0),
    (NURSE, KITCHEN, 1 / 3),
    (KITCHEN, NURSE, 0.5),
])
def test_exact_values(sim, a, b, expected):
    assert sim[a, b] == pytest.approx(expected, abs=1e-6)


def test_asymmetry(sim):
    assert sim[ORDER, FORKLIFT] > sim[FORKLIFT, ORDER]
    assert sim[COOK, KITCHEN] > sim[KITCHEN, COOK]


def test_credit_is_max_not_sum(space):
    # a cook holds four kitchen siblings of nothing new; kitchen assistant holds 2 siblings of 'plan menus'
    held = tiny.rows(1, 15, {0: [7, 8]})
    assert credit_for(space, held).toarray()[0, 10] == pytest.approx(0.5)


def test_factorised_credit_equals_explicit_matrix(space):
    held = (space.essential + space.optional).toarray() > 0
    explicit = (held[:, :, None] * skill_credit_matrix(space).toarray()[None, :, :]).max(axis=1)
    assert np.allclose(credit_for(space, held.astype(float)).toarray(), explicit)


def test_credit_options(space):
    s = transition_matrix(space, options=CreditOptions(sibling=0.0, related=0.0))
    assert s[ORDER, FORKLIFT] == pytest.approx(2 / 3)
    with pytest.raises(InvalidParameter):
        CreditOptions(sibling=1.5)


def test_viable_threshold_hand_computed():
    s = np.array([[1.0, 0.8, 0.4, 0.0],
                  [0.6, 1.0, 0.2, 0.0],
                  [0.1, 0.3, 1.0, 0.9],
                  [0.0, 0.0, 0.5, 1.0]], np.float32)
    # groups: {0, 1} -> 0.8, 0.6 ; {2, 3} -> 0.9, 0.5. values .8 .6 .9 .5: mean 0.7, population sd sqrt(.025)
    assert viable_threshold(s, ["1111", "1111", "2222", "2222"]) == pytest.approx(0.7 - np.sqrt(0.025), abs=1e-6)
    # 5-digit codes are cut to 4 digits; unknown codes are left out
    assert viable_threshold(s, ["11110", "11111", "", "3333"]) == pytest.approx(0.7 - 0.1, abs=1e-6)
    with pytest.raises(CalibrationError):
        viable_threshold(s, ["1", "2", "3", "4"])


def test_viable_threshold_on_tiny_taxonomy(sim):
    # put the three logistics occupations in one ISCO group: 6 ordered pairs
    groups = ["9333", "9333", "9333", "9412", "5120", "3221"]
    pairs = [sim[a, b] for a in range(3) for b in range(3) if a != b]
    # values: fruit->order 2/3, fruit->fork 1/2, order->fruit 2/3, order->fork 5/6, fork->fruit 1/3 (no team), fork->order 2/3
    assert np.allclose(sorted(pairs), sorted(np.round([2 / 3, .5, 2 / 3, 5 / 6, 1 / 3, 2 / 3], 4)), atol=1e-4)
    assert viable_threshold(sim, groups) == pytest.approx(np.mean(pairs) - np.std(pairs), abs=1e-6)


def test_top_transitions(sim):
    top = list(top_transitions(sim, ORDER, limit=3))
    assert [t for t, _ in top] == [FORKLIFT, FRUIT, NURSE]
    assert top[0][1] == pytest.approx(2.5 / 3)
    assert all(t != ORDER for t, _ in top_transitions(sim, ORDER, limit=None))
    assert [t for t, _ in top_transitions(sim, KITCHEN, min_similarity=0.6)] == [COOK]
    with pytest.raises(UnknownOccupation):
        list(top_transitions(sim, 6))


def test_explain_transition(space, sim):
    t = explain_transition(space, KITCHEN, COOK, float(sim[KITCHEN, COOK]), viable_threshold=0.6)
    assert t.shared == (8, 14)
    assert {s for s, _, _ in t.partial} == {9, 10, 11}
    assert t.missing == ()
    assert t.viable
    assert "2 of the 5 essential skills for cook" in english(t)
    assert "plan menus" in english(t)
    t = explain_transition(space, COOK, ORDER, viable_threshold=0.6)
    assert t.similarity == pytest.approx(0.0) and not t.viable
    assert t.missing == (2, 3, 4)
    assert "Missing: work in a team, pick orders and scan barcodes" in english(t)


# ---------------------------------------------------------------- cousins: close in meaning across ESCO groups
def customer_space(**overrides):
    """Waiter, shop assistant, forklift driver and a receptionist, hand-built.

    Skills (group): 0 serve guests (hospitality), 1 take payments at the table (hospitality), 2 help customers in
    the shop (retail), 3 operate a cash register (retail), 4 operate forklift (machinery), 5 answer the phone
    (front desk), 6 handle complaints (retail). Groups: 0 hospitality, 1 retail, 2 machinery, 3 front desk;
    areas 4 customer contact (over 0, 1), 5 machinery work (over 2), front desk directly under the root 6 skills.
    """
    from matchmaker.engine.data import SkillSpace
    values = dict(
        occupation_ids=np.arange(4), occupation_labels=("waiter", "shop assistant", "forklift driver", "receptionist"),
        isco_group=("5131", "5223", "8344", "4226"), skill_ids=np.arange(7),
        skill_labels=("serve guests", "take payments at the table", "help customers in the shop",
                      "operate a cash register", "operate forklift", "answer the phone", "handle complaints"),
        essential=tiny.rows(4, 7, {0: [0, 1], 1: [2, 3, 6], 2: [4], 3: [5, 6]}),
        optional=tiny.rows(4, 7, {}),
        skill_group=np.array([0, 0, 1, 1, 2, 3, 1]),
        group_labels=("hospitality", "retail", "machinery", "front desk", "customer contact", "machinery work",
                      "skills"),
        related=tiny.rows(7, 7, {}), group_parent=np.array([4, 4, 5, 6, 6, 6, -1]))
    return SkillSpace(**{**values, **overrides})


def test_cousins_give_credit_across_groups_under_one_broader_group():
    space = customer_space()
    before = transition_matrix(space, options=CreditOptions(cousin=0.0))
    after = transition_matrix(space)
    # waiter -> shop assistant: 3 retail skills, each a cousin of the waiter's hospitality skills: 3 × 0.25 / 3
    assert before[0, 1] == 0.0 and after[0, 1] == pytest.approx(0.25)
    # shop assistant -> waiter: the same, the other way
    assert after[1, 0] == pytest.approx(0.25)
    # the forklift is in another area: nothing
    assert after[0, 2] == 0.0 and after[2, 0] == 0.0
    # waiter -> receptionist: 'handle complaints' (retail) a cousin, 0.25; 'answer the phone' sits in the front desk
    # group right under the root: no area, nothing. 0.25 of 2
    assert after[0, 3] == pytest.approx(0.125)
    # shop assistant -> receptionist: 'handle complaints' held (1), 'answer the phone' (front desk, no area): 0
    assert after[1, 3] == pytest.approx(0.5)


def test_a_cousin_never_counts_more_than_a_sibling_or_the_skill():
    space = customer_space()
    held = tiny.rows(1, 7, {0: [0, 3]})            # serve guests (cousin of retail), cash register (retail)
    credit = credit_for(space, held).toarray()[0]
    assert credit.round(2).tolist() == [1.0, 0.5, 0.5, 1.0, 0.0, 0.0, 0.5]


def test_cousin_credit_factorised_equals_explicit_and_is_explained():
    space = customer_space()
    held = (space.essential + space.optional).toarray() > 0
    explicit = (held[:, :, None] * skill_credit_matrix(space).toarray()[None, :, :]).max(axis=1)
    assert np.allclose(credit_for(space, held.astype(float)).toarray(), explicit)
    move = explain_transition(space, 0, 1, viable_threshold=0.2)
    assert move.partial == ((2, 0, 0.25), (3, 0, 0.25), (6, 0, 0.25)) and move.missing == ()
    assert "help customers in the shop (close to serve guests)" in english(move)


def test_without_a_hierarchy_there_are_no_cousins(space):
    assert np.array_equal(transition_matrix(customer_space(group_parent=None)),
                          transition_matrix(customer_space(), options=CreditOptions(cousin=0.0)))
    assert np.array_equal(transition_matrix(space), transition_matrix(space, options=CreditOptions(cousin=0.0)))


def test_skills_close_in_meaning_are_worded_apart_from_skills_held():
    """A move covered only by close skills never reads as if nothing were missing: an advisor reads it aloud."""
    from matchmaker.engine.examples import toy_space
    from matchmaker.explanations import render

    space = toy_space()
    close = explain_transition(space, 0, 1, viable_threshold=0.6)  # kitchen assistant -> cook: menus close to dishes
    assert close.partial and not close.missing
    dutch, english = render(close.facts, "nl"), render(close.facts, "en")
    assert "Voor nog 1 kun je al iets wat er dicht bij ligt: plan menus (lijkt op wash dishes)." in dutch
    assert "Niets is helemaal nieuw. Wat dicht ligt bij wat je al kunt, moet je nog wel leren." in dutch
    assert "Er ontbreekt niets" not in dutch and "Nothing is missing" not in english
    held = explain_transition(space, 1, 1, viable_threshold=0.6)  # the same work: every skill held
    assert not held.partial and not held.missing
    assert "Er ontbreekt niets." in render(held.facts, "nl") and "dicht bij" not in render(held.facts, "nl")
