from matchmaker.models import Programme
from tests.factories import (
    OccupationFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SkillFactory,
    UserFactory,
    token_for,
)

URL = "/api/v1/programmes"


def _school(**kwargs):
    return OrganisationFactory(**{"kind": "school", "sector": "education", **kwargs})


def _names(client, headers, qs):
    response = client.get(f"{URL}?{qs}", headers=headers)
    assert response.status_code == 200, response.json
    return [p["name"] for p in response.json["items"]]


def test_admin_creates_a_programme_with_skills_and_occupations_labelled_in_dutch(client, session):
    admin = token_for(UserFactory(role="admin"))
    school = _school(municipality_code="GM0193", latitude=52.5125, longitude=6.0914)
    welding = SkillFactory(label_en="welding", label_nl="lassen")
    english_only = SkillFactory(label_en="read drawings", label_nl=None)
    welder = OccupationFactory(label_en="welder", label_nl="lasser")
    session.commit()
    response = client.post(URL, headers=admin, json={
        "organisation_id": school.id, "name": "Lassen BBL", "level": "mbo2", "mode": "work_based",
        "duration_months": 24, "start_months": [2, 9], "capacity": 16, "municipality_code": "GM0164",
        "skill_ids": [welding.id, english_only.id], "occupation_ids": [welder.id]})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["organisation_id"] == school.id
    assert (body["municipality_code"], body["latitude"], body["longitude"]) == ("GM0164", 52.2658, 6.7931)
    assert body["skills"] == [{"id": welding.id, "uri": welding.uri, "label": "lassen"},
                              {"id": english_only.id, "uri": english_only.uri, "label": "read drawings"}]
    assert body["occupations"] == [{"id": welder.id, "uri": welder.uri, "label": "lasser"}]
    again = client.get(f"{URL}/{body['id']}", headers=admin).json
    assert again["start_months"] == [2, 9] and again["capacity"] == 16


def test_a_programme_without_location_is_placed_at_its_school(client, session):
    school = _school(municipality_code="GM0150", latitude=52.255, longitude=6.1639)
    own = token_for(UserFactory(role="school", organisation_id=school.id))
    session.commit()
    response = client.post(URL, headers=own, json={
        "organisation_id": school.id, "name": "Zorg niveau 3", "level": "mbo3", "mode": "full_time",
        "duration_months": 36})
    assert response.status_code == 201, response.json
    assert (response.json["municipality_code"], response.json["latitude"]) == ("GM0150", 52.255)


def test_list_filters(client, session):
    reader = token_for(UserFactory(role="person"))
    care_school = _school(sector="care")
    tech_school = _school(sector="manufacturing")
    nurse, welder = OccupationFactory(), OccupationFactory()
    caring, welding = SkillFactory(), SkillFactory()
    ProgrammeFactory(name="Verzorgende IG", organisation=care_school, municipality_code="GM0193", level="mbo3",
                     mode="full_time", occupations=[nurse], skills=[caring], description="Zorg in Zwolle")
    ProgrammeFactory(name="Lassen BBL", organisation=tech_school, municipality_code="GM0164", level="mbo2",
                     mode="work_based", occupations=[welder], skills=[welding])
    session.commit()
    assert _names(client, reader, "") == ["Verzorgende IG", "Lassen BBL"]
    assert _names(client, reader, "region=regio-zwolle") == ["Verzorgende IG"]
    assert _names(client, reader, "municipality=GM0164") == ["Lassen BBL"]
    assert _names(client, reader, "sector=care") == ["Verzorgende IG"]
    assert _names(client, reader, f"occupation={welder.id}") == ["Lassen BBL"]
    assert _names(client, reader, f"skill={caring.id}") == ["Verzorgende IG"]
    assert _names(client, reader, "mode=work_based") == ["Lassen BBL"]
    assert _names(client, reader, "level=mbo3") == ["Verzorgende IG"]
    assert _names(client, reader, f"organisation={tech_school.id}") == ["Lassen BBL"]
    assert _names(client, reader, "q=zwolle") == ["Verzorgende IG"]
    assert _names(client, reader, "q=lassen") == ["Lassen BBL"]
    page = client.get(f"{URL}?limit=1&offset=1", headers=reader).json
    assert (page["total"], [p["name"] for p in page["items"]]) == (2, ["Lassen BBL"])


def test_bad_list_arguments_name_the_field(client, session):
    reader = token_for(UserFactory(role="advisor"))
    session.commit()
    for qs, field in (("limit=-5", "limit"), ("limit=abc", "limit"), ("mode=evening", "mode"),
                      ("occupation=99999999999999999999", "occupation"), ("region=atlantis", "region")):
        response = client.get(f"{URL}?{qs}", headers=reader)
        assert response.status_code in (400, 422), qs
        assert field in response.json["errors"]["query"], (qs, response.json)


def test_school_writes_only_its_own_programmes(client, session):
    own, other = _school(), _school()
    theirs = ProgrammeFactory(organisation=other, capacity=20)
    mine = ProgrammeFactory(organisation=own)
    school = token_for(UserFactory(role="school", organisation_id=own.id))
    session.commit()
    body = {"organisation_id": other.id, "name": "X", "level": "course", "mode": "short_course", "duration_months": 1}
    assert client.post(URL, headers=school, json=body).status_code == 403
    assert client.patch(f"{URL}/{theirs.id}", headers=school, json={"capacity": 1}).status_code == 403
    assert client.delete(f"{URL}/{theirs.id}", headers=school).status_code == 403
    assert client.patch(f"{URL}/{mine.id}", headers=school, json={"organisation_id": other.id}).status_code == 403
    assert client.get(f"{URL}/{theirs.id}", headers=school).json["capacity"] == 20
    assert client.get(f"{URL}/{mine.id}", headers=school).json["organisation_id"] == own.id
    assert client.patch(f"{URL}/{mine.id}", headers=school, json={"capacity": 5}).json["capacity"] == 5
    assert client.delete(f"{URL}/{mine.id}", headers=school).status_code == 204
    assert client.get(f"{URL}/{mine.id}", headers=school).status_code == 404


def test_employers_advisors_and_persons_cannot_write_programmes(client, session):
    school = _school()
    programme = ProgrammeFactory(organisation=school)
    employer_org = OrganisationFactory()
    session.commit()
    body = {"organisation_id": school.id, "name": "X", "level": "course", "mode": "short_course",
            "duration_months": 1}
    for user in (UserFactory(role="employer", organisation_id=employer_org.id), UserFactory(role="advisor"),
                 UserFactory(role="person")):
        headers = token_for(user)
        session.commit()
        assert client.get(f"{URL}/{programme.id}", headers=headers).status_code == 200
        assert client.post(URL, headers=headers, json=body).status_code == 403
        assert client.patch(f"{URL}/{programme.id}", headers=headers, json={"name": "Y"}).status_code == 403
        assert client.delete(f"{URL}/{programme.id}", headers=headers).status_code == 403
    assert session.query(Programme).count() == 1


def test_coordinator_may_not_place_a_programme_at_an_employer(client, session):
    coordinator = token_for(UserFactory(role="coordinator"))
    employer = OrganisationFactory(kind="employer")
    session.commit()
    response = client.post(URL, headers=coordinator, json={
        "organisation_id": employer.id, "name": "X", "level": "course", "mode": "short_course", "duration_months": 1})
    assert response.status_code == 422
    assert "organisation_id" in response.json["errors"]["json"]
    assert client.get(URL, headers=coordinator).json["total"] == 0


def test_validation_errors_name_the_field_and_store_nothing(client, session):
    admin = token_for(UserFactory(role="admin"))
    school = _school()
    session.commit()
    good = {"organisation_id": school.id, "name": "Logistiek", "level": "mbo2", "mode": "full_time",
            "duration_months": 12}
    cases = [
        ({"duration_months": 0}, "duration_months"),
        ({"duration_months": 121}, "duration_months"),
        ({"duration_months": "12"}, "duration_months"),
        ({"level": "phd"}, "level"),
        ({"start_months": [13]}, "start_months"),
        ({"name": "a\x00b"}, "name"),
        ({"name": "\ud800"}, "name"),
        ({"skill_ids": [99999]}, "skill_ids"),
        ({"occupation_ids": [2**63]}, "occupation_ids"),
        ({"occupation_ids": [4242]}, "occupation_ids"),
        ({"organisation_id": 4242}, "organisation_id"),
        ({"colour": "red"}, "colour"),
    ]
    for change, field in cases:
        response = client.post(URL, headers=admin, json={**good, **change})
        assert response.status_code in (400, 422), change
        assert field in response.json["errors"]["json"], (change, response.json)
    assert client.get(URL, headers=admin).json["total"] == 0
    assert client.get(f"{URL}/{2**63}", headers=admin).status_code == 404
