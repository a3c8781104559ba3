from datetime import date

import numpy as np

from matchmaker import vocabulary as v
from matchmaker.models import NeedSkill, OccupationSkill, SkillBroader, SkillGroup, SkillRelation, WorkExperience
from matchmaker.services import engine_inputs
from tests.factories import NeedFactory, OccupationFactory, OrganisationFactory, PersonFactory, ProgrammeFactory, SkillFactory


def _taxonomy(session):
    pick, drive, care = SkillFactory(label_en="pick orders"), SkillFactory(label_en="drive forklift"), SkillFactory()
    picker, driver = OccupationFactory(label_en="order picker"), OccupationFactory(label_en="forklift operator")
    session.add_all([
        OccupationSkill(occupation_id=picker.id, skill_id=pick.id, relation="essential"),
        OccupationSkill(occupation_id=driver.id, skill_id=drive.id, relation="essential"),
        OccupationSkill(occupation_id=driver.id, skill_id=pick.id, relation="optional"),
        SkillGroup(uri="urn:test:group:warehouse", label_en="warehouse"),
        SkillBroader(narrower_uri=pick.uri, broader_uri="urn:test:group:warehouse"),
        SkillBroader(narrower_uri=drive.uri, broader_uri=pick.uri),
        SkillRelation(skill_id=pick.id, related_skill_id=care.id, relation="optional"),
    ])
    session.flush()
    return (pick, drive, care), (picker, driver)


def test_skill_space_holds_the_taxonomy_as_matrices(session):
    (pick, drive, care), (picker, driver) = _taxonomy(session)
    space = engine_inputs._build_skill_space(session)
    s = {int(x): i for i, x in enumerate(space.skill_ids)}
    o = {int(x): i for i, x in enumerate(space.occupation_ids)}
    assert space.essential[o[picker.id], s[pick.id]] == 1 and space.essential[o[driver.id], s[pick.id]] == 0
    assert space.optional[o[driver.id], s[pick.id]] == 1
    # the forklift skill reaches the warehouse group through its broader skill
    assert space.skill_group[s[drive.id]] == space.skill_group[s[pick.id]] == 0
    assert space.skill_group[s[care.id]] == -1
    assert space.related[s[care.id], s[pick.id]] == space.related[s[pick.id], s[care.id]] == 1


def test_people_arrays_use_special_category_data_only_with_consent(session):
    (pick, _, _), (picker, _) = _taxonomy(session)
    with_consent = PersonFactory(skills=[pick], consent_special_category=True, target_groups=["returner"],
                                 accommodation_needs=["job_coach"], available_months=[6, 7], dutch_level="B1")
    without = PersonFactory(target_groups=["older_worker"], accommodation_needs=["wheelchair_access"])
    session.add(WorkExperience(person_id=with_consent.id, occupation_id=picker.id, start_date=date(2020, 1, 1),
                               end_date=date(2022, 1, 1)))
    session.flush()
    space = engine_inputs._build_skill_space(session)
    people = engine_inputs.load_people(session, space=space)
    assert list(people.ids) == [with_consent.id, without.id]
    assert people.target_groups.tolist() == [v.to_mask(["returner"], v.TARGET_GROUPS), 0]
    assert people.accommodations_needed.tolist() == [v.to_mask(["job_coach"], v.ACCOMMODATIONS), 0]
    assert people.available_months[0] == v.months_mask([6, 7]) and people.available_months[1] == v.ALL_MONTHS_MASK
    assert people.skills.sum() == 1
    assert np.isclose(people.past_occupations.sum(), 2.0, atol=0.01)  # two years as order picker
    assert people.dutch_level[0] == v.DUTCH_LEVELS.index("B1")


def test_need_arrays_add_the_organisations_accommodations_and_skip_closed_needs(session):
    (pick, drive, _), (_, driver) = _taxonomy(session)
    employer = OrganisationFactory(accommodations=["wheelchair_access"], municipality_code="GM0193")
    need = NeedFactory(organisation=employer, occupation=driver, accommodations=["job_coach"], months=[11, 12],
                       municipality_code="GM0193")
    session.add_all([NeedSkill(need_id=need.id, skill_id=drive.id, relation="essential"),
                     NeedSkill(need_id=need.id, skill_id=pick.id, relation="optional")])
    NeedFactory(organisation=employer, status="filled", municipality_code="GM0193")
    NeedFactory(municipality_code="GM0153")  # Twente
    ProgrammeFactory(skills=[drive], occupations=[driver], municipality_code="GM0193")
    session.flush()
    space = engine_inputs._build_skill_space(session)
    needs = engine_inputs.load_needs(session, space=space, region="regio-zwolle")
    assert list(needs.ids) == [need.id]
    assert needs.accommodations_offered[0] == v.to_mask(["wheelchair_access", "job_coach"], v.ACCOMMODATIONS)
    assert needs.essential.sum() == 1 and needs.optional.sum() == 1
    assert needs.months[0] == v.months_mask([11, 12])
    programmes = engine_inputs.load_programmes(session, space=space, region="regio-zwolle")
    assert programmes.skills.sum() == 1 and programmes.occupations.sum() == 1


def test_skills_learned_at_any_work_are_esco_transversal_ones_but_not_languages(session):
    teams = SkillFactory(label_en="work in teams", reuse_level="transversal")
    dutch = SkillFactory(label_en="Dutch", reuse_level="transversal")
    speak = SkillFactory(label_en="interact verbally in Dutch", reuse_level="transversal")
    weld = SkillFactory(label_en="weld", reuse_level="sector-specific")
    session.add_all([
        SkillGroup(uri="urn:esco:group:T4.3", code="T4.3", label_en="collaborating in teams and networks"),
        SkillGroup(uri="urn:esco:group:L1", code="L1", label_en="languages"),
        SkillBroader(narrower_uri=teams.uri, broader_uri="urn:esco:group:T4.3"),
        SkillBroader(narrower_uri=dutch.uri, broader_uri="urn:esco:group:L1"),
        SkillBroader(narrower_uri=speak.uri, broader_uri=dutch.uri),  # a language through its broader skill
    ])
    session.flush()
    space = engine_inputs._build_skill_space(session)
    learned = dict(zip(space.skill_ids.tolist(), space.on_the_job.tolist()))
    assert [learned[s.id] for s in (teams, dutch, speak, weld)] == [True, False, False, False]


def test_a_dutch_course_in_reach_is_known_per_person_and_the_dutch_skills_are_found_once_per_taxonomy(
        session, monkeypatch):
    """Loading a person tells whether a programme teaching Dutch is within their reach; which skills are the Dutch
    language is read from the labels once per skill space, not on every load (a person's matches load one)."""
    dutch = SkillFactory(label_en="communicate in Dutch at work", label_nl="Nederlands op de werkvloer")
    ProgrammeFactory(name="NT2 Deventer", skills=[dutch], latitude=52.25, longitude=6.16)
    near = PersonFactory(latitude=52.26, longitude=6.17, travel_radius_km=10)
    far = PersonFactory(latitude=53.2, longitude=6.56, travel_radius_km=10)
    session.commit()
    calls = []
    found = engine_inputs.dutch_skills
    monkeypatch.setattr(engine_inputs, "dutch_skills", lambda labels: calls.append(1) or found(labels))
    space = engine_inputs.load_skill_space(session)
    for _ in range(2):
        people = engine_inputs.load_people(session, space=space, person_ids=[near.id, far.id])
        assert people.dutch_course.tolist() == [True, False]
    assert len(calls) == 1
    engine_inputs.clear_process_caches()  # a new taxonomy version: a new skill space
    engine_inputs.load_people(session, space=engine_inputs.load_skill_space(session), person_ids=[near.id])
    assert len(calls) == 2
