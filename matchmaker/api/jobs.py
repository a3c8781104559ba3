"""/api/v1/jobs"""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.jobs import JobSchema
from matchmaker.security.auth import current_user
from matchmaker.services import jobs as service

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs", description="Long-running work to poll.")


@blp.route("/<id:job_id>")
class JobById(MethodView):
    @blp.response(200, JobSchema)
    def get(self, job_id):
        """A job's status, progress, error, timestamps and result, and whether its data has changed since
        (stale). Visible to whoever started it, and admins."""
        return service.get(session=db.session, actor=current_user(), job_id=job_id)
