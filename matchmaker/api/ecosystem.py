"""An organisation's partners, and a region's partners, allocation and insights (computed views)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.api.responses import SAME_JOB, job_started
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.ecosystem import (
    AllocationInput,
    AllocationSchema,
    InsightsSchema,
    OrganisationPartnersArgs,
    OrganisationPartnersSchema,
    RegionPartnersArgs,
    RegionPartnersSchema,
)
from matchmaker.schemas.jobs import JobLinkSchema
from matchmaker.security.auth import current_user
from matchmaker.services import allocation, insights, partners

blp = Blueprint("ecosystem", __name__, url_prefix="/api/v1",
                description="Partner matches, regional allocation and ecosystem insights, explained.")

_COMPUTE_FAILED = "Nothing was stored yet and computing it now failed; the reason says why. Retry-After says when."


@blp.route("/organisations/<id:organisation_id>/partners")
class OrganisationPartners(MethodView):
    @blp.arguments(OrganisationPartnersArgs, location="query")
    @blp.response(200, OrganisationPartnersSchema)
    @blp.alt_response(503, description=_COMPUTE_FAILED)
    def get(self, args, organisation_id):
        """This organisation's partner matches, best first: seasonal staff sharing, talent pipelines,
        employer-school, co-creation, knowledge exchange, answers to partner requests — each with its evidence
        and an explanation (every role but person). Read from its region's latest recompute, with a stale
        flag; computed once here when the region has none yet."""
        return partners.organisation_partners(session=db.session, actor=current_user(),
                                              organisation_id=organisation_id, **args)


@blp.route("/regions/<code>/partners")
class RegionPartners(MethodView):
    @blp.arguments(RegionPartnersArgs, location="query")
    @blp.response(200, RegionPartnersSchema)
    @blp.alt_response(503, description=_COMPUTE_FAILED)
    def get(self, args, code):
        """Every partner match that involves an organisation of the region (admin, coordinator). Read from the
        region's latest recompute, with a stale flag; computed once here when there is none yet."""
        return partners.region_partners(session=db.session, actor=current_user(), code=code, **args)


@blp.route("/regions/<code>/allocation")
class RegionAllocation(MethodView):
    @blp.arguments(AllocationInput)
    @blp.response(202, JobLinkSchema)
    @blp.alt_response(200, schema=JobLinkSchema, description=SAME_JOB, success=True)
    @blp.alt_response(503, description="The job queue is unreachable; the job is stored and starts later.")
    def post(self, data, code):
        """Allocate the region's people to its open needs so the region fills the most needs with the best
        fit, compared with everyone taking their own top choices (admin, coordinator). Answers with a job;
        asking again while it is queued or running answers with the same job (200)."""
        with committed():
            job, created = allocation.start(session=db.session, actor=current_user(), code=code, **data)
        return job_started(job, created)

    @blp.response(200, AllocationSchema)
    def get(self, code):
        """The region's latest allocation (ids and aggregates), with a stale flag (admin, coordinator)."""
        return allocation.latest(session=db.session, actor=current_user(), code=code)


@blp.route("/regions/<code>/insights")
class RegionInsights(MethodView):
    @blp.response(200, InsightsSchema)
    @blp.alt_response(503, description=_COMPUTE_FAILED)
    def get(self, code):
        """Shortages per occupation, unused potential by barrier and target group (counts only, groups under
        5 suppressed), clusters and brokers, and progress per month (admin, coordinator, employer, school).
        Read from the region's latest recompute, with a stale flag; computed once here when there is none yet."""
        return insights.region_insights(session=db.session, actor=current_user(), code=code)
