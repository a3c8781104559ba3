"""Pages for keeping people at work (issue 14): a worker's proposed moves (advisor, admin, the worker, and the
employer when the worker consented), the advisor's list of workers with a change, the employer's own workers, and
the coordinator's flows per region. Thin views over :mod:`matchmaker.services.worker_changes`, which keeps every
rule (who sees what, limits only for the worker, their advisor and admins); the answers go through the API's
schemas, so labels are in the reader's language."""
from __future__ import annotations

from flask import abort, render_template

from matchmaker.errors import Forbidden, NotFound
from matchmaker.extensions import db
from matchmaker.models import User
from matchmaker.schemas.worker_changes import OrganisationWorkersSchema, ProposalsSchema, WorkerFlowsSchema
from matchmaker.services import worker_changes
from matchmaker.services.places import REGIONS
from matchmaker.web.blueprint import bp
from matchmaker.web.signin import requires

#: how many changes the advisor's list shows
PAGE_SIZE = 100


@bp.route("/werk-behouden")
@requires("advisor", "admin")
def worker_changes_list(user: User):
    """The workers with a change on the advisor's caseload (all of them for admins), each with a link to the
    proposed moves."""
    page = worker_changes.list_changes(session=db.session, actor=user, args={"limit": PAGE_SIZE, "offset": 0})
    changes = [worker_changes.change_view(change) for change in page.items]
    return render_template("web/workers/changes.html", user=user, changes=changes, total=page.total)


@bp.route("/werk-behouden/<id:change_id>")
@requires("advisor", "admin", "person", "employer")
def worker_proposals(user: User, change_id: int):
    """The moves proposed for one change: internal first, then the network, then elsewhere, each explained."""
    try:
        result = worker_changes.proposals(session=db.session, actor=user, change_id=change_id)
    except NotFound:
        abort(404)
    db.session.commit()  # the audit of reading the worker's limits
    tiers: dict[str, list[dict]] = {}
    dumped = ProposalsSchema().dump(result)
    for item in dumped["items"]:
        tiers.setdefault(item["tier"]["code"], []).append(item)
    return render_template("web/workers/proposals.html", user=user, result=dumped, tiers=tiers)


@bp.route("/mijn-medewerkers")
@requires("employer")
def my_workers(user: User):
    """The employer's own workers who share their profile with it, their changes, and the partners in its networks
    that could take over staff."""
    try:
        result = worker_changes.organisation_workers(session=db.session, actor=user,
                                                     organisation_id=user.organisation_id)
    except (NotFound, Forbidden):
        abort(404)
    return render_template("web/workers/my_workers.html", user=user,
                           result=OrganisationWorkersSchema().dump(result))


@bp.route("/regio/<code>/werk-naar-werk")
@requires("coordinator", "admin")
def worker_flows(user: User, code: str):
    """Per sector, where the region's workers with a change could go: flows of viable moves, small counts left out."""
    if code not in REGIONS:
        abort(404)
    result = WorkerFlowsSchema().dump(worker_changes.region_flows(session=db.session, actor=user, code=code))
    return render_template("web/workers/flows.html", user=user, result=result, code=code, regions=REGIONS)
