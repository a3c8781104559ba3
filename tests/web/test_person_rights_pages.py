"""The job-seeker downloads everything kept about them and erases it, on their own pages."""
from __future__ import annotations

import json

from matchmaker.extensions import db
from matchmaker.models import Person, User
from tests.web.conftest import PASSWORD, csrf_token, sign_in


def test_the_person_downloads_their_details_as_a_file(signed_in, web_world):
    client = signed_in("person")
    assert "Mijn gegevens downloaden" in client.get("/mijn-gegevens").get_data(as_text=True)
    response = client.get("/mijn-gegevens/downloaden")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.get_data(as_text=True))
    assert exported["person"]["name"] == "Fatima El Amrani"
    assert exported["person"]["target_groups"] == ["refugee_status_holder"]
    assert [a["email"] for a in exported["accounts"]] == ["fatima@example.org"]
    assert signed_in("advisor").get("/mijn-gegevens/downloaden").status_code == 403


def test_erasing_asks_to_confirm_then_forgets_the_person_and_signs_them_out(app, signed_in, web_world):
    client = signed_in("person")
    person_id = web_world.people["own"].id
    token = csrf_token(client, "/mijn-gegevens/wissen")
    refused = client.post("/mijn-gegevens/wissen", data={"csrf_token": token})
    assert refused.status_code == 422
    assert 'href="#confirm">Vink aan dat je begrijpt' in refused.get_data(as_text=True)
    assert db.session.get(Person, person_id) is not None

    response = client.post("/mijn-gegevens/wissen", data={"csrf_token": token, "confirm": "yes"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/gewist")
    assert "Je gegevens zijn gewist" in client.get("/gewist").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, person_id) is None
    account = db.session.get(User, web_world.users["person"].id)
    assert not account.active
    assert client.get("/mijn-gegevens").status_code in (302, 303)  # signed out
    assert sign_in(app.test_client(), "fatima@example.org", PASSWORD).status_code != 303  # cannot sign in again
