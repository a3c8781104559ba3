"""/api/v1/organisations"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.organisations import OrganisationInput, OrganisationListArgs, OrganisationSchema
from matchmaker.security.auth import current_user
from matchmaker.services import organisations as service

blp = Blueprint("organisations", __name__, url_prefix="/api/v1/organisations",
                description="Employers, schools, networks and social partners.")


@blp.route("")
class Organisations(MethodView):
    @blp.arguments(OrganisationListArgs, location="query")
    @blp.response(200, page_of(OrganisationSchema))
    def get(self, args):
        """List organisations (filters: region, municipality, kind, sector, occupation, pioneer, q)."""
        return service.list_organisations(session=db.session, actor=current_user(), args=args)

    @blp.arguments(OrganisationInput)
    @blp.response(201, OrganisationSchema)
    def post(self, data):
        """Create an organisation (admin, coordinator)."""
        with committed():
            return service.create(session=db.session, actor=current_user(), data=data)


@blp.route("/<id:organisation_id>")
@blp.etag
class OrganisationById(MethodView):
    @blp.response(200, OrganisationSchema)
    def get(self, organisation_id):
        """One organisation."""
        return blp.versioned(service.get(session=db.session, actor=current_user(), organisation_id=organisation_id))

    @blp.arguments(patch_of(OrganisationInput))
    @blp.response(200, OrganisationSchema)
    def patch(self, data, organisation_id):
        """Change an organisation (admin, coordinator, or the organisation itself); with If-Match, only while it is
        still that version."""
        with committed():
            return blp.versioned(service.update(session=db.session, actor=current_user(),
                                                organisation_id=organisation_id, data=data,
                                                precondition=blp.if_match(organisation_id)))

    @blp.response(204)
    def delete(self, organisation_id):
        """Delete an organisation and its needs, programmes and partner requests (admin, coordinator); with
        If-Match, only while it is still that version."""
        with committed():
            service.delete(session=db.session, actor=current_user(), organisation_id=organisation_id,
                           precondition=blp.if_match(organisation_id))
