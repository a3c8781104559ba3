"""The admin's pages through the test client: the start page leads to every region's coordinator view."""
from __future__ import annotations

import re

from matchmaker.services.places import REGIONS


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_admin_start_page_links_to_every_region(signed_in):
    client = signed_in("admin")
    page = text(client.get("/start"))
    linked = {name: href for href, name in re.findall(r'<a class="utrecht-link" href="(/regio/[^"]+)">([^<]+)</a>', page)}
    for code, name in REGIONS.items():
        assert linked[name] == f"/regio/{code}"
    region = client.get(linked["Twente"])
    assert region.status_code == 200 and "Twente" in text(region)


# -- the users page: a page at a time, searched, and invitations with the organisation or person found by name --


def _accounts_listed(page: str) -> list[str]:
    table = page.split('id="accounts"', 1)[1]
    return re.findall(r'<th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" '
                      r'href="/beheer/gebruikers/\d+">([^<]+)</a></th>', table)


def test_the_users_page_lists_a_page_at_a_time_by_name(signed_in, web_world, monkeypatch):
    from matchmaker.web import admin

    monkeypatch.setattr(admin, "PAGE_SIZE", 3)
    client = signed_in("admin")
    first = text(client.get("/beheer/gebruikers"))
    assert _accounts_listed(first) == ["Anna Adviseur", "Bakker", "Beheer"]
    assert "7 accounts – pagina 1 van 3" in first
    assert re.search(r'rel="next" href="/beheer/gebruikers\?pagina=2#accounts"', first)
    assert _accounts_listed(text(client.get("/beheer/gebruikers?pagina=3"))) == ["Stagebureau"]
    assert _accounts_listed(text(client.get("/beheer/gebruikers?pagina=abc"))) == _accounts_listed(first)


def test_the_users_page_finds_accounts_by_name_or_e_mail_address(signed_in, web_world):
    client = signed_in("admin")
    assert _accounts_listed(text(client.get("/beheer/gebruikers?q=adviseur"))) == ["Anna Adviseur", "Bert Adviseur"]
    assert _accounts_listed(text(client.get("/beheer/gebruikers?q=BAKKER%40example"))) == ["Bakker"]
    assert _accounts_listed(text(client.get("/beheer/gebruikers?q=anna+gemeente"))) == ["Anna Adviseur"]
    nobody = text(client.get("/beheer/gebruikers?q=100%25"))
    assert _accounts_listed(nobody) == [] and "Geen account past bij 100%." in nobody


def test_a_job_seekers_account_for_a_person_found_by_name(signed_in, web_world):
    from matchmaker.extensions import db
    from matchmaker.models import User
    from tests.web.conftest import csrf_token

    client = signed_in("admin")
    gerrit = web_world.people["older"]
    form = {"csrf_token": csrf_token(client, "/beheer/gebruikers"), "name": "Gerrit Jansen",
            "email": "gerrit@example.org", "role": "person", "person_q": "gerrit"}
    found = text(client.post("/beheer/gebruikers", data={**form, "action": "enter"}))  # Enter searches first
    assert re.search(r'name="person" value="%d"' % gerrit.id, found) and "Gerrit Jansen, Zwolle" in found
    assert db.session.query(User).filter_by(email="gerrit@example.org").first() is None
    response = client.post("/beheer/gebruikers", data={**form, "person": str(gerrit.id), "action": "enter"})
    assert response.status_code == 200 and 'id="invitation-link"' in text(response)
    assert db.session.query(User).filter_by(email="gerrit@example.org").one().person_id == gerrit.id


def test_a_bad_invitation_names_each_field_in_dutch_and_invites_nobody(signed_in, web_world):
    from matchmaker.extensions import db
    from matchmaker.models import User
    from tests.web.conftest import csrf_token

    client = signed_in("admin")
    before = db.session.query(User).count()
    response = client.post("/beheer/gebruikers", data={
        "csrf_token": csrf_token(client, "/beheer/gebruikers"), "name": "", "email": "geen-adres", "role": "koning",
        "action": "invite"})
    assert response.status_code == 422
    page = text(response)
    for name, message in (("name", "Vul de naam in van wie u uitnodigt."),
                          ("email", "Vul een e-mailadres in zoals naam@voorbeeld.nl."), ("role", "Kies een rol.")):
        assert f'<a class="utrecht-link" href="#{name}">{message}</a>' in page
    nobody = client.post("/beheer/gebruikers", data={
        "csrf_token": csrf_token(client, "/beheer/gebruikers"), "name": "Zonder", "email": "zonder@example.org",
        "role": "person", "person_q": "niemand-heet-zo", "action": "invite"})
    assert nobody.status_code == 422
    assert 'href="#person_q">Kies de persoon' in text(nobody) and "Niets gevonden voor niemand-heet-zo." in text(nobody)
    assert db.session.query(User).count() == before
