"""Bearer-token authentication for the API."""
from __future__ import annotations

from flask import Flask, g, request

from matchmaker.errors import Unauthenticated
from matchmaker.extensions import db
from matchmaker.models import ApiToken, User
from matchmaker.security import tokens

#: endpoints anyone may call without a token: the health check, the API's documentation and the vocabulary
PUBLIC_ENDPOINTS = {"health.Health", "vocabulary.Vocabulary", "api-docs.openapi_json", "api-docs.openapi_swagger_ui",
                    "api_docs_assets.static", "api_docs_assets.initializer", "static"}
MISSING_TOKEN = "A valid bearer token is required (Authorization: Bearer <token>)."


def register_authentication(app: Flask) -> None:
    """Who is asking: ``g.user`` from the bearer token, None without a valid one (nothing is refused yet)."""
    @app.before_request
    def identify_caller():
        g.user, g.token, g.token_expired_at = None, None, None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token:
            found = tokens.authenticate(session=db.session, token=token.strip())
            if found.written:  # the token's last use, or an expired token's audit event
                db.session.commit()
            g.user, g.token, g.token_expired_at = found.user, found.token, found.expired_at


def register_authentication_required(app: Flask) -> None:
    """401 for a caller without a valid token on every API endpoint but :data:`PUBLIC_ENDPOINTS`, before the
    request's body or query is read: an anonymous caller learns nothing of what an endpoint expects."""
    @app.before_request
    def require_authentication():
        if (request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS or request.method == "OPTIONS"
                or not request.path.startswith("/api/")):
            return  # no such address (404/405), public, or not the API (pages sign people in their own way)
        current_user()


def current_user() -> User:
    """The authenticated caller; 401 when there is none."""
    user = g.get("user")
    if user is None:
        if expired_at := g.get("token_expired_at"):
            raise Unauthenticated("This token expired on %(expired_at)s UTC. Ask for a new token; an expired token never works again.", expired_at=f"{expired_at:%Y-%m-%d %H:%M}")
        raise Unauthenticated(MISSING_TOKEN)
    return user


def current_token() -> ApiToken:
    """The token the caller authenticated with; 401 when there is none."""
    current_user()
    return g.token
