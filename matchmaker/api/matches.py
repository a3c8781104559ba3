"""Matches hang under their subject: /api/v1/people/<id>/matches and /api/v1/needs/<id>/candidates."""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.matches import CandidateArgs, CandidatesSchema, MatchArgs, MatchesSchema
from matchmaker.security.auth import current_user
from matchmaker.services import matches as service

blp = Blueprint("matches", __name__, url_prefix="/api/v1", description="Person and need matches, explained.")


@blp.route("/people/<id:person_id>/matches")
class PersonMatches(MethodView):
    @blp.arguments(MatchArgs, location="query")
    @blp.response(200, MatchesSchema)
    def get(self, args, person_id):
        """The open needs that fit this person best: matched and missing skills, the checks made, and the
        programmes within reach that teach what is missing (the person, their advisor, admins)."""
        return service.person_matches(session=db.session, actor=current_user(), person_id=person_id, **args)


@blp.route("/needs/<id:need_id>/candidates")
class NeedCandidates(MethodView):
    @blp.arguments(CandidateArgs, location="query")
    @blp.response(200, CandidatesSchema)
    def get(self, args, need_id):
        """The people who fit this need best, pseudonymised unless they consented to share with this employer
        (the employer itself, coordinators, admins)."""
        return service.need_candidates(session=db.session, actor=current_user(), need_id=need_id, **args)
