"""/api/v1/sme-questions and /api/v1/progress-checks"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.exchange import (
    ProgressCheckInput, ProgressCheckListArgs, ProgressCheckSchema, QuestionInput, QuestionListArgs,
    QuestionMatchesSchema, QuestionSchema,
)
from matchmaker.security.auth import current_user
from matchmaker.services.exchange import matching
from matchmaker.services.exchange import questions as service

blp = Blueprint("sme-questions", __name__, url_prefix="/api/v1",
                description="What an SME struggles with (levers, barriers, sector, size, place), its matches (the "
                            "most similar practice cases, the nearest coming sessions with free places, pioneers to "
                            "learn from), each with the reason in words; and the progress checks SMEs fill in on the "
                            "four levers. Read by the SME itself, coordinators and admins.")


@blp.route("/sme-questions")
class Questions(MethodView):
    @blp.arguments(QuestionListArgs, location="query")
    @blp.response(200, page_of(QuestionSchema))
    def get(self, args):
        """Your organisation's questions (every question for coordinators and admins), newest first."""
        return service.list_questions(session=db.session, actor=current_user(), args=args)

    @blp.arguments(QuestionInput)
    @blp.response(201, QuestionSchema)
    def post(self, data):
        """Ask a question (an employer for its own organisation; admins and coordinators for any)."""
        with committed():
            return service.create(session=db.session, actor=current_user(), data=data)


@blp.route("/sme-questions/<id:question_id>")
@blp.etag
class QuestionById(MethodView):
    @blp.response(200, QuestionSchema)
    def get(self, question_id):
        """One question."""
        return blp.versioned(service.get(session=db.session, actor=current_user(), question_id=question_id))

    @blp.arguments(patch_of(QuestionInput))
    @blp.response(200, QuestionSchema)
    def patch(self, data, question_id):
        """Change a question; with If-Match only while it is that version."""
        with committed():
            return blp.versioned(service.update(session=db.session, actor=current_user(), question_id=question_id,
                                                data=data, precondition=blp.if_match(question_id)))

    @blp.response(204)
    def delete(self, question_id):
        """Delete a question."""
        with committed():
            service.delete(session=db.session, actor=current_user(), question_id=question_id,
                           precondition=blp.if_match(question_id))


@blp.route("/sme-questions/<id:question_id>/matches")
class QuestionMatches(MethodView):
    @blp.response(200, QuestionMatchesSchema)
    def get(self, question_id):
        """The question's matches, computed now: at most three cases (same lever and barrier, then same sector and
        size first), two coming sessions on its levers with a free place (soonest first), and two pioneers
        (partner kind knowledge_exchange); each with its reason."""
        return matching.match(session=db.session, actor=current_user(), question_id=question_id)


@blp.route("/progress-checks")
class ProgressChecks(MethodView):
    @blp.arguments(ProgressCheckListArgs, location="query")
    @blp.response(200, page_of(ProgressCheckSchema))
    def get(self, args):
        """Your organisation's progress checks (all for coordinators and admins), oldest first."""
        return service.list_checks(session=db.session, actor=current_user(), args=args)

    @blp.arguments(ProgressCheckInput)
    @blp.response(201, ProgressCheckSchema)
    def post(self, data):
        """Fill in a progress check: a score 0..4 per lever (an employer for its own organisation)."""
        with committed():
            return service.record_check(session=db.session, actor=current_user(), data=data)
