import logging

import pytest

from matchmaker.models import Person
from tests.factories import OccupationFactory, OrganisationFactory, PersonFactory, SkillFactory, UserFactory, token_for

SPECIAL = ("target_groups", "accommodation_needs", "consent")


@pytest.fixture
def caseload(session):
    """An admin, two advisors each with one person (with consented special-category data), and their logins."""
    admin = UserFactory(role="admin")
    advisor, other_advisor = UserFactory(role="advisor"), UserFactory(role="advisor")
    anna = PersonFactory(name="Anna de Vries", advisor_id=advisor.id, consent_special_category=True,
                         target_groups=["returner"], accommodation_needs=["part_time"])
    bram = PersonFactory(name="Bram Bakker", advisor_id=other_advisor.id)
    anna_user = UserFactory(role="person", person_id=anna.id)
    bram_user = UserFactory(role="person", person_id=bram.id)
    employer = UserFactory(role="employer", organisation_id=OrganisationFactory().id)
    headers = {name: token_for(user) for name, user in (
        ("admin", admin), ("advisor", advisor), ("other_advisor", other_advisor), ("anna", anna_user),
        ("bram", bram_user), ("employer", employer), ("coordinator", UserFactory(role="coordinator")),
        ("school", UserFactory(role="school")))}
    session.commit()
    return {"anna": anna, "bram": bram, "advisor": advisor, "headers": headers}


@pytest.mark.parametrize("viewer, status, sees_special", [
    ("admin", 200, True), ("advisor", 200, True), ("anna", 200, True),
    ("other_advisor", 404, False), ("bram", 404, False), ("employer", 403, False), ("coordinator", 403, False),
    ("school", 403, False),
])
def test_special_category_fields_reach_only_the_person_their_advisor_and_admins(client, caseload, viewer, status,
                                                                                  sees_special):
    response = client.get(f"/api/v1/people/{caseload['anna'].id}", headers=caseload["headers"][viewer])
    assert response.status_code == status
    body = response.json
    if sees_special:
        assert body["name"] == "Anna de Vries"
        assert body["target_groups"] == ["returner"]
        assert body["accommodation_needs"] == ["part_time"]
        assert body["consent"]["special_category"] is True
    else:
        assert "Anna" not in response.get_data(as_text=True)
        assert not set(SPECIAL) & set(body)
        assert "returner" not in response.get_data(as_text=True)


def test_viewers_without_the_right_get_the_schema_without_special_category_fields(app, session):
    from matchmaker.api.people import shown
    person = PersonFactory(consent_special_category=True, target_groups=["returner"])
    coordinator = UserFactory(role="coordinator")
    admin = UserFactory(role="admin")
    assert not set(SPECIAL) & set(shown(coordinator, person))
    assert shown(admin, person)["target_groups"] == ["returner"]


def test_openapi_document_says_which_schema_each_viewer_gets(client):
    doc = client.get("/api/openapi.json").json
    response = doc["paths"]["/api/v1/people/{person_id}"]["get"]["responses"]["200"]
    refs = [s["$ref"] for s in response["content"]["application/json"]["schema"]["oneOf"]]
    assert refs == ["#/components/schemas/PersonPrivate", "#/components/schemas/Person"]
    assert "target_groups" in doc["components"]["schemas"]["PersonPrivate"]["properties"]
    assert not set(SPECIAL) & set(doc["components"]["schemas"]["Person"]["properties"])
    assert "omits" in response["description"]


@pytest.mark.parametrize("role", ["employer", "coordinator", "school"])
def test_organisation_and_network_roles_may_not_use_any_people_endpoint(client, caseload, role):
    headers, anna = caseload["headers"][role], caseload["anna"]
    assert client.get("/api/v1/people", headers=headers).status_code == 403
    assert client.post("/api/v1/people", headers=headers, json={"name": "X", "municipality_code": "GM0153"}).status_code == 403
    assert client.patch(f"/api/v1/people/{anna.id}", headers=headers, json={"name": "X"}).status_code == 403
    assert client.delete(f"/api/v1/people/{anna.id}", headers=headers).status_code == 403
    assert client.get(f"/api/v1/people/{anna.id}", headers=caseload["headers"]["admin"]).json["name"] == "Anna de Vries"


def test_advisors_list_read_edit_and_delete_only_their_own_caseload(client, caseload):
    h, anna, bram = caseload["headers"], caseload["anna"], caseload["bram"]
    listed = client.get("/api/v1/people", headers=h["advisor"]).json
    assert [p["name"] for p in listed["items"]] == ["Anna de Vries"] and listed["total"] == 1
    assert client.get(f"/api/v1/people/{bram.id}", headers=h["advisor"]).status_code == 404
    assert client.patch(f"/api/v1/people/{bram.id}", headers=h["advisor"], json={"summary": "x"}).status_code == 404
    assert client.delete(f"/api/v1/people/{bram.id}", headers=h["advisor"]).status_code == 404
    assert client.get(f"/api/v1/people/{bram.id}", headers=h["other_advisor"]).json["summary"] == ""
    assert client.get("/api/v1/people", headers=h["admin"]).json["total"] == 2
    assert client.delete(f"/api/v1/people/{anna.id}", headers=h["advisor"]).status_code == 204
    assert client.get(f"/api/v1/people/{anna.id}", headers=h["admin"]).status_code == 404


def test_an_advisor_who_creates_a_person_becomes_their_advisor(client, caseload, session):
    h, advisor = caseload["headers"], caseload["advisor"]
    occupation = OccupationFactory()
    skill = SkillFactory()
    session.commit()
    response = client.post("/api/v1/people", headers=h["advisor"], json={
        "name": "Chris Smit", "email": "chris@example.org", "phone": "+31 6 1234 5678", "birth_year": 1990,
        "status": "job_seeker", "education_level": "mbo2", "dutch_level": "B2", "languages": ["nl", "en"],
        "travel_radius_km": 15, "hours_per_week": 24, "available_months": [6, 7, 8], "summary": "Keen cook.",
        "municipality_code": "GM0193", "skill_ids": [skill.id],
        "work_history": [{"occupation_id": occupation.id, "employer_name": "Bistro", "start_date": "2019-03-01",
                          "end_date": "2021-05-31"}],
    })
    assert response.status_code == 201, response.json
    body = response.json
    assert body["advisor_id"] == advisor.id
    assert (body["latitude"], body["longitude"]) == (52.5125, 6.0914)
    assert body["skill_ids"] == [skill.id]
    assert body["work_history"][0]["occupation_label"] == occupation.label_nl
    assert body["consent"] == {"special_category": False, "share_with_organisations": [], "shared_with": [], "recorded_at": None,
                               "history": []}
    assert client.get(f"/api/v1/people/{body['id']}", headers=h["advisor"]).json["languages"] == ["nl", "en"]
    assert client.get(f"/api/v1/people/{body['id']}", headers=h["other_advisor"]).status_code == 404


def test_only_an_admin_assigns_or_changes_the_advisor(client, caseload, session):
    h, anna, advisor = caseload["headers"], caseload["anna"], caseload["advisor"]
    other = client.get("/api/v1/people", headers=h["other_advisor"]).json["items"][0]["advisor_id"]
    response = client.post("/api/v1/people", headers=h["advisor"], json={
        "name": "X", "municipality_code": "GM0153", "advisor_id": other})
    assert response.status_code == 422 and "advisor_id" in response.json["errors"]["json"]
    for who in ("advisor", "anna"):
        response = client.patch(f"/api/v1/people/{anna.id}", headers=h[who], json={"advisor_id": other})
        assert response.status_code == 422 and "advisor_id" in response.json["errors"]["json"]
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["admin"], json={"advisor_id": other})
    assert response.status_code == 200 and response.json["advisor_id"] == other
    assert client.get(f"/api/v1/people/{anna.id}", headers=h["advisor"]).status_code == 404
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["admin"], json={"advisor_id": anna.id + 10**6})
    assert response.status_code == 422 and "advisor_id" in response.json["errors"]["json"]
    session.expire_all()
    assert session.get(Person, anna.id).advisor_id == other != advisor.id


def test_a_person_reads_and_edits_only_their_own_record(client, caseload):
    h, anna, bram = caseload["headers"], caseload["anna"], caseload["bram"]
    assert client.get("/api/v1/people", headers=h["anna"]).json["items"][0]["name"] == "Anna de Vries"
    assert client.get("/api/v1/people", headers=h["anna"]).json["total"] == 1
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["anna"], json={"hours_per_week": 20,
                                                                                   "summary": "Looking for days."})
    assert response.status_code == 200 and response.json["hours_per_week"] == 20
    assert client.get(f"/api/v1/people/{bram.id}", headers=h["anna"]).status_code == 404
    assert client.patch(f"/api/v1/people/{bram.id}", headers=h["anna"], json={"summary": "x"}).status_code == 404
    assert client.post("/api/v1/people", headers=h["anna"], json={"name": "X", "municipality_code": "GM0153"}).status_code == 403
    assert client.delete(f"/api/v1/people/{bram.id}", headers=h["anna"]).status_code == 404  # erases only herself
    assert client.get(f"/api/v1/people/{anna.id}", headers=h["admin"]).json["summary"] == "Looking for days."


def test_the_advisor_records_a_wish_for_a_career_change_and_the_person_reads_it(client, caseload):
    h, anna = caseload["headers"], caseload["anna"]
    assert client.get(f"/api/v1/people/{anna.id}", headers=h["anna"]).json["career_change"] is False
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["advisor"], json={"career_change": True})
    assert response.status_code == 200 and response.json["career_change"] is True
    assert client.get(f"/api/v1/people/{anna.id}", headers=h["anna"]).json["career_change"] is True


def test_list_filters_by_place_occupation_skill_and_name(client, caseload, session):
    h, advisor = caseload["headers"], caseload["advisor"]
    cook, skill = OccupationFactory(), SkillFactory()
    zwolle = PersonFactory(name="Dirk Zwolle", advisor_id=advisor.id, municipality_code="GM0193", skills=[skill])
    session.commit()
    client.patch(f"/api/v1/people/{zwolle.id}", headers=h["advisor"], json={
        "work_history": [{"occupation_id": cook.id, "start_date": "2020-01-01"}]})
    names = lambda qs: [p["name"] for p in client.get(f"/api/v1/people?{qs}", headers=h["advisor"]).json["items"]]  # noqa: E731
    assert names("region=regio-zwolle") == ["Dirk Zwolle"]
    assert names("municipality=GM0153") == ["Anna de Vries"]
    assert names(f"occupation={cook.id}") == ["Dirk Zwolle"]
    assert names(f"skill={skill.id}") == ["Dirk Zwolle"]
    assert names("q=anna") == ["Anna de Vries"]
    assert names("q=%25") == []
    assert names("limit=1&offset=1") == ["Dirk Zwolle"]
    assert client.get(f"/api/v1/people?occupation={cook.id}", headers=h["other_advisor"]).json["total"] == 0


def test_target_group_filter_is_for_admins_and_advisors_within_their_caseload(client, caseload, session):
    h, other_advisor = caseload["headers"], caseload["bram"].advisor_id
    PersonFactory(name="Eva", advisor_id=other_advisor, consent_special_category=True, target_groups=["returner"])
    PersonFactory(name="Fenna", advisor_id=caseload["advisor"].id, consent_special_category=True,
                  target_groups=["older_worker"])
    session.commit()
    names = lambda who: [p["name"] for p in client.get("/api/v1/people?target_group=returner", headers=h[who]).json["items"]]  # noqa: E731
    assert names("advisor") == ["Anna de Vries"]
    assert names("other_advisor") == ["Eva"]
    assert names("admin") == ["Anna de Vries", "Eva"]
    response = client.get("/api/v1/people?target_group=returner", headers=h["anna"])
    assert response.status_code == 403
    assert client.get("/api/v1/people?target_group=unknown", headers=h["admin"]).status_code == 422


@pytest.mark.parametrize("field, value", [
    ("birth_year", 1899), ("birth_year", 3000), ("birth_year", "1990"), ("languages", ["dutch"]),
    ("languages", ["NL"]), ("travel_radius_km", 0), ("travel_radius_km", 201), ("hours_per_week", 61),
    ("hours_per_week", 0), ("status", "retired"), ("dutch_level", "D1"), ("email", "not-an-email"),
    ("available_months", [13]), ("name", ""), ("name", "a\x00b"), ("advisor", 1), ("skill_ids", [0]),
    ("career_change", "maybe"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(client, caseload, field, value):
    h = caseload["headers"]
    response = client.post("/api/v1/people", headers=h["admin"], json={
        "name": "Gerrit", "municipality_code": "GM0153", **{field: value}})
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    assert client.get("/api/v1/people", headers=h["admin"]).json["total"] == 2


def test_unknown_skills_occupations_and_places_are_refused_naming_the_field(client, caseload):
    h = caseload["headers"]
    for body, field in (({"skill_ids": [999999]}, "skill_ids"), ({"municipality_code": "GM9999"}, "municipality_code"),
                        ({"work_history": [{"occupation_id": 999999, "start_date": "2020-01-01"}]}, "work_history")):
        response = client.post("/api/v1/people", headers=h["admin"], json={"name": "H", "municipality_code": "GM0153", **body})
        assert response.status_code == 422, body
        assert field in response.json["errors"]["json"]
    assert client.get("/api/v1/people", headers=h["admin"]).json["total"] == 2


def test_work_history_end_must_not_be_before_start(client, caseload, session):
    h, anna = caseload["headers"], caseload["anna"]
    cook = OccupationFactory()
    employer = OrganisationFactory(name="Hotel Zwolle")
    session.commit()
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["advisor"], json={"work_history": [
        {"occupation_id": cook.id, "start_date": "2022-05-01", "end_date": "2022-04-30"}]})
    assert response.status_code == 422
    assert "end_date" in response.json["errors"]["json"]["work_history"]["0"]
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["advisor"], json={"work_history": [
        {"occupation_id": cook.id, "start_date": "2022-05-01", "end_date": "2022-05-01", "organisation_id": employer.id},
        {"occupation_id": cook.id, "employer_name": "Eetcafé", "start_date": "2023-01-01", "end_date": None}]})
    assert response.status_code == 200, response.json
    history = response.json["work_history"]
    assert [(w["employer_name"], w["end_date"]) for w in history] == [("Hotel Zwolle", "2022-05-01"), ("Eetcafé", None)]
    response = client.patch(f"/api/v1/people/{anna.id}", headers=h["advisor"], json={"work_history": [
        {"occupation_id": cook.id, "start_date": "2022-05-01", "organisation_id": 999999}]})
    assert response.status_code == 422 and "work_history" in response.json["errors"]["json"]
    assert len(client.get(f"/api/v1/people/{anna.id}", headers=h["advisor"]).json["work_history"]) == 2


def test_personal_fields_never_reach_the_log(client, caseload, caplog):
    h = caseload["headers"]
    with caplog.at_level(logging.DEBUG):
        client.post("/api/v1/people", headers=h["advisor"], json={
            "name": "Ilse Geheim", "email": "ilse@geheim.example", "municipality_code": "GM0153",
            "consent": {"special_category": True}, "target_groups": ["refugee_status_holder"]})
        client.post("/api/v1/people", headers=h["advisor"], json={
            "name": "Ilse Geheim", "email": "ilse@geheim.example", "municipality_code": "GM0153",
            "target_groups": ["refugee_status_holder"]})
    assert "Geheim" not in caplog.text and "geheim.example" not in caplog.text
    assert "refugee_status_holder" not in caplog.text


def test_unauthenticated_callers_get_401(client, caseload):
    assert client.get("/api/v1/people").status_code == 401
    assert client.get(f"/api/v1/people/{caseload['anna'].id}").status_code == 401
