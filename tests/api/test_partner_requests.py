from matchmaker.models import PartnerRequest
from tests.factories import OccupationFactory, OrganisationFactory, PartnerRequestFactory, UserFactory, token_for

URL = "/api/v1/partner-requests"


def _titles(client, headers, qs):
    response = client.get(f"{URL}?{qs}", headers=headers)
    assert response.status_code == 200, response.json
    return [r["title"] for r in response.json["items"]]


def test_employer_offers_staff_sharing_for_its_own_organisation(client, session):
    farm = OrganisationFactory(sector="agriculture_food")
    picker = OccupationFactory(label_nl="fruitplukker")
    employer = token_for(UserFactory(role="employer", organisation_id=farm.id))
    session.commit()
    response = client.post(URL, headers=employer, json={
        "organisation_id": farm.id, "direction": "offers", "kind": "staff_sharing", "title": "Plukkers in de winter",
        "months": [11, 12, 1], "occupation_id": picker.id, "headcount": 6})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "open" and body["lever"] is None and body["headcount"] == 6
    assert body["occupation"] == {"id": picker.id, "uri": picker.uri, "label": "fruitplukker"}
    assert client.get(f"{URL}/{body['id']}", headers=employer).json["months"] == [11, 12, 1]


def test_school_seeks_knowledge_exchange_on_a_lever(client, session):
    school = OrganisationFactory(kind="school", sector="education")
    headers = token_for(UserFactory(role="school", organisation_id=school.id))
    session.commit()
    body = {"organisation_id": school.id, "direction": "seeks", "kind": "knowledge_exchange",
            "title": "Leren van pioniers"}
    response = client.post(URL, headers=headers, json=body)
    assert response.status_code == 422 and "lever" in response.json["errors"]["json"]
    response = client.post(URL, headers=headers, json={**body, "lever": "management"})
    assert response.status_code == 422 and "lever" in response.json["errors"]["json"]
    response = client.post(URL, headers=headers, json={**body, "lever": "co_creation"})
    assert response.status_code == 201, response.json
    assert response.json["lever"] == "co_creation"


def test_fields_must_fit_the_kind(client, session):
    admin = token_for(UserFactory(role="admin"))
    org = OrganisationFactory()
    occupation = OccupationFactory()
    session.commit()
    base = {"organisation_id": org.id, "direction": "seeks", "title": "X"}
    cases = [
        ({"kind": "co_creation", "months": [3]}, "months"),
        ({"kind": "talent_pipeline", "months": [3]}, "months"),
        ({"kind": "co_creation", "headcount": 2}, "headcount"),
        ({"kind": "staff_sharing", "lever": "smarter_working"}, "lever"),
        ({"kind": "knowledge_exchange", "lever": "smarter_working", "occupation_id": occupation.id}, "occupation_id"),
        ({"kind": "knowledge_exchange", "lever": "smarter_working", "headcount": 1}, "headcount"),
        ({"kind": "staff_sharing", "headcount": 0}, "headcount"),
        ({"kind": "staff_sharing", "months": [13]}, "months"),
        ({"kind": "staff_sharing", "occupation_id": 4040}, "occupation_id"),
        ({"kind": "swap"}, "kind"),
        ({"kind": "staff_sharing", "direction": "wants"}, "direction"),
        ({"kind": "staff_sharing", "title": "\x00"}, "title"),
        ({"kind": "staff_sharing", "organisation_id": 4040}, "organisation_id"),
        ({"kind": "staff_sharing", "organisation_id": 2**63}, "organisation_id"),
    ]
    for change, field in cases:
        response = client.post(URL, headers=admin, json={**base, **change})
        assert response.status_code in (400, 422), change
        assert field in response.json["errors"]["json"], (change, response.json)
    assert client.get(URL, headers=admin).json["total"] == 0


def test_a_patch_that_changes_the_kind_must_clear_what_no_longer_fits(client, session):
    admin = token_for(UserFactory(role="admin"))
    request = PartnerRequestFactory(kind="staff_sharing", months=[6, 7], headcount=3)
    session.commit()
    url = f"{URL}/{request.id}"
    response = client.patch(url, headers=admin, json={"kind": "knowledge_exchange", "lever": "smarter_working"})
    assert response.status_code == 422 and "months" in response.json["errors"]["json"]
    assert client.get(url, headers=admin).json["kind"] == "staff_sharing"
    response = client.patch(url, headers=admin, json={
        "kind": "knowledge_exchange", "lever": "smarter_working", "months": [], "headcount": None})
    assert response.status_code == 200, response.json
    assert (response.json["kind"], response.json["months"], response.json["headcount"]) == (
        "knowledge_exchange", [], None)
    response = client.patch(url, headers=admin, json={"lever": None})
    assert response.status_code == 422 and "lever" in response.json["errors"]["json"]


def test_list_filters(client, session):
    reader = token_for(UserFactory(role="advisor"))
    zwolle = OrganisationFactory(municipality_code="GM0193")
    hengelo = OrganisationFactory(municipality_code="GM0164")
    PartnerRequestFactory(organisation=zwolle, title="Personeel delen", direction="offers", kind="staff_sharing",
                          description="Winterwerk")
    PartnerRequestFactory(organisation=hengelo, title="Stageplekken", direction="seeks", kind="internship_places",
                          status="closed")
    PartnerRequestFactory(organisation=hengelo, title="Samen opleiden", direction="seeks", kind="co_creation",
                          months=[])
    session.commit()
    assert _titles(client, reader, "") == ["Personeel delen", "Stageplekken", "Samen opleiden"]
    assert _titles(client, reader, "region=twente") == ["Stageplekken", "Samen opleiden"]
    assert _titles(client, reader, "municipality=GM0193") == ["Personeel delen"]
    assert _titles(client, reader, "kind=co_creation") == ["Samen opleiden"]
    assert _titles(client, reader, "direction=offers") == ["Personeel delen"]
    assert _titles(client, reader, "status=closed") == ["Stageplekken"]
    assert _titles(client, reader, f"organisation={hengelo.id}") == ["Stageplekken", "Samen opleiden"]
    assert _titles(client, reader, "q=winter") == ["Personeel delen"]
    assert _titles(client, reader, "region=twente&kind=co_creation&direction=seeks") == ["Samen opleiden"]
    response = client.get(f"{URL}?region=nowhere", headers=reader)
    assert response.status_code == 422 and "region" in response.json["errors"]["query"]


def test_organisations_write_only_their_own_requests(client, session):
    own, other = OrganisationFactory(), OrganisationFactory()
    theirs = PartnerRequestFactory(organisation=other, title="Theirs")
    mine = PartnerRequestFactory(organisation=own, title="Mine")
    employer = token_for(UserFactory(role="employer", organisation_id=own.id))
    session.commit()
    body = {"organisation_id": other.id, "direction": "seeks", "kind": "talent_pipeline", "title": "X"}
    assert client.post(URL, headers=employer, json=body).status_code == 403
    assert client.patch(f"{URL}/{theirs.id}", headers=employer, json={"title": "Y"}).status_code == 403
    assert client.delete(f"{URL}/{theirs.id}", headers=employer).status_code == 403
    assert client.patch(f"{URL}/{mine.id}", headers=employer, json={"organisation_id": other.id}).status_code == 403
    assert client.get(f"{URL}/{theirs.id}", headers=employer).json["title"] == "Theirs"
    assert client.patch(f"{URL}/{mine.id}", headers=employer, json={"status": "closed"}).json["status"] == "closed"
    assert client.delete(f"{URL}/{mine.id}", headers=employer).status_code == 204
    assert client.get(f"{URL}/{mine.id}", headers=employer).status_code == 404


def test_advisors_and_persons_only_read_and_coordinators_write_any(client, session):
    org = OrganisationFactory()
    request = PartnerRequestFactory(organisation=org)
    session.commit()
    for role in ("advisor", "person"):
        headers = token_for(UserFactory(role=role))
        session.commit()
        assert client.get(f"{URL}/{request.id}", headers=headers).status_code == 200
        assert client.post(URL, headers=headers, json={
            "organisation_id": org.id, "direction": "seeks", "kind": "co_creation", "title": "X"}).status_code == 403
        assert client.patch(f"{URL}/{request.id}", headers=headers, json={"title": "Y"}).status_code == 403
        assert client.delete(f"{URL}/{request.id}", headers=headers).status_code == 403
    assert session.query(PartnerRequest).count() == 1
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    assert client.patch(f"{URL}/{request.id}", headers=coordinator, json={"title": "Z"}).json["title"] == "Z"
    assert client.delete(f"{URL}/{request.id}", headers=coordinator).status_code == 204
