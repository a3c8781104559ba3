"""/api/v1/partner-requests"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.partner_requests import PartnerRequestInput, PartnerRequestListArgs, PartnerRequestSchema
from matchmaker.security.auth import current_user
from matchmaker.services import partner_requests as service

blp = Blueprint("partner-requests", __name__, url_prefix="/api/v1/partner-requests",
                description="What an organisation seeks or offers: staff sharing, a talent pipeline, co-creation of a "
                            "programme, knowledge exchange on a lever, internship places. months only for "
                            "staff_sharing and internship_places; headcount only for staff_sharing, talent_pipeline "
                            "and internship_places; lever required for knowledge_exchange and only there; "
                            "occupation_id for every kind but knowledge_exchange.")


@blp.route("")
class PartnerRequests(MethodView):
    @blp.arguments(PartnerRequestListArgs, location="query")
    @blp.response(200, page_of(PartnerRequestSchema))
    def get(self, args):
        """List partner requests (filters: region and municipality of the organisation, kind, direction, status,
        organisation, q)."""
        return service.list_partner_requests(session=db.session, actor=current_user(), args=args)

    @blp.arguments(PartnerRequestInput)
    @blp.response(201, PartnerRequestSchema)
    def post(self, data):
        """Create a partner request (admin, coordinator, or the employer or school itself)."""
        with committed():
            return service.create(session=db.session, actor=current_user(), data=data)


@blp.route("/<id:partner_request_id>")
@blp.etag
class PartnerRequestById(MethodView):
    @blp.response(200, PartnerRequestSchema)
    def get(self, partner_request_id):
        """One partner request."""
        return blp.versioned(service.get(session=db.session, actor=current_user(),
                                         partner_request_id=partner_request_id))

    @blp.arguments(patch_of(PartnerRequestInput))
    @blp.response(200, PartnerRequestSchema)
    def patch(self, data, partner_request_id):
        """Change a partner request (admin, coordinator, or its organisation); the result must still fit its kind.
        With If-Match, only while it is still that version."""
        with committed():
            return blp.versioned(service.update(session=db.session, actor=current_user(),
                                                partner_request_id=partner_request_id, data=data,
                                                precondition=blp.if_match(partner_request_id)))

    @blp.response(204)
    def delete(self, partner_request_id):
        """Delete a partner request (admin, coordinator, or its organisation); with If-Match, only while it is still
        that version."""
        with committed():
            service.delete(session=db.session, actor=current_user(), partner_request_id=partner_request_id,
                           precondition=blp.if_match(partner_request_id))
