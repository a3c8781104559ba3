"""Labels beside ids, in the reader's language (Accept-Language, Dutch by default)."""
from matchmaker.models import SkillBroader, SkillGroup
from tests.factories import (OccupationFactory, OrganisationFactory, PersonFactory, SkillFactory, UserFactory,
                             token_for)


def test_a_person_shows_skills_employers_and_consent_organisations_by_name_in_the_readers_language(client, session):
    weld = SkillFactory(label_nl="lassen", label_en="weld")
    forklift = SkillFactory(label_nl=None, label_en="operate forklift", uri="urn:skill:forklift")
    session.add_all([SkillGroup(uri="urn:group:transport", code="S8", label_en="driving vehicles",
                                label_nl="voertuigen besturen"),
                     SkillBroader(narrower_uri="urn:skill:forklift", broader_uri="urn:group:transport")])
    cook = OccupationFactory(label_nl="kok", label_en="cook")
    bistro = OrganisationFactory(name="Bistro De Kroon", kind="employer")
    school = OrganisationFactory(name="Deltion College", kind="school")
    admin = UserFactory(role="admin")
    session.flush()
    person = PersonFactory(skills=[weld, forklift], consent_share_with=[school.id])
    session.flush()
    headers = token_for(admin)
    session.commit()
    response = client.patch(f"/api/v1/people/{person.id}", headers=headers, json={"work_history": [
        {"occupation_id": cook.id, "organisation_id": bistro.id, "employer_name": "Bistro", "start_date": "2020-01-01"}]})
    assert response.status_code == 200, response.json

    dutch = client.get(f"/api/v1/people/{person.id}", headers=headers).json
    english = client.get(f"/api/v1/people/{person.id}", headers={**headers, "Accept-Language": "en-GB,en;q=0.9"}).json

    assert dutch["skills"] == [{"id": weld.id, "label": "lassen"},
                               {"id": forklift.id, "label": "operate forklift (voertuigen besturen)"}]
    assert english["skills"] == [{"id": forklift.id, "label": "operate forklift"}, {"id": weld.id, "label": "weld"}]
    assert dutch["work_history"][0]["occupation_label"] == "kok"
    assert english["work_history"][0]["occupation_label"] == "cook"
    assert dutch["work_history"][0]["organisation"] == {"id": bistro.id, "name": "Bistro De Kroon"}
    assert dutch["consent"]["shared_with"] == [{"id": school.id, "name": "Deltion College"}]
    assert dutch["place"] == "Enschede"
    listed = client.get("/api/v1/people", headers=headers).json["items"][0]
    assert listed["skills"] == dutch["skills"]


def test_a_need_shows_its_employer_occupation_and_skills_by_name(client, session):
    cook = OccupationFactory(label_nl="kok", label_en="cook")
    knife = SkillFactory(label_nl="messen gebruiken", label_en="use knives")
    bistro = OrganisationFactory(name="Bistro De Kroon", kind="employer")
    headers = token_for(UserFactory(role="admin"))
    session.commit()
    created = client.post("/api/v1/needs", headers=headers, json={
        "organisation_id": bistro.id, "kind": "vacancy", "title": "Kok", "occupation_id": cook.id,
        "hours_per_week": 32, "municipality_code": "GM0153", "skills": [{"skill_id": knife.id}]})
    assert created.status_code == 201, created.json

    english = client.get(f"/api/v1/needs/{created.json['id']}", headers={**headers, "Accept-Language": "en"}).json
    dutch = client.get("/api/v1/needs", headers=headers).json["items"][0]

    assert english["organisation"] == {"id": bistro.id, "name": "Bistro De Kroon"}
    assert (english["occupation"]["label"], english["skills"][0]["label"]) == ("cook", "use knives")
    assert (dutch["occupation"]["label"], dutch["skills"][0]["label"], dutch["place"]) == ("kok", "messen gebruiken",
                                                                                           "Enschede")
