"""Moves for a worker on the tiny region: the order of the tiers, what a change rules out, limits never violated,
seasonal chains, the bridge, and flows that add up."""
import dataclasses

import numpy as np
from hypothesis import given, settings, strategies as st

from matchmaker.engine import worker_moves as wm
from matchmaker.engine.names import Names
from matchmaker.engine.transitions import transition_matrix
from matchmaker.explanations import render
from matchmaker.vocabulary import SECTORS, WORK_DEMANDS, months_mask, to_mask
from tests.engine import tiny

SPACE = tiny.space()
T = transition_matrix(SPACE)
NAMES = Names(needs=tiny.NEED_NAMES, employers=tiny.EMPLOYERS, programmes=tiny.PROGRAMME_NAMES)
AMAL, BRAM = 0, 1
FRUIT_N, ORDER_N, FORKLIFT_N, KITCHEN_N, COOK_N, NURSE_N = range(6)
KITCHEN_ORG, COOK_ORG = 12, 13
PARTNERS = {11: "Netwerk Zwolle", 13: "Netwerk Zwolle"}


def moves(change, people=None, needs=None, **options):
    return wm.propose_moves(SPACE, T, people or tiny.people(), change, needs or tiny.needs(), tiny.programmes(),
                            partners=PARTNERS, names=NAMES, employer_name="Keuken Zwolle", **options)


def test_internal_moves_come_first_then_the_network_then_elsewhere_each_best_first():
    found = moves(wm.WorkerChangeFacts(person=BRAM, employer=KITCHEN_ORG, occupation=-1, kind="capacity"))
    assert [(m.tier, m.need) for m in found] == [("internal", KITCHEN_N), ("network", COOK_N), ("network", ORDER_N),
                                                 ("elsewhere", NURSE_N)]
    tiers = [wm.TIERS.index(m.tier) for m in found]
    assert tiers == sorted(tiers)
    for tier in wm.TIERS:
        scores = [m.score for m in found if m.tier == tier]
        assert scores == sorted(scores, reverse=True)


def test_a_move_that_needs_training_says_which_programme_and_how_many_months():
    (cook,) = [m for m in moves(wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, -1, "capacity")) if m.need == COOK_N]
    assert cook.bridge and cook.months_to_start == max(b.duration_months for b in cook.bridge) > 0
    text = render(cook.facts, "nl")
    assert "partner in Netwerk Zwolle" in text and "Nog te leren:" in text
    assert f"De stap kan beginnen na ongeveer {int(cook.months_to_start)} maanden opleiding." in text


def test_a_change_rules_out_the_work_it_is_about():
    kitchen = tiny.needs().occupation[KITCHEN_N]
    automated = moves(wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, int(kitchen), "job_at_risk", reason="automation"))
    assert automated and KITCHEN_N not in [m.need for m in automated]
    closing = moves(wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, int(kitchen), "job_at_risk", reason="site_closing"))
    assert closing and all(m.tier != "internal" for m in closing)
    other = moves(wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, int(kitchen), "wish", wish="other_work"))
    assert KITCHEN_N not in [m.need for m in other]


def test_a_seasonal_worker_who_wants_work_all_year_gets_a_chain_at_a_partner():
    fruit = tiny.needs().months[FRUIT_N]
    change = wm.WorkerChangeFacts(AMAL, 10, int(tiny.needs().occupation[FRUIT_N]), "wish", wish="year_round",
                                  season=int(fruit))
    found = moves(change, options=wm.MoveOptions(chain_months=6))
    chains = [m for m in found if m.chain]
    assert [(m.tier, m.need) for m in chains] == [("network", ORDER_N)]
    assert all(m.chain or m.work_months == months_mask([]) for m in found)  # all year, or a chain
    assert "Samen 6 maanden werk." in render(chains[0].facts, "nl")
    assert not [m for m in moves(change) if m.chain]  # 6 months together is short of the default 10


@settings(max_examples=40, deadline=None)
@given(limits=st.lists(st.integers(0, 31), min_size=4, max_size=4),
       max_hours=st.lists(st.sampled_from([0, 20, 24, 32, 40]), min_size=4, max_size=4),
       demands=st.lists(st.integers(0, 31), min_size=6, max_size=6),
       employer=st.sampled_from([10, 11, 12, 13, 14]), kind=st.sampled_from(["capacity", "wish", "job_at_risk"]))
def test_no_move_ever_asks_what_a_limit_rules_out(limits, max_hours, demands, employer, kind):
    people = dataclasses.replace(tiny.people(), capacity_limits=np.array(limits), max_hours=np.array(max_hours))
    needs = dataclasses.replace(tiny.needs(), demands=np.array(demands))
    extra = {"capacity": {}, "wish": {"wish": "other_work"}, "job_at_risk": {"reason": "digital_transition"}}[kind]
    for p in range(4):
        for m in moves(wm.WorkerChangeFacts(p, employer, -1, kind, **extra), people=people, needs=needs):
            assert limits[p] & demands[m.need] == 0
            assert not max_hours[p] or needs.hours[m.need] <= max_hours[p]
            if limits[p] or max_hours[p]:
                assert "fits_limits" in [f["code"].split(".")[1] for f in m.facts]


def test_a_limit_removes_the_work_that_asks_it_and_says_what_the_rest_does_not_ask():
    lifting = to_mask(["heavy_lifting"], WORK_DEMANDS)
    people = dataclasses.replace(tiny.people(), capacity_limits=np.array([0, lifting, 0, 0]))
    needs = dataclasses.replace(tiny.needs(), demands=np.array([0, 0, 0, lifting, 0, 0]))
    found = moves(wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, -1, "capacity"), people=people, needs=needs)
    assert found and KITCHEN_N not in [m.need for m in found] and found[0].tier == "network"
    assert "Dit werk vraagt niet om zwaar tillen." in render(found[0].facts, "nl")


def test_a_partner_match_makes_a_partner_and_the_move_names_why():
    change = wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, -1, "capacity")
    without = wm.propose_moves(SPACE, T, tiny.people(), change, tiny.needs(), tiny.programmes(),
                               partners={11: "Netwerk Zwolle"}, names=NAMES)
    assert [m.tier for m in without if m.need == COOK_N] == ["elsewhere"]
    found = wm.propose_moves(SPACE, T, tiny.people(), change, tiny.needs(), tiny.programmes(),
                             partners={11: "Netwerk Zwolle"}, matched={COOK_ORG: "seasonal_sharing", KITCHEN_ORG: "x"},
                             names=NAMES)
    (cook,) = [m for m in found if m.need == COOK_N]
    assert cook.tier == "network" and cook.facts[0]["code"] == "move.partner"
    assert render(cook.facts[:1], "nl").startswith(f"Bij {tiny.EMPLOYERS[COOK_N]}, een partner met drukke maanden "
                                                   "buiten die van jouw werkgever. Zij kunnen dus mensen overnemen:")
    assert [m.tier for m in found if m.need == KITCHEN_N] == ["internal"]  # the employer itself stays internal
    (order,) = [m for m in found if m.need == ORDER_N]
    assert order.facts[0]["code"] == "move.network"  # a network partner keeps its network as the reason


@given(st.lists(st.tuples(st.integers(1, 5), st.sampled_from(SECTORS), st.sampled_from(SECTORS),
                          st.sampled_from(wm.TIERS)), max_size=40))
def test_flows_add_up_to_the_moves(rows):
    flows = wm.flows(rows)
    assert sum(f.moves for f in flows) == len(rows)
    assert all(1 <= f.workers <= f.moves for f in flows)
    assert len({(f.from_sector, f.to_sector, f.tier) for f in flows}) == len(flows)


def test_a_move_takes_no_programme_for_what_the_work_itself_teaches():
    """Bram holds half the nurse's skills (enough); of the rest, caring for patients is learned at work (marked so
    here) and medication is not: a programme for caring alone is not proposed, one for medication is."""
    import dataclasses as dc

    programmes = dc.replace(tiny.programmes(), skills=tiny.rows(3, 15, {0: [12], 1: [13], 2: [9, 10]}),
                            duration_months=np.array([1.0, 3.0, 3.0]))
    change = wm.WorkerChangeFacts(BRAM, KITCHEN_ORG, -1, "capacity")

    def nurse(space):
        found = wm.propose_moves(space, T, tiny.people(), change, tiny.needs(), programmes, partners=PARTNERS,
                                 names=NAMES, employer_name="Keuken Zwolle")
        (move,) = [m for m in found if m.need == NURSE_N]
        return [b.programme for b in move.bridge]

    assert nurse(SPACE) == [0]  # the one-month course for caring closes most per month
    assert nurse(dc.replace(SPACE, on_the_job=np.arange(15) == 12)) == [1]
