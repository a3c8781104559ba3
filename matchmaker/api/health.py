"""/api/v1/health"""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from matchmaker.services import health as service

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Service state (no token needed).")


class ComponentSchema(Schema):
    ok = fields.Boolean()
    detail = fields.String()


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok, or degraded when a component is down"})
    database = fields.Nested(ComponentSchema)
    broker = fields.Nested(ComponentSchema)


@blp.route("")
class Health(MethodView):
    @blp.doc(security=[])
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="A component is down.")
    def get(self):
        """Database and broker state."""
        report = service.check()
        return report, (200 if report["status"] == "ok" else 503)
