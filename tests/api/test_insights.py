"""Region insights: shortages, unused potential by barrier and target group, network, progress."""
from __future__ import annotations

import json

from tests.api.ecosystem_world import ENSCHEDE, HENGELO, need, occupation, reset_isco, skills
from tests.factories import OrganisationFactory, PartnerRequestFactory, PersonFactory, UserFactory, token_for


def _world():
    reset_isco()
    a, b = skills("order picking", "scanning")
    occ = occupation("order picker", [a, b])
    no_ramp = OrganisationFactory(name="Old Warehouse", accommodations=[], **ENSCHEDE)
    other = OrganisationFactory(name="Hengelo Cargo", **HENGELO)
    need(no_ramp, occ, [a, b], headcount=3, title="Order pickers")
    PartnerRequestFactory(organisation=other, title="Winter staff")
    fits = PersonFactory(name="Fit Secret", skills=[a, b])
    blocked = PersonFactory(name="Wheelchair Secret", skills=[a, b], consent_special_category=True,
                            accommodation_needs=["wheelchair_access"], target_groups=["physical_disability"])
    return occ, fits, blocked


def test_insights_name_the_shortage_and_only_admins_see_the_missing_accommodation(client, session):
    """Shortages and unused potential are counted without special-category data: the person who needs a
    wheelchair-accessible workplace counts as someone who could fill the need. Only admins read, apart, that
    someone's every suggestion lacks an adjustment they need, and the counts per target group."""
    occ, _, _ = _world()
    coordinator = token_for(UserFactory(role="coordinator"))
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    response = client.get("/api/v1/regions/twente/insights", headers=coordinator)
    assert response.status_code == 200, response.json
    body = response.json
    (shortage,) = body["shortages"]
    assert shortage["occupation"]["id"] == occ.id
    assert (shortage["demand"], shortage["people"], shortage["gap"]) == (3, 2, 1)
    assert "Order picker: 3 open plekken. 2 mensen in de regio kunnen er nu een vervullen." in shortage["explanation"]
    unused = body["unused_potential"]
    assert (unused["people"], unused["without_suggestion"], unused["barriers"]) == (2, 0, [])
    assert "special_category" not in body and "by_group" not in unused
    network = body["network"]
    assert network["organisations"] == 2
    months = body["progress"]["months"]
    assert sum(m["needs_posted"] for m in months) == 1 and sum(m["partnerships_proposed"] for m in months) == 1
    text = json.dumps(body)
    assert "Secret" not in text and "person_id" not in text and "wheelchair" not in text
    assert "disability" not in text and "accommodation" not in text

    special = client.get("/api/v1/regions/twente/insights", headers=admin).json["special_category"]
    (group,) = special["by_group"]
    assert group == {"group": "physical_disability", "group_label": "Lichamelijke beperking", "people": None,
                     "people_text": "minder dan 5", "without_suggestion": None, "barriers": []}
    assert special["accommodation"] == {"people": None, "people_text": "minder dan 5"}
    assert "Lichamelijke beperking: minder dan 5 mensen, niet gemeld." in special["explanation"]
    assert "minder dan 5 mensen passen verder overal, maar vinden geen werk met de aanpassingen die ze nodig hebben" \
        in special["explanation"]


def test_insight_readers(client, session):
    tokens = {role: token_for(UserFactory(role=role, organisation_id=OrganisationFactory().id
                                          if role in ("employer", "school") else None))
              for role in ("employer", "school", "advisor", "person")}
    session.commit()
    for role, expected in (("employer", 200), ("school", 200), ("advisor", 403), ("person", 403)):
        assert client.get("/api/v1/regions/twente/insights", headers=tokens[role]).status_code == expected, role
    assert client.get("/api/v1/regions/atlantis/insights", headers=tokens["employer"]).status_code == 404


def test_a_lone_suppressed_barrier_count_cannot_be_recovered_from_the_group_total(client, session):
    """Nine people with a physical disability have no suggestion: three want too few hours, six live too far.
    Showing "6 by distance" next to "9 without a suggestion" would give away the three."""
    reset_isco()
    a, b = skills("order picking", "scanning")
    occ = occupation("order picker", [a, b])
    need(OrganisationFactory(name="Hengelo Cargo", accommodations=[], **HENGELO), occ, [a, b], title="Order pickers")
    group = dict(skills=[a, b], consent_special_category=True, target_groups=["physical_disability"], **ENSCHEDE)
    for _ in range(3):
        PersonFactory(hours_per_week=8, **group)
    for _ in range(6):
        PersonFactory(travel_radius_km=2, **group)
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    special = client.get("/api/v1/regions/twente/insights", headers=admin).json["special_category"]
    (row,) = special["by_group"]
    assert row["without_suggestion"]["people"] == 9
    hidden = [cell["barrier"] for cell in row["barriers"] if cell["people"] is None]
    assert sorted(hidden) == ["distance", "hours"]
    per_group = special["explanation"].split("Lichamelijke beperking")[1]
    assert ": 9 van 9 zonder voorstel (de afstand: niet gemeld en minder dan 5 door de uren)" \
        in per_group and "6" not in per_group


def test_insights_weigh_the_province_demand_within_reach_as_matches_do(client, session):
    """Roos lives in Raalte (Regio Zwolle) and travels 30 km; the only order picking is in Deventer, 17 km away
    across the region's border. Her matches list it as feasible, so the region's insights count her with a
    suggestion, not as unused potential."""
    from tests.factories import at

    reset_isco()
    a, b = skills("order picking", "scanning")
    occ = occupation("order picker", [a, b])
    deventer = OrganisationFactory(name="DC Deventer", **at("GM0150"))
    need(deventer, occ, [a, b], title="Orderpicker Deventer", **at("GM0150"))
    advisor = UserFactory(role="advisor")
    roos = PersonFactory(name="Roos", skills=[a, b], travel_radius_km=30, advisor_id=advisor.id, **at("GM0177"))
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    matches = client.get(f"/api/v1/people/{roos.id}/matches", headers=token_for(advisor)).json
    assert [item["feasible"] for item in matches["items"]] == [True]
    unused = client.get("/api/v1/regions/regio-zwolle/insights", headers=coordinator).json["unused_potential"]
    assert (unused["people"], unused["without_suggestion"], unused["barriers"]) == (1, 0, [])
