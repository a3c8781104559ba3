"""/api/v1/interest-requests"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of
from matchmaker.schemas.interest_requests import (
    InterestRequestChange, InterestRequestInput, InterestRequestListArgs, InterestRequestSchema,
)
from matchmaker.security.auth import current_user
from matchmaker.services import interest_requests as service

blp = Blueprint("interest-requests", __name__, url_prefix="/api/v1/interest-requests",
                description="An employer's interest in a pseudonymised candidate of one of its needs: it goes to the "
                            "person's advisor, who forwards it to the person; the employer learns the person's name "
                            "and contact details only when the person agrees.")


@blp.route("")
class InterestRequests(MethodView):
    @blp.arguments(InterestRequestListArgs, location="query")
    @blp.response(200, page_of(InterestRequestSchema))
    def get(self, args):
        """The interest requests you may see, newest first: your organisation's (employer), your caseload's
        (advisor), those forwarded to you (person), all (admin). Filters: status, need."""
        return service.list_requests(session=db.session, actor=current_user(), args=args)

    @blp.arguments(InterestRequestInput)
    @blp.response(201, InterestRequestSchema)
    @blp.alt_response(200, schema=InterestRequestSchema, success=True,
                      description="You showed interest in this candidate before: that request.")
    def post(self, data):
        """Show interest in a candidate of one of your organisation's open needs (employer)."""
        with committed():
            request, created = service.create(session=db.session, actor=current_user(), data=data)
        return versioned(request), 201 if created else 200


@blp.route("/<id:interest_request_id>")
@blp.etag
class InterestRequestById(MethodView):
    @blp.response(200, InterestRequestSchema)
    def get(self, interest_request_id):
        """One interest request."""
        return versioned(service.get(session=db.session, actor=current_user(), request_id=interest_request_id))

    @blp.arguments(InterestRequestChange)
    @blp.response(200, InterestRequestSchema)
    def patch(self, data, interest_request_id):
        """Answer an interest request: the advisor forwards or declines it, the person agrees or declines, the
        employer withdraws it. With If-Match, only while it is still that version."""
        with committed():
            request = service.decide(session=db.session, actor=current_user(), request_id=interest_request_id,
                                     data=data, precondition=blp.if_match(interest_request_id))
        return versioned(request)


def versioned(request: dict):
    """``request`` as the response, with its version's ETag."""
    blp.set_version(request["id"], request["version"])
    return request
