"""No inference: nothing an employer sees about people changes with people's special-category data, whatever the
employer does to its own need.

The property test keeps one database and two versions of every person's special-category data (target groups,
accommodation needs, consent): world A (drawn by hypothesis) and world B (none at all). After every edit of the
need (accommodations, welcomed groups, skills, hours, place) it reads the employer's candidate list in world A
and in world B: the two answers must be the same bytes. The advisor's view of the same people still uses
everything (a need without the accommodation someone needs is blocked for them there).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import update

from matchmaker import vocabulary as v
from matchmaker.models import NeedSkill, Person
from tests.factories import (
    JobFactory,
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    PersonFactory,
    SkillFactory,
    UserFactory,
    at,
    token_for,
)

PLACES = ("GM0153", "GM0164", "GM0141", "GM0193")
N_PEOPLE = 12
N_SKILLS = 6


@pytest.fixture
def region(session):
    skills = [SkillFactory() for _ in range(N_SKILLS)]
    occupation = OccupationFactory()
    employer = OrganisationFactory(name="Textiel Twente", accommodations=[], **at("GM0153"))
    advisor = UserFactory(role="advisor")
    people = [PersonFactory(skills=skills[i % 3: i % 3 + 2 + i % 3], advisor_id=advisor.id,
                            hours_per_week=(32, 16, 24, 40)[i % 4], travel_radius_km=(10, 25, 60)[i % 3],
                            **at(PLACES[i % len(PLACES)]))
              for i in range(N_PEOPLE)]
    need = NeedFactory(organisation=employer, occupation=occupation, title="Naaister", hours_per_week=24,
                       **at("GM0153"))
    session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential") for s in skills[:2])
    session.commit()
    return {"need": need.id, "people": [p.id for p in people], "skills": [s.id for s in skills],
            "employer": token_for(UserFactory(role="employer", organisation_id=employer.id)),
            "advisor": token_for(advisor)}


special_category = st.tuples(st.booleans(), st.lists(st.sampled_from(v.TARGET_GROUPS), unique=True, max_size=2),
                             st.lists(st.sampled_from(v.ACCOMMODATIONS), unique=True, max_size=2))
edit = st.one_of(
    st.fixed_dictionaries({"accommodations": st.lists(st.sampled_from(v.ACCOMMODATIONS), unique=True, max_size=3)}),
    st.fixed_dictionaries({"welcomes_groups": st.lists(st.sampled_from(v.TARGET_GROUPS), unique=True, max_size=3)}),
    st.fixed_dictionaries({"skills": st.lists(st.tuples(st.integers(0, N_SKILLS - 1),
                                                        st.sampled_from(v.SKILL_RELATIONS)),
                                              unique_by=lambda pair: pair[0], max_size=4)}),
    st.fixed_dictionaries({"hours_per_week": st.sampled_from([8, 16, 24, 32, 40])}),
    st.fixed_dictionaries({"municipality_code": st.sampled_from(PLACES)}),
)


def _set_world(session, people: list[int], data) -> None:
    for person_id, (consent, groups, accommodations) in zip(people, data):
        session.execute(update(Person).where(Person.id == person_id).values(
            consent_special_category=consent, target_groups=groups if consent else [],
            accommodation_needs=accommodations if consent else []))
    session.commit()


def _body(region, change: dict) -> dict:
    if "skills" in change:
        return {"skills": [{"skill_id": region["skills"][i], "relation": r} for i, r in change["skills"]]}
    return change


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world_a=st.lists(special_category, min_size=N_PEOPLE, max_size=N_PEOPLE),
       edits=st.lists(edit, min_size=1, max_size=6))
def test_the_employer_candidate_list_is_the_same_whatever_peoples_special_category_data(client, session, region,
                                                                                      world_a, edits):
    world_b = [(False, [], [])] * N_PEOPLE
    need = region["need"]
    start = {"accommodations": [], "welcomes_groups": [], "hours_per_week": 24, "municipality_code": "GM0153",
             "skills": [{"skill_id": s, "relation": "essential"} for s in region["skills"][:2]]}
    for change in [start, *map(lambda e: _body(region, e), edits)]:
        response = client.patch(f"/api/v1/needs/{need}", json=change, headers=region["employer"])
        assert response.status_code == 200, response.json
        views = []
        for world in (world_a, world_b):
            _set_world(session, region["people"], world)
            answer = client.get(f"/api/v1/needs/{need}/candidates?limit=50", headers=region["employer"])
            assert answer.status_code == 200
            views.append(answer.data)
        assert views[0] == views[1], change


def test_toggling_a_needed_accommodation_shows_no_new_candidate_but_the_advisor_sees_the_block(client, session,
                                                                                               region):
    """The finding: toggling the need's accommodations [] <-> ["quiet_workspace"] made one more candidate appear,
    the person who needs a quiet workspace. Now the list is the same both ways; the person's own matches still
    say the need lacks what they need."""
    need, someone = region["need"], region["people"][0]
    _set_world(session, [someone], [(True, ["physical_disability"], ["quiet_workspace"])])
    lists = []
    for offered in ([], ["quiet_workspace"], []):
        assert client.patch(f"/api/v1/needs/{need}", json={"accommodations": offered},
                            headers=region["employer"]).status_code == 200
        lists.append(client.get(f"/api/v1/needs/{need}/candidates?limit=50", headers=region["employer"]).data)
        advisor = client.get(f"/api/v1/people/{someone}/matches?include_blocked=true",
                             headers=region["advisor"]).json["items"]
        (mine,) = [item for item in advisor if item["need"]["id"] == need]
        (check,) = [c for c in mine["constraints"] if c["name"] == "accommodations"]
        assert check["passed"] is bool(offered) and mine["feasible"] is bool(offered)
    assert lists[0] == lists[1] == lists[2]
    assert b"Kandidaat" in lists[0]  # pseudonymised candidates are listed, in Dutch by default


def test_a_coordinator_never_sees_a_profile_shared_with_one_organisation(client, session, region):
    """Finding: a coordinator saw the name, e-mail and phone a person shared with one employer only."""
    from matchmaker.models import Need

    employer_id = session.get(Need, region["need"]).organisation_id
    session.execute(update(Person).values(consent_share_with=[employer_id]))
    session.commit()
    url = f"/api/v1/needs/{region['need']}/candidates?limit=50"
    coordinator = token_for(UserFactory(role="coordinator"))
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    own = client.get(url, headers=region["employer"]).json["items"]
    assert own and all(item["shared_profile"]["name"].startswith("Person ") for item in own)
    for headers in (coordinator, admin):
        items = client.get(url, headers=headers).json["items"]
        assert [i["candidate"] for i in items] == [i["candidate"] for i in own]
        assert all(item["shared_profile"] is None for item in items)
        assert "@" not in str(items) and "Person " not in str(items)


def test_a_career_path_job_follows_the_person_to_their_new_advisor(client, session, region):
    """Finding: an advisor kept reading a person's career-path job after the person moved to another caseload."""
    from matchmaker.models import User

    someone = region["people"][0]
    person = session.get(Person, someone)
    old = session.get(User, person.advisor_id)
    new = UserFactory(role="advisor")
    job = JobFactory(kind="career_paths", subject_type="person", subject_id=str(someone), created_by_id=old.id,
                     status="succeeded", result={"person_id": someone, "paths": []})
    old_token, new_token = token_for(old), token_for(new)
    person_token = token_for(UserFactory(role="person", person_id=someone))
    session.commit()
    assert client.get(f"/api/v1/jobs/{job.id}", headers=old_token).status_code == 200
    assert client.get(f"/api/v1/jobs/{job.id}", headers=new_token).status_code == 404
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    assert client.patch(f"/api/v1/people/{someone}", json={"advisor_id": new.id}, headers=admin).status_code == 200
    assert client.get(f"/api/v1/jobs/{job.id}", headers=old_token).status_code == 404
    assert client.get(f"/api/v1/jobs/{job.id}", headers=new_token).json["result"]["person_id"] == someone
    assert client.get(f"/api/v1/jobs/{job.id}", headers=person_token).status_code == 200
    assert client.get(f"/api/v1/people/{someone}/career-paths", headers=new_token).status_code == 200
    assert client.get(f"/api/v1/people/{someone}/career-paths", headers=old_token).status_code == 404


def test_what_coordinators_employers_and_schools_read_of_a_region_is_the_same_whatever_special_category_data(
        client, session, region):
    """Allocation and insights (shortages, unused potential, network, progress) are computed without
    special-category data: with the need offering [], one or two adjustments, two worlds that differ only in
    people's groups and accommodation needs give the same results to everyone but admins. Admins read the
    per-group aggregates apart, and those do differ."""
    from matchmaker.models import User
    from matchmaker.security.policies import without_special_category
    from matchmaker.services import jobs

    coordinator = UserFactory(role="coordinator")
    admin = session.get(User, UserFactory(role="admin").id)
    session.commit()
    world_a = [(True, [v.TARGET_GROUPS[i % 3]], [v.ACCOMMODATIONS[i % 4]] if i % 2 else []) for i in range(N_PEOPLE)]
    world_b = [(False, [], [])] * N_PEOPLE
    for offered in ([], ["quiet_workspace"], ["quiet_workspace", "wheelchair_access"]):
        change = {"accommodations": offered, "welcomes_groups": [v.TARGET_GROUPS[0]] if offered else []}
        edited = client.patch(f"/api/v1/needs/{region['need']}", json=change, headers=region["employer"])
        assert edited.status_code == 200
        seen, special = [], []
        for world in (world_a, world_b):
            _set_world(session, region["people"], world)
            results = [jobs.run_now(session=session, kind=kind, subject_type="region", subject_id="twente").result
                       for kind in ("allocation", "insights")]
            seen.append([without_special_category(coordinator, result) for result in results])
            special.append([without_special_category(admin, result)["special_category"] for result in results])
        assert seen[0] == seen[1], offered
        assert all("special_category" not in result for result in seen[0])
        assert special[0] != special[1]


limits = st.tuples(st.lists(st.sampled_from(v.WORK_DEMANDS), unique=True, max_size=3),
                   st.one_of(st.none(), st.sampled_from([8, 16, 24])))
demand_edit = st.one_of(
    st.fixed_dictionaries({"demands": st.one_of(st.none(), st.lists(st.sampled_from(v.WORK_DEMANDS), unique=True,
                                                                    max_size=3))}),
    st.fixed_dictionaries({"hours_per_week": st.sampled_from([8, 16, 24, 32, 40])}),
)


def _set_limits(session, people: list[int], data) -> None:
    for person_id, (demands, max_hours) in zip(people, data):
        session.execute(update(Person).where(Person.id == person_id).values(
            consent_special_category=bool(demands or max_hours), capacity_limits=demands, capacity_max_hours=max_hours))
    session.commit()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world_a=st.lists(limits, min_size=N_PEOPLE, max_size=N_PEOPLE), edits=st.lists(demand_edit, min_size=1,
                                                                                       max_size=4))
def test_the_employer_candidate_list_is_the_same_whatever_peoples_work_capacity_limits(client, session, region,
                                                                                     world_a, edits):
    """Work-capacity limits are health data: whatever demands and hours the employer gives its need, its candidate
    list reads the same with everyone's limits as without any; the advisor's view of the same need is blocked for
    someone whose limits rule it out."""
    need = region["need"]
    for change in edits:
        assert client.patch(f"/api/v1/needs/{need}", json=change, headers=region["employer"]).status_code == 200
        views = []
        for world in (world_a, [([], None)] * N_PEOPLE):
            _set_limits(session, region["people"], world)
            views.append(client.get(f"/api/v1/needs/{need}/candidates?limit=50", headers=region["employer"]).data)
        assert views[0] == views[1], change
    _set_limits(session, region["people"][:1], [(list(v.WORK_DEMANDS), None)])
    client.patch(f"/api/v1/needs/{need}", json={"demands": ["heavy_lifting"]}, headers=region["employer"])
    mine = client.get(f"/api/v1/people/{region['people'][0]}/matches?include_blocked=true",
                      headers=region["advisor"]).json["items"]
    (item,) = [i for i in mine if i["need"]["id"] == need]
    assert [c["name"] for c in item["constraints"] if not c["passed"]][-1:] == ["capacity"]
