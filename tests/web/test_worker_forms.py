"""The forms for keeping people at work, without JavaScript: the advisor enters what work may no longer ask of a
person on the person's page; the advisor, or the employer with the worker's consent, records a change in a worker's
work and lands on the proposed moves. Mistakes come back in an error summary linked to the fields, with nothing
saved; names are shown, never ids."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Organisation, Person, User, WorkerChange
from tests.api.test_worker_changes import site  # noqa: F401  (the fixture: Jan the bricklayer at Ter Horst)
from tests.factories import UserFactory
from tests.web.conftest import csrf_token, sign_in, with_password
from tests.web.test_workers_pages import text


@pytest.fixture
def signed_in(app, site):  # noqa: F811
    terhorst = db.session.get(Organisation, site["terhorst"])
    jan = db.session.get(Person, site["jan"])
    users = {"advisor": with_password(db.session.get(User, jan.advisor_id)),
             "employer": with_password(db.session.scalar(select(User).where(
                 User.role == "employer", User.organisation_id == terhorst.id).limit(1)))}
    db.session.commit()

    def as_role(role: str):
        client = app.test_client()
        assert sign_in(client, users[role].email).status_code == 303
        client.token = csrf_token(client, "/start")
        return client
    return as_role


def summary(response) -> list[tuple[str, str]]:
    """(field id, message) of each link in the error summary."""
    html = response.get_data(as_text=True)
    box = html[html.index("mm-error-summary"):html.index("</ul>", html.index("mm-error-summary"))]
    return re.findall(r'<a class="utrecht-link" href="#([^"]+)">([^<]+)</a>', box)


def test_the_advisor_enters_what_work_may_no_longer_ask_on_the_persons_page(signed_in, site):
    advisor = signed_in("advisor")
    page = text(advisor.get(f"/caseload/{site['jan']}"))
    assert "Wat werk niet meer mag vragen zwaar tillen" in page and "Meeste uren per week geen grens" in page
    form = advisor.get(f"/caseload/{site['jan']}/werkvermogen")
    assert form.status_code == 200 and "Wat werk niet meer mag vragen van Jan Brouwer" in text(form)
    assert 'value="heavy_lifting" checked' in form.get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form.get_data(as_text=True)).group(1)

    wrong = advisor.post(f"/caseload/{site['jan']}/werkvermogen", data={
        "csrf_token": advisor.token, "version": version, "capacity_limits": ["heavy_lifting", "night_shifts"],
        "capacity_max_hours": "veertig"})
    assert wrong.status_code == 422
    assert summary(wrong) == [("capacity_max_hours", "Vul het meeste aantal uren per week in als heel getal van 1 "
                                                     "tot en met 60. Of laat het leeg als er geen grens is.")]
    assert 'id="capacity_max_hours" name="capacity_max_hours" type="text" value="veertig"' in wrong.get_data(as_text=True)
    assert db.session.get(Person, site["jan"]).capacity_limits == ["heavy_lifting"]  # nothing saved

    saved = advisor.post(f"/caseload/{site['jan']}/werkvermogen", data={
        "csrf_token": advisor.token, "version": version, "capacity_limits": ["heavy_lifting", "night_shifts"],
        "capacity_max_hours": "32"})
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/caseload/{site['jan']}#werkvermogen")
    db.session.expire_all()
    jan = db.session.get(Person, site["jan"])
    assert sorted(jan.capacity_limits) == ["heavy_lifting", "night_shifts"] and jan.capacity_max_hours == 32
    page = text(advisor.get(f"/caseload/{site['jan']}"))
    assert "Wat werk niet meer mag vragen van Jan Brouwer is opgeslagen" in page
    assert "zwaar tillen, nachtdiensten of wisselende diensten" in page and "Meeste uren per week 32" in page

    stale = advisor.post(f"/caseload/{site['jan']}/werkvermogen", data={
        "csrf_token": advisor.token, "version": version, "capacity_limits": []})
    assert stale.status_code == 409 and "Iemand anders heeft Jan Brouwer gewijzigd" in text(stale)
    db.session.expire_all()
    assert db.session.get(Person, site["jan"]).capacity_max_hours == 32
    english = text(advisor.get(f"/caseload/{site['jan']}/werkvermogen?lang=en"))  # English on request
    assert "What work may no longer ask of Jan Brouwer" in english and "Night or irregular shifts" in english


def test_limits_need_the_persons_consent_first(signed_in, site, session):
    session.get(Person, site["piet"]).capacity_limits = []
    session.commit()
    advisor = signed_in("advisor")
    form = advisor.get(f"/caseload/{site['piet']}/werkvermogen")
    version = re.search(r'name="version" value="(\d+)"', form.get_data(as_text=True)).group(1)
    refused = advisor.post(f"/caseload/{site['piet']}/werkvermogen", data={
        "csrf_token": advisor.token, "version": version, "capacity_limits": ["outdoor_work"]})
    assert refused.status_code == 422 and summary(refused) == [
        ("consent", "Vink eerst aan dat de persoon toestemming geeft. Pas dan kun je vastleggen wat werk niet meer "
                    "mag vragen.")]
    saved = advisor.post(f"/caseload/{site['piet']}/werkvermogen", data={
        "csrf_token": advisor.token, "version": version, "capacity_limits": ["outdoor_work"], "consent": "yes"})
    assert saved.status_code == 303
    session.expire_all()
    piet = session.get(Person, site["piet"])
    assert piet.consent_special_category and piet.capacity_limits == ["outdoor_work"]


def test_the_advisor_records_a_change_and_sees_the_moves(signed_in, site, session):
    advisor = signed_in("advisor")
    page = advisor.get(f"/caseload/{site['jan']}")
    assert f'href="/werk-behouden/nieuw/{site["jan"]}"' in page.get_data(as_text=True)
    form = advisor.get(f"/werk-behouden/nieuw/{site['jan']}")
    assert "Verandering in het werk van Jan Brouwer vastleggen" in text(form)
    assert "Bouwbedrijf Ter Horst" in text(form) and f'value="{site["terhorst"]}" checked' in form.get_data(as_text=True)

    wrong = advisor.post(f"/werk-behouden/nieuw/{site['jan']}", data={
        "csrf_token": advisor.token, "organisation_id": site["terhorst"], "kind": "job_at_risk", "wish": "other_work"})
    assert wrong.status_code == 422 and summary(wrong) == [("reason", "Kies waarom de baan misschien verdwijnt.")]
    nothing = advisor.post(f"/werk-behouden/nieuw/{site['jan']}", data={"csrf_token": advisor.token})
    assert [name for name, _ in summary(nothing)] == ["organisation_id", "kind"]
    elsewhere = advisor.post(f"/werk-behouden/nieuw/{site['jan']}", data={
        "csrf_token": advisor.token, "organisation_id": site["wennink"], "kind": "capacity"})
    assert summary(elsewhere) == [("organisation_id", "Kies de werkgever waar de persoon nu werkt.")]
    assert session.query(WorkerChange).count() == 0

    made = advisor.post(f"/werk-behouden/nieuw/{site['jan']}", data={
        "csrf_token": advisor.token, "organisation_id": site["terhorst"], "kind": "job_at_risk",
        "reason": "automation"}, follow_redirects=True)
    shown = text(made)
    assert "De verandering voor Jan Brouwer is vastgelegd" in shown and "Stappen voor Jan Brouwer" in shown
    assert "Reden: automatisering." in shown and "Dit werk vraagt niet om zwaar tillen." in shown
    change = session.scalar(select(WorkerChange))
    assert (change.kind, change.reason, change.worker_consent) == ("job_at_risk", "automation", False)
    assert f"/werk-behouden/{change.id}" in advisor.get(f"/caseload/{site['jan']}").get_data(as_text=True)


def test_the_employer_records_a_change_only_with_the_workers_consent(signed_in, site, session):
    employer = signed_in("employer")
    mine = employer.get("/mijn-medewerkers")
    assert f'href="/werk-behouden/nieuw/{site["jan"]}"' in mine.get_data(as_text=True)
    assert employer.get(f"/werk-behouden/nieuw/{site['piet']}").status_code == 404  # Piet shares nothing
    form = employer.get(f"/werk-behouden/nieuw/{site['jan']}")
    assert form.status_code == 200 and "zwaar tillen" not in text(form)
    refused = employer.post(f"/werk-behouden/nieuw/{site['jan']}", data={
        "csrf_token": employer.token, "organisation_id": site["terhorst"], "kind": "wish", "wish": "other_work"})
    assert refused.status_code == 422 and summary(refused) == [
        ("worker_consent", "Vink aan dat de medewerker het goedvindt. Zonder die toestemming kan een werkgever geen "
                           "verandering vastleggen.")]
    assert session.query(WorkerChange).count() == 0
    made = employer.post(f"/werk-behouden/nieuw/{site['jan']}", data={
        "csrf_token": employer.token, "organisation_id": site["terhorst"], "kind": "wish", "wish": "other_work",
        "worker_consent": "yes"}, follow_redirects=True)
    shown = text(made)
    assert "Stappen voor Jan Brouwer" in shown and "tillen" not in shown
    assert session.scalar(select(WorkerChange)).worker_consent is True


def test_only_those_who_may_see_the_worker_reach_the_forms(app, signed_in, site, session):
    employer = signed_in("employer")
    assert employer.get(f"/caseload/{site['jan']}/werkvermogen").status_code == 403  # limits: never the employer
    assert employer.post(f"/caseload/{site['jan']}/werkvermogen", data={
        "csrf_token": employer.token, "capacity_limits": []}).status_code == 403
    stranger = with_password(UserFactory(role="advisor"))
    coordinator = with_password(UserFactory(role="coordinator"))
    session.commit()
    for user, status in ((stranger, 404), (coordinator, 403)):
        client = app.test_client()
        assert sign_in(client, user.email).status_code == 303
        assert client.get(f"/caseload/{site['jan']}/werkvermogen").status_code == status
        assert client.get(f"/werk-behouden/nieuw/{site['jan']}").status_code == status
        assert "Jan Brouwer" not in client.get(f"/werk-behouden/nieuw/{site['jan']}").get_data(as_text=True)
    session.expire_all()
    assert session.get(Person, site["jan"]).capacity_limits == ["heavy_lifting"]
