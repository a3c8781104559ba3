"""The rest of the employer's need form through the test client: how much Dutch the work needs, whether it is taught
on the job, what the workplace can adjust, the groups the employer welcomes, and the closing date. A welcomed group
opens doors for people of that group on their own pages; the employer never learns who among its candidates belongs
to one, and its candidate cards stay exactly the same."""
from __future__ import annotations

import re
from datetime import date

from matchmaker.extensions import db
from matchmaker.models import Need
from tests.web.conftest import csrf_token
from tests.web.test_employer_pages import (  # noqa: F401  (fixtures)
    bakery_world, candidates_world, saved, text,
)

BASE = {"title": "Hulp bij de oven", "kind": "vacancy", "hours_per_week": "32", "headcount": "1", "action": "save"}


def test_posting_a_need_with_dutch_adjustments_welcomed_groups_and_a_closing_date(signed_in, bakery_world):
    client = signed_in("employer")
    form_page = text(client.get("/behoeften/nieuw"))
    for label in ("Hoeveel Nederlands vraagt het werk?", "Wat je werkplek kan aanpassen", "Groepen die je welkom heet",
                  "Sluitingsdatum", "Jobcoach", "Statushouder", "Nederlands op B1-niveau"):
        assert label in form_page
    response = client.post("/behoeften/nieuw", data={
        **BASE, "csrf_token": csrf_token(client, "/behoeften/nieuw"), "occupation_id": bakery_world["occupation"],
        "dutch_level": "A2", "trains_on_job": "1", "accommodations": ["job_coach", "adjusted_hours"],
        "welcomes_groups": ["refugee_status_holder"], "closes_on": "31-03-2027"})
    assert response.status_code == 303, text(response)
    need = db.session.query(Need).filter_by(title="Hulp bij de oven").one()
    assert (need.dutch_level, need.trains_on_job, sorted(need.accommodations), need.welcomes_groups, need.closes_on) == (
        "A2", True, ["adjusted_hours", "job_coach"], ["refugee_status_holder"], date(2027, 3, 31))
    shown = text(client.get(response.headers["Location"]))
    for words in ("Nederlands op A2-niveau", "jobcoach, aangepaste werktijden", "statushouder", "31 maart 2027"):
        assert words in shown


def test_changing_only_the_dutch_level_and_clearing_the_groups_and_date(signed_in, bakery_world):
    need = saved(bakery_world["need"])
    need.welcomes_groups, need.closes_on, need.accommodations = ["older_worker"], date(2027, 1, 15), ["job_coach"]
    db.session.commit()
    client = signed_in("employer")
    edit = f"/behoeften/{bakery_world['need']}/wijzigen"
    page = text(client.get(edit))
    assert re.search(r'name="welcomes_groups" value="older_worker" checked', page)
    assert 'value="2027-01-15"' in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": version, "title": "Hulp in de bakkerij", "kind": "vacancy",
        "hours_per_week": "24", "headcount": "1", "dutch_level": "B1", "accommodations": ["job_coach"],
        "closes_on": "", "action": "save"})
    assert response.status_code == 303, text(response)
    need = saved(bakery_world["need"])
    assert (need.dutch_level, need.welcomes_groups, need.closes_on, need.accommodations) == (
        "B1", [], None, ["job_coach"])


def test_bad_details_name_each_field_in_dutch_and_change_nothing(signed_in, bakery_world):
    client = signed_in("employer")
    edit = f"/behoeften/{bakery_world['need']}/wijzigen"
    before = saved(bakery_world["need"])
    state = (before.version, before.dutch_level, before.accommodations, before.welcomes_groups, before.closes_on)
    page = text(client.get(edit))
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": version, "title": "Hulp in de bakkerij", "kind": "vacancy",
        "hours_per_week": "24", "headcount": "1", "dutch_level": "Z9", "accommodations": ["rocket_boots"],
        "welcomes_groups": ["everyone"], "closes_on": "31-02-2027", "action": "save"})
    assert response.status_code == 422
    page = text(response)
    for name, message in (("dutch_level", "Kies uit de lijst hoeveel Nederlands het werk vraagt."),
                          ("accommodations", "Kies de aanpassingen uit de lijst."),
                          ("welcomes_groups", "Kies de groepen uit de lijst."),
                          ("closes_on", "Vul de sluitingsdatum in als dag-maand-jaar, zoals 31-03-2027.")):
        assert f'<a class="utrecht-link" href="#{name}">{message}</a>' in page  # the summary links to the field
        assert re.search(rf'id="{name}-error">.*{re.escape(message)}', page)  # and says it beside the field
    assert 'value="2027-02-31"' in page  # what was typed comes back (as the date box holds it)
    after = saved(bakery_world["need"])
    assert (after.version, after.dutch_level, after.accommodations, after.welcomes_groups, after.closes_on) == state


def _cards(page: str) -> list[str]:
    """The candidate cards as the employer sees them, minus the CSRF token (the same for both reads)."""
    return re.findall(r'<li class="mm-card mm-candidate">(.*?)</li>', re.sub(r'value="[^"]{40,}"', "", page), re.S)


def test_welcoming_a_group_changes_nothing_the_employer_sees_of_its_candidates(
        signed_in, bakery_world, candidates_world):
    """Fatima is a status holder (she shared it with her advisor). The bakery welcoming status holders neither lifts
    nor marks her card: the cards are the same, word for word, and no group is named on them."""
    client = signed_in("employer")
    need_url = f"/behoeften/{bakery_world['need']}"
    before = _cards(text(client.get(need_url)))
    need = saved(bakery_world["need"])
    need.welcomes_groups = ["refugee_status_holder"]
    db.session.commit()
    page = text(client.get(need_url))
    assert _cards(page) == before and len(before) == 3
    assert "Statushouder" not in "".join(_cards(page)) and "statushouder" not in "".join(_cards(page))
