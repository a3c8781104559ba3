"""/api/v1/worker-changes, /api/v1/organisations/<id>/workers, /api/v1/regions/<code>/worker-flows"""
from flask.views import MethodView
from flask_smorest import Blueprint as PlainBlueprint

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.worker_changes import (
    OrganisationWorkersSchema, ProposalsSchema, WorkerChangeInput, WorkerChangeListArgs, WorkerChangeSchema,
    WorkerFlowsSchema,
)
from matchmaker.security.auth import current_user
from matchmaker.services import worker_changes as service

blp = Blueprint("worker-changes", __name__, url_prefix="/api/v1/worker-changes",
                description="A worker's change — capacity, wish, or the job at risk — and the moves proposed for it: "
                            "inside the employer first, then at partners — in a network with the employer, or with a "
                            "partner match that could take over its staff — (with seasonal chains), then "
                            "elsewhere within reach. Recorded by the person, their advisor or an admin, or by the "
                            "employer with the worker's consent.")
views = PlainBlueprint("worker-views", __name__, url_prefix="/api/v1",
                       description="An employer's own workers and a region's flows of moves.")


def _view(change):
    return service.change_view(blp.versioned(change))


@blp.route("")
class WorkerChanges(MethodView):
    @blp.arguments(WorkerChangeListArgs, location="query")
    @blp.response(200, page_of(WorkerChangeSchema))
    def get(self, args):
        """The changes the caller may see: an advisor's caseload, a person's own, an employer's (recorded with
        consent), all for admins."""
        page = service.list_changes(session=db.session, actor=current_user(), args=args)
        page.items = [service.change_view(c) for c in page.items]
        return page

    @blp.arguments(WorkerChangeInput)
    @blp.response(201, WorkerChangeSchema)
    def post(self, data):
        """Record a change for a worker (their current employer must be organisation_id)."""
        with committed():
            return _view(service.create(session=db.session, actor=current_user(), data=data))


@blp.route("/<id:change_id>")
@blp.etag
class WorkerChangeById(MethodView):
    @blp.response(200, WorkerChangeSchema)
    def get(self, change_id):
        """One change."""
        return _view(service.get(session=db.session, actor=current_user(), change_id=change_id))

    @blp.arguments(patch_of(WorkerChangeInput))
    @blp.response(200, WorkerChangeSchema)
    def patch(self, data, change_id):
        """Change the kind, reason, wish, status or consent; with If-Match only while it is still that version."""
        with committed():
            return _view(service.update(session=db.session, actor=current_user(), change_id=change_id, data=data,
                                        precondition=blp.if_match(change_id)))

    @blp.response(204)
    def delete(self, change_id):
        """Delete a change."""
        with committed():
            service.delete(session=db.session, actor=current_user(), change_id=change_id,
                           precondition=blp.if_match(change_id))


@blp.route("/<id:change_id>/proposals")
class Proposals(MethodView):
    @blp.response(200, ProposalsSchema)
    def get(self, change_id):
        """The moves proposed for the change, internal first, then network, then elsewhere; each explained with the
        skills kept, the gap, the programme that bridges it and the months until it can start. Every move respects
        the worker's limits; only the person, their advisor and admins are told which."""
        with committed():
            return service.proposals(session=db.session, actor=current_user(), change_id=change_id)


@views.route("/organisations/<id:organisation_id>/workers")
class OrganisationWorkers(MethodView):
    @views.response(200, OrganisationWorkersSchema)
    def get(self, organisation_id):
        """The organisation's workers who share their profile with it, their changes recorded with consent, and the
        partners in its networks with open needs (employer of the organisation, admins)."""
        return service.organisation_workers(session=db.session, actor=current_user(), organisation_id=organisation_id)


@views.route("/regions/<code>/worker-flows")
class WorkerFlows(MethodView):
    @views.response(200, WorkerFlowsSchema)
    def get(self, code):
        """Sector-to-sector flows of the viable moves of the region's workers with a change (coordinators, admins),
        computed without anyone's limits; counts below the least count are suppressed."""
        return service.region_flows(session=db.session, actor=current_user(), code=code)
