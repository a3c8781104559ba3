"""/api/v1/programmes"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.programmes import ProgrammeInput, ProgrammeListArgs, ProgrammeSchema
from matchmaker.security.auth import current_user
from matchmaker.services import programmes as service

blp = Blueprint("programmes", __name__, url_prefix="/api/v1/programmes",
                description="What schools offer: skills taught, occupations led to, level, mode, duration, place.")


@blp.route("")
class Programmes(MethodView):
    @blp.arguments(ProgrammeListArgs, location="query")
    @blp.response(200, page_of(ProgrammeSchema))
    def get(self, args):
        """List programmes (filters: region, municipality, sector of the school, occupation, skill, mode, level,
        organisation, q)."""
        return service.list_programmes(session=db.session, actor=current_user(), args=args)

    @blp.arguments(ProgrammeInput)
    @blp.response(201, ProgrammeSchema)
    def post(self, data):
        """Create a programme of a school (admin, coordinator, or that school). Without a location it is placed at
        the school."""
        with committed():
            return service.create(session=db.session, actor=current_user(), data=data)


@blp.route("/<id:programme_id>")
@blp.etag
class ProgrammeById(MethodView):
    @blp.response(200, ProgrammeSchema)
    def get(self, programme_id):
        """One programme."""
        return blp.versioned(service.get(session=db.session, actor=current_user(), programme_id=programme_id))

    @blp.arguments(patch_of(ProgrammeInput))
    @blp.response(200, ProgrammeSchema)
    def patch(self, data, programme_id):
        """Change a programme (admin, coordinator, or its school; skill_ids / occupation_ids replace the lists); with
        If-Match, only while it is still that version."""
        with committed():
            return blp.versioned(service.update(session=db.session, actor=current_user(), programme_id=programme_id,
                                                data=data, precondition=blp.if_match(programme_id)))

    @blp.response(204)
    def delete(self, programme_id):
        """Delete a programme (admin, coordinator, or its school); with If-Match, only while it is still that
        version."""
        with committed():
            service.delete(session=db.session, actor=current_user(), programme_id=programme_id,
                           precondition=blp.if_match(programme_id))
