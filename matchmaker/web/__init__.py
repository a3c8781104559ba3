"""The web pages: Dutch, server-rendered (Jinja, NL Design System CSS, htmx where it helps), every form working
without JavaScript. Views are thin: they read a form, call a service in :mod:`matchmaker.services`, and draw the
result. People sign in with e-mail and password (a session cookie); the JSON API stays bearer-token only, so a
signed-in browser cannot be made to call it (no CSRF through the API).
"""
from __future__ import annotations

from flask import Flask

from matchmaker.web.hooks import csrf


def register_web(app: Flask) -> None:
    from matchmaker.web import admin, caseload, employer, interest, jobseeker, pages, signin  # noqa: F401  (routes on the blueprint)
    from matchmaker.web import coordinator  # noqa: F401
    from matchmaker.web import advisor  # noqa: F401
    from matchmaker.web import programmes, school  # noqa: F401
    from matchmaker.web import worker_forms, workers  # noqa: F401
    from matchmaker.web import exchange  # noqa: F401
    from matchmaker.web.blueprint import bp
    from matchmaker.web.errors import register_error_pages

    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # the web blueprint checks every unsafe request itself (hooks.protect_forms); the API takes no cookies
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    csrf.init_app(app)
    app.register_blueprint(bp)
    signin.limit_sign_in(app)
    register_error_pages(app)
