"""Matchmaker: regional career paths, candidate matches and partnerships for a labour-market ecosystem."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, request

from config import settings as config_settings


def create_app(env: str | None = None, overrides: dict | None = None) -> Flask:
    """The app factory: a list of ``register_*`` steps."""
    app = Flask(__name__, instance_path=str(config_settings.INSTANCE_DIR))
    register_config(app, env, overrides)
    register_extensions(app)
    register_i18n(app)
    register_request_guards(app)
    register_limits(app)
    register_authentication_required(app)
    register_blueprints(app)
    register_api_docs_assets(app)
    register_security_headers(app)
    register_error_handling(app)
    register_commands(app)
    register_celery(app)
    return app


def register_config(app: Flask, env: str | None, overrides: dict | None) -> None:
    settings = config_settings.load(env, overrides)
    app.config.update(settings)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=settings["DATABASE_URL"],
        # hide_parameters: a database error's message (logged with its traceback) names no value of the statement,
        # which may be personal or special-category data
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True},
        API_TITLE="Matchmaker API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        # Swagger UI's files from the installed swagger-ui-bundle package (security/headers.py), not from a CDN
        OPENAPI_SWAGGER_UI_URL="/api/docs/assets/",
        API_SPEC_OPTIONS={
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "info": {"description": "Regional career paths, candidate matches and partnerships. "
                                    "Every request needs `Authorization: Bearer <token>` except /api/v1/health."},
        },
        JSON_SORT_KEYS=False,
    )
    if settings["DATABASE_URL"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    logging.basicConfig(level=settings["LOG_LEVEL"])
    # the development server logs every request line, query string included (?q=<a name>): not personal data in logs
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from matchmaker.extensions import api, db, migrate
    from flask_sqlalchemy.session import Session as FlaskSession

    from matchmaker.api.converters import IdConverter, id_parameter_schema
    from matchmaker.services.data_versions import track_region_changes
    from matchmaker.services.refresh import register_refresh, track_refresh_requests
    from matchmaker.services.versions import track_collection_changes

    app.url_map.converters["id"] = IdConverter
    db.init_app(app)
    track_region_changes(FlaskSession)
    track_collection_changes(FlaskSession)
    track_refresh_requests(FlaskSession)
    register_refresh(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    api.init_app(app)
    api.register_converter(IdConverter, id_parameter_schema)


def register_i18n(app: Flask) -> None:
    from matchmaker import i18n

    i18n.register_i18n(app)


def register_request_guards(app: Flask) -> None:
    from matchmaker.errors import DomainError
    from matchmaker.security.auth import register_authentication

    class UnsupportedMediaType(DomainError):
        status_code = 415

    @app.before_request
    def require_json_body():
        if request.method in ("POST", "PUT", "PATCH") and request.path.startswith("/api/"):
            if request.content_length and not request.is_json:
                raise UnsupportedMediaType(
                    "Send the body as JSON with Content-Type: application/json.", field="Content-Type", location="headers"
                )

    register_authentication(app)


def register_limits(app: Flask) -> None:
    from matchmaker.security.limits import register_limits as register

    register(app)


def register_authentication_required(app: Flask) -> None:
    from matchmaker.security.auth import register_authentication_required as register

    register(app)


def register_api_docs_assets(app: Flask) -> None:
    from matchmaker.security.headers import register_api_docs_assets as register

    register(app)


def register_security_headers(app: Flask) -> None:
    from matchmaker.security.headers import register_security_headers as register

    register(app)


def register_blueprints(app: Flask) -> None:
    from matchmaker.api import register_api
    from matchmaker.extensions import api
    from matchmaker.web import register_web

    register_api(api)
    register_web(app)


def register_error_handling(app: Flask) -> None:
    from matchmaker.errors import register_error_handlers

    register_error_handlers(app)


def register_commands(app: Flask) -> None:
    from matchmaker.cli import register_cli

    register_cli(app)


def register_celery(app: Flask) -> None:
    from workers.celery_app import celery_init_app

    celery_init_app(app)
