"""The exchange through the API, as its users would use it: an SME asks and reads its matches in Dutch; a network
publishes a case and hosts a session; organisations register and cancel; bad input gets a 4xx naming the field and
changes nothing; who may read what; the monitor's figures add up to the records, also as CSV."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from matchmaker.models import PracticeCase, ProgressCheck, SessionRegistration, SmeQuestion
from tests.factories import OrganisationFactory, UserFactory, token_for

SOON = datetime.now(timezone.utc) + timedelta(days=14)


@pytest.fixture
def world(session):
    network = OrganisationFactory(name="Werkgeversnetwerk Twente Inclusief", kind="network", sector="public_social")
    pioneer = OrganisationFactory(name="Wijkzorg Almelo", sector="care", size=60, pioneer=True,
                                  lever_strengths={"smarter_working": 3}, municipality_code="GM0141",
                                  latitude=52.3567, longitude=6.6625)
    smes = [OrganisationFactory(name=f"Thuiszorg {n}", sector="care", size=20 + n) for n in range(3)]
    users = {
        "admin": UserFactory(role="admin"),
        "coordinator": UserFactory(role="coordinator"),
        "host": UserFactory(role="school", organisation_id=network.id),  # hosts for its own organisation
        "pioneer": UserFactory(role="employer", organisation_id=pioneer.id),
        **{f"sme{n}": UserFactory(role="employer", organisation_id=sme.id) for n, sme in enumerate(smes)},
        "person": UserFactory(role="person"),
    }
    session.commit()
    return {"network": network, "pioneer": pioneer, "smes": smes,
            "headers": {role: token_for(user) for role, user in users.items()}}


CASE = {"title": "Zelfroosteren in de wijkzorg", "levers": ["smarter_working"], "barriers": ["time"],
        "problem": "Roosters kostten de planner veel tijd.", "approach": "Teams roosteren zelf in een app.",
        "results": "Minder ruilverzoeken.", "absence_change_pct": -18, "target_group_hires": 3,
        "transitions": ["digital"], "open_to_visit": True, "open_to_call": True}


def _session_data(capacity=2):
    return {"title": "Slimmer werken met digitale planning", "format": "workshop", "levers": ["smarter_working"],
            "sectors": ["care"], "starts_at": SOON.isoformat(), "ends_at": (SOON + timedelta(hours=2)).isoformat(),
            "municipality_code": "GM0153", "venue": "Kennispark", "capacity": capacity}


def test_an_sme_asks_and_reads_its_matches_in_dutch_and_english(client, world):
    h = world["headers"]
    case = client.post("/api/v1/practice-cases", json=CASE, headers=h["pioneer"])
    assert case.status_code == 201 and case.json["status"] == "draft"
    published = client.put(f"/api/v1/practice-cases/{case.json['id']}/publication", json={}, headers=h["pioneer"])
    assert published.json["status"] == "published" and published.json["status_label"] == "Gepubliceerd"
    hosted = client.post("/api/v1/sessions", json=_session_data(), headers=h["host"])
    assert hosted.status_code == 201 and hosted.json["free_places"] == 2

    asked = client.post("/api/v1/sme-questions", headers=h["sme0"], json={
        "question": "Hoe laten we teams zelf roosteren?", "levers": ["smarter_working"], "barriers": ["time"]})
    assert asked.status_code == 201 and asked.json["sector"] == "care"  # from the organisation
    matches = client.get(f"/api/v1/sme-questions/{asked.json['id']}/matches", headers=h["sme0"]).json
    assert [m["case"]["title"] for m in matches["cases"]] == ["Zelfroosteren in de wijkzorg"]
    assert matches["cases"][0]["explanation"].startswith("Wijkzorg Almelo werkte ook aan slimmer werken.")
    assert "Ook zij hadden te maken met te weinig tijd." in matches["cases"][0]["explanation"]
    assert "Er zijn nog 2 plaatsen vrij." in matches["sessions"][0]["explanation"]
    assert matches["pioneers"][0]["organisation"]["name"] == "Wijkzorg Almelo"
    assert matches["pioneers"][0]["kind"] == "knowledge_exchange"
    english = client.get(f"/api/v1/sme-questions/{asked.json['id']}/matches?lang=en", headers=h["sme0"]).json
    assert "2 places are still free." in english["sessions"][0]["explanation"]


def test_registering_and_cancelling_keeps_the_waiting_list_in_order(client, world, session):
    h = world["headers"]
    hosted = client.post("/api/v1/sessions", json=_session_data(capacity=2), headers=h["host"]).json
    url = f"/api/v1/sessions/{hosted['id']}/registrations"
    statuses = [client.post(url, json={}, headers=h[f"sme{n}"]).json for n in range(3)]
    assert [r["status"] for r in statuses] == ["confirmed", "confirmed", "waiting"]
    again = client.post(url, json={}, headers=h["sme0"])
    assert again.status_code == 409
    cancelled = client.delete(f"/api/v1/registrations/{statuses[0]['id']}", headers=h["sme0"])
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    assert client.get(f"/api/v1/registrations/{statuses[2]['id']}", headers=h["sme2"]).json["status"] == "confirmed"
    listed = client.get(url, headers=h["host"]).json
    assert [r["status"] for r in listed] == ["confirmed", "confirmed", "cancelled"]
    assert [r["organisation"]["name"] for r in client.get(url, headers=h["sme1"]).json] == ["Thuiszorg 1"]
    # another organisation cannot cancel someone else's place
    assert client.delete(f"/api/v1/registrations/{statuses[1]['id']}", headers=h["sme0"]).status_code in (403, 404)


@pytest.mark.parametrize("body, field", [
    ({"question": "Hoe?", "levers": []}, "levers"),
    ({"question": "Hoe?", "levers": ["telepathy"]}, "levers"),
    ({"question": "Hoe?", "levers": ["co_creation"], "barriers": ["weather"]}, "barriers"),
    ({"question": "Hoe?", "levers": ["co_creation"], "municipality_code": "GM9999"}, "municipality_code"),
    ({"question": "", "levers": ["co_creation"]}, "question"),
])
def test_a_bad_question_is_refused_naming_the_field_and_nothing_is_stored(client, world, session, body, field):
    answer = client.post("/api/v1/sme-questions", json=body, headers=world["headers"]["sme0"])
    assert answer.status_code in (400, 422) and field in answer.json["errors"]["json"], answer.json
    assert session.scalar(select(func.count()).select_from(SmeQuestion)) == 0


def test_bad_sessions_and_checks_are_refused_naming_the_field(client, world, session):
    h = world["headers"]
    late = {**_session_data(), "ends_at": (SOON - timedelta(hours=1)).isoformat()}
    assert "ends_at" in client.post("/api/v1/sessions", json=late, headers=h["host"]).json["errors"]["json"]
    nowhere = {**_session_data(), "municipality_code": None}
    refused = client.post("/api/v1/sessions", json=nowhere, headers=h["host"])
    assert "municipality_code" in refused.json["errors"]["json"]
    check = client.post("/api/v1/progress-checks", headers=h["sme0"], json={"scores": {
        "dynamic_management": 5, "flexible_organising": 1, "smarter_working": 1, "co_creation": 1}})
    assert check.status_code == 422 and "scores" in check.json["errors"]["json"]
    hosted = client.post("/api/v1/sessions", json=_session_data(capacity=1), headers=h["host"]).json
    client.post(f"/api/v1/sessions/{hosted['id']}/registrations", json={}, headers=h["sme0"])
    smaller = client.patch(f"/api/v1/sessions/{hosted['id']}", json={"capacity": 0}, headers=h["host"])
    assert smaller.status_code == 422 and "capacity" in smaller.json["errors"]["json"]
    assert session.scalar(select(func.count()).select_from(ProgressCheck)) == 0
    moved = client.patch(f"/api/v1/sessions/{hosted['id']}", json={"municipality_code": "GM9999"}, headers=h["host"])
    assert moved.status_code == 422 and "municipality_code" in moved.json["errors"]["json"]
    assert client.get(f"/api/v1/sessions/{hosted['id']}", headers=h["host"]).json["municipality_code"] == "GM0153"


def test_who_may_read_and_write_what(client, world):
    h = world["headers"]
    asked = client.post("/api/v1/sme-questions", json={"question": "Hoe?", "levers": ["co_creation"]},
                        headers=h["sme0"]).json
    assert client.get(f"/api/v1/sme-questions/{asked['id']}", headers=h["sme1"]).status_code == 404
    assert client.get(f"/api/v1/sme-questions/{asked['id']}/matches", headers=h["sme1"]).status_code == 404
    assert client.get(f"/api/v1/sme-questions/{asked['id']}", headers=h["coordinator"]).status_code == 200
    draft = client.post("/api/v1/practice-cases", json=CASE, headers=h["pioneer"]).json
    assert client.get(f"/api/v1/practice-cases/{draft['id']}", headers=h["sme0"]).status_code == 404
    assert client.post("/api/v1/practice-cases", json=CASE, headers=h["person"]).status_code == 403
    assert client.post("/api/v1/sme-questions", json={"question": "Hoe?", "levers": ["co_creation"]},
                       headers=h["host"]).status_code == 403
    assert client.get("/api/v1/exchange-monitor", headers=h["sme0"]).status_code == 403
    assert client.get("/api/v1/exchange-monitor").status_code == 401


def test_the_monitor_adds_up_to_the_records_and_exports_the_same_as_csv(client, world, session):
    h = world["headers"]
    case = client.post("/api/v1/practice-cases", json=CASE, headers=h["pioneer"]).json
    client.put(f"/api/v1/practice-cases/{case['id']}/publication", json={}, headers=h["pioneer"])
    hosted = client.post("/api/v1/sessions", json=_session_data(capacity=2), headers=h["host"]).json
    for n in range(3):
        client.post(f"/api/v1/sessions/{hosted['id']}/registrations", json={}, headers=h[f"sme{n}"])
        client.post("/api/v1/sme-questions", headers=h[f"sme{n}"], json={
            "question": "Hoe?", "levers": ["smarter_working", "co_creation"][:n % 2 + 1],
            "barriers": ["time", "money"][:n]})
    client.post("/api/v1/progress-checks", headers=h["sme0"], json={"scores": {
        "dynamic_management": 1, "flexible_organising": 2, "smarter_working": 1, "co_creation": 0}})
    figures = client.get("/api/v1/exchange-monitor", headers=h["coordinator"]).json
    totals = figures["totals"]
    assert totals["questions"] == session.scalar(select(func.count()).select_from(SmeQuestion)) == 3
    assert totals["practice_cases"] == 1 and totals["progress_checks"] == 1
    assert (totals["places_taken"], totals["waiting"]) == (2, 1)
    assert totals["smes_reached"] == 3 and totals["smes"] == 4  # the three that asked, and the pioneer (not reached)
    for part in ("region", "sector", "size_class"):
        assert sum(item["smes_reached"] for item in figures["reach"][part]) == totals["smes_reached"]
        assert sum(item["smes"] for item in figures["reach"][part]) == totals["smes"]
    named = sum(len(q.barriers) for q in session.scalars(select(SmeQuestion)))
    assert sum(b["questions"] for b in figures["barriers"]["most_named"]) == named == 3
    assert sum(sum(q["counts"].values()) for q in figures["barriers"]["by_quarter"]) == named
    assert sum(s["places_taken"] for s in figures["sessions"]) == session.scalar(
        select(func.count()).where(SessionRegistration.status == "confirmed"))
    assert session.scalar(select(func.count()).select_from(PracticeCase)) == 1

    exported = client.get("/api/v1/exchange-monitor/csv", headers=h["coordinator"])
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert table[0] == ["Onderdeel", "Code", "Naam", "Maat", "Waarde"]
    assert ["Totalen", "", "", "MKB-bedrijven bereikt", "3"] in table
