from datetime import date

from matchmaker.models import Need, NeedSkill, OccupationSkill
from matchmaker.schemas.needs import NeedSchema
from tests.factories import (
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    SkillFactory,
    UserFactory,
    token_for,
)

URL = "/api/v1/needs"


def _titles(client, headers, qs):
    response = client.get(f"{URL}?{qs}", headers=headers)
    assert response.status_code == 200, response.json
    return [n["title"] for n in response.json["items"]]


def _occupation_with(session, essential, optional):
    occupation = OccupationFactory()
    for skill in essential:
        session.add(OccupationSkill(occupation_id=occupation.id, skill_id=skill.id, relation="essential"))
    for skill in optional:
        session.add(OccupationSkill(occupation_id=occupation.id, skill_id=skill.id, relation="optional"))
    session.flush()
    return occupation


def test_employer_posts_a_need_placed_at_its_own_organisation(client, session):
    farm = OrganisationFactory(kind="employer", municipality_code="GM0177", latitude=52.3858, longitude=6.275)
    employer = token_for(UserFactory(role="employer", organisation_id=farm.id))
    session.commit()
    response = client.post(URL, headers=employer, json={
        "organisation_id": farm.id, "kind": "seasonal_peak", "title": "Appelpluk", "hours_per_week": 38,
        "months": [8, 9, 10], "headcount": 12, "accommodations": ["language_buddy"], "dutch_level": "A1",
        "trains_on_job": True, "welcomes_groups": ["refugee_status_holder"], "closes_on": "2030-07-31"})
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["municipality_code"], body["latitude"], body["longitude"]) == ("GM0177", 52.3858, 6.275)
    assert body["status"] == "open" and body["headcount"] == 12 and body["closes_on"] == "2030-07-31"
    assert body["skills"] == [] and body["occupation"] is None
    assert client.get(f"{URL}/{body['id']}", headers=employer).json["months"] == [8, 9, 10]


def test_a_given_location_wins_over_the_organisations(client, session):
    admin = token_for(UserFactory(role="admin"))
    employer = OrganisationFactory(municipality_code="GM0153")
    session.commit()
    response = client.post(URL, headers=admin, json={
        "organisation_id": employer.id, "kind": "vacancy", "title": "Chauffeur", "hours_per_week": 40,
        "municipality_code": "GM0193"})
    assert response.status_code == 201, response.json
    assert (response.json["municipality_code"], response.json["latitude"]) == ("GM0193", 52.5125)


def test_skills_default_to_the_occupations_essential_skills(client, session):
    admin = token_for(UserFactory(role="admin"))
    employer = OrganisationFactory()
    lift, drive, plan = SkillFactory(label_nl="tillen"), SkillFactory(label_nl="rijden"), SkillFactory()
    driver = _occupation_with(session, essential=[lift, drive], optional=[plan])
    session.commit()
    response = client.post(URL, headers=admin, json={
        "organisation_id": employer.id, "kind": "vacancy", "title": "Chauffeur", "hours_per_week": 32,
        "occupation_id": driver.id})
    assert response.status_code == 201, response.json
    assert response.json["occupation"] == {"id": driver.id, "uri": driver.uri, "label": driver.label_nl}
    assert response.json["skills"] == [
        {"id": lift.id, "uri": lift.uri, "label": "tillen", "relation": "essential", "relation_label": "Nodig"},
        {"id": drive.id, "uri": drive.uri, "label": "rijden", "relation": "essential", "relation_label": "Nodig"}]


def test_given_skills_are_kept_and_a_new_occupation_resets_them(client, session):
    admin = token_for(UserFactory(role="admin"))
    employer = OrganisationFactory()
    lift, drive, cook = SkillFactory(), SkillFactory(), SkillFactory()
    driver = _occupation_with(session, essential=[lift, drive], optional=[])
    cook_occupation = _occupation_with(session, essential=[cook, lift], optional=[])
    session.commit()
    response = client.post(URL, headers=admin, json={
        "organisation_id": employer.id, "kind": "vacancy", "title": "Chauffeur", "hours_per_week": 32,
        "occupation_id": driver.id, "skills": [{"skill_id": drive.id, "relation": "optional"}]})
    assert response.status_code == 201, response.json
    need_id = response.json["id"]
    assert [(s["id"], s["relation"]) for s in response.json["skills"]] == [(drive.id, "optional")]
    patched = client.patch(f"{URL}/{need_id}", headers=admin, json={"title": "Chauffeur C"}).json
    assert [s["id"] for s in patched["skills"]] == [drive.id]
    patched = client.patch(f"{URL}/{need_id}", headers=admin, json={"occupation_id": cook_occupation.id})
    assert patched.status_code == 200, patched.json
    assert sorted((s["id"], s["relation"]) for s in patched.json["skills"]) == sorted(
        [(cook.id, "essential"), (lift.id, "essential")])
    patched = client.patch(f"{URL}/{need_id}", headers=admin, json={
        "skills": [{"skill_id": lift.id, "relation": "optional"}, {"skill_id": drive.id}]}).json
    assert [(s["id"], s["relation"]) for s in patched["skills"]] == [(drive.id, "essential"), (lift.id, "optional")]


def test_list_filters(client, session):
    reader = token_for(UserFactory(role="school", organisation_id=OrganisationFactory(kind="school").id))
    care = OrganisationFactory(sector="care")
    farm = OrganisationFactory(sector="agriculture_food")
    nurse = OccupationFactory()
    NeedFactory(title="Verzorgende", organisation=care, occupation=nurse, municipality_code="GM0193", months=[],
                description="Thuiszorg in Zwolle")
    NeedFactory(title="Appelpluk", organisation=farm, kind="seasonal_peak", months=[8, 9], status="filled",
                municipality_code="GM0177")
    NeedFactory(title="Stage kas", organisation=farm, kind="internship", months=[3], municipality_code="GM0164")
    session.commit()
    assert _titles(client, reader, "") == ["Verzorgende", "Appelpluk", "Stage kas"]
    assert _titles(client, reader, "region=regio-zwolle") == ["Verzorgende", "Appelpluk"]
    assert _titles(client, reader, "municipality=GM0164") == ["Stage kas"]
    assert _titles(client, reader, "sector=agriculture_food") == ["Appelpluk", "Stage kas"]
    assert _titles(client, reader, f"occupation={nurse.id}") == ["Verzorgende"]
    assert _titles(client, reader, "kind=internship") == ["Stage kas"]
    assert _titles(client, reader, "status=filled") == ["Appelpluk"]
    assert _titles(client, reader, f"organisation={farm.id}") == ["Appelpluk", "Stage kas"]
    assert _titles(client, reader, "month=9") == ["Verzorgende", "Appelpluk"]
    assert _titles(client, reader, "month=3") == ["Verzorgende", "Stage kas"]
    assert _titles(client, reader, "q=thuiszorg") == ["Verzorgende"]
    for qs, field in (("month=13", "month"), ("month=abc", "month"), ("kind=job", "kind"), ("limit=0", "limit")):
        response = client.get(f"{URL}?{qs}", headers=reader)
        assert response.status_code == 422 and field in response.json["errors"]["query"], qs


def test_employer_writes_only_its_own_needs(client, session):
    own, other = OrganisationFactory(), OrganisationFactory()
    theirs = NeedFactory(organisation=other, headcount=3)
    mine = NeedFactory(organisation=own)
    employer = token_for(UserFactory(role="employer", organisation_id=own.id))
    session.commit()
    body = {"organisation_id": other.id, "kind": "vacancy", "title": "X", "hours_per_week": 20}
    assert client.post(URL, headers=employer, json=body).status_code == 403
    assert client.patch(f"{URL}/{theirs.id}", headers=employer, json={"headcount": 1}).status_code == 403
    assert client.delete(f"{URL}/{theirs.id}", headers=employer).status_code == 403
    assert client.patch(f"{URL}/{mine.id}", headers=employer, json={"organisation_id": other.id}).status_code == 403
    assert client.get(f"{URL}/{theirs.id}", headers=employer).json["headcount"] == 3
    assert client.get(f"{URL}/{mine.id}", headers=employer).json["organisation_id"] == own.id
    assert client.patch(f"{URL}/{mine.id}", headers=employer, json={"status": "filled"}).json["status"] == "filled"
    assert client.delete(f"{URL}/{mine.id}", headers=employer).status_code == 204
    assert client.get(f"{URL}/{mine.id}", headers=employer).status_code == 404
    assert client.delete(f"{URL}/{mine.id}", headers=employer).status_code == 404


def test_advisors_persons_and_other_schools_cannot_write_needs(client, session):
    employer = OrganisationFactory()
    need = NeedFactory(organisation=employer)
    school = OrganisationFactory(kind="school")
    session.commit()
    body = {"organisation_id": employer.id, "kind": "vacancy", "title": "X", "hours_per_week": 20}
    for user in (UserFactory(role="school", organisation_id=school.id), UserFactory(role="advisor"),
                 UserFactory(role="person")):
        headers = token_for(user)
        session.commit()
        assert client.get(f"{URL}/{need.id}", headers=headers).status_code == 200
        assert client.post(URL, headers=headers, json=body).status_code == 403
        assert client.patch(f"{URL}/{need.id}", headers=headers, json={"title": "Y"}).status_code == 403
        assert client.delete(f"{URL}/{need.id}", headers=headers).status_code == 403
    assert [n.title for n in session.query(Need)] == [need.title]
    assert client.get(URL).status_code == 401


def test_a_school_hires_too_a_network_does_not_post_needs(client, session):
    """A vocational school posts a vacancy for instructors; a need belongs to an organisation that employs people."""
    school = OrganisationFactory(kind="school", name="Deltion College")
    network = OrganisationFactory(kind="network")
    employer = OrganisationFactory()
    need = NeedFactory(organisation=employer)
    teacher = token_for(UserFactory(role="school", organisation_id=school.id))
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    posted = client.post(URL, headers=teacher, json={
        "organisation_id": school.id, "kind": "vacancy", "title": "Docent techniek", "hours_per_week": 32})
    assert posted.status_code == 201, posted.json
    assert client.get(f"{URL}/{posted.json['id']}", headers=admin).json["organisation_id"] == school.id
    response = client.post(URL, headers=admin, json={
        "organisation_id": network.id, "kind": "internship", "title": "Stage", "hours_per_week": 20})
    assert response.status_code == 422
    assert "is een netwerk" in str(response.json["errors"]["json"]["organisation_id"])
    response = client.patch(f"{URL}/{need.id}", headers=admin, json={"organisation_id": network.id})
    assert response.status_code == 422 and "organisation_id" in response.json["errors"]["json"]
    assert client.get(f"{URL}/{need.id}", headers=admin).json["organisation_id"] == employer.id


def test_validation_errors_name_the_field_and_store_nothing(client, session):
    admin = token_for(UserFactory(role="admin"))
    employer = OrganisationFactory()
    skill = SkillFactory()
    session.commit()
    good = {"organisation_id": employer.id, "kind": "vacancy", "title": "Monteur", "hours_per_week": 32}
    cases = [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"headcount": 1001}, "headcount"),
        ({"headcount": True}, "headcount"),
        ({"months": [0]}, "months"),
        ({"kind": "seasonal_peak"}, "months"),
        ({"dutch_level": "Z9"}, "dutch_level"),
        ({"accommodations": ["massage"]}, "accommodations"),
        ({"welcomes_groups": ["everyone"]}, "welcomes_groups"),
        ({"closes_on": "tomorrow"}, "closes_on"),
        ({"occupation_id": 777}, "occupation_id"),
        ({"skills": [{"skill_id": 777}]}, "skills"),
        ({"skills": [{"skill_id": skill.id}, {"skill_id": skill.id}]}, "skills"),
        ({"skills": [{"skill_id": skill.id, "relation": "nice"}]}, "skills"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"municipality_code": "GM9999"}, "municipality_code"),
        ({"latitude": 52.0}, "longitude"),
        ({"id": 5}, "id"),
    ]
    for change, field in cases:
        response = client.post(URL, headers=admin, json={**good, **change})
        assert response.status_code in (400, 422), change
        assert field in response.json["errors"]["json"], (change, response.json)
    response = client.post(URL, headers=admin, data="{not json", content_type="application/json")
    assert response.status_code == 400
    response = client.post(URL, headers=admin, data="title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert client.get(URL, headers=admin).json["total"] == 0


def test_a_patch_replaces_skills_whole_and_refuses_incomplete_entries(client, session):
    admin = token_for(UserFactory(role="admin"))
    need = NeedFactory()
    session.commit()
    response = client.patch(f"{URL}/{need.id}", headers=admin, json={"skills": [{"relation": "optional"}]})
    assert response.status_code == 422
    assert "skills" in response.json["errors"]["json"]
    response = client.patch(f"{URL}/{need.id}", headers=admin, json={"kind": "seasonal_peak"})
    assert response.status_code == 422 and "months" in response.json["errors"]["json"]
    assert client.get(f"{URL}/{need.id}", headers=admin).json["kind"] == "vacancy"


def test_responses_are_what_the_need_schema_documents(client, session):
    """Need responses are built from rows, not dumped through NeedSchema (speed): held to the schema here."""
    reader = token_for(UserFactory(role="advisor"))
    occupation = OccupationFactory(label_nl=None)
    lift, plan, drive = SkillFactory(label_nl="tillen"), SkillFactory(label_nl=None), SkillFactory()
    full = NeedFactory(occupation=occupation, kind="seasonal_peak", months=[8, 9], accommodations=["language_buddy"],
                       welcomes_groups=["refugee_status_holder"], dutch_level="A2", trains_on_job=True,
                       closes_on=date(2030, 7, 31), description="Appels plukken", latitude=52.5, longitude=6.25)
    bare = NeedFactory()
    for skill, relation in ((plan, "optional"), (drive, "essential"), (lift, "essential")):
        session.add(NeedSkill(need_id=full.id, skill_id=skill.id, relation=relation))
    session.commit()
    listed = client.get(URL, headers=reader).json["items"]
    assert [n["id"] for n in listed] == [full.id, bare.id]
    for need, body in zip((full, bare), listed):
        assert client.get(f"{URL}/{need.id}", headers=reader).json == body
        assert set(body) == set(NeedSchema().fields)
        computed = ("occupation", "skills", "work_demands", "closed_on")
        assert {k: v for k, v in body.items() if k not in computed} == NeedSchema(exclude=computed).dump(need)
        assert body["closed_on"] is None  # its closing date has not passed
        assert body["work_demands"] == []  # no demand stated, and the occupation's skills demand none
    assert listed[0]["occupation"] == {"id": occupation.id, "uri": occupation.uri, "label": occupation.label_en}
    assert listed[0]["skills"] == [
        {"id": s.id, "uri": s.uri, "label": label, "relation": relation,
         "relation_label": {"essential": "Nodig", "optional": "Handig extra"}[relation]}
        for s, label, relation in sorted(((lift, "tillen", "essential"), (drive, drive.label_nl, "essential"),
                                          (plan, plan.label_en, "optional")), key=lambda t: (t[2], t[0].id))]
    assert listed[1]["occupation"] is None and listed[1]["skills"] == []
