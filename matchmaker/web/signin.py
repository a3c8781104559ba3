"""Signing in and out, setting a password from an invitation link, the reader's language, and who is signed in.

The session cookie (Flask's signed cookie: HttpOnly, SameSite=Lax, Secure in production) holds the user's id and
a marker of their password hash, so setting a new password signs out every other session. Failed sign-ins are
rate-limited per e-mail address, and more loosely per client address (an office shares one); a successful one
costs nothing.
"""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, render_template, request, session, url_for

from matchmaker.errors import InvalidInput
from matchmaker.extensions import db
from matchmaker.i18n import DEFAULT_LANGUAGE, LANGUAGES, gettext as _
from matchmaker.models import User
from matchmaker.security.limits import client_address
from matchmaker.services import accounts
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors

SESSION_LANGUAGE = "language"


@bp.before_app_request
def forget_earlier_requests():
    """What a request looked up about its session (user, CSRF token, language) is kept in ``g``, which belongs to
    the app context: a context that outlives one request (a test's, a CLI's) must not hand it to the next."""
    for name in ("web_user", "csrf_token", "reader_language"):
        g.pop(name, None)


@bp.before_app_request
def choose_language():
    """Pages speak the language the reader chose (kept in the session; ``?lang=`` changes it), Dutch by default.
    htmx requests carry no ``?lang=``, so the session is what keeps partial updates in the same language."""
    if request.path.startswith("/api/"):
        return
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in LANGUAGES:
        session[SESSION_LANGUAGE] = asked
    g.reader_language = session.get(SESSION_LANGUAGE, DEFAULT_LANGUAGE)


def signed_in_user() -> User | None:
    """The user of this browser session, or None (also when they were deactivated or set a new password since)."""
    if "web_user" not in g:
        user = None
        user_id = session.get("user_id")
        if isinstance(user_id, int):
            candidate = db.session.get(User, user_id)
            if candidate is not None and candidate.active and session.get("marker") == accounts.session_marker(candidate):
                user = candidate
        g.web_user = user
    return g.web_user


def requires(*roles: str):
    """A page for signed-in users with one of ``roles`` (any role when none is given): others are sent to the
    sign-in page, or get a 403 page when signed in with another role. The view receives the user as ``user``."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = signed_in_user()
            if user is None:
                return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
            if roles and user.role not in roles:
                abort(403)
            return view(*args, user=user, **kwargs)
        return wrapper
    return decorate


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, not //host): never an open redirect."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _start_session(user: User) -> None:
    language = session.get(SESSION_LANGUAGE)
    session.clear()  # a fresh session (and CSRF token) at every sign-in: no fixation
    session["user_id"] = user.id
    session["marker"] = accounts.session_marker(user)
    if language:
        session[SESSION_LANGUAGE] = language
    g.pop("web_user", None)


def _email_key() -> str:
    return "sign-in:" + accounts.normalised_email(request.form.get("email", ""))[:255]


def _failed(response) -> bool:
    """A sign-in attempt counts against the limits unless it signed in (a redirect)."""
    return response.status_code != 303


def _email_limit() -> str:
    return current_app.config["SIGN_IN_FAILURE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["SIGN_IN_ADDRESS_FAILURE_LIMIT"]


def limit_sign_in(app) -> None:
    """Failed sign-ins count against two limits of the app's limiter (security/limits.py): per e-mail address and,
    more loosely, per client address; once one is used up, signing in answers 429 until its window has passed."""
    limiter = app.extensions["matchmaker.limiter"]
    view = app.view_functions["web.sign_in"]
    view = limiter.limit(_address_limit, key_func=client_address, methods=["POST"], deduct_when=_failed,
                         scope="sign-in-address")(view)
    view = limiter.limit(_email_limit, key_func=_email_key, methods=["POST"], deduct_when=_failed,
                         scope="sign-in-email")(view)
    app.view_functions["web.sign_in"] = view


@bp.route("/inloggen", methods=["GET", "POST"])
def sign_in():
    target = _safe_next(request.values.get("next"))
    if signed_in_user() is not None and request.method == "GET":
        return redirect(target or url_for("web.start"))
    errors = FormErrors()
    email = request.form.get("email", "").strip()
    if request.method == "POST":
        password = request.form.get("password", "")
        if not email:
            errors.add("email", _("Enter your e-mail address."))
        if not password:
            errors.add("password", _("Enter your password."))
        if not errors:
            user = accounts.authenticate(session=db.session, email=email, password=password)
            if user is not None:
                _start_session(user)
                return redirect(target or url_for("web.start"), code=303)
            errors.add("email", _("The e-mail address or the password is not right. Check both and try again."))
        return render_template("web/sign_in.html", errors=errors, email=email, next=target), 422
    return render_template("web/sign_in.html", errors=errors, email=email, next=target)


@bp.route("/uitloggen", methods=["POST"])
def sign_out():
    language = session.get(SESSION_LANGUAGE)
    session.clear()
    if language:
        session[SESSION_LANGUAGE] = language
    return redirect(url_for("web.sign_in", signed_out=1), code=303)


def invitation_link(token: str, base_url: str | None = None) -> str:
    """The address of the page that sets a password with ``token``, on ``base_url`` (default: PUBLIC_URL); also
    outside a request (the CLI prints it)."""
    base = (base_url or current_app.config["PUBLIC_URL"]).rstrip("/")
    with current_app.test_request_context():
        return base + url_for("web.set_password", token=token)


@bp.route("/wachtwoord-instellen/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """The page an invitation link opens: choose a password, then sign in with it."""
    user = accounts.invited_user(session=db.session, token=token)
    if user is None:
        response = render_template("web/invitation_invalid.html"), 404
    else:
        errors = FormErrors()
        status = 200
        if request.method == "POST":
            password = request.form.get("password", "")
            if password != request.form.get("password_again", ""):
                errors.add("password_again", _("Type the same password twice."))
            else:
                try:
                    user = accounts.set_password(session=db.session, token=token, password=password)
                except InvalidInput as error:
                    db.session.rollback()
                    errors.add(error.field or "password", error.text())
            if not errors:
                db.session.commit()
                _start_session(user)
                return redirect(url_for("web.start", welcome=1), code=303)
            status = 422
        response = render_template("web/set_password.html", errors=errors, user=user, token=token), status
    body, status = response
    # the token is in the address: never send it on to another site
    return body, status, {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
