"""The needs list is kept per process between changes (services/needs.py): a reader sees every change at once."""
from datetime import date, timedelta

from matchmaker.services import open_needs
from tests.factories import NeedFactory, OrganisationFactory, SkillFactory, UserFactory, token_for

URL = "/api/v1/needs"


def _page(client, headers, qs="limit=50"):
    response = client.get(f"{URL}?{qs}", headers=headers)
    assert response.status_code == 200, response.json
    return {n["id"]: n for n in response.json["items"]}, response.json["total"]


def test_a_change_to_a_need_its_skills_or_its_employer_shows_in_the_next_list(client, session):
    admin = token_for(UserFactory(role="admin"))
    bakery = OrganisationFactory(kind="employer", name="Bakkerij Jansen", municipality_code="GM0193")
    need = NeedFactory(organisation=bakery, title="Bakker", municipality_code="GM0193")
    flour = SkillFactory(label_en="weigh flour", label_nl="meel afwegen")
    session.commit()
    before, total = _page(client, admin)
    assert before[need.id]["title"] == "Bakker" and total == 1

    assert client.patch(f"{URL}/{need.id}", headers=admin, json={"title": "Broodbakker"}).status_code == 200
    assert _page(client, admin)[0][need.id]["title"] == "Broodbakker"

    assert client.patch(f"{URL}/{need.id}", headers=admin, json={
        "skills": [{"skill_id": flour.id, "relation": "essential"}]}).status_code == 200
    assert [s["label"] for s in _page(client, admin)[0][need.id]["skills"]] == ["meel afwegen"]

    assert client.patch(f"/api/v1/organisations/{bakery.id}", headers=admin,
                        json={"name": "Warme Bakker Jansen"}).status_code == 200
    assert _page(client, admin)[0][need.id]["organisation"]["name"] == "Warme Bakker Jansen"

    created = client.post(URL, headers=admin, json={"organisation_id": bakery.id, "kind": "vacancy",
                                                    "title": "Banketbakker", "hours_per_week": 32})
    assert created.status_code == 201, created.json
    after, total = _page(client, admin)
    assert total == 2 and after[created.json["id"]]["title"] == "Banketbakker"
    # the English reader gets the English labels, not the Dutch page kept before
    english, _ = _page(client, admin, "limit=50&lang=en")
    assert english[need.id]["status_label"] == "Open" and english[need.id]["skills"][0]["label"] == "weigh flour"


def test_a_need_whose_closing_date_passes_reads_closed_the_next_day(client, session, monkeypatch):
    admin = token_for(UserFactory(role="admin"))
    closes = date(2031, 3, 31)
    need = NeedFactory(title="Seizoenswerk", closes_on=closes)
    session.commit()
    monkeypatch.setattr(open_needs, "today", lambda: closes)
    assert _page(client, admin)[0][need.id]["status"] == "open"
    assert _page(client, admin, "limit=50&status=open")[1] == 1
    monkeypatch.setattr(open_needs, "today", lambda: closes + timedelta(days=1))
    shown = _page(client, admin)[0][need.id]
    assert shown["status"] == "closed" and shown["closed_on"] == "2031-03-31"
    assert _page(client, admin, "limit=50&status=open")[1] == 0
