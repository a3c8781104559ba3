"""/api/v1/regions/<code>/brokering: a region's partner matches as pairs to broker, and the status of each pair."""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.brokering import BrokeringInput, BrokeringListArgs, BrokeringPageSchema, BrokeringPairSchema
from matchmaker.security.auth import current_user
from matchmaker.services import brokering as service

blp = Blueprint("brokering", __name__, url_prefix="/api/v1/regions",
                description="A region's partner matches as pairs of organisations to broker, each pair once, best "
                            "first, with the status a coordinator sets: proposed, contacted, agreed, declined.")


def _pair_key(organisation_id: int, partner_id: int) -> str:
    return "-".join(map(str, service.ordered(organisation_id, partner_id)))


@blp.route("/<code>/brokering")
class RegionBrokering(MethodView):
    @blp.arguments(BrokeringListArgs, location="query")
    @blp.response(200, BrokeringPageSchema)
    def get(self, args, code):
        """The region's pairs of organisations to broker, best first, each with its status and its partner matches as
        reasons (admin, coordinator). Read from the region's latest partner matches, with a stale flag."""
        return service.list_pairs(session=db.session, actor=current_user(), code=code, **args)


@blp.route("/<code>/brokering/<id:organisation_id>/<id:partner_id>")
@blp.etag
class BrokeringPair(MethodView):
    @blp.response(200, BrokeringPairSchema)
    def get(self, code, organisation_id, partner_id):
        """One pair: its status and, while the region's partner matches hold it, its place and reasons (admin,
        coordinator). At least one of the two lies in the region."""
        pair = service.get_pair(session=db.session, actor=current_user(), code=code,
                                organisation_id=organisation_id, partner_id=partner_id)
        blp.set_version(_pair_key(organisation_id, partner_id), pair["version"])
        return pair

    @blp.arguments(BrokeringInput)
    @blp.response(200, BrokeringPairSchema)
    def put(self, data, code, organisation_id, partner_id):
        """Set the pair's status (admin, coordinator). With If-Match, only while the status is still the version
        read."""
        with committed():
            pair = service.set_status(session=db.session, actor=current_user(), code=code,
                                      organisation_id=organisation_id, partner_id=partner_id, status=data["status"],
                                      precondition=blp.if_match(_pair_key(organisation_id, partner_id)))
        blp.set_version(_pair_key(organisation_id, partner_id), pair["version"])
        return pair
