"""The admin manages accounts on the pages: the list filtered by role, an account given another role (with the
organisation found by name), and an account deactivated, after which it can no longer sign in, its session ends and
its API key stops working. The last active admin stays an active admin. Each change is in the audit log."""
from __future__ import annotations

import re

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, User
from tests.factories import token_for
from tests.web.conftest import PASSWORD, csrf_token, sign_in
from tests.web.test_admin_pages import _accounts_listed, text


def audited(action: str) -> list[tuple]:
    return db.session.execute(select(AuditEvent.actor_role, AuditEvent.subject_type, AuditEvent.subject_id)
                              .where(AuditEvent.action == action)).all()


def test_the_users_list_shows_one_role_at_a_time(signed_in, web_world):
    client = signed_in("admin")
    page = text(client.get("/beheer/gebruikers?rol=advisor"))
    assert _accounts_listed(page) == ["Anna Adviseur", "Bert Adviseur"]
    assert re.search(r'<option value="advisor" selected>Loopbaanadviseur</option>', page)
    assert _accounts_listed(text(client.get("/beheer/gebruikers?rol=school"))) == ["Stagebureau"]
    assert "Geen account heeft deze rol." in text(client.get("/beheer/gebruikers?rol=partner"))
    assert len(_accounts_listed(text(client.get("/beheer/gebruikers?rol=onzin")))) == 7  # not a role: all of them


def test_the_admin_gives_an_account_another_role_with_the_organisation_found_by_name(signed_in, web_world):
    client = signed_in("admin")
    bert = web_world.users["other_advisor"]
    url = f"/beheer/gebruikers/{bert.id}"
    page = text(client.get(url))
    assert "Bert Adviseur" in page and "Andere rol geven" in page
    token = csrf_token(client, url)
    missing = client.post(url, data={"csrf_token": token, "role": "employer", "action": "save"})
    assert missing.status_code == 422
    assert '<a class="utrecht-link" href="#organisation_q">Kies de organisatie waar deze gebruiker werkt.</a>' in text(
        missing)
    assert db.session.get(User, bert.id).role == "advisor"  # nothing changed
    found = text(client.post(url, data={"csrf_token": token, "role": "employer", "organisation_q": "Korenschoof",
                                        "action": "find"}))
    bakery = web_world.organisations["bakery"].id
    assert re.search(r'name="organisation" value="%d"' % bakery, found)
    saved = client.post(url, data={"csrf_token": token, "role": "employer", "organisation": bakery, "action": "save"})
    assert saved.status_code == 303
    db.session.expire_all()
    assert (db.session.get(User, bert.id).role, db.session.get(User, bert.id).organisation_id) == ("employer", bakery)
    assert "Bert Adviseur heeft nu de rol werkgever." in text(client.get(url))
    assert audited("user.role_change") == [("admin", "user", bert.id)]


def test_a_deactivated_account_cannot_sign_in_and_its_session_and_key_stop(app, signed_in, web_world):
    baker = web_world.users["employer"]
    headers = token_for(baker)
    db.session.commit()
    session = signed_in("employer")
    assert session.get("/behoeften").status_code == 200
    assert app.test_client().get("/api/v1/needs", headers=headers).status_code == 200

    admin = signed_in("admin")
    url = f"/beheer/gebruikers/{baker.id}/deactiveren"
    assert "kan Bakker niet meer inloggen" in text(admin.get(url))
    done = admin.post(url, data={"csrf_token": csrf_token(admin, url)})
    assert done.status_code == 303
    assert "Bakker kan niet meer inloggen." in text(admin.get(done.headers["Location"]))

    assert session.get("/behoeften").status_code == 302  # signed out: sent to the sign-in page
    assert app.test_client().get("/api/v1/needs", headers=headers).status_code == 401
    assert sign_in(app.test_client(), baker.email, PASSWORD).status_code != 303
    assert "nee, gedeactiveerd" in text(admin.get("/beheer/gebruikers?rol=employer"))
    assert audited("user.deactivate") == [("admin", "user", baker.id)]
    assert len(audited("token.revoke")) == 1


def test_the_last_active_admin_stays_an_active_admin(signed_in, web_world):
    client = signed_in("admin")
    me = web_world.users["admin"]
    url = f"/beheer/gebruikers/{me.id}"
    refused = client.post(f"{url}/deactiveren", data={"csrf_token": csrf_token(client, url)})
    assert refused.status_code == 409
    assert "Beheer is de laatste actieve beheerder. Maak eerst iemand anders beheerder." in text(refused)
    changed = client.post(url, data={"csrf_token": csrf_token(client, url), "role": "advisor", "action": "save"})
    assert changed.status_code == 409 and "de laatste actieve beheerder" in text(changed)
    db.session.expire_all()
    assert (db.session.get(User, me.id).role, db.session.get(User, me.id).active) == ("admin", True)
    assert audited("user.deactivate") == audited("user.role_change") == []

    # with a second admin, the first may go
    bert = web_world.users["other_advisor"]
    client.post(f"/beheer/gebruikers/{bert.id}", data={"csrf_token": csrf_token(client, url), "role": "admin",
                                                       "action": "save"})
    assert client.post(f"{url}/deactiveren", data={"csrf_token": csrf_token(client, url)}).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, me.id).active is False


def test_an_unknown_account_is_not_found_and_others_may_not_manage_accounts(signed_in, web_world):
    assert signed_in("admin").get("/beheer/gebruikers/999999").status_code == 404
    coordinator = signed_in("coordinator")
    assert coordinator.get(f"/beheer/gebruikers/{web_world.users['advisor'].id}").status_code == 403
