"""What the work asks of the body, on the employer's need form: chosen by Dutch labels, the occupation's usual
demands ticked to start with (kept as "follow the occupation" while unchanged), stated when the employer changes
them, and a wrong value named in the error summary with nothing saved."""
from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import Need, OccupationSkill
from tests.factories import OccupationFactory, SkillFactory
from tests.web.conftest import csrf_token
from tests.web.test_employer_pages import bakery_world, saved, text  # noqa: F401  (fixtures)

BASE = {"title": "Nachtbakker", "kind": "vacancy", "hours_per_week": "32", "headcount": "1"}


@pytest.fixture
def night_baker(bakery_world):
    """An occupation whose needed skill means night shifts."""
    shifts = SkillFactory(label_nl="werken in ploegendienst", label_en="work in shifts")
    occupation = OccupationFactory(label_nl="nachtbakker", label_en="night baker")
    db.session.add(OccupationSkill(occupation_id=occupation.id, skill_id=shifts.id, relation="essential"))
    db.session.commit()
    return occupation.id


def ticked(page: str) -> list[str]:
    return re.findall(r'name="demands" value="(\w+)" checked', page)


def test_the_occupations_usual_demands_start_ticked_and_unchanged_follow_the_occupation(signed_in, night_baker):
    client = signed_in("employer")
    token = csrf_token(client, "/behoeften/nieuw")
    page = text(client.get("/behoeften/nieuw"))
    for words in ("Wat vraagt het werk van het lichaam?", "Zwaar tillen", "Nachtdiensten of wisselende diensten",
                  "Buiten werken"):
        assert words in page
    chosen = text(client.post("/behoeften/nieuw", data={**BASE, "csrf_token": token, "occupation_id": night_baker,
                                                        "action": "occupation"}))
    assert ticked(chosen) == ["night_shifts"]
    response = client.post("/behoeften/nieuw", data={
        **BASE, "csrf_token": token, "occupation_id": night_baker, "demands_shown": "1",
        "demands_default": "night_shifts", "demands": ["night_shifts"], "action": "save"})
    assert response.status_code == 303, text(response)
    need = db.session.query(Need).filter_by(title="Nachtbakker").one()
    assert need.demands is None  # it follows the occupation
    assert "nachtdiensten of wisselende diensten" in text(client.get(response.headers["Location"]))


def test_the_employer_states_other_demands_and_changes_them_later(signed_in, night_baker):
    client = signed_in("employer")
    token = csrf_token(client, "/behoeften/nieuw")
    response = client.post("/behoeften/nieuw", data={
        **BASE, "csrf_token": token, "occupation_id": night_baker, "demands_shown": "1",
        "demands_default": "night_shifts", "demands": ["heavy_lifting", "night_shifts"], "action": "save"})
    assert response.status_code == 303, text(response)
    need = db.session.query(Need).filter_by(title="Nachtbakker").one()
    assert need.demands == ["heavy_lifting", "night_shifts"]
    assert "zwaar tillen, nachtdiensten of wisselende diensten" in text(client.get(response.headers["Location"]))

    edit = f"/behoeften/{need.id}/wijzigen"
    page = text(client.get(edit))
    assert ticked(page) == ["heavy_lifting", "night_shifts"]
    form = {**BASE, "csrf_token": token, "occupation_id": night_baker, "demands_shown": "1",
            "demands_default": "night_shifts", "action": "save"}
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert client.post(edit, data={**form, "version": version, "demands": []}).status_code == 303
    assert saved(need.id).demands == []  # the work asks none of them: stated, not the occupation's
    version = re.search(r'name="version" value="(\d+)"', text(client.get(edit))).group(1)
    assert client.post(edit, data={**form, "version": version, "demands": ["night_shifts"]}).status_code == 303
    assert saved(need.id).demands is None  # back to the occupation's own


def test_a_demand_not_on_the_list_is_named_in_the_summary_and_nothing_is_saved(signed_in, night_baker):
    client = signed_in("employer")
    response = client.post("/behoeften/nieuw", data={
        **BASE, "csrf_token": csrf_token(client, "/behoeften/nieuw"), "occupation_id": night_baker,
        "demands_shown": "1", "demands_default": "night_shifts", "demands": ["flying"], "action": "save"})
    assert response.status_code == 422
    page = text(response)
    summary = page.split('id="error-summary-title"')[1].split("</ul>")[0]
    assert '<a class="utrecht-link" href="#demands">Kies uit de lijst wat het werk vraagt.</a>' in summary
    assert 'id="demands-error"' in page
    assert db.session.query(Need).filter_by(title="Nachtbakker").count() == 0
