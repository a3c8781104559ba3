from sqlalchemy import select

from matchmaker.models import ConsentEvent, Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, token_for


def _setup(session):
    advisor = UserFactory(role="advisor")
    person = PersonFactory(name="Jan Jansen", advisor_id=advisor.id)
    person_user = UserFactory(role="person", person_id=person.id)
    admin = UserFactory(role="admin")
    headers = {"advisor": token_for(advisor), "self": token_for(person_user), "admin": token_for(admin)}
    session.commit()
    return person, advisor, person_user, headers


def test_special_category_data_without_consent_is_refused_naming_the_field(client, session):
    person, _, _, h = _setup(session)
    for field, value in (("target_groups", ["returner"]), ("accommodation_needs", ["job_coach"])):
        response = client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={field: value})
        assert response.status_code == 422
        assert field in response.json["errors"]["json"]
        response = client.post("/api/v1/people", headers=h["advisor"], json={
            "name": "K", "municipality_code": "GM0153", field: value, "consent": {"special_category": False}})
        assert response.status_code == 422 and field in response.json["errors"]["json"]
    body = client.get(f"/api/v1/people/{person.id}", headers=h["advisor"]).json
    assert body["target_groups"] == [] and body["accommodation_needs"] == []
    assert body["consent"]["history"] == []
    assert client.get("/api/v1/people", headers=h["advisor"]).json["total"] == 1


def test_with_consent_special_category_data_is_stored_and_the_consent_recorded(client, session):
    person, advisor, _, h = _setup(session)
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={
        "consent": {"special_category": True}, "target_groups": ["returner", "older_worker"],
        "accommodation_needs": ["adjusted_hours"]})
    assert response.status_code == 200, response.json
    body = response.json
    assert body["target_groups"] == ["returner", "older_worker"]
    assert body["accommodation_needs"] == ["adjusted_hours"]
    assert body["consent"]["special_category"] is True and body["consent"]["recorded_at"]
    [event] = body["consent"]["history"]
    assert event["special_category"] is True and event["recorded_by_id"] == advisor.id and event["recorded_at"]


def test_creating_with_consent_records_who_gave_it(client, session):
    _, advisor, _, h = _setup(session)
    response = client.post("/api/v1/people", headers=h["advisor"], json={
        "name": "Lotte", "municipality_code": "GM0164", "consent": {"special_category": True},
        "accommodation_needs": ["wheelchair_access"]})
    assert response.status_code == 201, response.json
    assert response.json["accommodation_needs"] == ["wheelchair_access"]
    assert [e["recorded_by_id"] for e in response.json["consent"]["history"]] == [advisor.id]


def test_withdrawing_consent_erases_special_category_data_and_is_recorded(client, session):
    person, advisor, person_user, h = _setup(session)
    client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={
        "consent": {"special_category": True}, "target_groups": ["youth_neet"], "accommodation_needs": ["job_coach"]})
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["self"], json={"consent": {"special_category": False}})
    assert response.status_code == 200, response.json
    assert response.json["target_groups"] == [] and response.json["accommodation_needs"] == []
    session.expire_all()
    stored = session.get(Person, person.id)
    assert (stored.target_groups, stored.accommodation_needs, stored.consent_special_category) == ([], [], False)
    events = session.scalars(select(ConsentEvent).where(ConsentEvent.person_id == person.id).order_by(ConsentEvent.id)).all()
    assert [(e.special_category, e.recorded_by_id) for e in events] == [(True, advisor.id), (False, person_user.id)]
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={"target_groups": ["youth_neet"]})
    assert response.status_code == 422 and "target_groups" in response.json["errors"]["json"]


def test_withdrawing_consent_while_sending_special_category_data_is_refused_and_changes_nothing(client, session):
    person, _, _, h = _setup(session)
    client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={
        "consent": {"special_category": True}, "target_groups": ["returner"]})
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={
        "consent": {"special_category": False}, "target_groups": ["returner"]})
    assert response.status_code == 422 and "target_groups" in response.json["errors"]["json"]
    body = client.get(f"/api/v1/people/{person.id}", headers=h["advisor"]).json
    assert body["target_groups"] == ["returner"] and body["consent"]["special_category"] is True
    assert len(body["consent"]["history"]) == 1


def test_sharing_consent_names_existing_organisations_and_every_change_is_an_event(client, session):
    person, _, person_user, h = _setup(session)
    bakery, school = OrganisationFactory(), OrganisationFactory(kind="school")
    session.commit()
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["self"], json={
        "consent": {"special_category": False, "share_with_organisations": [bakery.id, school.id]}})
    assert response.status_code == 200, response.json
    assert response.json["consent"]["share_with_organisations"] == [bakery.id, school.id]
    # the same consent again is no change: no new event
    client.patch(f"/api/v1/people/{person.id}", headers=h["self"], json={
        "consent": {"special_category": False, "share_with_organisations": [bakery.id, school.id]}})
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["admin"], json={
        "consent": {"special_category": False, "share_with_organisations": [school.id]}})
    history = response.json["consent"]["history"]
    assert [e["share_with_organisations"] for e in history] == [[bakery.id, school.id], [school.id]]
    response = client.patch(f"/api/v1/people/{person.id}", headers=h["self"], json={
        "consent": {"special_category": False, "share_with_organisations": [999999]}})
    assert response.status_code == 422
    assert "consent.share_with_organisations" in response.json["errors"]["json"]
    assert client.get(f"/api/v1/people/{person.id}", headers=h["self"]).json["consent"]["share_with_organisations"] == [school.id]


def test_consent_must_say_whether_special_category_data_may_be_stored(client, session):
    _, _, _, h = _setup(session)
    response = client.post("/api/v1/people", headers=h["advisor"], json={
        "name": "M", "municipality_code": "GM0153", "consent": {"share_with_organisations": []}})
    assert response.status_code == 422
    assert "special_category" in response.json["errors"]["json"]["consent"]
