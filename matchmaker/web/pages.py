"""The start page of each role, the accessibility statement, and the language switch."""
from __future__ import annotations

from flask import redirect, render_template, request, session, url_for

from matchmaker.extensions import db
from matchmaker.i18n import LANGUAGES
from matchmaker.models import Organisation, User
from matchmaker.services import interest_requests, needs, people, programmes, regions
from matchmaker.services.places import REGIONS
from matchmaker.web.blueprint import bp
from matchmaker.web.signin import SESSION_LANGUAGE, _safe_next, requires, signed_in_user

#: how many of an organisation's records its start page lists
START_LIST = 10


@bp.route("/")
def home():
    return redirect(url_for("web.start" if signed_in_user() else "web.sign_in"))


def _start_content(user: User) -> dict:
    """What each role's start page shows besides its links, read through the services the API uses."""
    if user.role in ("admin", "advisor"):
        caseload = people.list_people(session=db.session, actor=user, args={"limit": 1, "offset": 0}, shown=())
        # the admin's links to the regions: names only (the counts per region are the coordinator's start page)
        return {"caseload_total": caseload.total, **({"regions": REGIONS} if user.role == "admin" else {})}
    if user.role == "coordinator":
        return {"regions": regions.list_regions(session=db.session, actor=user, args={"limit": 50, "offset": 0}).items}
    if user.role == "employer":
        page = needs.list_needs(session=db.session, actor=user, args={
            "organisation": user.organisation_id, "status": "open", "limit": START_LIST, "offset": 0})
        return {"organisation": db.session.get(Organisation, user.organisation_id), "needs": page}
    if user.role == "school":
        page = programmes.list_programmes(session=db.session, actor=user, args={
            "organisation": user.organisation_id, "limit": START_LIST, "offset": 0})
        return {"organisation": db.session.get(Organisation, user.organisation_id), "programmes": page}
    if user.role == "partner":
        return {"organisation": db.session.get(Organisation, user.organisation_id)}
    return {}


def _notices(user: User) -> dict:
    """What is new for the user about interest requests, and (advisor, job-seeker) how many wait for their answer."""
    if user.role not in ("advisor", "employer", "person"):
        return {}
    notices, total = interest_requests.new_notices(session=db.session, actor=user, limit=START_LIST)
    return {"notices": notices, "notices_total": total,
            "waiting": interest_requests.waiting_for(session=db.session, actor=user)}


@bp.route("/start")
@requires()
def start(user: User):
    return render_template(f"web/start/{user.role}.html", user=user, welcome=bool(request.args.get("welcome")),
                           **_start_content(user), **_notices(user))


@bp.route("/meldingen/gelezen", methods=["POST"])
@requires("advisor", "employer", "person")
def notices_read(user: User):
    """"Mark as read": the start page's notices go (what waits for an answer stays counted)."""
    interest_requests.mark_read(session=db.session, actor=user)
    db.session.commit()
    return redirect(url_for("web.start"), code=303)


@bp.route("/toegankelijkheid")
def accessibility():
    return render_template("web/accessibility.html")


@bp.route("/taal/<language>", methods=["POST"])
def switch_language(language: str):
    """The language switch: a form button, so it works without JavaScript; back to the page it was pressed on."""
    if language in LANGUAGES:
        session[SESSION_LANGUAGE] = language
    return redirect(_safe_next(request.form.get("next")) or url_for("web.home"), code=303)
