"""/api/v1/needs"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.responses import dumped
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.needs import NeedChanges, NeedInput, NeedListArgs, NeedSchema
from matchmaker.security.auth import current_user
from matchmaker.services import needs as service
from matchmaker.services import open_needs

blp = Blueprint("needs", __name__, url_prefix="/api/v1/needs",
                description="What employers post: vacancies, internships, apprenticeships and seasonal peaks.")


@blp.route("")
class Needs(MethodView):
    @blp.arguments(NeedListArgs, location="query")
    @blp.response(200, page_of(NeedSchema))
    def get(self, args):
        """List needs (filters: region, municipality, sector of the employer, occupation, kind, status,
        organisation, month, q)."""
        return dumped(service.list_needs(session=db.session, actor=current_user(), args=args))

    @blp.arguments(NeedInput)
    @blp.response(201, NeedSchema)
    def post(self, data):
        """Post a need of an employer (admin, coordinator, or that employer).

        Without a location the need is placed at the employer. Without `skills` but with `occupation_id`, the
        occupation's essential skills become the need's essential skills."""
        with committed():
            need = service.create(session=db.session, actor=current_user(), data=data)
        return dumped(need), 201


@blp.route("/<id:need_id>")
@blp.etag
class NeedById(MethodView):
    @blp.response(200, NeedSchema)
    def get(self, need_id):
        """One need."""
        return versioned(service.get(session=db.session, actor=current_user(), need_id=need_id))

    @blp.arguments(patch_of(NeedInput, NeedChanges))
    @blp.response(200, NeedSchema)
    def patch(self, data, need_id):
        """Change a need (admin, coordinator, or its employer); with If-Match, only while it is still that version.

        `skills` replaces the list, and so does changing `occupation_id` without `skills` (to the new occupation's
        essential skills); `add_skills` and `remove_skill_ids` change some skills without undoing what others change
        at the same time."""
        with committed():
            need = service.update(session=db.session, actor=current_user(), need_id=need_id, data=data,
                                  precondition=if_match(need_id))
        return versioned(need)

    @blp.response(204)
    def delete(self, need_id):
        """Delete a need (admin, coordinator, or its employer); with If-Match, only while it is still that version."""
        with committed():
            service.delete(session=db.session, actor=current_user(), need_id=need_id,
                           precondition=if_match(need_id))


def versioned(need: dict):
    """``need`` as the response, with the ETag of its version and its status today (the day after its closing date
    the need shows closed without a new version: the ETag changes with it, so no 304 keeps it open)."""
    blp.set_version(need["id"], need["version"], need["status"])
    return dumped(need)


def if_match(need_id: int):
    """The If-Match precondition of a write to need ``need_id``: the ETag :func:`versioned` gives it now."""
    return blp.if_match(need_id, lambda: (open_needs.need_status(db.session, need_id),))
