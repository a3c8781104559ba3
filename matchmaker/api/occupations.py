"""/api/v1/occupations"""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.common import page_of
from matchmaker.schemas.taxonomy import OccupationDetailSchema, OccupationListArgs, OccupationSchema
from matchmaker.security.auth import current_user
from matchmaker.schemas.transitions import TransitionArgs, TransitionsSchema
from matchmaker.services import taxonomy as service
from matchmaker.services import transitions

blp = Blueprint("occupations", __name__, url_prefix="/api/v1/occupations",
                description="The occupation taxonomy (ESCO), read-only.")


@blp.route("")
class Occupations(MethodView):
    @blp.arguments(OccupationListArgs, location="query")
    @blp.response(200, page_of(OccupationSchema))
    def get(self, args):
        """List or search occupations (q: Dutch and English labels, incl. alternatives; isco_group, sector, starter)."""
        return service.list_occupations(session=db.session, actor=current_user(), args=args)


@blp.route("/<id:occupation_id>")
class OccupationById(MethodView):
    @blp.response(200, OccupationDetailSchema)
    def get(self, occupation_id):
        """One occupation with its essential and optional skills and its broader concept."""
        return service.get_occupation(session=db.session, actor=current_user(), occupation_id=occupation_id)


@blp.route("/<id:occupation_id>/transitions")
class OccupationTransitions(MethodView):
    @blp.arguments(TransitionArgs, location="query")
    @blp.response(200, TransitionsSchema)
    def get(self, args, occupation_id):
        """Where people in this occupation can move: destinations by similarity, each with shared and missing skills.

        Similarity A→B is the share of B's essential skills that A's essential and optional skills cover, with
        half credit for a skill in the same skill group and a quarter for a related skill. A move is *viable*
        above the threshold calibrated on the taxonomy itself (mean − 1 SD within ISCO groups).
        """
        current_user()
        return transitions.occupation_transitions(session=db.session, occupation_id=occupation_id, **args)
