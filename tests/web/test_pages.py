"""The job-seeker's own pages, the advisor's caseload and the admin's invitations, through the Flask test client
(forms posted as a browser without JavaScript posts them)."""
from __future__ import annotations

import re

from matchmaker.extensions import db
from matchmaker.models import ConsentEvent, Person, User
from tests.web.conftest import csrf_token


def text(response) -> str:
    return response.get_data(as_text=True)


def person(world, key="own") -> Person:
    found = db.session.get(Person, world.people[key].id)
    db.session.refresh(found)
    return found


# -- the job-seeker ------------------------------------------------------------------------------------------


def test_the_person_sees_their_own_profile_with_sensitive_details(signed_in):
    page = text(signed_in("person").get("/mijn-gegevens"))
    assert "Fatima El Amrani" in page and "Enschede" in page
    assert "Statushouder" in page.replace("statushouder", "Statushouder") and "taalmaatje" in page


def test_corrections_are_saved(signed_in, web_world):
    client = signed_in("person")
    response = client.post("/mijn-gegevens/wijzigen", data={
        "csrf_token": csrf_token(client, "/mijn-gegevens/wijzigen"), "email": "fatima@nieuw.example",
        "phone": "06 12345678", "hours_per_week": "24", "travel_radius_km": "15", "available_months": ["6", "7"],
        "summary": "Ik werk graag met mensen."})
    assert response.status_code == 303
    assert "Je wijzigingen zijn opgeslagen." in text(client.get("/mijn-gegevens"))
    saved = person(web_world)
    assert (saved.email, saved.hours_per_week, saved.travel_radius_km, saved.available_months, saved.summary) == (
        "fatima@nieuw.example", 24, 15, [6, 7], "Ik werk graag met mensen.")


def test_a_bad_correction_names_each_field_and_changes_nothing(signed_in, web_world):
    client = signed_in("person")
    response = client.post("/mijn-gegevens/wijzigen", data={
        "csrf_token": csrf_token(client, "/mijn-gegevens/wijzigen"), "email": "geen-adres", "phone": "",
        "hours_per_week": "tachtig", "travel_radius_km": "500", "summary": ""})
    assert response.status_code == 422
    page = text(response)
    assert 'href="#email">Vul een e-mailadres in zoals naam@voorbeeld.nl' in page
    assert 'href="#hours_per_week">Vul het aantal uren per week in als heel getal van 1 tot en met 60.' in page
    assert 'href="#travel_radius_km">Vul de reisafstand in' in page
    assert 'value="tachtig"' in page  # what was typed stays in the form
    saved = person(web_world)
    assert (saved.hours_per_week, saved.travel_radius_km) == (32, 25)


def test_sharing_with_an_organisation_chosen_by_name_and_stopping(signed_in, web_world):
    client = signed_in("person")
    found = text(client.get("/mijn-gegevens/delen?q=korenschoof"))
    assert "Delen met Bakkerij De Korenschoof" in found
    assert "ROC Twente Oost" not in found
    bakery = web_world.organisations["bakery"]
    token = csrf_token(client, "/mijn-gegevens/delen")
    response = client.post("/mijn-gegevens/delen", data={"csrf_token": token, "organisation": bakery.id, "action": "add"})
    assert response.status_code == 303
    page = text(client.get("/mijn-gegevens/delen"))
    assert "Je deelt je profiel nu met Bakkerij De Korenschoof." in page
    assert "Stop met delen met Bakkerij De Korenschoof" in page
    assert person(web_world).consent_share_with == [bakery.id]
    client.post("/mijn-gegevens/delen", data={"csrf_token": token, "organisation": bakery.id, "action": "remove"})
    assert person(web_world).consent_share_with == []
    events = db.session.query(ConsentEvent).filter_by(person_id=web_world.people["own"].id).all()
    assert [e.share_with for e in events[-2:]] == [[bakery.id], []]
    assert events[-1].recorded_by_id == web_world.users["person"].id


def test_the_organisation_search_answers_htmx_with_the_results_only(signed_in):
    client = signed_in("person")
    partial = text(client.get("/mijn-gegevens/delen?q=zorg", headers={"HX-Request": "true",
                                                                      "HX-Target": "search-results"}))
    assert partial.strip().startswith('<div id="search-results"') and "Zorggroep Twentse Zon" in partial
    assert "<html" not in partial


def test_withdrawing_consent_erases_sensitive_details(signed_in, web_world):
    client = signed_in("person")
    token = csrf_token(client, "/mijn-gegevens/gevoelige-gegevens")
    unchosen = client.post("/mijn-gegevens/gevoelige-gegevens", data={"csrf_token": token})
    assert unchosen.status_code == 422 and 'href="#consent">Kies of je toestemming geeft of intrekt.' in text(unchosen)
    response = client.post("/mijn-gegevens/gevoelige-gegevens", data={"csrf_token": token, "consent": "withdraw"})
    assert response.status_code == 303
    assert "Je toestemming is ingetrokken." in text(client.get("/mijn-gegevens"))
    saved = person(web_world)
    assert (saved.consent_special_category, saved.target_groups, saved.accommodation_needs) == (False, [], [])


def test_the_person_cannot_reach_anyone_elses_details(signed_in, web_world):
    client = signed_in("person")
    assert client.get(f"/caseload/{web_world.people['foreign'].id}").status_code == 403
    page = text(client.get("/mijn-gegevens"))
    assert "Henk Vreemd" not in page and "Gerrit Jansen" not in page


# -- the advisor's caseload ----------------------------------------------------------------------------------


def names_listed(page: str) -> list[str]:
    return re.findall(r'href="/caseload/\d+">([^<]+)</a>', page)


def test_the_caseload_lists_only_the_advisors_people(signed_in):
    assert sorted(names_listed(text(signed_in("advisor").get("/caseload")))) == ["Fatima El Amrani", "Gerrit Jansen"]
    assert names_listed(text(signed_in("other_advisor").get("/caseload"))) == ["Henk Vreemd"]


def test_the_caseload_filters_by_name_region_target_group_and_status(signed_in):
    client = signed_in("advisor")
    assert names_listed(text(client.get("/caseload?q=fati"))) == ["Fatima El Amrani"]
    assert names_listed(text(client.get("/caseload?region=regio-zwolle"))) == ["Gerrit Jansen"]
    assert names_listed(text(client.get("/caseload?target_group=refugee_status_holder"))) == ["Fatima El Amrani"]
    assert names_listed(text(client.get("/caseload?status=worker"))) == ["Gerrit Jansen"]
    assert names_listed(text(client.get("/caseload?status=worker&region=twente"))) == []
    assert "Niemand past bij deze filters." in text(client.get("/caseload?q=niemand"))
    # a filter the form does not offer is ignored, not an error
    assert len(names_listed(text(client.get("/caseload?region=mars&status=%00")))) == 2


def test_the_caseload_answers_htmx_with_the_results_only(signed_in):
    partial = text(signed_in("advisor").get("/caseload?q=gerrit", headers={"HX-Request": "true",
                                                                           "HX-Target": "caseload-results"}))
    assert partial.strip().startswith('<div id="caseload-results"') and "<html" not in partial
    assert names_listed(partial) == ["Gerrit Jansen"]


# -- the admin's invitations ---------------------------------------------------------------------------------


def test_the_admin_invites_an_employer_chosen_by_organisation_name(signed_in, web_world):
    client = signed_in("admin")
    bakery = web_world.organisations["bakery"]
    form = {"csrf_token": csrf_token(client, "/beheer/gebruikers"), "name": "Piet Bakker",
            "email": "piet@bakkerij.example", "role": "employer", "organisation_q": "korenschoof"}
    found = text(client.post("/beheer/gebruikers", data={**form, "action": "find"}))
    assert re.search(r'name="organisation" value="%d"' % bakery.id, found)
    assert "Bakkerij De Korenschoof (werkgever)" in found
    assert db.session.query(User).filter_by(email="piet@bakkerij.example").first() is None  # a search invites nobody
    response = client.post("/beheer/gebruikers", data={**form, "organisation": str(bakery.id), "action": "invite"})
    assert response.status_code == 200
    link = re.search(r'id="invitation-link">([^<]+)<', text(response)).group(1)
    assert "/wachtwoord-instellen/" in link
    invitee = db.session.query(User).filter_by(email="piet@bakkerij.example").one()
    assert (invitee.role, invitee.organisation_id, invitee.password_hash) == ("employer", bakery.id, None)
    assert signed_in("admin").get(link.split("localhost", 1)[1]).status_code == 200


def test_inviting_an_employer_without_organisation_says_what_is_missing(signed_in):
    client = signed_in("admin")
    response = client.post("/beheer/gebruikers", data={
        "csrf_token": csrf_token(client, "/beheer/gebruikers"), "name": "Zonder", "email": "zonder@example.org",
        "role": "employer", "organisation": "", "person": ""})
    assert response.status_code == 422
    assert 'href="#organisation_q">Kies de organisatie waar deze gebruiker werkt.' in text(response)
    assert db.session.query(User).filter_by(email="zonder@example.org").first() is None


# -- every page ----------------------------------------------------------------------------------------------


PAGES = {
    "person": ["/start", "/mijn-gegevens", "/mijn-gegevens/wijzigen", "/mijn-gegevens/delen?q=bakkerij",
               "/mijn-gegevens/gevoelige-gegevens"],
    "advisor": ["/start", "/caseload", "/caseload?status=worker"],
    "admin": ["/start", "/beheer/gebruikers", "/caseload"],
    "coordinator": ["/start"], "employer": ["/start"], "school": ["/start"],
}


def test_pages_have_no_inline_script_or_style_and_say_their_language(app, signed_in):
    """The Content-Security-Policy forbids inline script and style: every page must do without."""
    pages = [(app.test_client(), "/inloggen"), (app.test_client(), "/toegankelijkheid")]
    pages += [(signed_in(role), path) for role, paths in PAGES.items() for path in paths]
    for client, path in pages:
        page = text(client.get(path))
        assert '<html lang="nl"' in page, path
        assert not re.search(r"<script(?![^>]*\ssrc=)", page), path
        assert not re.search(r"\sstyle=", page), path
        assert not re.search(r"\son[a-z]+=", page), path  # no inline event handlers


def test_english_on_request_kept_for_the_session(app, web_world):
    client = app.test_client()
    response = client.post("/taal/en", data={"csrf_token": csrf_token(client), "next": "/inloggen"})
    assert response.status_code == 303 and response.headers["Location"] == "/inloggen"
    page = text(client.get("/inloggen"))
    assert '<html lang="en"' in page and "Sign in to Matchmaker" in page
    assert '<html lang="en"' in text(client.get("/toegankelijkheid"))
    assert '<html lang="nl"' in text(client.get("/toegankelijkheid?lang=nl"))


def test_the_accessibility_statement_is_public(app):
    page = text(app.test_client().get("/toegankelijkheid"))
    assert "Toegankelijkheidsverklaring" in page and "WCAG" in page
