"""/api/v1/regions"""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.common import ListArgs, page_of
from matchmaker.schemas.regions import RegionSchema
from matchmaker.security.auth import current_user
from matchmaker.services import regions as service

blp = Blueprint("regions", __name__, url_prefix="/api/v1/regions",
                description="Labour-market regions, their municipalities and what is placed in each.")


@blp.route("")
class Regions(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, page_of(RegionSchema))
    def get(self, args):
        """List the regions with their municipalities and counts of organisations, programmes, needs and people
        (q matches the region's code or name, or one of its municipalities)."""
        return service.list_regions(session=db.session, actor=current_user(), args=args)


@blp.route("/<code>")
class RegionByCode(MethodView):
    @blp.response(200, RegionSchema)
    def get(self, code):
        """One region, e.g. twente."""
        return service.get(session=db.session, actor=current_user(), code=code)
