"""POST /api/v1/regions/recompute and /api/v1/regions/<code>/recompute: start region jobs (202 + job link)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.api.responses import SAME_JOB, job_started
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.jobs import JobLinkSchema, RecomputeInput, RegionRecomputeInput
from matchmaker.security.auth import current_user
from matchmaker.services import region_jobs as service

blp = Blueprint("region_jobs", __name__, url_prefix="/api/v1/regions",
                description="Recompute regions' results in the background.")

_QUEUE_DOWN = "The job queue is unreachable; the job is stored and starts later. Retry-After says when to look."
_BUSY = ("RECOMPUTE_MAX_CONCURRENT recomputes are queued or running already (or this user started too many jobs): "
         "nothing was started. Retry-After says when to try again.")


@blp.route("/recompute")
class Recompute(MethodView):
    @blp.arguments(RecomputeInput)
    @blp.response(202, JobLinkSchema)
    @blp.alt_response(200, schema=JobLinkSchema, description=SAME_JOB, success=True)
    @blp.alt_response(429, description=_BUSY)
    @blp.alt_response(503, description=_QUEUE_DOWN)
    def post(self, data):
        """Recompute several regions (all by default), one job per region in parallel (admin, coordinator)."""
        with committed():
            job, created = service.request_recompute(session=db.session, actor=current_user(), **data)
        return job_started(job, created)


@blp.route("/<code>/recompute")
class RegionRecompute(MethodView):
    @blp.arguments(RegionRecomputeInput)
    @blp.response(202, JobLinkSchema)
    @blp.alt_response(200, schema=JobLinkSchema, description=SAME_JOB, success=True)
    @blp.alt_response(429, description=_BUSY)
    @blp.alt_response(503, description=_QUEUE_DOWN)
    def post(self, data, code):
        """Recompute one region's results (admin, coordinator)."""
        with committed():
            job, created = service.request_recompute(session=db.session, actor=current_user(), regions=[code],
                                                     **data)
        return job_started(job, created)
