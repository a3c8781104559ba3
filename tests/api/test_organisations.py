from tests.factories import OrganisationFactory, UserFactory, token_for


def test_admin_creates_an_employer_placed_at_its_municipality(client, session):
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    response = client.post("/api/v1/organisations", headers=admin, json={
        "name": "Jansen Fruit", "kind": "employer", "sector": "agriculture_food", "municipality_code": "GM0177",
        "accommodations": ["part_time"], "lever_strengths": {"flexible_organising": 3},
    })
    assert response.status_code == 201, response.json
    body = response.json
    assert body["municipality_code"] == "GM0177"
    assert (body["latitude"], body["longitude"]) == (52.3858, 6.275)
    assert client.get(f"/api/v1/organisations/{body['id']}", headers=admin).json["name"] == "Jansen Fruit"


def test_list_filters_by_region_sector_and_text(client, session):
    admin = token_for(UserFactory(role="admin"))
    OrganisationFactory(name="Zorg Zwolle", sector="care", municipality_code="GM0193")
    OrganisationFactory(name="Twente Logistiek", sector="logistics", municipality_code="GM0164")
    session.commit()
    names = lambda qs: [o["name"] for o in client.get(f"/api/v1/organisations?{qs}", headers=admin).json["items"]]  # noqa: E731
    assert names("region=regio-zwolle") == ["Zorg Zwolle"]
    assert names("sector=logistics") == ["Twente Logistiek"]
    assert names("q=logist") == ["Twente Logistiek"]
    assert names("q=%25") == []


def test_employer_edits_only_its_own_organisation(client, session):
    own, other = OrganisationFactory(), OrganisationFactory()
    employer = token_for(UserFactory(role="employer", organisation_id=own.id))
    session.commit()
    assert client.patch(f"/api/v1/organisations/{own.id}", headers=employer, json={"size": 12}).status_code == 200
    response = client.patch(f"/api/v1/organisations/{other.id}", headers=employer, json={"size": 12})
    assert response.status_code == 403
    assert client.get(f"/api/v1/organisations/{other.id}", headers=employer).json["size"] == 40


def test_unknown_municipality_is_refused_naming_the_field(client, session):
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    response = client.post("/api/v1/organisations", headers=admin, json={
        "name": "X", "kind": "employer", "sector": "care", "municipality_code": "GM9999"})
    assert response.status_code == 422
    assert "municipality_code" in response.json["errors"]["json"]
    assert client.get("/api/v1/organisations", headers=admin).json["total"] == 0
