"""Bearer tokens: a revoked token or an inactive user's token is refused like no token at all."""
from matchmaker.models import ApiToken
from matchmaker.security import tokens
from tests.factories import UserFactory, token_for


def test_revoked_tokens_and_inactive_users_are_refused(client, session):
    kept, revoked, inactive = UserFactory(role="coordinator"), UserFactory(role="coordinator"), UserFactory(role="admin")
    kept_headers, revoked_headers, inactive_headers = token_for(kept), token_for(revoked), token_for(inactive)
    session.commit()
    for headers in (kept_headers, revoked_headers, inactive_headers):
        assert client.get("/api/v1/needs", headers=headers).status_code == 200
    tokens.revoke(session=session, token_id=session.query(ApiToken).filter_by(user_id=revoked.id).one().id)
    inactive.active = False
    session.commit()
    assert client.get("/api/v1/needs", headers=kept_headers).status_code == 200
    for headers in (revoked_headers, inactive_headers, {"Authorization": "Bearer mm_not-a-token"},
                    {"Authorization": kept_headers["Authorization"] + "x"}):
        response = client.get("/api/v1/needs", headers=headers)
        assert response.status_code == 401, headers


# --- expiry, listing, creating and revoking through the API, and the audit of token events ---------------------

import re  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from matchmaker.models import AuditEvent, User  # noqa: E402
from tests.factories import PersonFactory  # noqa: E402

SHOWN = {"id", "user_id", "prefix", "label", "created_at", "expires_at", "last_used_at", "revoked_at", "state"}


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _token_row(session, headers) -> ApiToken:
    return session.scalar(select(ApiToken).where(
        ApiToken.token_hash == tokens.hash_token(headers["Authorization"].split()[1])))


def _token_events(session, token_id) -> list[tuple]:
    return [(e.actor_id, e.actor_role, e.action) for e in session.scalars(
        select(AuditEvent).where(AuditEvent.subject_type == "token", AuditEvent.subject_id == token_id)
        .order_by(AuditEvent.id))]


@pytest.fixture
def desk(session):
    admin, advisor, other = UserFactory(role="admin"), UserFactory(role="advisor"), UserFactory(role="employer")
    person = PersonFactory()
    person_user = UserFactory(role="person", person_id=person.id)
    headers = {"admin": token_for(admin), "advisor": token_for(advisor), "other": token_for(other),
               "person": token_for(person_user)}
    session.commit()
    return {"admin": admin, "advisor": advisor, "other": other, "person": person_user, "h": headers}


def test_a_token_lasts_token_ttl_days_and_an_expired_one_is_refused_saying_so(app, client, session, desk):
    app.config["TOKEN_TTL_DAYS"] = 7
    headers = token_for(desk["advisor"])
    session.commit()
    row = _token_row(session, headers)
    lifetime = tokens.as_utc(row.expires_at) - tokens.as_utc(row.created_at)
    assert timedelta(days=7) - timedelta(seconds=5) < lifetime <= timedelta(days=7)
    assert client.get("/api/v1/needs", headers=headers).status_code == 200
    expired_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    session.execute(update(ApiToken).where(ApiToken.id == row.id).values(expires_at=expired_at))
    session.commit()
    for _ in range(3):
        response = client.get("/api/v1/needs", headers=headers)
        assert response.status_code == 401
        assert response.json["message"].startswith(f"Dit token is verlopen op {expired_at:%Y-%m-%d %H:%M} UTC.")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/health", headers=headers).status_code == 200  # public: the token is not needed
    # recorded once (not once per attempt), as the token's holder
    expired_uses = [e for e in _token_events(session, row.id) if e[2] == "token.expired_use"]
    assert expired_uses == [(desk["advisor"].id, "advisor", "token.expired_use")]
    listed = {t["id"]: t for t in client.get("/api/v1/users/me/tokens", headers=desk["h"]["advisor"]).json}
    assert listed[row.id]["state"] == "expired"


def test_owners_list_their_tokens_without_the_secret(client, session, desk):
    h = desk["h"]["advisor"]
    response = client.get("/api/v1/users/me/tokens", headers=h)
    assert response.status_code == 200
    [listed] = response.json
    assert set(listed) == SHOWN
    row = _token_row(session, h)
    assert (listed["id"], listed["user_id"], listed["prefix"], listed["state"]) == (row.id, desk["advisor"].id,
                                                                                     row.prefix, "active")
    text = response.get_data(as_text=True)
    assert row.token_hash not in text and h["Authorization"].split()[1] not in text
    assert _moment(listed["last_used_at"]).utcoffset() == timedelta(0)  # this very request used it
    assert _moment(listed["expires_at"]) > _moment(listed["created_at"])


def test_creating_a_token_shows_it_once_and_it_never_outlives_the_token_that_asked(client, session, desk):
    h = desk["h"]["advisor"]
    mine = _token_row(session, h)
    response = client.post("/api/v1/users/me/tokens", headers=h, json={"label": "rooster-koppeling"})
    assert response.status_code == 201, response.json
    created = response.json
    assert set(created) == SHOWN | {"token"} and created["label"] == "rooster-koppeling"
    assert re.fullmatch(r"mm_[\w-]{40,}", created["token"]) and created["token"].startswith(created["prefix"])
    assert _moment(created["expires_at"]) == tokens.as_utc(mine.expires_at)  # capped at the asking token's expiry
    new_headers = {"Authorization": f"Bearer {created['token']}"}
    assert client.get("/api/v1/users/me/tokens", headers=new_headers).status_code == 200
    listed = client.get("/api/v1/users/me/tokens", headers=h).json
    assert [t["id"] for t in listed] == [created["id"], mine.id] and all("token" not in t for t in listed)
    short = client.post("/api/v1/users/me/tokens", headers=h, json={"expires_in_days": 2}).json
    assert timedelta(days=2) - timedelta(minutes=1) < _moment(short["expires_at"]) - datetime.now(timezone.utc) \
        <= timedelta(days=2)
    assert _token_events(session, created["id"]) == [(desk["advisor"].id, "advisor", "token.issue")]
    for bad, field in (({"expires_in_days": 0}, "expires_in_days"), ({"expires_in_days": 91}, "expires_in_days"),
                       ({"label": "x" * 101}, "label"),
                       ({"user_id": desk["admin"].id}, "user_id")):
        response = client.post("/api/v1/users/me/tokens", headers=h, json=bad)
        assert response.status_code == 422 and field in response.json["errors"]["json"]


def test_owners_and_admins_revoke_others_may_not(client, session, desk):
    h = desk["h"]
    advisor_token, other_token = _token_row(session, h["advisor"]), _token_row(session, h["other"])
    # someone else's token: not found, and it keeps working
    assert client.delete(f"/api/v1/tokens/{other_token.id}", headers=h["advisor"]).status_code == 404
    assert client.delete(f"/api/v1/tokens/{other_token.id}", headers=h["person"]).status_code == 404
    assert client.get("/api/v1/needs", headers=h["other"]).status_code == 200
    # the admin revokes it; then the owner revokes their own (the one they use)
    assert client.delete(f"/api/v1/tokens/{other_token.id}", headers=h["admin"]).status_code == 204
    assert client.get("/api/v1/needs", headers=h["other"]).status_code == 401
    assert client.delete(f"/api/v1/tokens/{advisor_token.id}", headers=h["advisor"]).status_code == 204
    assert client.get("/api/v1/needs", headers=h["advisor"]).status_code == 401
    assert client.delete(f"/api/v1/tokens/{other_token.id}", headers=h["admin"]).status_code == 204  # again: no-op
    listed = client.get(f"/api/v1/users/{desk['other'].id}/tokens", headers=h["admin"]).json
    assert [(t["id"], t["state"]) for t in listed] == [(other_token.id, "revoked")]
    assert _token_events(session, other_token.id) == [(None, "cli", "token.issue"),
                                                      (desk["admin"].id, "admin", "token.revoke")]
    assert _token_events(session, advisor_token.id)[-1] == (desk["advisor"].id, "advisor", "token.revoke")


def test_admins_list_any_users_tokens_others_only_their_own(client, session, desk):
    h, advisor = desk["h"], desk["advisor"]
    assert len(client.get(f"/api/v1/users/{advisor.id}/tokens", headers=h["admin"]).json) == 1
    assert client.get(f"/api/v1/users/{advisor.id}/tokens", headers=h["advisor"]).status_code == 200
    response = client.get(f"/api/v1/users/{advisor.id}/tokens", headers=h["other"])
    assert response.status_code == 403 and "eigen tokens" in response.json["message"]
    assert client.get("/api/v1/users/999999/tokens", headers=h["admin"]).status_code == 404
    assert client.get("/api/v1/users/me/tokens").status_code == 401


def test_the_command_line_still_issues_and_revokes_and_both_are_audited(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--name", "Anna de Vries", "--email", "anna@gemeente.example",
                                 "--role", "admin"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    assert client.get("/api/v1/audit-events", headers=headers).status_code == 200
    result = runner.invoke(args=["revoke-token", token])
    assert result.exit_code == 0 and "Token revoked." in result.output
    assert client.get("/api/v1/audit-events", headers=headers).status_code == 401
    assert runner.invoke(args=["revoke-token", token]).exit_code != 0  # no active token matches
    row = _token_row(session, headers)
    assert _token_events(session, row.id) == [(None, "cli", "token.issue"), (None, "cli", "token.revoke")]
    assert session.scalar(select(User.id).where(User.email == "anna@gemeente.example")) == row.user_id
