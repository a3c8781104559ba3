"""A need's closing date closes it: from the day after, it is no longer open anywhere (the needs list, its page,
candidates, a person's matches, the region's counts, allocation), without anyone changing it."""
from __future__ import annotations

from datetime import timedelta

from matchmaker.services import open_needs
from matchmaker.services.open_needs import today
from tests.api.ecosystem_world import ENSCHEDE, need, occupation, reset_isco, skills
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, token_for


def _world(session):
    """Two needs for the same skill: one closed yesterday, one closing today (still open). Ana has the skill."""
    reset_isco()
    (a,) = skills("forklift driving")
    occ = occupation("warehouse worker", [a])
    employer = OrganisationFactory(name="DC Enschede", **ENSCHEDE)
    past = need(employer, occ, [a], title="Forklift driver (closed)", closes_on=today() - timedelta(days=1))
    last_day = need(employer, occ, [a], title="Forklift driver (last day)", closes_on=today())
    ana = PersonFactory(name="Ana", skills=[a], **ENSCHEDE)
    admin = token_for(UserFactory(role="admin"))
    boss = token_for(UserFactory(role="employer", organisation_id=employer.id))
    session.commit()
    return past, last_day, ana, admin, boss


def test_a_need_past_its_closing_date_is_closed_everywhere(client, session):
    past, last_day, ana, admin, boss = _world(session)
    shown = client.get(f"/api/v1/needs/{past.id}", headers=boss).json
    assert (shown["status"], shown["status_label"], shown["closed_on"]) == (
        "closed", "Gesloten", (today() - timedelta(days=1)).isoformat())
    still = client.get(f"/api/v1/needs/{last_day.id}", headers=boss).json
    assert (still["status"], still["closed_on"]) == ("open", None)  # open through its closing date

    open_ids = [n["id"] for n in client.get("/api/v1/needs?status=open", headers=admin).json["items"]]
    closed_ids = [n["id"] for n in client.get("/api/v1/needs?status=closed", headers=admin).json["items"]]
    assert open_ids == [last_day.id] and closed_ids == [past.id]

    matched = [m["need"]["id"] for m in client.get(f"/api/v1/people/{ana.id}/matches", headers=admin).json["items"]]
    assert matched == [last_day.id]
    assert client.get(f"/api/v1/needs/{past.id}/candidates", headers=boss).json["items"] == []
    assert [c["candidate"] for c in client.get(f"/api/v1/needs/{last_day.id}/candidates", headers=boss).json["items"]]

    twente = client.get("/api/v1/regions/twente", headers=admin).json
    assert twente["counts"]["open_needs"] == 1

    started = client.post("/api/v1/regions/twente/allocation", headers=admin, json={"k": 2})
    assert started.status_code == 202, started.json
    allocation = client.get("/api/v1/regions/twente/allocation", headers=admin).json
    assert allocation["needs"] == 1 and [n["need_id"] for n in allocation["per_need"]] == [last_day.id]


def test_interest_in_a_candidate_of_a_need_past_its_closing_date_is_refused(client, session):
    past, _, _, _, boss = _world(session)
    refused = client.post("/api/v1/interest-requests", headers=boss, json={"need_id": past.id, "candidate": "ABC123"})
    assert refused.status_code == 422 and "gesloten" in refused.json["errors"]["json"]["need_id"][0]


def test_the_day_after_its_closing_date_a_need_leaves_matches_read_before(client, session, monkeypatch):
    """Nothing changes in the data when a closing date passes: what was read and kept the day before (the open
    demand in memory, a person's stored matches) does not keep the need."""
    _, last_day, ana, admin, _ = _world(session)
    matches = f"/api/v1/people/{ana.id}/matches"
    assert [m["need"]["id"] for m in client.get(matches, headers=admin).json["items"]] == [last_day.id]
    tomorrow = today() + timedelta(days=1)
    monkeypatch.setattr(open_needs, "today", lambda: tomorrow)
    assert client.get(matches, headers=admin).json["items"] == []
    assert client.get(f"/api/v1/needs/{last_day.id}", headers=admin).json["closed_on"] == today().isoformat()


def test_the_day_after_its_closing_date_a_need_read_before_is_sent_again_closed(client, session, monkeypatch):
    """Its ETag follows its status today, not only its version: a client holding the open need's ETag gets the
    closed need, not 304 Not Modified; a write with If-Match needs the ETag of the need as it is now."""
    _, last_day, _, _, boss = _world(session)
    url = f"/api/v1/needs/{last_day.id}"
    read = client.get(url, headers=boss)
    assert read.json["status"] == "open"
    assert client.get(url, headers={**boss, "If-None-Match": read.headers["ETag"]}).status_code == 304

    tomorrow = today() + timedelta(days=1)
    monkeypatch.setattr(open_needs, "today", lambda: tomorrow)
    again = client.get(url, headers={**boss, "If-None-Match": read.headers["ETag"]})
    assert again.status_code == 200
    assert (again.json["status"], again.json["status_label"], again.json["closed_on"]) == (
        "closed", "Gesloten", (tomorrow - timedelta(days=1)).isoformat())
    assert again.json["version"] == read.json["version"] and again.headers["ETag"] != read.headers["ETag"]
    assert client.get(url, headers={**boss, "If-None-Match": again.headers["ETag"]}).status_code == 304

    stale = client.patch(url, headers={**boss, "If-Match": read.headers["ETag"]}, json={"headcount": 2})
    assert stale.status_code == 412
    changed = client.patch(url, headers={**boss, "If-Match": again.headers["ETag"]}, json={"headcount": 2})
    assert changed.status_code == 200 and changed.headers["ETag"] == client.get(url, headers=boss).headers["ETag"]
