"""The employer's partner suggestions and the school's demand page, through the Flask test client, on small worlds
with obvious answers (the worlds of the partner-match API tests)."""
from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import Programme
from tests.api.ecosystem_world import ENSCHEDE, HENGELO, need, occupation, reset_isco, seasonal_world, skills
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory
from tests.web.conftest import sign_in, with_password


def text(response) -> str:
    return response.get_data(as_text=True)


def signed_in_as(app, role: str, organisation) -> object:
    user = with_password(UserFactory(name=f"{role} user", email=f"{role}@{organisation.id}.example", role=role,
                                     organisation_id=organisation.id))
    db.session.commit()
    client = app.test_client()
    assert sign_in(client, user.email).status_code == 303
    return client


def test_the_employer_sees_its_seasonal_partner_with_the_reason_in_dutch(app):
    farm, logistics, _ = seasonal_world()
    db.session.commit()
    page = text(signed_in_as(app, "employer", farm).get("/partners"))
    assert "Personeel delen tussen seizoenen" in page
    assert "Twente Logistics" in page
    assert "april tot en met september" in page and "oktober tot en met maart" in page


def test_the_school_sees_demand_against_its_programmes_untaught_skills_placements_and_co_creation(app):
    reset_isco()
    drone, sensors, soil = skills("drone piloting", "crop sensor data", "soil sampling")
    agronomist = occupation("precision farming technician", [drone, sensors])
    farm = OrganisationFactory(name="Akkerbouw Twente", sector="agriculture", **ENSCHEDE)
    school = OrganisationFactory(name="Groen College", kind="school", sector="education", **HENGELO)
    ProgrammeFactory(organisation=school, name="Agro basics", skills=[soil], occupations=[agronomist], capacity=1,
                     **HENGELO)
    need(farm, agronomist, [drone, sensors], headcount=2, title="Drone pilot")
    need(farm, agronomist, [drone], headcount=1, title="Stage dronevliegen", kind="internship")
    db.session.commit()
    page = text(signed_in_as(app, "school", school).get("/vraag-en-aanbod"))
    assert "Twente" in page
    # capacity against demand: 3 open places for the work the programme leads to, 1 place in the programme
    assert "Agro basics: werkgevers vragen meer mensen (3) dan de opleiding plaatsen heeft (1)." in page
    untaught = page.split("Vaardigheden die werkgevers vragen")[1].split("Werkgevers met stages")[0]
    assert "drone piloting" in untaught and "crop sensor data" in untaught and "soil sampling" not in untaught
    placements = page.split("Werkgevers met stages")[1].split("Partners")[0]
    assert "Stage dronevliegen" in placements and "Akkerbouw Twente" in placements and "Drone pilot<" not in placements
    assert "Opleiding om samen te maken</h3>" in page and "Geen opleiding binnen 40 km leert drone piloting" in page


def test_another_role_may_not_open_the_school_page(app, signed_in):
    assert signed_in("employer").get("/vraag-en-aanbod").status_code == 403
    assert signed_in("school").get("/partners").status_code == 403
    assert db.session.query(Programme).count() == 0


def test_the_school_page_follows_new_needs_and_what_its_programmes_teach(app):
    """The school's view is kept between requests while nothing changes: a new need and a skill a programme starts
    to teach show on the next view."""
    from matchmaker.services import programmes

    reset_isco()
    drone, soil = skills("drone piloting", "soil sampling")
    agronomist = occupation("precision farming technician", [drone])
    farm = OrganisationFactory(name="Akkerbouw Twente", sector="agriculture", **ENSCHEDE)
    school = OrganisationFactory(name="Groen College", kind="school", sector="education", **HENGELO)
    basics = ProgrammeFactory(organisation=school, name="Agro basics", skills=[], occupations=[agronomist],
                              capacity=1, **HENGELO)
    need(farm, agronomist, [drone], headcount=2, title="Drone pilot")
    db.session.commit()
    client = signed_in_as(app, "school", school)

    def untaught() -> str:
        return text(client.get("/vraag-en-aanbod")).split("Vaardigheden die werkgevers vragen")[1].split(
            "Werkgevers met stages")[0]

    assert "drone piloting" in untaught() and "soil sampling" not in untaught()
    need(farm, agronomist, [soil], headcount=1, title="Bodemmonsters nemen")
    db.session.commit()
    assert "soil sampling" in untaught()
    admin = UserFactory(role="admin")
    programmes.update(session=db.session, actor=admin, programme_id=basics.id, data={"skill_ids": [soil.id]})
    db.session.commit()
    assert "drone piloting" in untaught() and "soil sampling" not in untaught()
