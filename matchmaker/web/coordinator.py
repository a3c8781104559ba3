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

from matchmaker.errors import DomainError
from matchmaker.extensions import db
from matchmaker.i18n import N_, gettext as _, reader_language
from matchmaker.models import User
from matchmaker.services import insights, jobs, region_jobs, regions
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
REGION_PAGES = (("web.region_overview", N_("Overview")),)


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
