"""Bearer-token authentication for the API."""
from __future__ import annotations

from flask import Flask, g, request

from matchmaker.errors import Unauthenticated
from matchmaker.extensions import db
from matchmaker.models import User
from matchmaker.security import tokens

PUBLIC_ENDPOINTS = {"health.Health", "vocabulary.Vocabulary", "api-docs.openapi_json", "api-docs.openapi_swagger_ui", "static"}


def register_authentication(app: Flask) -> None:
    @app.before_request
    def identify_caller():
        g.user = None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token:
            g.user = tokens.resolve(session=db.session, token=token.strip())


def current_user() -> User:
    """The authenticated caller; 401 when there is none."""
    user = g.get("user")
    if user is None:
        raise Unauthenticated("A valid bearer token is required (Authorization: Bearer <token>).")
    return user
