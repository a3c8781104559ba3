"""Computed views under their subject: a person's matches and career paths, a need's candidates."""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.api.responses import SAME_JOB, dumped, job_started
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.career_paths import CareerPathRequest, CareerPathsSchema
from matchmaker.schemas.jobs import JobLinkSchema
from matchmaker.schemas.matches import CandidateArgs, CandidatesSchema, MatchArgs, MatchesSchema, dump_matches
from matchmaker.security.auth import current_user
from matchmaker.services import career_paths
from matchmaker.services import matches as service

blp = Blueprint("matches", __name__, url_prefix="/api/v1", description="Person and need matches, explained.")


@blp.route("/people/<id:person_id>/matches")
class PersonMatches(MethodView):
    @blp.arguments(MatchArgs, location="query")
    @blp.response(200, MatchesSchema)
    def get(self, args, person_id):
        """The open needs that fit this person best: matched and missing skills, the checks made, and the
        programmes within reach that teach what is missing (the person, their advisor, admins)."""
        with committed():  # the audit log records the read
            return dumped(dump_matches(
                service.person_matches(session=db.session, actor=current_user(), person_id=person_id, **args)))


@blp.route("/needs/<id:need_id>/candidates")
class NeedCandidates(MethodView):
    @blp.arguments(CandidateArgs, location="query")
    @blp.response(200, CandidatesSchema)
    def get(self, args, need_id):
        """The people who fit this need best, pseudonymised unless they consented to share with this employer
        (the employer itself, coordinators, admins)."""
        return service.need_candidates(session=db.session, actor=current_user(), need_id=need_id, **args)


@blp.route("/people/<id:person_id>/career-paths")
class PersonCareerPaths(MethodView):
    @blp.response(200, CareerPathsSchema)
    def get(self, person_id):
        """The person's latest career paths: the job's state, and once it succeeded, k paths of 1-3 steps over
        real employers' needs, shortage occupations and programmes, every step explained."""
        return career_paths.latest(session=db.session, actor=current_user(), person_id=person_id)

    @blp.arguments(CareerPathRequest)
    @blp.response(202, JobLinkSchema)
    @blp.alt_response(200, schema=JobLinkSchema, description=SAME_JOB, success=True)
    @blp.alt_response(503, description="The job queue is unreachable; the job is stored and starts later.")
    def post(self, data, person_id):
        """Ask for career paths (202 + a job to poll; then GET this address). Asking again while that job is
        queued or running answers with the same job (200)."""
        with committed():
            job, created = career_paths.request(session=db.session, actor=current_user(), person_id=person_id,
                                                **data)
        return job_started(job, created)
