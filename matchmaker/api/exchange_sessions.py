"""/api/v1/sessions and /api/v1/registrations"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.common import page_of, patch_of
from matchmaker.schemas.exchange import (
    AttendanceInput, RegistrationInput, RegistrationSchema, SessionInput, SessionListArgs, SessionSchema,
)
from matchmaker.security.auth import current_user
from matchmaker.services.exchange import sessions as service

blp = Blueprint("sessions", __name__, url_prefix="/api/v1",
                description="Inspiration sessions that pioneers, networks, social partners and schools host, and the "
                            "organisations that register: a place while there is one, else the waiting list; a "
                            "cancelled place goes to the first on the list. Registrations for one session are taken "
                            "one at a time, so places are never over-booked or lost.")


@blp.route("/sessions")
class Sessions(MethodView):
    @blp.arguments(SessionListArgs, location="query")
    @blp.response(200, page_of(SessionSchema))
    def get(self, args):
        """Sessions, soonest first, with their free places."""
        return service.list_sessions(session=db.session, actor=current_user(), args=args)

    @blp.arguments(SessionInput)
    @blp.response(201, SessionSchema)
    def post(self, data):
        """Host a session (employers, schools and partners for their own organisation; admins and coordinators for
        any)."""
        with committed():
            return service.create(session=db.session, actor=current_user(), data=data)


@blp.route("/sessions/<id:session_id>")
@blp.etag
class SessionById(MethodView):
    @blp.response(200, SessionSchema)
    def get(self, session_id):
        """One session, with its free places."""
        return blp.versioned(service.get(session=db.session, actor=current_user(), session_id=session_id))

    @blp.arguments(patch_of(SessionInput))
    @blp.response(200, SessionSchema)
    def patch(self, data, session_id):
        """Change a session (its host, coordinators, admins). More places go to the waiting list first; fewer
        places than are taken is refused."""
        with committed():
            return blp.versioned(service.update_session(session=db.session, actor=current_user(),
                                                        session_id=session_id, data=data,
                                                        precondition=blp.if_match(session_id)))

    @blp.response(204)
    def delete(self, session_id):
        """Delete a session and its registrations (its host, coordinators, admins)."""
        with committed():
            service.delete(session=db.session, actor=current_user(), session_id=session_id,
                           precondition=blp.if_match(session_id))


@blp.route("/sessions/<id:session_id>/registrations")
class SessionRegistrations(MethodView):
    @blp.response(200, RegistrationSchema(many=True))
    def get(self, session_id):
        """Who registered, in order: places, waiting list, cancelled (the host, coordinators and admins see
        everyone; another organisation only its own registration)."""
        return service.registrations(session=db.session, actor=current_user(), session_id=session_id)

    @blp.arguments(RegistrationInput)
    @blp.response(201, RegistrationSchema)
    def post(self, data, session_id):
        """Register your organisation: status confirmed (a place) or waiting (the waiting list); 409 when it is
        registered already; 422 once the session has started."""
        with committed():
            return service.register(session=db.session, actor=current_user(), session_id=session_id,
                                    organisation_id=data.get("organisation_id"))


@blp.route("/registrations/<id:registration_id>")
class RegistrationById(MethodView):
    @blp.response(200, RegistrationSchema)
    def get(self, registration_id):
        """One registration (its organisation, the host, coordinators, admins)."""
        return service.get_registration(session=db.session, actor=current_user(), registration_id=registration_id)

    @blp.response(200, RegistrationSchema)
    def delete(self, registration_id):
        """Cancel: the place goes to the first on the waiting list. The registration stays, as cancelled."""
        with committed():
            return service.cancel(session=db.session, actor=current_user(), registration_id=registration_id)


@blp.route("/registrations/<id:registration_id>/attendance")
class Attendance(MethodView):
    @blp.arguments(AttendanceInput)
    @blp.response(200, RegistrationSchema)
    def put(self, data, registration_id):
        """The host notes whether the organisation came (once the session has started)."""
        with committed():
            return service.mark_attended(session=db.session, actor=current_user(), registration_id=registration_id,
                                         attended=data["attended"])
