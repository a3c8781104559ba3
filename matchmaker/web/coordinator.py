"""The network coordinator's pages: a region at a glance (shortages, unused potential, how fresh the figures are).

Every figure comes from the services the API uses (:mod:`matchmaker.services.insights` and friends), read as the
signed-in user: a coordinator gets what ``GET /api/v1/regions/<code>/insights`` gives them, so the counts per target
group (special-category data) appear only for admins, as :func:`matchmaker.security.policies.without_special_category`
decides. Regions are chosen by name from the start page; the address holds the region's code.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import defer
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.errors import DomainError, InvalidInput, NotFound, PreconditionFailed, RetryLater
from matchmaker.explanations import counted_in_words, with_sentences
from matchmaker.extensions import db
from matchmaker.i18n import N_, gettext as _, ngettext, reader_language
from matchmaker.labels import label
from matchmaker.models import Job, User
from matchmaker.services import allocation, brokering, ecosystem, insights, jobs, region_jobs, regions
from matchmaker.services.places import REGIONS
from matchmaker.vocabulary import BROKERING_STATUSES
from matchmaker.web.blueprint import bp
from matchmaker.web.charts import bar_chart, place_map
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
REGION_PAGES = (("web.region_overview", N_("Overview")), ("web.region_brokering", N_("Partners to broker")),
                ("web.region_allocation", N_("Allocation")), ("web.region_network", N_("Clusters and brokers")),
                ("web.region_progress", N_("Progress")), ("web.region_map", N_("Map")))
#: the series of the progress chart: (key in the insights' months, English name)
PROGRESS_SERIES = (("needs_posted", N_("Needs posted")), ("matches_proposed", N_("Matches proposed")),
                   ("partnerships_proposed", N_("Partnerships proposed")))
#: pairs to broker per page
PAIRS_PER_PAGE = 20


@bp.app_template_filter("first_upper")
def first_upper(text: str) -> str:
    """Only the first letter in capitals (Jinja's ``capitalize`` lowers the rest: "rond enschede")."""
    return text[:1].upper() + text[1:] if text else ""


def region_context(user: User, code: str) -> dict:
    """What every page of a region shows at the top: its name and the links to its other pages (404 for a code
    that is no region)."""
    ecosystem.require_region(code)
    return {"user": user, "region": {"code": code, "name": REGIONS[code]},
            "region_pages": [(endpoint, _(name)) for endpoint, name in REGION_PAGES]}


@bp.route("/regio/<code>")
@requires(*COORDINATING)
def region_overview(user: User, code: str):
    context = {**region_context(user, code), "region": regions.get(session=db.session, actor=user, code=code)}
    found = insights.region_insights(session=db.session, actor=user, code=code,
                                     parts=("shortages", "unused_potential", "special_category"))
    return render_template("web/coordinator/region.html", insights=found, computed_at=when(found["computed_at"]),
                           shortages_shown=SHORTAGES_SHOWN, show_all=request.args.get("alle") == "1", **context)


@bp.route("/regio/<code>/opnieuw-berekenen", methods=["POST"])
@requires(*COORDINATING)
def region_recompute(user: User, code: str):
    """Recompute the region's figures (allocation, partner matches, insights) in the background."""
    ecosystem.require_region(code)  # 404 for an unknown region
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
        return render_template("web/coordinator/_pair.html", pair=pair, message=message, message_kind=kind,
                               **region_context(user, code)), 200 if kind != "error" else 422
    flash(message, kind)
    back = request.form.get("back", "")
    return redirect(back if back.startswith(f"/regio/{code}/koppelen") else
                    url_for("web.region_brokering", code=code), code=303)


# -- clusters and brokers --------------------------------------------------------------------------------------


@bp.route("/regio/<code>/netwerk")
@requires(*COORDINATING)
def region_network(user: User, code: str):
    """The region's network of organisations: its clusters (who works together or hires and trains for the same
    work) and its brokers (who links clusters), from the region's insights."""
    context = region_context(user, code)
    found = insights.region_insights(session=db.session, actor=user, code=code, parts=("network",))
    network = found["network"]
    # each cluster's organisations by name, case aside (sorted here: a province's clusters list thousands)
    network["clusters"] = [{**cluster, "organisations": sorted(cluster["organisations"],
                                                               key=lambda organisation: organisation["name"].lower())}
                           for cluster in network["clusters"]]
    return render_template("web/coordinator/network.html", network=network, stale=found["stale"],
                           computed_at=when(found["computed_at"]), **context)


# -- progress and the map --------------------------------------------------------------------------------------


def month_label(month: str) -> str:
    """"2026-12" as "dec. 2026" (the reader's language)."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "MMM y", locale=reader_language())


@bp.route("/regio/<code>/voortgang")
@requires(*COORDINATING)
def region_progress(user: User, code: str):
    """Needs posted, matches proposed and partnerships proposed per month: a chart, and the same numbers in a table."""
    context = region_context(user, code)
    found = insights.region_insights(session=db.session, actor=user, code=code, parts=("progress",))
    months = found["progress"]["months"]
    series = [(key, _(name)) for key, name in PROGRESS_SERIES]
    chart = bar_chart([month_label(m["month"]) for m in months], [[m[key] for m in months] for key, _name in series])
    return render_template("web/coordinator/progress.html", progress=found["progress"], months=months,
                           series=series, chart=chart, month_label=month_label, stale=found["stale"],
                           computed_at=when(found["computed_at"]), **context)


@bp.route("/regio/<code>/kaart")
@requires(*COORDINATING)
def region_map(user: User, code: str):
    """The region's municipalities drawn from their coordinates, each circle as large as its open needs, with the
    same numbers in a table."""
    context = region_context(user, code)
    places = counted_in_words(regions.by_municipality(session=db.session, actor=user, code=code))
    drawn = place_map([(p["name"], p["latitude"], p["longitude"], p["open_needs"]) for p in places])
    return render_template("web/coordinator/map.html", places=places, drawn=drawn, **context)


# -- allocation ------------------------------------------------------------------------------------------------

#: needs per page of the allocation's table
NEEDS_PER_PAGE = 25
#: suggestions per person the coordinator may ask for
SUGGESTION_CHOICES = (1, 2, 3, 4, 5)


def _last_allocation_job(code: str) -> Job | None:
    return db.session.scalar(select(Job).options(defer(Job.result)).where(
        Job.kind == allocation.ALLOCATION, Job.subject_id == code).order_by(Job.id.desc()).limit(1))


def need_reason(row: dict) -> str:
    """Why a need's places are filled as they are: against everyone taking their own best choice, then what the
    allocation stored about the places left (what stands in the way, or who went elsewhere)."""
    said = _compared(row)
    return f"{said} {row['explanation']}" if said and row.get("explanation") else said or row.get("explanation", "")


def _compared(row: dict) -> str:
    filled, greedy, places = row["seats_filled"], row["greedy_seats_filled"], row["headcount"]
    if filled == 0 and greedy == 0:  # what stands in the way says it better, when stored
        return "" if row.get("explanation") else _("Nobody in the region fits this work well enough now.")
    if filled > greedy:
        return ngettext("Sharing the people out over the region fills %(num)s place more here than everyone "
                        "taking their own best choice.", "Sharing the people out over the region fills %(num)s "
                        "places more here than everyone taking their own best choice.", filled - greedy)
    if filled < greedy:
        return ngettext("%(num)s place fewer here than with everyone's own best choice: those people fill places "
                        "elsewhere that would otherwise stay empty.", "%(num)s places fewer here than with "
                        "everyone's own best choice: those people fill places elsewhere that would otherwise stay "
                        "empty.", greedy - filled)
    if filled == places:
        return _("Every place is filled, with the region's allocation as with everyone's own best choice.")
    return _("Too few people fit this work: the same places are filled either way.")


@bp.route("/regio/<code>/verdeling")
@requires(*COORDINATING)
def region_allocation(user: User, code: str):
    """The region's latest allocation: which needs it fills, at which organisation, and why; and a form to run
    it again."""
    context = region_context(user, code)
    running = _last_allocation_job(code)
    running = running if running is not None and running.status not in jobs.FINISHED else None
    try:
        found = allocation.overview(session=db.session, actor=user, code=code)
    except NotFound:
        found = None
    rows = found["per_need"] if found else []
    number = _page_number()
    pages = max(1, -(-len(rows) // NEEDS_PER_PAGE))
    # only the rows shown are put into words
    shown = [{**row, "reason": need_reason(row)} for row in
             with_sentences(rows[(number - 1) * NEEDS_PER_PAGE:number * NEEDS_PER_PAGE])]
    return render_template("web/coordinator/allocation.html", result=found, rows=shown, total_rows=len(rows),
                           number=number, pages=pages, running=running, choices=[(str(k), str(k)) for k in SUGGESTION_CHOICES],
                           computed_at=when(found["finished_at"]) if found else "", **context)


@bp.route("/regio/<code>/verdeling", methods=["POST"])
@requires(*COORDINATING)
def start_allocation(user: User, code: str):
    """Run the allocation (the job the API starts); on the embedded server it is done before the page comes back."""
    asked = request.form.get("k", "3")
    k = int(asked) if asked.isdigit() and int(asked) in SUGGESTION_CHOICES else None
    if k is None:
        flash(_("Choose how many suggestions each person gets: 1 to 5."), "error")
        return redirect(url_for("web.region_allocation", code=code), code=303)
    try:
        job, created = allocation.start(session=db.session, actor=user, code=code, k=k)
        if created:
            jobs.dispatch(session=db.session, job=job)
        db.session.commit()
    except RetryLater as error:  # the queue is away: the job is stored and starts later
        db.session.rollback()
        flash(error.text(), "warning")
        return redirect(url_for("web.region_allocation", code=code), code=303)
    if job.status == "succeeded":
        flash(_("The allocation is done. The result is below."), "ok")
    elif job.status == "failed":
        flash(_("The allocation failed. Try again in a minute."), "error")
    return redirect(url_for("web.region_allocation", code=code), code=303)


@bp.route("/regio/<code>/verdeling/status")
@requires(*COORDINATING)
def allocation_status(user: User, code: str):
    """For htmx while an allocation runs: the same notice, or (finished) a full reload of the page."""
    ecosystem.require_region(code)
    job = _last_allocation_job(code)
    if job is None or job.status in jobs.FINISHED:
        return "", 200, {"HX-Refresh": "true"}
    return render_template("web/coordinator/_allocation_running.html", running=job,
                           region={"code": code})
