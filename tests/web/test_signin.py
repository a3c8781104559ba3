"""Signing in and out, invitations, CSRF, the session cookie and the failure limit (Flask test client)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import User
from matchmaker.models.base import utcnow
from matchmaker.services import accounts
from tests.factories import UserFactory
from tests.web.conftest import PASSWORD, csrf_token, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


def test_sign_in_opens_the_start_page_of_the_role(app, web_world):
    client = app.test_client()
    response = sign_in(client, "ANNA@gemeente.example ")  # e-mail as typed: case and spaces do not matter
    assert response.status_code == 303 and response.headers["Location"].endswith("/start")
    start = client.get("/start")
    assert start.status_code == 200
    assert "Welkom, Anna Adviseur" in text(start) and "Mijn caseload" in text(start)


def test_wrong_password_says_so_in_dutch_and_links_the_field(app, web_world):
    response = sign_in(app.test_client(), "anna@gemeente.example", "niet het wachtwoord")
    assert response.status_code == 422
    page = text(response)
    assert "Er is een probleem" in page
    assert '<a class="utrecht-link" href="#email">Het e-mailadres of het wachtwoord klopt niet.' in page
    assert 'aria-invalid="true"' in page and 'value="anna@gemeente.example"' in page  # what was typed stays


def test_unknown_email_fails_like_a_wrong_password(app, web_world):
    response = sign_in(app.test_client(), "niemand@example.org")
    assert response.status_code == 422 and "klopt niet" in text(response)


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(app, web_world):
    client = app.test_client()
    response = client.post("/inloggen", data={"email": "anna@gemeente.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in text(response)
    assert client.get("/start").status_code == 302  # not signed in


def test_a_post_without_csrf_token_cannot_sign_someone_out_or_change_their_details(signed_in, web_world):
    client = signed_in("person")
    assert client.post("/uitloggen").status_code == 400
    assert client.post("/mijn-gegevens/wijzigen", data={"hours_per_week": "8"}).status_code == 400
    assert client.get("/start").status_code == 200  # still signed in
    db.session.refresh(web_world.people["own"])
    assert web_world.people["own"].hours_per_week == 32


def test_the_csrf_header_htmx_sends_is_accepted(signed_in, web_world):
    client = signed_in("person")
    token = csrf_token(client, "/start")
    response = client.post("/uitloggen", headers={"X-CSRFToken": token})
    assert response.status_code == 303
    assert client.get("/start").status_code == 302


def test_sign_out_ends_the_session(signed_in):
    client = signed_in("advisor")
    response = client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/start")})
    assert response.status_code == 303
    assert "U bent uitgelogd" in text(client.get(response.headers["Location"]))
    assert client.get("/caseload").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(app, web_world):
    client = app.test_client()
    response = sign_in(client, "anna@gemeente.example")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_session_cookie_is_secure_in_production():
    app = create_app("production", {"SECRET_KEY": "production-test-key", "DATABASE_URL": "sqlite://"})
    response = app.test_client().get("/inloggen")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def limits_on(monkeypatch):
    """The tests' settings turn rate limits off (config/settings.py Test); these tests turn them on."""
    monkeypatch.setenv("RATELIMIT_ENABLED", "true")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")


def test_failed_sign_ins_are_limited_per_email(limits_on, app, web_world):
    for _ in range(5):
        assert sign_in(app.test_client(), "anna@gemeente.example", "fout wachtwoord").status_code == 422
    blocked = sign_in(app.test_client(), "anna@gemeente.example")  # even the right password, for now
    assert blocked.status_code == 429
    assert "Te veel pogingen" in text(blocked)
    # a colleague at the same address still signs in: the per-address limit is higher
    assert sign_in(app.test_client(), "bert@gemeente.example").status_code == 303


def test_failed_sign_ins_are_limited_per_client_address(limits_on, app, web_world):
    app.config["SIGN_IN_ADDRESS_FAILURE_LIMIT"] = "3 per 15 minutes"
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        assert sign_in(app.test_client(), email, "fout wachtwoord").status_code == 422
    assert sign_in(app.test_client(), "anna@gemeente.example").status_code == 429


def test_successful_sign_ins_do_not_count_against_the_limit(limits_on, app, web_world):
    for _ in range(8):
        assert sign_in(app.test_client(), "anna@gemeente.example").status_code == 303


def test_a_signed_in_browser_does_not_open_the_api(signed_in, web_world):
    client = signed_in("admin")
    assert client.get("/api/v1/people").status_code == 401
    response = client.post("/api/v1/people", json={"name": "Via de browser"})
    assert response.status_code == 401


def test_roles_see_only_their_pages(signed_in, web_world):
    person = signed_in("person")
    assert person.get("/caseload").status_code == 403
    assert "U mag deze pagina niet zien" in text(person.get("/beheer/gebruikers"))
    advisor = signed_in("advisor")
    assert advisor.get("/mijn-gegevens").status_code == 403
    assert advisor.get(f"/caseload/{web_world.people['foreign'].id}").status_code == 404


def test_pages_ask_to_sign_in_first_and_return_after(app, web_world):
    client = app.test_client()
    response = client.get("/caseload?region=twente")
    assert response.status_code == 302 and "/inloggen?next=/caseload?region%3Dtwente" in response.headers["Location"]
    signed = client.post("/inloggen", data={"csrf_token": csrf_token(client), "email": "anna@gemeente.example",
                                            "password": PASSWORD, "next": "/caseload?region=twente"})
    assert signed.headers["Location"] == "/caseload?region=twente"


def test_next_never_leads_to_another_site(app, web_world):
    client = app.test_client()
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post("/inloggen", data={"csrf_token": csrf_token(client), "email": "anna@gemeente.example",
                                                  "password": PASSWORD, "next": target})
        assert response.headers["Location"] == "/start"
        client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/start")})


def _invitation_path(output: str) -> str:
    return re.search(r"(/wachtwoord-instellen/\S+)", output).group(1)


def test_create_user_prints_a_one_time_invitation_link(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--name", "Ria Beheer", "--email", "ria@example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000/wachtwoord-instellen/" in result.output
    assert result.output.strip().splitlines()[-1].startswith("mm_")  # the API token stays the last line
    path = _invitation_path(result.output)
    client = app.test_client()
    page = client.get(path)
    assert page.status_code == 200 and "Welkom, Ria Beheer" in text(page)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    token = csrf_token(client, path)
    short = client.post(path, data={"csrf_token": token, "password": "kort", "password_again": "kort"})
    assert short.status_code == 422 and "minstens 10 tekens" in text(short)
    differ = client.post(path, data={"csrf_token": token, "password": PASSWORD, "password_again": PASSWORD + "x"})
    assert differ.status_code == 422 and "twee keer hetzelfde" in text(differ)
    done = client.post(path, data={"csrf_token": token, "password": PASSWORD, "password_again": PASSWORD})
    assert done.status_code == 303 and client.get("/start").status_code == 200
    # the link works once
    assert app.test_client().get(path).status_code == 404
    assert sign_in(app.test_client(), "ria@example.org").status_code == 303


def test_an_expired_invitation_does_not_work(app):
    user = UserFactory(email="laat@example.org", role="admin")
    token = accounts.invite(session=db.session, user=user)
    user.invitation_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().get(f"/wachtwoord-instellen/{token}")
    assert response.status_code == 404 and "Deze link werkt niet meer" in text(response)


def test_a_new_password_signs_out_other_sessions(app, web_world):
    other = app.test_client()
    assert sign_in(other, "anna@gemeente.example").status_code == 303
    advisor = db.session.get(User, web_world.users["advisor"].id)
    accounts.set_password(session=db.session, token=accounts.invite(session=db.session, user=advisor),
                          password="een heel nieuw wachtwoord")
    db.session.commit()
    assert other.get("/start").status_code == 302


def test_a_deactivated_user_is_signed_out(signed_in, web_world):
    client = signed_in("advisor")
    db.session.get(User, web_world.users["advisor"].id).active = False
    db.session.commit()
    assert client.get("/start").status_code == 302


@pytest.mark.parametrize("role,expected", [
    ("admin", "Gebruikers"), ("advisor", "Mijn caseload"), ("coordinator", "De regio's in één oogopslag"),
    ("employer", "U werkt voor Bakkerij De Korenschoof"), ("school", "U werkt voor ROC Twente Oost"),
    ("person", "Voorstellen voor mij")])
def test_each_role_has_a_start_page(signed_in, role, expected):
    page = signed_in(role).get("/start")
    assert page.status_code == 200 and expected in text(page)
