"""The advisor adds and changes a person through the form, as a browser without JavaScript posts it: occupations
found by name, their skills proposed and ticked, sensitive details only with consent, and a save based on an
older form keeps the other edit."""
from __future__ import annotations

import html
import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import OccupationSkill, Person
from matchmaker.services import people
from tests.factories import OccupationFactory, SkillFactory
from tests.web.conftest import csrf_token


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def kitchen(web_world):
    """An occupation "Kok" with two essential skills and one optional one."""
    cook = OccupationFactory(label_nl="Kok", label_en="cook")
    knife, hygiene, menu = (SkillFactory(label_nl=name, label_en=name) for name in
                            ("Messen slijpen", "Voedselhygiëne bewaken", "Menu's bedenken"))
    for skill, relation in ((knife, "essential"), (hygiene, "essential"), (menu, "optional")):
        db.session.add(OccupationSkill(occupation_id=cook.id, skill_id=skill.id, relation=relation))
    db.session.commit()
    return {"cook": cook, "knife": knife, "hygiene": hygiene, "menu": menu}


def hidden(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


BASE = {"name": "Sanne de Boer", "email": "", "phone": "", "birth_year": "1990", "status": "job_seeker",
        "municipality_code": "GM0164", "travel_radius_km": "20", "hours_per_week": "24", "dutch_level": "B2",
        "education_level": "mbo2", "summary": "", "consent": "no"}


def test_an_advisor_adds_a_person_with_occupations_chosen_by_name_and_skills_ticked(signed_in, web_world, kitchen):
    client = signed_in("advisor")
    token = csrf_token(client, "/caseload/nieuw")
    found = client.post("/caseload/nieuw", data={**BASE, "csrf_token": token, "occupation_q": "kok",
                                                 "action": "find", "original": ""})
    assert found.status_code == 200
    assert "Kok toevoegen" in text(found)
    added = text(client.post("/caseload/nieuw", data={**BASE, "csrf_token": token, "occupation_q": "kok",
                                                     "add_occupation": kitchen["cook"].id}))
    assert "<legend" in added and ">Kok</legend>" in added
    assert "Vaardigheden bij Kok" in added and "Messen slijpen" in added and "Voedselhygiëne bewaken" in added
    assert "Menu's bedenken" not in added.replace("&#39;", "'")  # only the essential skills are proposed
    assert 'value="Sanne de Boer"' in added  # what was typed stays
    assert not re.search(r'name="skill_ids" value="\d+" checked', added)  # proposed, not yet ticked

    response = client.post("/caseload/nieuw", data={
        **BASE, "csrf_token": token, "action": "save", "job-0-occupation": kitchen["cook"].id,
        "job-0-employer": "Hotel De Wolff", "job-0-start": "2015", "job-0-end": "2022",
        "skill_ids": [kitchen["knife"].id], "consent": "yes", "target_groups": ["older_worker"],
        "accommodation_needs": ["job_coach"], "available_months": ["4", "5"]})
    assert response.status_code == 303, text(response)
    saved = db.session.query(Person).filter_by(name="Sanne de Boer").one()
    assert saved.advisor_id == web_world.users["advisor"].id
    assert (saved.municipality_code, saved.hours_per_week, saved.travel_radius_km, saved.dutch_level,
            saved.birth_year, saved.available_months) == ("GM0164", 24, 20, "B2", 1990, [4, 5])
    assert [s.id for s in saved.skills] == [kitchen["knife"].id]
    assert [(w.occupation_id, w.employer_name, w.start_date.year, w.end_date.year) for w in saved.work_history] == [
        (kitchen["cook"].id, "Hotel De Wolff", 2015, 2022)]
    assert saved.consent_special_category and saved.target_groups == ["older_worker"]
    assert saved.accommodation_needs == ["job_coach"]
    page = text(client.get(response.headers["Location"]))
    assert "Sanne de Boer is toegevoegd aan je caseload." in page


def test_a_wrong_form_names_each_field_and_adds_nobody(signed_in, web_world, kitchen):
    client = signed_in("advisor")
    token = csrf_token(client, "/caseload/nieuw")
    before = db.session.query(Person).count()
    response = client.post("/caseload/nieuw", data={
        **BASE, "csrf_token": token, "action": "save", "name": "", "municipality_code": "", "hours_per_week": "80",
        "job-0-occupation": kitchen["cook"].id, "job-0-start": "vorig jaar", "target_groups": ["older_worker"]})
    assert response.status_code == 422
    page = text(response)
    assert "Er is een probleem" in page
    for name in ("name", "municipality_code", "hours_per_week", "job-0-start", "consent"):
        assert f'href="#{name}"' in page, name
        assert f'id="{name}"' in page, name
    assert 'value="vorig jaar"' in page
    assert db.session.query(Person).count() == before


def _form(client, person_id: int) -> dict:
    page = text(client.get(f"/caseload/{person_id}/wijzigen"))
    assert 'name="original"' in page
    return {"csrf_token": hidden(page, "csrf_token"), "version": hidden(page, "version"),
            "original": hidden(page, "original")}


def _fields_of(person: Person) -> dict:
    return {"name": person.name, "email": person.email, "phone": person.phone, "birth_year": "",
            "status": person.status, "municipality_code": person.municipality_code,
            "travel_radius_km": str(person.travel_radius_km), "hours_per_week": str(person.hours_per_week),
            "dutch_level": person.dutch_level, "education_level": person.education_level, "summary": person.summary,
            "consent": "yes" if person.consent_special_category else "no",
            "target_groups": list(person.target_groups), "accommodation_needs": list(person.accommodation_needs)}


def test_a_save_on_an_older_form_keeps_the_other_edit(signed_in, web_world, kitchen):
    client = signed_in("advisor")
    own = web_world.people["own"]
    form = _form(client, own.id)
    fields = _fields_of(own)
    # meanwhile a colleague (here the admin, through the service) changes the hours and adds a skill
    people.update(session=db.session, actor=web_world.users["admin"], person_id=own.id,
                  data={"hours_per_week": 16, "add_skill_ids": [kitchen["hygiene"].id]})
    db.session.commit()
    response = client.post(f"/caseload/{own.id}/wijzigen", data={
        **fields, **form, "action": "save", "travel_radius_km": "40", "skill_ids": [kitchen["knife"].id]})
    assert response.status_code == 303, text(response)
    assert "Iemand anders heeft Fatima El Amrani ook gewijzigd" in text(client.get(response.headers["Location"]))
    saved = db.session.get(Person, own.id)
    db.session.refresh(saved)
    assert (saved.hours_per_week, saved.travel_radius_km) == (16, 40)
    assert sorted(s.id for s in saved.skills) == sorted([kitchen["hygiene"].id, kitchen["knife"].id])
    assert saved.target_groups == ["refugee_status_holder"]  # untouched fields stay as they are


def test_both_changing_the_same_field_shows_what_is_saved_and_saves_only_on_the_next_try(signed_in, web_world):
    client = signed_in("advisor")
    own = web_world.people["own"]
    form = _form(client, own.id)
    fields = _fields_of(own)
    people.update(session=db.session, actor=web_world.users["admin"], person_id=own.id, data={"hours_per_week": 16})
    db.session.commit()
    response = client.post(f"/caseload/{own.id}/wijzigen", data={**fields, **form, "action": "save",
                                                                  "hours_per_week": "20"})
    assert response.status_code == 409
    page = text(response)
    assert "Iemand anders heeft deze persoon ook gewijzigd" in page
    assert "Uren per week:</strong> 16" in page
    assert 'id="hours_per_week" name="hours_per_week" type="text" value="20"' in page
    saved = db.session.get(Person, own.id)
    db.session.refresh(saved)
    assert saved.hours_per_week == 16
    again = {"csrf_token": form["csrf_token"], "version": hidden(page, "version"), "original": hidden(page, "original")}
    response = client.post(f"/caseload/{own.id}/wijzigen", data={**fields, **again, "action": "save",
                                                                  "hours_per_week": "20"})
    assert response.status_code == 303
    db.session.refresh(saved)
    assert saved.hours_per_week == 20


def test_withdrawing_consent_in_the_form_erases_the_sensitive_details(signed_in, web_world):
    client = signed_in("advisor")
    own = web_world.people["own"]
    response = client.post(f"/caseload/{own.id}/wijzigen", data={
        **_fields_of(own), **_form(client, own.id), "action": "save", "consent": "no", "target_groups": [],
        "accommodation_needs": []})
    assert response.status_code == 303
    saved = db.session.get(Person, own.id)
    db.session.refresh(saved)
    assert (saved.consent_special_category, saved.target_groups, saved.accommodation_needs) == (False, [], [])


def test_an_advisor_cannot_open_the_form_of_someone_elses_person(signed_in, web_world):
    client = signed_in("advisor")
    assert client.get(f"/caseload/{web_world.people['foreign'].id}/wijzigen").status_code == 404
    assert signed_in("person").get("/caseload/nieuw").status_code == 403


def test_the_advisor_ticks_a_career_change_and_the_person_sees_it_on_their_profile(signed_in, web_world):
    own = web_world.people["own"]
    person = signed_in("person")
    assert "Ja, ik wil een nieuw vak leren" not in text(person.get("/mijn-gegevens"))
    client = signed_in("advisor")
    page = text(client.get(f"/caseload/{own.id}/wijzigen"))
    assert "De persoon wil een nieuw vak leren" in page and 'name="career_change" value="yes" checked' not in page
    response = client.post(f"/caseload/{own.id}/wijzigen", data={
        **_fields_of(own), **_form(client, own.id), "action": "save", "career_change": "yes"})
    assert response.status_code == 303, text(response)
    saved = db.session.get(Person, own.id)
    db.session.refresh(saved)
    assert saved.career_change is True
    assert 'name="career_change" value="yes" checked' in text(client.get(f"/caseload/{own.id}/wijzigen"))
    assert "Ja, ik wil een nieuw vak leren" in text(signed_in("person").get("/mijn-gegevens"))
    # unticked and saved again: the wish is gone
    client.post(f"/caseload/{own.id}/wijzigen", data={**_fields_of(own), **_form(client, own.id), "action": "save"})
    db.session.refresh(saved)
    assert saved.career_change is False
