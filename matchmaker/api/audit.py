"""/api/v1/audit-events: the audit log, for admins."""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.audit import AuditEventSchema, AuditListArgs
from matchmaker.schemas.common import page_of
from matchmaker.security.auth import current_user
from matchmaker.services import audit as service

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit-events",
                description="Who read or changed special-category data, consent changes, erasures and token events "
                            "(admins only). Events name fields, never their values.")


@blp.route("")
class AuditEvents(MethodView):
    @blp.arguments(AuditListArgs, location="query")
    @blp.response(200, page_of(AuditEventSchema))
    def get(self, args):
        """List audit events, newest first (filters: subject_type and subject_id, actor_id, actor_role, action,
        since, until). Events older than AUDIT_RETENTION_DAYS are purged."""
        return service.list_events(session=db.session, actor=current_user(), args=args)
