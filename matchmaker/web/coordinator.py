"""The network coordinator's pages: a region at a glance (shortages, unused potential, how fresh the figures are).

Every figure comes from the services the API uses (:mod:`matchmaker.services.insights` and friends), read as the
signed-in user: a coordinator gets what ``GET /api/v1/regions/<code>/insights`` gives them, so the counts per target
group (special-category data) appear only for admins, as :func:`matchmaker.security.policies.without_special_category`
decides. Regions are chosen by name from the start page; the address holds the region's code.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.errors import DomainError, InvalidInput, PreconditionFailed
from matchmaker.extensions import db
from matchmaker.i18n import N_, gettext as _, reader_language
from matchmaker.labels import label
from matchmaker.models import User
from matchmaker.services import brokering, insights, jobs, region_jobs, regions
from matchmaker.vocabulary import BROKERING_STATUSES
from matchmaker.web.blueprint import bp
from matchmaker.web.signin import requires

COORDINATING = ("coordinator", "admin")
#: the clock the pages show times on
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
#: shortages shown before "show all"
SHORTAGES_SHOWN = 15


def when(moment: datetime | None) -> str:
    """A stored moment as the reader reads it: "3 december 2026 om 08:13" (Dutch time)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return format_datetime(moment.astimezone(LOCAL_TIME), "d MMMM y, HH:mm", locale=reader_language())


#: a region's pages: (endpoint, English name) in the order of the region's menu
REGION_PAGES = (("web.region_overview", N_("Overview")), ("web.region_brokering", N_("Partners to broker")))
#: pairs to broker per page
PAIRS_PER_PAGE = 20


def region_context(user: User, code: str) -> dict:
    """What every page of a region shows at the top: its name and the links to its other pages."""
    return {"user": user, "region": regions.get(session=db.session, actor=user, code=code),
            "region_pages": [(endpoint, _(name)) for endpoint, name in REGION_PAGES]}


@bp.route("/regio/<code>")
@requires(*COORDINATING)
def region_overview(user: User, code: str):
    context = region_context(user, code)
    found = insights.region_insights(session=db.session, actor=user, code=code)
    return render_template("web/coordinator/region.html", insights=found, computed_at=when(found["computed_at"]),
                           shortages_shown=SHORTAGES_SHOWN, show_all=request.args.get("alle") == "1", **context)


@bp.route("/regio/<code>/opnieuw-berekenen", methods=["POST"])
@requires(*COORDINATING)
def region_recompute(user: User, code: str):
    """Recompute the region's figures (allocation, partner matches, insights) in the background."""
    regions.get(session=db.session, actor=user, code=code)  # 404 for an unknown region
    try:
        job, created = region_jobs.request_recompute(session=db.session, actor=user, regions=[code])
        if created:
            jobs.dispatch(session=db.session, job=job)
        db.session.commit()
    except DomainError as error:  # busy (429) or the queue is away (503): say so, change nothing else
        db.session.rollback()
        flash(error.text(), "warning")
        return redirect(url_for("web.region_overview", code=code), code=303)
    finished = job.status in jobs.FINISHED
    flash(_("The figures are computed again.") if finished else
          _("The figures are being computed again. Reload this page in a minute."), "ok" if finished else "info")
    return redirect(url_for("web.region_overview", code=code), code=303)


def _page_number() -> int:
    text = request.args.get("pagina", "1")
    return max(1, min(int(text), 100_000)) if text.isdigit() else 1


@bp.route("/regio/<code>/koppelen")
@requires(*COORDINATING)
def region_brokering(user: User, code: str):
    """The region's pairs of organisations to broker, best first, each with its reasons and a status to set."""
    context = region_context(user, code)
    status = request.args.get("status", "")
    status = status if status in BROKERING_STATUSES else None
    number = _page_number()
    found = brokering.list_pairs(session=db.session, actor=user, code=code, status=status, limit=PAIRS_PER_PAGE,
                                 offset=(number - 1) * PAIRS_PER_PAGE)
    pages = max(1, -(-found["total"] // PAIRS_PER_PAGE))
    return render_template("web/coordinator/brokering.html", pairs=found, status=status, number=number, pages=pages,
                           computed_at=when(found["computed_at"]), **context)


@bp.route("/regio/<code>/koppelen/<id:organisation_id>/<id:partner_id>", methods=["POST"])
@requires(*COORDINATING)
def set_brokering_status(user: User, code: str, organisation_id: int, partner_id: int):
    """Set a pair's status. The form carries the version it was read at: when someone else set the status in
    between, nothing is saved and the page says so. htmx gets the pair's card back; without JavaScript, the list."""
    read = request.form.get("version", "")
    precondition = None
    if read.isdigit():
        def precondition(version: int) -> None:
            if version != int(read):
                raise PreconditionFailed()
    message, kind = None, "ok"
    try:
        pair = brokering.set_status(session=db.session, actor=user, code=code, organisation_id=organisation_id,
                                    partner_id=partner_id, status=request.form.get("status", ""),
                                    precondition=precondition)
        db.session.commit()
        message = _("Saved: %(first)s and %(second)s are now at “%(status)s”.", first=pair["organisation"]["name"],
                    second=pair["partner"]["name"], status=label("brokering_status", pair["status"], capital=False))
    except (PreconditionFailed, StaleDataError):
        db.session.rollback()
        message, kind = _("Someone else changed this status just now. Nothing was saved: check the status "
                          "and choose again."), "warning"
    except InvalidInput as error:
        db.session.rollback()
        message, kind = _("Choose a status from the list.") if error.field == "status" else error.text(), "error"
    if request.headers.get("HX-Request"):
        pair = brokering.get_pair(session=db.session, actor=user, code=code, organisation_id=organisation_id,
                                  partner_id=partner_id)
        return render_template("web/coordinator/_pair.html", pair=pair, region=regions.get(
            session=db.session, actor=user, code=code), message=message, message_kind=kind), \
            200 if kind != "error" else 422
    flash(message, kind)
    back = request.form.get("back", "")
    return redirect(back if back.startswith(f"/regio/{code}/koppelen") else
                    url_for("web.region_brokering", code=code), code=303)
