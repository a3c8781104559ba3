"""/api/v1/practice-cases"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.exchange import PracticeCaseInput, PracticeCaseListArgs, PracticeCaseSchema, PublishInput
from matchmaker.security.auth import current_user
from matchmaker.services.exchange import cases as service

blp = Blueprint("practice-cases", __name__, url_prefix="/api/v1/practice-cases",
                description="Good examples of social innovation: what an organisation did on which levers, with what "
                            "results (company-wide figures only), costs and barriers. A case is a draft until its "
                            "organisation publishes it; then every role reads it.")


@blp.route("")
class PracticeCases(MethodView):
    @blp.arguments(PracticeCaseListArgs, location="query")
    @blp.response(200, page_of(PracticeCaseSchema))
    def get(self, args):
        """Published cases, and your own organisation's drafts (every draft for admins and coordinators), newest
        first."""
        return service.list_cases(session=db.session, actor=current_user(), args=args)

    @blp.arguments(PracticeCaseInput)
    @blp.response(201, PracticeCaseSchema)
    def post(self, data):
        """Write a case as a draft (employers, schools and partners for their own organisation; admins and
        coordinators for any)."""
        with committed():
            return service.create(session=db.session, actor=current_user(), data=data)


@blp.route("/<id:case_id>")
@blp.etag
class PracticeCaseById(MethodView):
    @blp.response(200, PracticeCaseSchema)
    def get(self, case_id):
        """One case (a draft only for its own organisation, coordinators and admins)."""
        return blp.versioned(service.get(session=db.session, actor=current_user(), case_id=case_id))

    @blp.arguments(patch_of(PracticeCaseInput))
    @blp.response(200, PracticeCaseSchema)
    def patch(self, data, case_id):
        """Change a case (its organisation, coordinators, admins); with If-Match only while it is that version."""
        with committed():
            return blp.versioned(service.update(session=db.session, actor=current_user(), case_id=case_id,
                                                data=data, precondition=blp.if_match(case_id)))

    @blp.response(204)
    def delete(self, case_id):
        """Delete a case (its organisation, coordinators, admins)."""
        with committed():
            service.delete(session=db.session, actor=current_user(), case_id=case_id,
                           precondition=blp.if_match(case_id))


@blp.route("/<id:case_id>/publication")
@blp.etag
class Publication(MethodView):
    @blp.arguments(PublishInput)
    @blp.response(200, PracticeCaseSchema)
    def put(self, data, case_id):
        """Publish the case (it needs its problem and approach), or take it back to draft."""
        with committed():
            return blp.versioned(service.publish(session=db.session, actor=current_user(), case_id=case_id,
                                                 published=data["published"], precondition=blp.if_match(case_id)))
