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
