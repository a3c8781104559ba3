"""Interest requests: an employer shows interest in a pseudonymised candidate; the person's advisor forwards it; the
person agrees; only then does the employer see who it is."""
from __future__ import annotations

import pytest

from tests.factories import NeedFactory, OccupationFactory, OrganisationFactory, PersonFactory, UserFactory, token_for

URL = "/api/v1/interest-requests"


@pytest.fixture
def parties(session):
    bakery = OrganisationFactory(name="Bakkerij De Korenschoof")
    other = OrganisationFactory(name="Andere werkgever")
    advisor = UserFactory(role="advisor")
    person = PersonFactory(name="Karin Klein", advisor_id=advisor.id, email="karin@example.org")
    need = NeedFactory(organisation=bakery, title="Hulp in de bakkerij", occupation=OccupationFactory())
    session.commit()
    return {
        "need": need.id, "person": person.id, "other_need": NeedFactory(organisation=other).id,
        "employer": token_for(UserFactory(role="employer", organisation_id=bakery.id)),
        "other_employer": token_for(UserFactory(role="employer", organisation_id=other.id)),
        "advisor": token_for(advisor), "other_advisor": token_for(UserFactory(role="advisor")),
        "person_user": token_for(UserFactory(role="person", person_id=person.id)),
    }


def _code(client, parties) -> str:
    candidates = client.get(f"/api/v1/needs/{parties['need']}/candidates", headers=parties["employer"]).json["items"]
    assert len(candidates) == 1 and candidates[0]["shared_profile"] is None
    return candidates[0]["code"]


def test_interest_goes_through_the_advisor_and_the_name_shows_only_after_consent(client, parties):
    code = _code(client, parties)
    created = client.post(URL, json={"need_id": parties["need"], "candidate": code}, headers=parties["employer"])
    assert created.status_code == 201, created.json
    assert (created.json["status"], created.json["person"], created.json["code"]) == ("requested", None, code)
    assert created.json["status_label"] == "Wacht op de adviseur"
    request_id = created.json["id"]
    first_etag = client.get(f"{URL}/{request_id}", headers=parties["employer"]).headers["ETag"]
    again = client.post(URL, json={"need_id": parties["need"], "candidate": code}, headers=parties["employer"])
    assert (again.status_code, again.json["id"]) == (200, request_id)

    # the person does not see it before the advisor forwards it; the advisor sees who it is about
    assert client.get(URL, headers=parties["person_user"]).json["items"] == []
    assert client.get(f"{URL}/{request_id}", headers=parties["other_advisor"]).status_code == 404
    listed = client.get(URL, headers=parties["advisor"]).json["items"]
    assert [(r["id"], r["person"]["name"], r["organisation"]["name"]) for r in listed] == [
        (request_id, "Karin Klein", "Bakkerij De Korenschoof")]
    # the employer cannot answer for the person (it may only withdraw)
    refused = client.patch(f"{URL}/{request_id}", json={"status": "accepted"}, headers=parties["employer"])
    assert refused.status_code == 422 and "status" in refused.json["errors"]["json"]
    forwarded = client.patch(f"{URL}/{request_id}", json={"status": "forwarded"}, headers=parties["advisor"])
    assert forwarded.status_code == 200 and forwarded.json["status"] == "forwarded"
    # an answer on an outdated version changes nothing
    stale = client.patch(f"{URL}/{request_id}", json={"status": "accepted"},
                         headers={**parties["person_user"], "If-Match": first_etag})
    assert stale.status_code == 412
    assert client.get(f"{URL}/{request_id}", headers=parties["employer"]).json["person"] is None
    accepted = client.patch(f"{URL}/{request_id}", json={"status": "accepted"},
                            headers={**parties["person_user"], "If-Match": forwarded.headers["ETag"]})
    assert accepted.status_code == 200, accepted.json
    seen = client.get(f"{URL}/{request_id}", headers=parties["employer"]).json
    assert (seen["status"], seen["person"]["name"], seen["person"]["email"]) == (
        "accepted", "Karin Klein", "karin@example.org")
    # taking the yes back hides the name again
    client.patch(f"{URL}/{request_id}", json={"status": "declined"}, headers=parties["person_user"])
    assert client.get(f"{URL}/{request_id}", headers=parties["employer"]).json["person"] is None


def test_interest_only_in_a_candidate_of_ones_own_need(client, parties):
    code = _code(client, parties)
    wrong = client.post(URL, json={"need_id": parties["need"], "candidate": "ZZZZZZ"}, headers=parties["employer"])
    assert wrong.status_code == 422 and "candidate" in wrong.json["errors"]["json"]
    foreign = client.post(URL, json={"need_id": parties["need"], "candidate": code},
                          headers=parties["other_employer"])
    assert foreign.status_code == 404
    assert client.post(URL, json={"need_id": parties["need"], "candidate": code},
                       headers=parties["advisor"]).status_code == 403
    assert client.get(URL, headers=parties["employer"]).json["total"] == 0


def test_the_advisor_may_not_answer_for_the_person(client, parties):
    code = _code(client, parties)
    request_id = client.post(URL, json={"need_id": parties["need"], "candidate": code},
                             headers=parties["employer"]).json["id"]
    refused = client.patch(f"{URL}/{request_id}", json={"status": "accepted"}, headers=parties["advisor"])
    assert refused.status_code == 422 and "status" in refused.json["errors"]["json"]

