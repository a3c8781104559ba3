"""Protective response headers, and the API documentation's files served from the installed packages.

Every response carries a strict Content-Security-Policy (scripts, styles and requests only from this server,
no inline script, never framed), ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``;
API responses (they name people, candidates, jobs, tokens) also ``Cache-Control: no-store``; production adds
``Strict-Transport-Security`` (``HSTS_SECONDS``). Swagger UI (/api/docs) loads its files from the
``swagger-ui-bundle`` package through this server, and its start-up script is a file here, not inline.
"""
from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from swagger_ui_bundle import swagger_ui_path

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
#: what the server calls itself where a server would name its versions (the development server does)
SERVER_NAME = "matchmaker"


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def protect(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        if request.path.startswith("/api/v1/"):
            headers["Cache-Control"] = "no-store"
        if current_app.config["HSTS_SECONDS"]:
            headers["Strict-Transport-Security"] = f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains"
        return response

    _development_server_without_versions()


def _development_server_without_versions() -> None:
    """The development server (``matchmaker run``, werkzeug) names its and Python's versions in every answer's
    ``Server`` header, whatever the application sets: it names this service instead. (gunicorn's says "gunicorn".)"""
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = lambda handler: SERVER_NAME


def register_api_docs_assets(app: Flask) -> None:
    """Swagger UI's files at /api/docs/assets/ (OPENAPI_SWAGGER_UI_URL), its start-up script at
    /api/docs/initializer.js; the page itself is flask-smorest's, with templates/swagger_ui.html."""
    assets = Blueprint("api_docs_assets", __name__, static_folder=str(swagger_ui_path),
                       static_url_path="/api/docs/assets")

    @assets.route("/api/docs/initializer.js")
    def initializer():
        script = render_template("swagger_ui_initializer.js", spec_url=url_for("api-docs.openapi_json"),
                                 swagger_ui_config=current_app.config.get("OPENAPI_SWAGGER_UI_CONFIG", {}))
        return Response(script, mimetype="text/javascript")

    app.register_blueprint(assets)
