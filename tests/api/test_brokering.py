"""Brokering: a region's partner matches as pairs of organisations, each pair once and ranked, with the status a
coordinator sets (GET/PUT /api/v1/regions/<code>/brokering)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchmaker.models import Brokering
from matchmaker.services.brokering import fold_pairs
from tests.factories import OrganisationFactory, UserFactory, at, token_for
from tests.web.coordinator_world import small_twente

URL = "/api/v1/regions/twente/brokering"


@pytest.fixture
def twente(session):
    world = small_twente()
    world.tokens = {role: token_for(UserFactory(role=role)) for role in ("coordinator", "admin", "employer")}
    session.commit()
    return world


def _names(pair) -> set[str]:
    return {pair["organisation"]["name"], pair["partner"]["name"]}


def test_each_pair_appears_once_best_first_with_every_match_as_a_reason(client, twente):
    body = client.get(URL, headers=twente.tokens["coordinator"]).json
    pairs = body["items"]
    assert body["total"] == 3 and body["by_status"] == {"proposed": 3, "contacted": 0, "agreed": 0, "declined": 0}
    assert [p["rank"] for p in pairs] == [1, 2, 3]
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    assert len({frozenset(_names(p)) for p in pairs}) == 3  # no pair twice
    first = pairs[0]
    assert _names(first) == {"Hengelo Cargo", "ROC Logistiek Oost"}
    assert first["kinds"] == ["request_answer", "employer_school"]
    assert first["kinds_labels"] == ["Antwoord op een vraag", "Werkgever en school"]
    assert "ROC Logistiek Oost (Hengelo) biedt cocreatie aan." in first["reasons"][0]["explanation"]
    assert "de opleiding Logistiek medewerker" in first["reasons"][1]["explanation"]
    assert (first["status"], first["status_label"], first["version"]) == ("proposed", "Voorgesteld", 0)
    # the staff-sharing pair is matched both ways round: one pair, two reasons
    (sharing,) = [p for p in pairs if _names(p) == {"Hengelo Cargo", "Magazijn De Twentse Poort"}]
    assert sharing["kinds"] == ["request_answer"] and len(sharing["reasons"]) == 2


def test_fold_pairs_keeps_the_place_of_the_best_match_and_skips_matches_without_a_counterpart():
    a, b, c = ({"id": i, "name": n, "place": None} for i, n in ((1, "A"), (2, "B"), (3, "C")))
    matches = [{"kind": "talent_pipeline", "score": 0.9, "organisation": b, "counterpart": a},
               {"kind": "co_creation", "score": 0.8, "organisation": c, "counterpart": None},
               {"kind": "employer_school", "score": 0.7, "organisation": a, "counterpart": c},
               {"kind": "knowledge_exchange", "score": 0.6, "organisation": a, "counterpart": b}]
    pairs = fold_pairs(matches)
    assert [(p["organisation"]["name"], p["partner"]["name"], p["rank"], p["kinds"]) for p in pairs] == [
        ("A", "B", 1, ["talent_pipeline", "knowledge_exchange"]), ("A", "C", 2, ["employer_school"])]


def test_a_coordinator_sets_a_status_that_the_list_and_the_pair_show(client, session, twente):
    headers = twente.tokens["coordinator"]
    url = f"{URL}/{twente.cargo.id}/{twente.warehouse.id}"
    read = client.get(url, headers=headers)
    assert read.status_code == 200 and read.json["status"] == "proposed" and read.json["rank"] == 2
    answer = client.put(url, json={"status": "contacted"}, headers={**headers, "If-Match": read.headers["ETag"]})
    assert answer.status_code == 200, answer.json
    assert (answer.json["status"], answer.json["status_label"], answer.json["version"]) == (
        "contacted", "Contact gelegd", 1)
    assert answer.headers["ETag"] != read.headers["ETag"]
    # the other way round is the same pair
    again = client.get(f"{URL}/{twente.warehouse.id}/{twente.cargo.id}", headers=headers)
    assert again.json["status"] == "contacted" and again.headers["ETag"] == answer.headers["ETag"]
    listed = client.get(f"{URL}?status=contacted", headers=headers).json
    assert listed["total"] == 1 and _names(listed["items"][0]) == {"Hengelo Cargo", "Magazijn De Twentse Poort"}
    assert listed["by_status"]["contacted"] == 1 and listed["by_status"]["proposed"] == 2
    assert client.put(url, json={"status": "agreed"}, headers=twente.tokens["admin"]).json["version"] == 2


def test_a_write_on_an_outdated_read_changes_nothing(client, session, twente):
    headers = twente.tokens["coordinator"]
    url = f"{URL}/{twente.cargo.id}/{twente.warehouse.id}"
    old = client.get(url, headers=headers).headers["ETag"]
    assert client.put(url, json={"status": "contacted"}, headers=headers).status_code == 200
    late = client.put(url, json={"status": "declined"}, headers={**headers, "If-Match": old})
    assert late.status_code == 412
    assert client.get(url, headers=headers).json["status"] == "contacted"


@pytest.mark.parametrize("body, field", [({"status": "klaar"}, "status"), ({}, "status"),
                                         ({"status": "agreed", "note": "x"}, "note")])
def test_a_bad_status_is_refused_naming_the_field_and_changes_nothing(client, session, twente, body, field):
    answer = client.put(f"{URL}/{twente.cargo.id}/{twente.warehouse.id}", json=body,
                        headers=twente.tokens["coordinator"])
    assert answer.status_code == 422 and field in answer.json["errors"]["json"]
    assert session.scalar(select(func.count()).select_from(Brokering)) == 0


def test_a_pair_must_be_two_organisations_one_of_them_in_the_region(client, session, twente):
    headers = twente.tokens["coordinator"]
    itself = client.put(f"{URL}/{twente.cargo.id}/{twente.cargo.id}", json={"status": "agreed"}, headers=headers)
    assert itself.status_code == 422 and "partner_id" in itself.json["errors"]["path"]
    zwolle = [OrganisationFactory(name=f"Zwolle {i}", **at("GM0193")) for i in range(2)]
    session.commit()
    elsewhere = client.put(f"{URL}/{zwolle[0].id}/{zwolle[1].id}", json={"status": "agreed"}, headers=headers)
    assert elsewhere.status_code == 404
    assert client.put(f"{URL}/{twente.cargo.id}/999999", json={"status": "agreed"}, headers=headers).status_code == 404
    # a pair across the border is brokered from either region, with one status
    across = client.put(f"{URL}/{twente.cargo.id}/{zwolle[0].id}", json={"status": "agreed"}, headers=headers)
    assert across.status_code == 200 and across.json["rank"] is None and across.json["reasons"] == []
    zwolle_side = client.get(f"/api/v1/regions/regio-zwolle/brokering/{zwolle[0].id}/{twente.cargo.id}",
                             headers=headers)
    assert zwolle_side.json["status"] == "agreed"
    assert session.scalar(select(func.count()).select_from(Brokering)) == 1


def test_only_coordinators_and_admins_broker(client, twente):
    employer = twente.tokens["employer"]
    assert client.get(URL, headers=employer).status_code == 403
    assert client.put(f"{URL}/{twente.cargo.id}/{twente.warehouse.id}", json={"status": "agreed"},
                      headers=employer).status_code == 403


def test_the_list_in_english_on_request(client, twente):
    first = client.get(f"{URL}?lang=en", headers=twente.tokens["coordinator"]).json["items"][0]
    assert first["status_label"] == "Proposed" and "ROC Logistiek Oost (Hengelo) offers" in \
        first["reasons"][0]["explanation"]
