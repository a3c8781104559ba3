"""Regional allocation as a job (in-process Celery), against greedy top-k, on a world with an obvious answer."""
from __future__ import annotations

import json

from matchmaker.services import data_versions
from tests.api.ecosystem_world import ENSCHEDE, need, occupation, reset_isco, skills
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, token_for


def _world():
    """Need A asks skill a; need B asks skill b and optionally c. Ana holds a and b, Bo and Cas only a.
    Everyone's own best is A (Ana: 0.75 for A, 0.60 for B), so greedy fills one need; the region fills both."""
    reset_isco()
    a, b, c = skills("forklift driving", "stock counting", "inventory software")
    occ = occupation("warehouse worker", [a, b])
    employer = OrganisationFactory(name="DC Enschede", **ENSCHEDE)
    need_a = need(employer, occ, [a], title="Forklift driver")
    need_b = need(employer, occ, [b], [c], title="Stock counter")
    ana = PersonFactory(name="Ana Secret", skills=[a, b], consent_special_category=True,
                        target_groups=["refugee_status_holder"])
    bo = PersonFactory(name="Bo Secret", skills=[a])
    cas = PersonFactory(name="Cas Secret", skills=[a])
    return need_a, need_b, (ana, bo, cas)


def test_allocation_job_fills_both_needs_where_greedy_fills_one(client, session):
    need_a, need_b, (ana, bo, cas) = _world()
    admin = token_for(UserFactory(role="admin"))
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    assert client.get("/api/v1/regions/twente/allocation", headers=admin).status_code == 404
    started = client.post("/api/v1/regions/twente/allocation", headers=admin, json={"k": 2})
    assert started.status_code == 202, started.json
    job = client.get(started.json["url"], headers=admin).json
    assert (job["kind"], job["status"], job["subject"]) == ("allocation", "succeeded", {"type": "region", "id": "twente"})
    body = client.get("/api/v1/regions/twente/allocation", headers=coordinator).json
    assert body["job_id"] == job["id"] and body["stale"] is False
    assert (body["people"], body["needs"], body["places"], body["k"]) == (3, 2, 2, 2)
    assert body["regional"]["needs_filled"] == 2 and body["greedy"]["needs_filled"] == 1
    assert body["regional"]["seats_filled"] == 2 and body["greedy"]["seats_filled"] == 1
    assert body["regional"]["total_fit"] == 1.35 and body["greedy"]["total_fit"] == 0.75
    assert body["regional"]["people_with_suggestion"] == body["greedy"]["people_with_suggestion"] == 3
    by_person = {p["person_id"]: [s["need_id"] for s in p["suggestions"]] for p in body["suggestions"]}
    assert by_person[ana.id][0] == need_b.id                    # Ana takes the need only she can fill
    assert {by_person[bo.id][0], by_person[cas.id][0]} == {need_a.id}
    assert {n["need_id"]: n["seats_filled"] for n in body["per_need"]} == {need_a.id: 1, need_b.id: 1}
    assert {n["need_id"]: n["title"] for n in body["per_need"]} == {need_a.id: need_a.title, need_b.id: need_b.title}
    assert body["suggestions"][0]["suggestions"][0]["title"] in (need_a.title, need_b.title)
    # a group of one is not reported, and the result holds ids and aggregates only; group shares for admins only
    assert "special_category" not in body
    groups = client.get("/api/v1/regions/twente/allocation", headers=admin).json["special_category"]
    assert groups["groups"] == [{"group": "refugee_status_holder", "group_label": "Statushouder", "people": None,
                                 "people_text": "minder dan 5", "regional_share": None, "greedy_share": None}]
    assert "Statushouder: minder dan 5 mensen, niet gemeld." in groups["explanation"]
    assert "vullen 2 vacatures helemaal" in body["explanation"] and "zijn dat er 1 " in body["explanation"]
    assert "Dat is 1 vacature meer." in body["explanation"]
    text = json.dumps(job["result"])
    assert "Secret" not in text and "target_groups" not in text and "refugee_status_holder\", \"people\": 1" not in text
    # the data changes: the stored result is marked stale
    data_versions.bump(session=session, scope="region:twente")
    session.commit()
    assert client.get("/api/v1/regions/twente/allocation", headers=admin).json["stale"] is True


def test_allocation_rules_and_bad_input(client, session):
    coordinator = token_for(UserFactory(role="coordinator"))
    employer = token_for(UserFactory(role="employer", organisation_id=OrganisationFactory().id))
    session.commit()
    assert client.post("/api/v1/regions/twente/allocation", headers=employer, json={}).status_code == 403
    assert client.get("/api/v1/regions/twente/allocation", headers=employer).status_code == 403
    bad = client.post("/api/v1/regions/twente/allocation", headers=coordinator, json={"k": 0})
    assert bad.status_code == 422 and "k" in bad.json["errors"]["json"]
    assert client.post("/api/v1/regions/atlantis/allocation", headers=coordinator, json={}).status_code == 404
    empty = client.post("/api/v1/regions/stedendriehoek/allocation", headers=coordinator, json={})
    assert empty.status_code == 202
    result = client.get("/api/v1/regions/stedendriehoek/allocation", headers=coordinator).json
    assert result["people"] == 0 and result["regional"]["needs_filled"] == 0


def test_a_group_share_that_would_reveal_fewer_than_five_people_is_not_reported():
    from matchmaker.services.allocation import _reportable

    assert _reportable(0.5, 20) == 0.5
    assert _reportable(2 / 31, 31) is None  # 2 people with a suggestion
    assert _reportable(28 / 31, 31) is None  # 3 people without one
    assert _reportable(0.0, 30) == 0.0 and _reportable(1.0, 30) == 1.0


def test_allocation_says_why_a_need_stays_open_and_why_someone_has_no_suggestion(client, session):
    """Need A has four places and three people fit it: Ana, Bo and Cas. Ana fits B too, but A better. Need C asks
    a skill nobody holds and no programme teaches. Dee, far away, fits nothing."""
    reset_isco()
    a, b, c = skills("forklift driving", "stock counting", "crane operation")
    occ = occupation("warehouse worker", [a, b])
    employer = OrganisationFactory(name="DC Enschede", **ENSCHEDE)
    need_a = need(employer, occ, [a], title="Forklift driver", headcount=4)
    need_b = need(employer, occ, [b], title="Stock counter")
    need_c = need(employer, occ, [c], title="Crane operator")
    PersonFactory(name="Ana", skills=[a, b])
    PersonFactory(name="Bo", skills=[a])
    PersonFactory(name="Cas", skills=[a])
    dee = PersonFactory(name="Dee", skills=[a], municipality_code="GM0153", latitude=52.6, longitude=6.0,
                        travel_radius_km=10)
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    assert client.post("/api/v1/regions/twente/allocation", headers=coordinator, json={"k": 1}).status_code == 202
    body = client.get("/api/v1/regions/twente/allocation", headers=coordinator).json
    per_need = {n["need_id"]: n for n in body["per_need"]}
    assert per_need[need_a.id]["seats_filled"] == 3
    assert per_need[need_a.id]["explanation"] == "1 plek blijft open. Maar 3 mensen in de regio passen erbij."
    assert per_need[need_b.id]["seats_filled"] == 0
    assert per_need[need_b.id]["explanation"] == ("1 plek blijft open. 1 persoon die erbij past, past beter bij "
                                                  "een andere vraag.")
    assert per_need[need_c.id]["seats_filled"] == 0
    assert per_need[need_c.id]["explanation"].startswith("Niemand in de regio kan deze plek nu nemen.")
    assert per_need[need_c.id]["facts"][0]["params"]["barrier"] == "programme"
    (empty,) = [p for p in body["suggestions"] if not p["suggestions"]]
    assert empty["person_id"] == dee.id and empty["facts"][0]["params"]["barrier"] == "distance"
    assert empty["explanation"] == "In de regio past nog niets. Wat het meest in de weg staat: de afstand."
    english = client.get("/api/v1/regions/twente/allocation?lang=en", headers=coordinator).json
    (empty,) = [p for p in english["suggestions"] if not p["suggestions"]]
    assert empty["explanation"] == "Nothing in the region fits yet. What stands in the way most: distance."
