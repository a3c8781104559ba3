"""The school chooses on its programme pages which occupations a programme leads to, found by words of their name
and ticked (never typed as ids), and deletes a programme after confirming it (on the version it saw)."""
from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import Programme
from tests.factories import OccupationFactory
from tests.web.conftest import csrf_token
from tests.web.test_programme_pages import saved, school_world, text  # noqa: F401  (fixtures)


@pytest.fixture
def occupations(school_world):
    baker = OccupationFactory(label_nl="bakker", label_en="baker")
    pastry = OccupationFactory(label_nl="banketbakker", label_en="pastry chef")
    cook = OccupationFactory(label_nl="kok", label_en="cook")
    db.session.commit()
    return {"bakker": baker.id, "banketbakker": pastry.id, "kok": cook.id}


def test_the_occupations_a_programme_leads_to_are_found_by_name_and_ticked(signed_in, school_world, occupations):
    client = signed_in("school")
    url = f"/opleidingen/{school_world['own']}/wijzigen"
    page = text(client.get(url))
    assert "Beroepen waar de opleiding toe leidt" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = {"csrf_token": csrf_token(client, url), "version": version, "name": "Bakker (mbo 2)", "level": "mbo2",
            "mode": "work_based", "duration_months": "24", "capacity": "12",
            "skill_ids": [str(s.id) for s in saved(school_world["own"]).skills]}
    found = text(client.post(url, data={**form, "occupations_q": "bakker", "action": "enter"}))  # Enter searches
    for name in ("bakker", "banketbakker"):
        assert re.search(r'name="occupation_ids" value="%d">' % occupations[name], found)  # offered, not ticked
    assert "kok" not in found.split("Gevonden voor bakker")[1].split("</fieldset>")[0]
    response = client.post(url, data={**form, "occupation_ids": [str(occupations["bakker"]),
                                                                 str(occupations["banketbakker"])], "action": "enter"})
    assert response.status_code == 303, text(response)
    assert sorted(o.id for o in saved(school_world["own"]).occupations) == sorted(
        [occupations["bakker"], occupations["banketbakker"]])
    listed = text(client.get("/opleidingen"))
    assert "Leidt tot" in listed and "bakker, banketbakker" in listed.replace("Banketbakker", "banketbakker")
    again = text(client.get(url))
    assert re.search(r'name="occupation_ids" value="%d" checked' % occupations["banketbakker"], again)


def test_a_new_programme_leads_to_an_occupation_ticked_on_the_form(signed_in, school_world, occupations):
    client = signed_in("school")
    response = client.post("/opleidingen/nieuw", data={
        "csrf_token": csrf_token(client, "/opleidingen/nieuw"), "name": "Keuken (mbo 2)", "level": "mbo2",
        "mode": "full_time", "duration_months": "12", "capacity": "10",
        "skill_ids": [str(school_world["skills"]["klanten helpen"])], "occupation_ids": [str(occupations["kok"])],
        "action": "save"})
    assert response.status_code == 303, text(response)
    programme = db.session.query(Programme).filter_by(name="Keuken (mbo 2)").one()
    assert [o.id for o in programme.occupations] == [occupations["kok"]]


def test_an_occupation_that_is_not_there_is_named_in_the_summary_and_nothing_is_saved(signed_in, school_world):
    client = signed_in("school")
    response = client.post("/opleidingen/nieuw", data={
        "csrf_token": csrf_token(client, "/opleidingen/nieuw"), "name": "Keuken (mbo 2)", "level": "mbo2",
        "mode": "full_time", "duration_months": "12", "capacity": "10", "occupation_ids": ["999999"],
        "skill_ids": [str(school_world["skills"]["klanten helpen"])], "action": "save"})
    assert response.status_code == 422
    summary = text(response).split('id="error-summary-title"')[1].split("</ul>")[0]
    assert 'href="#occupations_q"' in summary and "999999" in summary
    assert db.session.query(Programme).filter_by(name="Keuken (mbo 2)").count() == 0


def test_the_school_deletes_a_programme_after_confirming(signed_in, school_world):
    client = signed_in("school")
    own = school_world["own"]
    assert f'href="/opleidingen/{own}/verwijderen"' in text(client.get(f"/opleidingen/{own}/wijzigen"))
    url = f"/opleidingen/{own}/verwijderen"
    page = text(client.get(url))
    assert "Bakker (mbo 2) verwijderen" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    stale = client.post(url, data={"csrf_token": csrf_token(client, url), "version": str(int(version) - 1)})
    assert stale.status_code == 409 and saved(own) is not None  # made on an older version: nothing deleted
    done = client.post(url, data={"csrf_token": csrf_token(client, url), "version": version})
    assert done.status_code == 303
    assert "De opleiding Bakker (mbo 2) is verwijderd." in text(client.get("/opleidingen"))
    assert saved(own) is None
    assert signed_in("school").get(f"/opleidingen/{school_world['other']}/verwijderen").status_code == 404
