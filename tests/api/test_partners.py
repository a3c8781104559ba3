"""Partner matches of an organisation and of a region, on small worlds with obvious answers."""
from __future__ import annotations

import pytest

from tests.api.ecosystem_world import ENSCHEDE, HEINO, HENGELO, RAALTE, need, occupation, reset_isco, skills
from tests.factories import OrganisationFactory, PartnerRequestFactory, ProgrammeFactory, UserFactory, token_for


@pytest.fixture
def coordinator(session):
    headers = token_for(UserFactory(role="coordinator"))
    reset_isco()
    return headers


def _seasonal_world():
    picking, team = skills("order picking", "working in a team")
    picker = occupation("order picker", [picking, team])
    farm = OrganisationFactory(name="Jansen Fruit", sector="agriculture", **RAALTE)
    logistics = OrganisationFactory(name="Twente Logistics", sector="logistics", **HEINO)
    summer = OrganisationFactory(name="Zomerkwekerij", sector="agriculture", **RAALTE)
    need(farm, picker, [picking, team], headcount=3, months=[4, 5, 6, 7, 8, 9], title="Fruit picking season")
    need(logistics, picker, [picking, team], headcount=3, months=[10, 11, 12, 1, 2, 3], title="Winter peak")
    need(summer, picker, [picking, team], headcount=2, months=[5, 6, 7, 8], title="Summer help")
    return farm, logistics, summer


def test_farm_and_winter_logistics_firm_are_each_others_top_seasonal_partner(client, session, coordinator):
    farm, logistics, summer = _seasonal_world()
    session.commit()
    body = client.get(f"/api/v1/organisations/{farm.id}/partners?type=seasonal_sharing", headers=coordinator).json
    top = body["items"][0]
    assert body["organisation"] == {"id": farm.id, "name": "Jansen Fruit", "place": "Raalte"}
    assert top["kind"] == "seasonal_sharing"
    assert top["counterpart"]["id"] == logistics.id
    assert 8 <= top["distance_km"] <= 11
    assert {s["label"] for s in top["evidence"]["skills"]} == {"order picking", "working in a team"}
    assert "april tot en met september" in top["explanation"] and "oktober tot en met maart" in top["explanation"]
    assert "dezelfde mensen kunnen in beide seizoenen werken" in top["explanation"]
    assert top["facts"][0]["code"] == "partner.seasonal" and top["facts"][0]["params"]["a_peak"] == 0b000111111000
    back = client.get(f"/api/v1/organisations/{logistics.id}/partners?type=seasonal_sharing", headers=coordinator).json
    assert back["items"][0]["counterpart"]["id"] == farm.id


def test_two_summer_employers_are_not_seasonal_partners(client, session, coordinator):
    farm, _, summer = _seasonal_world()
    session.commit()
    body = client.get(f"/api/v1/organisations/{summer.id}/partners?type=seasonal_sharing", headers=coordinator).json
    assert farm.id not in {m["counterpart"]["id"] for m in body["items"]}


def test_hotel_starters_feed_the_care_home_that_cannot_fill_its_places(client, session, coordinator):
    greet, lift, clean, care = skills("welcoming guests", "lifting safely", "cleaning rooms", "personal care")
    porter = occupation("hotel porter", [greet, lift, clean])
    assistant = occupation("care assistant", [lift, clean, care])
    hotel = OrganisationFactory(name="Hotel De Zon", sector="hospitality", **ENSCHEDE)
    care_home = OrganisationFactory(name="Zorggroep Vecht", sector="care", **HENGELO)
    need(hotel, porter, [greet, lift, clean], trains_on_job=True, title="Porter, we train you")
    need(care_home, assistant, [lift, clean, care], headcount=4, title="Care assistants")
    session.commit()
    body = client.get(f"/api/v1/organisations/{hotel.id}/partners?type=talent_pipeline", headers=coordinator).json
    (match,) = body["items"]
    assert match["counterpart"]["id"] == care_home.id
    assert [o["label"] for o in match["evidence"]["occupations"]] == ["hotel porter", "care assistant"]
    assert "neemt starters aan als hotel porter" in match["explanation"]
    assert "vindt te weinig mensen voor werk als care assistant" in match["explanation"]
    # nobody in the region can fill the care places: hard to fill 1.00
    assert "moeilijk te vervullen: 1,00" in match["explanation"]


def test_co_creation_names_the_skills_no_programme_teaches_and_the_nearest_school(client, session, coordinator):
    drone, sensors, soil = skills("drone piloting", "crop sensor data", "soil sampling")
    agronomist = occupation("precision farming technician", [drone, sensors])
    farm = OrganisationFactory(name="Akkerbouw Twente", sector="agriculture", **ENSCHEDE)
    school = OrganisationFactory(name="Groen College", kind="school", sector="education", **HENGELO)
    ProgrammeFactory(organisation=school, name="Agro basics", skills=[soil], **HENGELO)
    need(farm, agronomist, [drone, sensors], headcount=2, title="Drone pilot")
    session.commit()
    body = client.get(f"/api/v1/organisations/{farm.id}/partners?type=co_creation", headers=coordinator).json
    (proposal,) = body["items"]
    assert {s["label"] for s in proposal["evidence"]["skills"]} == {"drone piloting", "crop sensor data"}
    assert [e["id"] for e in proposal["evidence"]["employers"]] == [farm.id]
    assert proposal["evidence"]["schools"][0]["id"] == school.id
    assert proposal["counterpart"]["id"] == school.id
    assert "Geen opleiding binnen 40 km leert drone piloting en crop sensor data." in proposal["explanation"]
    # the school sees the same proposal, with the employer as counterpart
    seen = client.get(f"/api/v1/organisations/{school.id}/partners?type=co_creation", headers=coordinator).json
    assert seen["items"][0]["counterpart"]["id"] == farm.id


def test_knowledge_exchange_and_request_answers(client, session, coordinator):
    pioneer = OrganisationFactory(name="Pionier BV", pioneer=True, lever_strengths={"co_creation": 3}, **ENSCHEDE)
    asker = OrganisationFactory(name="MKB Hengelo", lever_asks=["co_creation"], **HENGELO)
    request = PartnerRequestFactory(organisation=asker, kind="knowledge_exchange", lever="co_creation",
                                    months=[], title="Wie helpt ons met co-creatie?")
    session.commit()
    body = client.get(f"/api/v1/organisations/{asker.id}/partners", headers=coordinator).json
    kinds = {m["kind"]: m for m in body["items"]}
    exchange, answer = kinds["knowledge_exchange"], kinds["request_answer"]
    assert exchange["counterpart"]["id"] == pioneer.id and exchange["evidence"]["lever"] == "co_creation"
    assert "koploper in cocreatie" in exchange["explanation"]
    assert answer["counterpart"]["id"] == pioneer.id
    assert answer["evidence"]["partner_request"] == {"id": request.id, "label": "Wie helpt ons met co-creatie?"}
    assert answer["explanation"].startswith("MKB Hengelo (Hengelo) zoekt kennisdeling over cocreatie.")
    english = client.get(f"/api/v1/organisations/{asker.id}/partners?lang=en", headers=coordinator).json
    answer = next(m for m in english["items"] if m["kind"] == "request_answer")
    assert answer["explanation"].startswith("MKB Hengelo (Hengelo) seeks knowledge exchange about co-creation.")


def test_region_list_keeps_matches_involving_the_region(client, session, coordinator):
    farm, logistics, summer = _seasonal_world()          # all in Raalte: regio-zwolle
    session.commit()
    zwolle = client.get("/api/v1/regions/regio-zwolle/partners", headers=coordinator).json
    assert zwolle["by_kind"]["seasonal_sharing"] == 2 and zwolle["total"] == len(zwolle["items"])
    pairs = {frozenset((m["organisation"]["id"], m["counterpart"]["id"])) for m in zwolle["items"]
             if m["kind"] == "seasonal_sharing"}
    assert pairs == {frozenset((farm.id, logistics.id)), frozenset((summer.id, logistics.id))}
    # nobody teaches order picking: a co-creation proposal without a school yet
    (proposal,) = [m for m in zwolle["items"] if m["kind"] == "co_creation"]
    assert proposal["counterpart"] is None and proposal["evidence"]["schools"] == []
    assert client.get("/api/v1/regions/twente/partners", headers=coordinator).json["total"] == 0


def test_partner_rules_and_bad_input(client, session):
    organisation = OrganisationFactory()
    person = token_for(UserFactory(role="person"))
    employer = token_for(UserFactory(role="employer", organisation_id=OrganisationFactory().id))
    session.commit()
    url = f"/api/v1/organisations/{organisation.id}/partners"
    assert client.get(url, headers=person).status_code == 403
    assert client.get(url, headers=employer).status_code == 200          # another organisation's: allowed
    assert client.get("/api/v1/regions/twente/partners", headers=employer).status_code == 403
    bad = client.get(url + "?type=friendship", headers=employer)
    assert bad.status_code == 422 and "type" in bad.json["errors"]["query"]
    assert client.get("/api/v1/organisations/999999/partners", headers=employer).status_code == 404
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    assert client.get("/api/v1/regions/atlantis/partners", headers=admin).status_code == 404
