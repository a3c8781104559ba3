"""A school's programmes against its region's demand, through the API (the school's page reads the same service)."""
from __future__ import annotations

from tests.factories import NeedFactory, OrganisationFactory, UserFactory, token_for


def test_programme_demand_for_the_school_itself(client, session):
    """The API gives the school's page its figures: a school sees its own, not another's; an employer none."""
    school = OrganisationFactory(name="Groen College", kind="school", sector="education")
    other = OrganisationFactory(name="Ander College", kind="school", sector="education")
    employer = OrganisationFactory(name="Akkerbouw Twente")
    NeedFactory(organisation=employer, title="Stage dronevliegen", kind="internship", headcount=2)
    headers = token_for(UserFactory(role="school", organisation_id=school.id))
    employer_headers = token_for(UserFactory(role="employer", organisation_id=employer.id))
    session.commit()
    body = client.get(f"/api/v1/organisations/{school.id}/programme-demand", headers=headers).json
    assert body["region"] == {"code": "twente", "name": "Twente"}
    assert [(p["title"], p["employer"], p["kind_label"], p["headcount"]) for p in body["placements"]] == [
        ("Stage dronevliegen", "Akkerbouw Twente", "Stage", 2)]
    assert client.get(f"/api/v1/organisations/{other.id}/programme-demand", headers=headers).status_code == 403
    assert client.get(f"/api/v1/organisations/{employer.id}/programme-demand",
                      headers=employer_headers).status_code == 403
