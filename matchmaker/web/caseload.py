"""The advisor's caseload: search by name, filter by region, target group and status; a person's page with their
profile and proposals. Lists and checks come from :mod:`matchmaker.services.people` (an advisor sees only their own
caseload, an admin everyone), as on the API."""
from __future__ import annotations

from flask import render_template, request
from marshmallow import ValidationError
from sqlalchemy import select

from matchmaker import vocabulary as v
from matchmaker.extensions import db
from matchmaker.models import Municipality, User
from matchmaker.schemas.people import PersonListArgs
from matchmaker.services import interest_requests, people
from matchmaker.services.places import REGIONS
from matchmaker.web.advisor import career_view
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import page_number
from matchmaker.web.profile import profile_view, proposals
from matchmaker.web.signin import requires
from matchmaker.web.worker_forms import person_work_view

PAGE_SIZE = 25
FILTERS = ("q", "region", "target_group", "status")


def _filters() -> dict:
    """The filters the form sent, each dropped when it is not one the form offers (a list page never errs)."""
    raw = {name: request.args.get(name, "").strip() for name in FILTERS}
    chosen = {name: value for name, value in raw.items() if value}
    if chosen.get("region") not in REGIONS:
        chosen.pop("region", None)
    if chosen.get("target_group") not in v.TARGET_GROUPS:
        chosen.pop("target_group", None)
    if chosen.get("status") not in v.PERSON_STATUSES:
        chosen.pop("status", None)
    if "q" in chosen:
        chosen["q"] = chosen["q"][:200]
    return chosen


@bp.route("/caseload")
@requires("advisor", "admin")
def caseload(user: User):
    chosen = _filters()
    number = page_number()
    try:
        args = PersonListArgs().load({**chosen, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})
    except ValidationError:  # only the name can be refused (odd characters): search without it
        chosen.pop("q", None)
        args = PersonListArgs().load({**chosen, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})
    page = people.list_people(session=db.session, actor=user, args=args, shown=())  # names, places, groups only
    pages = max(1, -(-page.total // PAGE_SIZE))
    places = dict(db.session.execute(select(Municipality.code, Municipality.name)).all())
    context = {"user": user, "page": page, "chosen": chosen, "number": number, "pages": pages, "regions": REGIONS,
               "places": places}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "caseload-results":
        return render_template("web/advisor/_caseload_results.html", **context)
    waiting = interest_requests.waiting_for(session=db.session, actor=user)
    return render_template("web/advisor/caseload.html", waiting=waiting, **context)


@bp.route("/caseload/<id:person_id>")
@requires("advisor", "admin")
def person_page(user: User, person_id: int):
    person = people.get(session=db.session, actor=user, person_id=person_id)
    return render_template("web/advisor/person.html", user=user, **profile_view(person),
                           **proposals(user, person.id), **career_view(user, person.id),
                           **person_work_view(user, person))
