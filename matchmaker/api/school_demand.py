"""/api/v1/organisations/{organisation_id}/programme-demand"""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.school_demand import SchoolDemandSchema
from matchmaker.security.auth import current_user
from matchmaker.services import school_demand as service

blp = Blueprint("programme-demand", __name__, url_prefix="/api/v1",
                description="A school's programmes against its region's open demand.")


@blp.route("/organisations/<id:organisation_id>/programme-demand")
class ProgrammeDemand(MethodView):
    @blp.response(200, SchoolDemandSchema)
    def get(self, organisation_id):
        """The organisation's programmes against the open places of its region for the work they lead to, the skills
        the region's open needs ask that no programme in the region teaches, and the region's open internships and
        apprenticeships (the school itself, coordinators, admins). Counts only: no person."""
        return service.school_demand(session=db.session, actor=current_user(), organisation_id=organisation_id)
