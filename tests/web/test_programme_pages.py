"""The school's programme pages through the test client (forms posted as a browser without JavaScript posts them):
its list, adding a programme with the skills found by name and ticked, changing one (a change made on an older
version is refused and kept in the form), and bad input named per field in Dutch with nothing saved."""
from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import Programme
from tests.factories import OrganisationFactory, ProgrammeFactory, SkillFactory
from tests.web.conftest import csrf_token


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def school_world(web_world):
    skills = {label: SkillFactory(label_nl=label) for label in ("brood bakken", "deeg kneden", "klanten helpen")}
    own = ProgrammeFactory(organisation=web_world.organisations["school"], name="Bakker (mbo 2)",
                           skills=[skills["deeg kneden"], skills["klanten helpen"]], capacity=12)
    other = ProgrammeFactory(organisation=OrganisationFactory(kind="school", name="Andere school"), name="Kok")
    db.session.commit()
    return {"skills": {label: skill.id for label, skill in skills.items()}, "own": own.id, "other": other.id}


def saved(programme_id: int) -> Programme:
    db.session.expire_all()
    return db.session.get(Programme, programme_id)


def test_the_school_lists_its_own_programmes_only(signed_in, school_world):
    page = text(signed_in("school").get("/opleidingen"))
    assert "Bakker (mbo 2)" in page and "Kok" not in page
    assert "Werkend leren (BBL)" in page and "Mbo niveau 2" in page  # words, never codes
    assert f'href="/opleidingen/{school_world["own"]}/wijzigen"' in page


def test_another_schools_programme_is_not_found_and_other_roles_may_not_come(signed_in, school_world):
    assert signed_in("school").get(f"/opleidingen/{school_world['other']}/wijzigen").status_code == 404
    assert signed_in("employer").get("/opleidingen").status_code == 403


def test_adding_a_programme_with_skills_found_by_name_and_ticked(signed_in, school_world):
    client = signed_in("school")
    form = {"csrf_token": csrf_token(client, "/opleidingen/nieuw"), "name": "Brood en banket", "level": "mbo3",
            "mode": "full_time", "duration_months": "24", "capacity": "16", "start_months": ["2", "9"],
            "municipality_code": "GM0153", "skills_q": "brood"}
    found = text(client.post("/opleidingen/nieuw", data={**form, "action": "enter"}))  # Enter in the search box
    brood = school_world["skills"]["brood bakken"]
    assert re.search(r'name="skill_ids" value="%d">' % brood, found)  # offered, not ticked yet
    assert "Gevonden voor brood" in found and 'id="skills_q" name="skills_q" type="text" value=""' in found
    assert db.session.query(Programme).filter_by(name="Brood en banket").count() == 0
    response = client.post("/opleidingen/nieuw", data={**form, "skills_q": "", "skill_ids": [str(brood)],
                                                       "action": "enter"})  # Enter elsewhere saves
    assert response.status_code == 303
    programme = db.session.query(Programme).filter_by(name="Brood en banket").one()
    assert (programme.level, programme.mode, programme.duration_months, programme.capacity, programme.start_months,
            programme.municipality_code, programme.organisation_id) == (
        "mbo3", "full_time", 24, 16, [2, 9], "GM0153", db.session.get(Programme, school_world["own"]).organisation_id)
    assert [s.id for s in programme.skills] == [brood]
    assert "De opleiding Brood en banket is toegevoegd." in text(client.get(response.headers["Location"]))


def test_changing_a_programme_keeps_its_ticked_skills_and_drops_the_unticked(signed_in, school_world):
    client = signed_in("school")
    edit = f"/opleidingen/{school_world['own']}/wijzigen"
    page = text(client.get(edit))
    skills = school_world["skills"]
    for label in ("deeg kneden", "klanten helpen"):
        assert re.search(r'name="skill_ids" value="%d" checked' % skills[label], page)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": version, "name": "Bakker (mbo 2)", "level": "mbo2",
        "mode": "work_based", "duration_months": "12", "capacity": "20", "start_months": ["9"],
        "skill_ids": [str(skills["deeg kneden"])], "action": "save"})
    assert response.status_code == 303
    programme = saved(school_world["own"])
    assert programme.capacity == 20 and [s.id for s in programme.skills] == [skills["deeg kneden"]]


def test_a_change_on_an_older_version_is_refused_and_kept_in_the_form(signed_in, school_world):
    client = signed_in("school")
    edit = f"/opleidingen/{school_world['own']}/wijzigen"
    version = re.search(r'name="version" value="(\d+)"', text(client.get(edit))).group(1)
    programme = saved(school_world["own"])
    programme.capacity = 30  # someone else saves first
    db.session.commit()
    response = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": version, "name": "Bakker nieuw", "level": "mbo2",
        "mode": "work_based", "duration_months": "12", "capacity": "14", "action": "save"})
    assert response.status_code == 409
    assert "Iemand anders heeft deze opleiding gewijzigd" in text(response) and 'value="Bakker nieuw"' in text(response)
    assert (saved(school_world["own"]).name, saved(school_world["own"]).capacity) == ("Bakker (mbo 2)", 30)


def test_a_bad_programme_names_each_field_in_dutch_and_saves_nothing(signed_in, school_world):
    client = signed_in("school")
    before = db.session.query(Programme).count()
    response = client.post("/opleidingen/nieuw", data={
        "csrf_token": csrf_token(client, "/opleidingen/nieuw"), "name": "", "level": "master", "mode": "",
        "duration_months": "twaalf", "capacity": "-1", "start_months": ["13"], "skill_ids": ["999999"],
        "action": "save"})
    assert response.status_code == 422
    page = text(response)
    for name, message in (
            ("name", "Vul de naam van de opleiding in, hooguit 200 tekens, zoals Bakker (mbo 2)."),
            ("level", "Kies het niveau uit de lijst."), ("mode", "Kies hoe je de opleiding volgt."),
            ("duration_months", "Vul in hoeveel maanden de opleiding duurt, als heel getal van 1 tot en met 120."),
            ("capacity", "Vul de plaatsen per start in als heel getal van 0 tot en met 100.000 (0: niet genoemd)."),
            ("start_months", "Kies de startmaanden uit de lijst.")):
        assert f'<a class="utrecht-link" href="#{name}">{message}</a>' in page, name
    assert 'value="twaalf"' in page  # what was typed stays
    assert db.session.query(Programme).count() == before
    unknown = client.post("/opleidingen/nieuw", data={
        "csrf_token": csrf_token(client, "/opleidingen/nieuw"), "name": "Zonder", "level": "mbo1",
        "mode": "full_time", "duration_months": "6", "capacity": "0", "skill_ids": ["999999"], "action": "save"})
    assert unknown.status_code == 422 and 'href="#skills_q">' in text(unknown)  # no such skill: find it by name
    assert db.session.query(Programme).count() == before
