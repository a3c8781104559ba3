"""/api/v1/exchange-monitor"""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.exchange import MonitorSchema
from matchmaker.security.auth import current_user
from matchmaker.services.exchange import monitor as service

blp = Blueprint("exchange-monitor", __name__, url_prefix="/api/v1/exchange-monitor",
                description="How the exchange spreads, for the province (admins and coordinators): aggregates only.")


@blp.route("")
class Monitor(MethodView):
    @blp.response(200, MonitorSchema)
    def get(self):
        """Reach per lever, region, sector and size class; SMEs reached against the SMEs in Matchmaker; sessions
        held and attendance; the barriers named most, per quarter; progress on the four levers."""
        return service.monitor(session=db.session, actor=current_user())


@blp.route("/csv")
class MonitorCsv(MethodView):
    @blp.response(200, content_type="text/csv", description="The same figures as rows: part, code, name, "
                                                             "measure, value (headers in the reader's language).")
    def get(self):
        """The monitor as a CSV file."""
        figures = service.monitor(session=db.session, actor=current_user())
        return Response(service.as_csv(figures), content_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="exchange-monitor.csv"'})
