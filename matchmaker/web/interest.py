"""Interest requests on the pages of the advisor and the job-seeker: the advisor sees an employer's interest in a
person on their caseload and forwards it to the person (or not); the person agrees or declines, and only then does
the employer learn their name. Every answer goes through :func:`matchmaker.services.interest_requests.decide`, as the
API's PATCH does, and carries the version it was given on (an answer on an outdated page changes nothing).

The person's page is its own small template and route (``web.my_interest``), so other pages can link to it."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.errors import DomainError, PreconditionFailed
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.models import User
from matchmaker.services import interest_requests
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import version_precondition
from matchmaker.web.signin import requires

#: how many requests a page lists (newest first)
LISTED = 100

#: status -> the message after an answer, in the answerer's words
ANSWERED = {
    "forwarded": lambda r: _("You asked %(name)s. They decide on their own page.", name=r["person"]["name"]),
    "declined": lambda r: _("%(employer)s hears no from you.", employer=r["organisation"]["name"]),
    "accepted": lambda r: _("%(employer)s now sees your name and contact details.",
                            employer=r["organisation"]["name"]),
}


def _listed(user: User) -> list[dict]:
    return interest_requests.list_requests(session=db.session, actor=user,
                                           args={"limit": LISTED, "offset": 0}).items


def seen(user: User, need_id: int | None = None) -> None:
    """The user opened the page their notices are about: they are no longer new."""
    interest_requests.mark_read(session=db.session, actor=user, need_id=need_id)
    db.session.commit()


def decide_from_form(user: User, request_id: int, status: str) -> dict | None:
    """Move the request to ``status`` on the version the page showed (the form's ``version``); the request as it is
    then, or None after flashing why nothing changed."""
    try:
        answered = interest_requests.decide(session=db.session, actor=user, request_id=request_id,
                                            data={"status": status},
                                            precondition=version_precondition(request.form.get("version", "")))
        db.session.commit()
        return answered
    except (PreconditionFailed, StaleDataError):
        db.session.rollback()
        flash(_("This request changed in the meantime. Look at it again and choose."), "error")
    except DomainError as error:
        db.session.rollback()
        flash(error.text(), "error")
    return None


def _answer(user: User, request_id: int, back: str):
    """Apply the status the button sent, and say what it means."""
    status = request.form.get("status", "")
    answered = decide_from_form(user, request_id, status)
    if answered is not None:
        if status == "declined" and user.role == "advisor":
            flash(_("The request is not passed on. %(employer)s sees that it is declined.",
                    employer=answered["organisation"]["name"]), "ok")
        else:
            flash(ANSWERED[status](answered) if status in ANSWERED else _("Your answer is saved."), "ok")
    return redirect(url_for(back), code=303)


@bp.route("/interesse")
@requires("advisor", "admin")
def interest_for_caseload(user: User):
    requests = _listed(user)
    seen(user)
    return render_template("web/interest/advisor.html", user=user,
                           waiting=[r for r in requests if r["status"] == "requested"],
                           answered=[r for r in requests if r["status"] != "requested"])


@bp.route("/interesse/<id:request_id>", methods=["POST"])
@requires("advisor", "admin")
def forward_interest(user: User, request_id: int):
    return _answer(user, request_id, "web.interest_for_caseload")


@bp.route("/mijn-gegevens/interesse")
@requires("person")
def my_interest(user: User):
    seen(user)
    return render_template("web/interest/person.html", user=user, requests=_listed(user))


@bp.route("/mijn-gegevens/interesse/<id:request_id>", methods=["POST"])
@requires("person")
def answer_interest(user: User, request_id: int):
    return _answer(user, request_id, "web.my_interest")
