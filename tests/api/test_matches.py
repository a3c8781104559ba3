"""Matches for an advisor and candidates for an employer, on a small world where the answers are obvious.

Fatima lives in Enschede (radius 25 km), can pick orders and work in a team, and needs a wheelchair-accessible
workplace. Needs: order picking in Hengelo (9 km, accessible), order picking in Zwolle (63 km: too far),
forklift driving in Hengelo (she lacks 'drive forklift'; a course in Enschede teaches it).
"""
import numpy as np
import pytest

from matchmaker.models import NeedSkill, OccupationSkill
from tests.factories import (
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    SkillFactory,
    UserFactory,
    at,
    token_for,
)



@pytest.fixture
def world(session):
    pick, team, drive = (SkillFactory(label_en=n, label_nl=None) for n in ("pick orders", "work in a team", "drive forklift"))
    picker = OccupationFactory(label_en="order picker", label_nl=None)
    forklift = OccupationFactory(label_en="forklift operator", label_nl=None)
    session.add_all([OccupationSkill(occupation_id=picker.id, skill_id=pick.id, relation="essential"),
                     OccupationSkill(occupation_id=picker.id, skill_id=team.id, relation="essential"),
                     OccupationSkill(occupation_id=forklift.id, skill_id=drive.id, relation="essential"),
                     OccupationSkill(occupation_id=forklift.id, skill_id=pick.id, relation="essential")])
    hengelo_dc = OrganisationFactory(name="DC Hengelo", accommodations=["wheelchair_access"], **at("GM0164"))
    zwolle_dc = OrganisationFactory(name="DC Zwolle", accommodations=["wheelchair_access"], **at("GM0193"))
    advisor = UserFactory(role="advisor")
    fatima = PersonFactory(name="Fatima", skills=[pick, team], advisor_id=advisor.id, consent_special_category=True,
                           target_groups=["refugee_status_holder"], accommodation_needs=["wheelchair_access"])
    near = NeedFactory(organisation=hengelo_dc, title="Orderpicker", occupation=picker, **at("GM0164"))
    far = NeedFactory(organisation=zwolle_dc, title="Orderpicker Zwolle", occupation=picker, **at("GM0193"))
    forklift_need = NeedFactory(organisation=hengelo_dc, title="Heftruckchauffeur", occupation=forklift, **at("GM0164"))
    for need, skills in ((near, (pick, team)), (far, (pick, team)), (forklift_need, (drive, pick))):
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential") for s in skills)
    course = ProgrammeFactory(name="Heftruckcertificaat", duration_months=1, skills=[drive], occupations=[forklift],
                              **at("GM0153"))
    headers = {"advisor": token_for(advisor), "employer": token_for(UserFactory(role="employer", organisation_id=hengelo_dc.id)),
               "other_employer": token_for(UserFactory(role="employer", organisation_id=zwolle_dc.id))}
    session.commit()
    return {"fatima": fatima, "near": near, "far": far, "forklift": forklift_need, "course": course,
            "hengelo_dc": hengelo_dc, "headers": headers}


def test_an_advisor_sees_the_nearby_need_first_with_reasons(client, world):
    body = client.get(f"/api/v1/people/{world['fatima'].id}/matches", headers=world["headers"]["advisor"]).json
    first = body["items"][0]
    assert first["need"]["id"] == world["near"].id and first["feasible"]
    assert {s["label"] for s in first["matched_skills"]} == {"pick orders", "work in a team"}
    assert first["missing_skills"] == []
    assert {c["name"]: c["passed"] for c in first["constraints"]} == {
        "distance": True, "hours": True, "accommodations": True, "dutch": True, "months": True, "skills": True,
        "capacity": True, "level": True}
    assert "Je hebt 2 van de 2 vaardigheden die nodig zijn voor" in first["explanation"]
    assert first["facts"][0]["code"] == "match.essential" and first["facts"][0]["params"]["held"] == 2
    assert {c["name"]: c["facts"][0]["code"] for c in first["constraints"]}["distance"] == "check.distance"
    # the far need follows the feasible ones, blocked (the default lists the closest blocked needs too)
    listed = [(item["need"]["id"], item["feasible"]) for item in body["items"]]
    assert (world["far"].id, False) in listed and listed.index((world["far"].id, False)) > 0
    assert [feasible for _, feasible in listed] == sorted((f for _, f in listed), reverse=True)
    assert body["explanation"].startswith("Er zijn 2 open vragen die bij je passen, de beste eerst.")
    only = client.get(f"/api/v1/people/{world['fatima'].id}/matches?include_blocked=false",
                      headers=world["headers"]["advisor"]).json
    assert world["far"].id not in [item["need"]["id"] for item in only["items"]]


def test_the_gap_bridge_names_the_course_that_teaches_the_missing_skill(client, world):
    body = client.get(f"/api/v1/people/{world['fatima'].id}/matches", headers=world["headers"]["advisor"]).json
    forklift = next(item for item in body["items"] if item["need"]["id"] == world["forklift"].id)
    assert [s["label"] for s in forklift["missing_skills"]] == ["drive forklift"]
    assert forklift["gap_bridge"][0]["programme"]["name"] == "Heftruckcertificaat"
    assert [s["label"] for s in forklift["gap_bridge"][0]["teaches"]] == ["drive forklift"]
    assert "Heftruckcertificaat" in forklift["explanation"]


def test_blocked_needs_say_what_blocks_them(client, world):
    body = client.get(f"/api/v1/people/{world['fatima'].id}/matches?include_blocked=true",
                      headers=world["headers"]["advisor"]).json
    far = next(item for item in body["items"] if item["need"]["id"] == world["far"].id)
    assert not far["feasible"]
    assert [c["name"] for c in far["constraints"] if not c["passed"]] == ["distance"]
    assert "verder dan je 25 km" in far["explanation"]
    english = client.get(f"/api/v1/people/{world['fatima'].id}/matches?include_blocked=true&lang=en",
                         headers=world["headers"]["advisor"]).json
    far = next(item for item in english["items"] if item["need"]["id"] == world["far"].id)
    assert "farther than your 25 km" in far["explanation"]


def test_the_employer_sees_pseudonymised_candidates_without_special_category_hints(client, world, session):
    body = client.get(f"/api/v1/needs/{world['near'].id}/candidates", headers=world["headers"]["employer"]).json
    candidate = body["items"][0]
    assert candidate["candidate"].startswith("Kandidaat ") and candidate["shared_profile"] is None
    text = str(candidate).lower()
    assert "person_id" not in text and "email" not in text
    for secret in ("fatima", "wheelchair", "accommodation", "refugee", "welcome"):
        assert secret not in text
    assert "De kandidaat heeft 2 van de 2 vaardigheden die nodig zijn" in candidate["explanation"]
    again = client.get(f"/api/v1/needs/{world['near'].id}/candidates", headers=world["headers"]["employer"]).json
    assert again["items"][0]["candidate"] == candidate["candidate"]


def test_consent_to_share_with_the_employer_reveals_the_profile_to_that_employer_only(client, world, session):
    world["fatima"].consent_share_with = [world["hengelo_dc"].id]
    session.commit()
    body = client.get(f"/api/v1/needs/{world['near'].id}/candidates", headers=world["headers"]["employer"]).json
    assert body["items"][0]["shared_profile"]["name"] == "Fatima"
    response = client.get(f"/api/v1/needs/{world['near'].id}/candidates", headers=world["headers"]["other_employer"])
    assert response.status_code == 403


def test_the_employer_cannot_read_group_membership_from_the_candidate_score(client, world, session):
    """A need that welcomes refugees must not lift a refugee's score in the employer's view: the employer knows
    the weights (0.6 essential, 0.15 optional, 0.25 experience), so a lifted score would reveal the group."""
    world["near"].welcomes_groups = ["refugee_status_holder"]
    session.commit()
    advisor_view = client.get(f"/api/v1/people/{world['fatima'].id}/matches",
                              headers=world["headers"]["advisor"]).json["items"][0]
    assert advisor_view["welcomed"] and "zoekt juist mensen zoals jij" in advisor_view["explanation"]
    (candidate,) = client.get(f"/api/v1/needs/{world['near'].id}/candidates",
                              headers=world["headers"]["employer"]).json["items"]
    from_parts = (0.6 * candidate["essential_coverage"] + 0.15 * candidate["optional_coverage"]
                  + 0.25 * candidate["experience"])
    assert candidate["score"] == pytest.approx(from_parts, abs=1e-3)
    assert candidate["score"] < advisor_view["score"]
    assert f"Score: {candidate['score']:.2f} van 1.".replace(".", ",", 1) in candidate["explanation"]


def test_durations_read_as_people_write_them(client, world, session):
    """'1 maand', not '1 maanden'; '2,5 jaar', not '2,49829 jaar'; in English '1 month' and '2.5 years'."""
    from datetime import date

    from matchmaker.models import WorkExperience
    session.add(WorkExperience(person_id=world["fatima"].id, occupation_id=world["near"].occupation_id,
                               start_date=date(2020, 1, 1), end_date=date(2022, 7, 1)))
    session.commit()
    items = client.get(f"/api/v1/people/{world['fatima'].id}/matches", headers=world["headers"]["advisor"]).json["items"]
    forklift = next(item for item in items if item["need"]["id"] == world["forklift"].id)
    assert "Heftruckcertificaat" in forklift["explanation"] and "leert je drive forklift. Dat duurt 1 maand" in forklift["explanation"]
    near = next(item for item in items if item["need"]["id"] == world["near"].id)
    assert "Je ervaring als order picker (2,5 jaar) telt mee" in near["explanation"]
    english = client.get(f"/api/v1/people/{world['fatima'].id}/matches", headers={
        **world["headers"]["advisor"], "Accept-Language": "en-GB,en;q=0.9"}).json["items"]
    near = next(item for item in english if item["need"]["id"] == world["near"].id)
    assert "Your experience as order picker (2.5 years) counts" in near["explanation"]
    candidate = client.get(f"/api/v1/needs/{world['forklift'].id}/candidates?lang=en",
                           headers=world["headers"]["employer"]).json["items"][0]
    assert "Heftruckcertificaat" in candidate["explanation"] and "teaches drive forklift in 1 month" in candidate["explanation"]


def test_candidates_equal_the_engine_on_all_people(client, session):
    """The SQL prefilter only spares loading people who cannot qualify: every need's candidates (ids, scores,
    order) are those of the engine run on all people without their special-category data (the employer's view
    never reads it), on a random small world with needs that train on the job, needs without essential skills,
    and every other constraint in play."""
    import random

    from matchmaker.engine import matching as engine
    from matchmaker.services.engine_inputs import load_needs, load_people, load_programmes
    from matchmaker.services.matches import pseudonym
    from matchmaker.services.places import MUNICIPALITIES
    from matchmaker.services.transitions import transition_table
    from matchmaker import vocabulary as v

    rng = random.Random(6)
    skills = [SkillFactory() for _ in range(10)]
    occupation = OccupationFactory()
    places = [code for code, *_ in MUNICIPALITIES]
    people = [PersonFactory(skills=rng.sample(skills, rng.randint(0, 8)), **at(rng.choice(places)),
                            travel_radius_km=rng.choice([5, 15, 30, 60]), hours_per_week=rng.choice([16, 24, 32, 40]),
                            dutch_level=rng.choice(v.DUTCH_LEVELS), consent_special_category=rng.random() < 0.6,
                            accommodation_needs=rng.sample(v.ACCOMMODATIONS, rng.choice([0, 0, 1, 2])),
                            available_months=rng.sample(range(1, 13), rng.choice([0, 0, 2, 5])))
              for _ in range(80)]
    needs = []
    for i in range(24):
        employer = OrganisationFactory(accommodations=rng.sample(v.ACCOMMODATIONS, rng.randint(0, 2)),
                                       **at(rng.choice(places)))
        need = NeedFactory(organisation=employer, occupation=occupation, **at(rng.choice(places)),
                           trains_on_job=i % 3 == 0, hours_per_week=rng.choice([8, 24, 32, 40]),
                           dutch_level=rng.choice(v.DUTCH_LEVELS[:5]), months=rng.sample(range(1, 13), rng.choice([0, 1, 3])),
                           accommodations=rng.sample(v.ACCOMMODATIONS, rng.choice([0, 1])))
        chosen = rng.sample(skills, rng.randint(0, 7))
        n_essential = 0 if i % 4 == 1 else rng.randint(1, len(chosen)) if chosen else 0
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential" if k < n_essential else "optional")
                        for k, s in enumerate(chosen))
        needs.append(need)
    admin = token_for(UserFactory(role="admin"))
    session.commit()

    table = transition_table(session)
    everyone = load_people(session, space=table.space, special_category=False)
    assert not everyone.accommodations_needed.any() and not everyone.target_groups.any()
    all_needs = load_needs(session, space=table.space, status=None)
    programmes = load_programmes(session, space=table.space)
    considered, found = 0, 0
    for need in needs:
        j = int(np.flatnonzero(all_needs.ids == need.id)[0])
        expected = engine.candidates_for_need(table.space, table.similarity, everyone, j, all_needs, programmes,
                                              limit=100, welcome_bonus=0.0)
        body = client.get(f"/api/v1/needs/{need.id}/candidates?limit=100", headers=admin).json
        assert [c["candidate"] for c in body["items"]] == [pseudonym(int(everyone.ids[m.person]), need.id)
                                                           for m in expected]
        assert [(c["score"], c["essential_coverage"], c["missing_skills"]) for c in body["items"]] == [
            (round(m.score, 4), round(m.essential_coverage, 4), [{"id": int(table.space.skill_ids[s]),
                                                                   "label": table.space.skill_labels[s]} for s in m.missing])
            for m in expected]
        considered += body["people_considered"]
        found += len(expected)
    assert found > 20 and considered < len(needs) * len(people) / 3


def test_dutch_one_step_short_opens_with_a_dutch_course_near_and_the_check_says_so(client, world, session):
    """The Hengelo order picking asks Dutch at B1; Fatima has A2. Without a Dutch course it blocks; with "Taal op
    de werkvloer" in Enschede (teaching Dutch at work) it is a step the course bridges."""
    near = world["near"]
    near.dutch_level = "B1"
    dutch = SkillFactory(label_en="communicate in Dutch at work", label_nl="Nederlands op de werkvloer")
    session.query(type(world["fatima"])).filter_by(id=world["fatima"].id).update({"dutch_level": "A2"})
    session.commit()
    url = f"/api/v1/people/{world['fatima'].id}/matches?lang=en"

    def dutch_check():
        item = next(i for i in client.get(url, headers=world["headers"]["advisor"]).json["items"]
                    if i["need"]["id"] == near.id)
        return item["feasible"], next(c for c in item["constraints"] if c["name"] == "dutch")

    feasible, check = dutch_check()
    assert not feasible and not check["passed"]
    ProgrammeFactory(name="Taal op de werkvloer", duration_months=4, skills=[dutch], **at("GM0153"))
    session.commit()
    feasible, check = dutch_check()
    assert feasible and check["passed"]
    assert check["explanation"] == "Dutch at B1 needed, you have Dutch at A2: a Dutch course near you takes you there"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_person_matches_are_what_the_matches_schema_documents(app, client, world, session, lang):
    """A person's matches are built for the response directly, not dumped through MatchesSchema (speed): held to
    the schema here, read live and from the stored ranking, with blocked needs, a gap bridge and unblock steps."""
    import json

    from matchmaker.models import User
    from matchmaker.schemas.matches import MatchesSchema
    from matchmaker.services import jobs, matches
    from matchmaker.services.stored_matches import STORED_MATCHES

    admin = UserFactory(role="admin")
    session.commit()
    headers = token_for(admin)
    url = f"/api/v1/people/{world['fatima'].id}/matches?lang={lang}"

    def documented():
        with app.test_request_context(url):
            result = matches.person_matches(session=session, actor=session.get(User, admin.id),
                                            person_id=world["fatima"].id)
            return json.loads(json.dumps(MatchesSchema().dump(result)))

    live = client.get(url, headers=headers).json
    assert "computed_at" not in live and live["items"] and not all(m["feasible"] for m in live["items"])
    assert live == documented()
    job = jobs.create(session=session, kind=STORED_MATCHES, subject_type="region", subject_id="twente")
    session.commit()
    assert jobs.run(session=session, job_id=job.id) == "succeeded"
    stored = client.get(url, headers=headers).json
    assert stored["computed_at"] and stored["items"] == live["items"]
    assert stored == documented()
    shown = [c for m in stored["items"] for c in m["constraints"]]
    assert any("unblock" in c for c in shown) and any(m["gap_bridge"] for m in stored["items"])
