"""Partner matches on hand-made cases with obvious answers."""
from __future__ import annotations

from tests.words import english
import numpy as np
import pytest

from matchmaker.engine.errors import UnknownKindError, UnknownOrganisationError
from matchmaker.engine.partners import (
    PARTNER_MATCH_KINDS,
    co_creation_proposals,
    demand_profiles,
    employer_school,
    knowledge_exchange,
    partner_matches,
    request_answers,
    seasonal_sharing,
    talent_pipelines,
)
from matchmaker.vocabulary import LEVERS
from tests.engine import ecosystem_cases as cases


def _seasonal(case, **kw):
    return list(seasonal_sharing(case.organisations, case.needs, transitions=case.transitions,
                                 viable_threshold=case.viable_threshold, places=case.places,
                                 skill_labels=case.skill_labels, occupation_labels=case.occupation_labels, **kw))


def _top_partner(matches, org):
    mine = [m for m in matches if org in (m.organisation_a, m.organisation_b)]
    best = max(mine, key=lambda m: m.score)
    return best.organisation_b if best.organisation_a == org else best.organisation_a


def test_farm_and_winter_logistics_are_each_others_top_seasonal_partner():
    ms = _seasonal(cases.seasonal_case())
    assert _top_partner(ms, 0) == 1
    assert _top_partner(ms, 1) == 0
    m = next(m for m in ms if {m.organisation_a, m.organisation_b} == {0, 1})
    assert 0 <= m.score <= 1
    assert m.distance_km == pytest.approx(10, abs=0.5)
    assert "order picking" in english(m) and "working in a team" in english(m)
    assert "April to September" in english(m) and "October to March" in english(m)


def test_two_summer_employers_are_never_seasonal_partners():
    ms = _seasonal(cases.seasonal_case())
    pairs = {frozenset((m.organisation_a, m.organisation_b)) for m in ms}
    assert frozenset((0, 2)) not in pairs


def test_year_round_and_out_of_reach_employers_do_not_pair():
    ms = _seasonal(cases.seasonal_case())
    involved = {o for m in ms for o in (m.organisation_a, m.organisation_b)}
    assert 3 not in involved  # hires all year
    pairs = {frozenset((m.organisation_a, m.organisation_b)) for m in ms}
    assert frozenset((0, 4)) not in pairs and frozenset((1, 4)) not in pairs  # Enschede, beyond 40 km
    wide = {frozenset((m.organisation_a, m.organisation_b)) for m in _seasonal(cases.seasonal_case(), max_km=100)}
    assert frozenset((0, 4)) in wide


def test_seasonal_needs_a_viable_transition():
    case = cases.seasonal_case()
    ms = list(seasonal_sharing(case.organisations, case.needs, transitions=case.transitions, viable_threshold=1.01))
    assert ms == []  # not even the same occupation passes a threshold above 1


def test_demand_profiles_sum_headcount_per_month():
    case = cases.seasonal_case()
    prof = demand_profiles(case.organisations, case.needs)
    assert prof.shape == (5, 12)
    assert prof[1].tolist() == [2, 2, 2, 0, 0, 0, 0, 0, 0, 2, 2, 2]
    assert prof[3].tolist() == [2] * 12


def test_hotel_and_care_home_form_a_pipeline():
    case = cases.pipeline_case()
    ms = list(talent_pipelines(case.organisations, case.needs, transitions=case.transitions,
                               viable_threshold=case.viable_threshold, hard_to_fill=case.hard_to_fill,
                               places=case.places, occupation_labels=case.occupation_labels))
    assert [(m.organisation_a, m.organisation_b) for m in ms] == [(0, 1)]  # directed, and nothing else
    assert ms[0].occupations == (3, 2)
    assert "hotel porter" in english(ms[0]).lower() and "care assistant" in english(ms[0])


def test_no_pipeline_when_occupation_is_not_hard_to_fill():
    case = cases.pipeline_case()
    ms = list(talent_pipelines(case.organisations, case.needs, transitions=case.transitions,
                               viable_threshold=case.viable_threshold, hard_to_fill=np.zeros(6)))
    assert ms == []


def test_work_based_programme_matches_apprenticeship():
    case = cases.school_case()
    ms = list(employer_school(case.organisations, case.needs, case.programmes, places=case.places,
                              programme_labels=case.programme_labels, skill_labels=case.skill_labels))
    assert [(m.organisation_a, m.organisation_b) for m in ms] == [(0, 1)]
    assert ms[0].programmes == (0,)
    assert ms[0].score == pytest.approx(1 * (1 - 0.2 * ms[0].distance_km / 40), abs=1e-6)
    assert "Welder BBL" in english(ms[0]) and "apprenticeship" in english(ms[0])


def test_co_creation_names_uncovered_skills_employers_and_nearest_school():
    case = cases.school_case()
    ps = list(co_creation_proposals(case.organisations, case.needs, case.programmes, places=case.places,
                                    skill_labels=case.skill_labels))
    assert len(ps) == 1
    p = ps[0]
    assert {case.skill_labels[s] for s in p.skills} == {"drone piloting", "crop sensor data"}
    assert set(p.employers) == {2, 3} and p.employers[0] == 2  # Agro Twente asks 2 places, Boer & Co 1
    assert p.headcount == 3
    assert p.schools[0] == 4 and p.school_coverage[0] == pytest.approx(0.5)  # Landstede teaches crop sensor data
    for words in ("drone piloting", "crop sensor data", "Agro Twente", "Boer & Co", "Landstede"):
        assert words in english(p)
    assert "harvesting" not in {case.skill_labels[s] for s in p.skills}  # optional skill, not asked as essential


def test_no_co_creation_when_every_skill_is_taught():
    case = cases.school_case()
    ps = list(co_creation_proposals(case.organisations, case.needs, case.programmes, max_km=200))
    assert [set(p.skills) for p in ps] == [{7}]  # crop sensor data is taught within 200 km; drone piloting not


def test_knowledge_exchange_prefers_same_sector_nearby_pioneer():
    case = cases.knowledge_case()
    ms = list(knowledge_exchange(case.organisations, places=case.places))
    assert ms[0].organisation_a == 1 and ms[0].organisation_b == 0
    assert ms[0].lever == LEVERS.index("dynamic_management")
    order = [m.organisation_a for m in ms if m.organisation_b == 0]
    assert order.index(1) < order.index(2) and order.index(1) < order.index(3)
    assert 4 not in order  # strong, but not a recognised pioneer
    assert 4 in [m.organisation_a for m in knowledge_exchange(case.organisations, require_pioneer=False)]
    assert "dynamic management" in english(ms[0]) and "Both work in the sector care" in english(ms[0])


def test_request_answers_complementary_offer_and_data_fit():
    case = cases.request_case()
    answers = list(request_answers(case.organisations, case.needs, None, case.requests, places=case.places))
    for_seeker = [a for a in answers if a.request == 0]
    assert [a.organisation_b for a in for_seeker] == [2, 1]  # the agency's offer, then the idle summer farm
    assert for_seeker[0].counter_request == 1 and for_seeker[1].counter_request == -1
    assert 3 not in [a.organisation_b for a in for_seeker]  # peaks in the same winter months
    assert "little work in November to January" in english(for_seeker[1])
    for_offer = [a for a in answers if a.request == 1]
    assert 0 in [a.organisation_b for a in for_offer] and 3 in [a.organisation_b for a in for_offer]
    assert all(0 <= a.score <= 1 for a in answers)


def test_partner_matches_yields_all_requested_kinds():
    case = cases.school_case()
    ms = list(partner_matches(case.organisations, case.needs, case.programmes, None, transitions=case.transitions,
                              viable_threshold=0.5, hard_to_fill=case.hard_to_fill))
    assert {m.kind for m in ms} == {"employer_school", "co_creation"}
    assert all(m.kind in PARTNER_MATCH_KINDS and 0 <= m.score <= 1 and english(m) for m in ms)
    only = list(partner_matches(case.organisations, case.needs, case.programmes, None, transitions=case.transitions,
                                viable_threshold=0.5, hard_to_fill=case.hard_to_fill, kinds=["co_creation"]))
    assert {m.kind for m in only} == {"co_creation"}
    with pytest.raises(UnknownKindError):
        list(partner_matches(case.organisations, case.needs, None, None, transitions=case.transitions,
                             viable_threshold=0.5, hard_to_fill=case.hard_to_fill, kinds=["speed_dating"]))


def test_unknown_organisation_id_is_a_typed_error():
    case = cases.seasonal_case()
    from dataclasses import replace
    bad = replace(case.needs, organisation_ids=case.needs.organisation_ids + 1000)
    with pytest.raises(UnknownOrganisationError):
        list(seasonal_sharing(case.organisations, bad, transitions=case.transitions, viable_threshold=0.5))
