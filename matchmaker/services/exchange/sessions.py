"""Inspiration sessions and their registrations: a capacity, a waiting list, and no place over-booked or lost.

Every change to who holds a place (registering, cancelling, a new capacity) first takes the session's lock
(:func:`_lock`): a no-op ``UPDATE`` of the session's row, which is a row lock on PostgreSQL and the database's write
lock on SQLite, held until the transaction ends. Everything after it reads the places as they are now and no other
registration for that session can slip in between, so sixteen organisations registering at once get exactly
``capacity`` confirmed places and the rest a place on the waiting list, in the order they came.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from matchmaker.errors import Conflict, InvalidInput, NotFound, RecordName
from matchmaker.models import ExchangeSession, Organisation, SessionRegistration, User
from matchmaker.security import policies
from matchmaker.services import versions
from matchmaker.services.exchange.common import (
    check_municipality, check_new_owner, may_read_private, now_or, own_organisation,
)
from matchmaker.services.queries import Page, contains_text, filter_place, json_list_contains, paginate

RECORD = "session"
REGISTRATION = "registration"
TABLE = ExchangeSession.__table__


def place_counts(session: Session, session_ids) -> dict[int, dict[str, int]]:
    """session id → {"confirmed", "waiting"}: the registrations that hold a place or wait for one."""
    ids = list(session_ids)
    counts = {i: {"confirmed": 0, "waiting": 0} for i in ids}
    if ids:
        rows = session.execute(
            select(SessionRegistration.session_id, SessionRegistration.status, func.count())
            .where(SessionRegistration.session_id.in_(ids), SessionRegistration.status.in_(("confirmed", "waiting")))
            .group_by(SessionRegistration.session_id, SessionRegistration.status))
        for session_id, status, count in rows:
            counts[session_id][status] = count
    return counts


def with_places(session: Session, records: list[ExchangeSession]) -> list[ExchangeSession]:
    """The sessions with ``confirmed``, ``waiting`` and ``free_places`` set (read now, not stored)."""
    counts = place_counts(session, [r.id for r in records])
    for record in records:
        record.confirmed = counts[record.id]["confirmed"]
        record.waiting = counts[record.id]["waiting"]
        record.free_places = max(0, record.capacity - record.confirmed)
    return records


def list_sessions(*, session: Session, actor: User, args: dict, now: datetime | None = None) -> Page:
    """Sessions, soonest first; filters: lever, sector (in focus), region and municipality, host, coming (only
    those that have not started yet)."""
    query = select(ExchangeSession).options(selectinload(ExchangeSession.host).load_only(
        Organisation.id, Organisation.name), selectinload(ExchangeSession.municipality))
    if args.get("lever"):
        query = query.where(json_list_contains(session, ExchangeSession.levers, args["lever"]))
    if args.get("sector"):
        query = query.where(json_list_contains(session, ExchangeSession.sectors, args["sector"]))
    if args.get("region") or args.get("municipality"):
        query = filter_place(query, ExchangeSession, args)
    if args.get("host") is not None:
        query = query.where(ExchangeSession.host_id == args["host"])
    if (text := contains_text(args.get("q"), ExchangeSession.title, ExchangeSession.description)) is not None:
        query = query.where(text)
    if args.get("coming"):
        query = query.where(ExchangeSession.starts_at > now_or(now))
    page = paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=[ExchangeSession.starts_at, ExchangeSession.id])
    with_places(session, page.items)
    return page


def get(*, session: Session, actor: User, session_id: int) -> ExchangeSession:
    record = session.get(ExchangeSession, session_id)
    if record is None:
        raise NotFound("No %(what)s with id %(record_id)s.", what=RecordName(RECORD), record_id=session_id)
    return with_places(session, [record])[0]


def _check(session: Session, record: ExchangeSession) -> None:
    check_municipality(session, record.municipality_code)
    if not record.levers:
        raise InvalidInput("Name at least one lever the session is about.", field="levers")
    if record.ends_at <= record.starts_at:
        raise InvalidInput("The session must end after it starts.", field="ends_at")
    if not record.online and not record.municipality_code:
        raise InvalidInput("Say in which municipality the session is, or that it is online.", field="municipality_code")


def create(*, session: Session, actor: User, data: dict) -> ExchangeSession:
    data = dict(data)
    host = own_organisation(session, actor, RECORD, data.pop("host_id", None))
    record = ExchangeSession(host_id=host.id, **data)
    _check(session, record)
    session.add(record)
    session.flush()
    return with_places(session, [record])[0]


def _lock(session: Session, session_id: int) -> ExchangeSession:
    """Take the session's lock for the rest of the transaction and read it as it is now (404 when it is gone)."""
    locked = session.execute(update(TABLE).where(TABLE.c.id == session_id).values(updated_at=TABLE.c.updated_at))
    if locked.rowcount == 0:
        raise NotFound("No %(what)s with id %(record_id)s.", what=RecordName(RECORD), record_id=session_id)
    return session.execute(select(ExchangeSession).where(ExchangeSession.id == session_id)
                           .execution_options(populate_existing=True)).scalar_one()


def _confirmed(session: Session, session_id: int) -> int:
    return session.scalar(select(func.count()).where(SessionRegistration.session_id == session_id,
                                                     SessionRegistration.status == "confirmed")) or 0


def _fill_free_places(session: Session, record: ExchangeSession) -> None:
    """Give the free places to the waiting list, first come first served (under the session's lock)."""
    free = record.capacity - _confirmed(session, record.id)
    if free <= 0:
        return
    waiting = session.scalars(select(SessionRegistration).where(
        SessionRegistration.session_id == record.id, SessionRegistration.status == "waiting")
        .order_by(SessionRegistration.queued_at, SessionRegistration.id).limit(free)
        .execution_options(populate_existing=True))
    for registration in waiting:
        registration.status = "confirmed"
    session.flush()


def update_session(*, session: Session, actor: User, session_id: int, data: dict,
                   precondition: versions.Precondition = None) -> ExchangeSession:
    """Change a session (its host, coordinators, admins). A larger capacity gives places to the waiting list; a
    capacity below the places already given is refused."""
    record = get(session=session, actor=actor, session_id=session_id)
    policies.require_record_writer(actor, RECORD, record.host_id)
    versions.check(precondition, record)
    check_new_owner(session, actor, RECORD, data, "host_id")
    if "capacity" in data:
        record = _lock(session, session_id)
        if data["capacity"] < (confirmed := _confirmed(session, session_id)):
            raise InvalidInput("%(num)s organisations already have a place: the capacity cannot be lower.",
                               field="capacity", num=confirmed)
    check_municipality(session, data.get("municipality_code"))  # before the change: no flush of a bad code
    for key, value in data.items():
        setattr(record, key, value)
    _check(session, record)
    session.flush()
    if "capacity" in data:
        _fill_free_places(session, record)
    return with_places(session, [record])[0]


def delete(*, session: Session, actor: User, session_id: int, precondition: versions.Precondition = None) -> None:
    record = get(session=session, actor=actor, session_id=session_id)
    policies.require_record_writer(actor, RECORD, record.host_id)
    versions.check(precondition, record)
    session.delete(record)
    session.flush()


# ------------------------------------------------------------------------------------------------ registrations


def register(*, session: Session, actor: User, session_id: int, organisation_id: int | None = None,
             now: datetime | None = None) -> SessionRegistration:
    """Register an organisation (the actor's own, or the one given by an admin or coordinator): a place while there
    is one, else a place on the waiting list. 409 when it is registered already."""
    organisation = own_organisation(session, actor, REGISTRATION, organisation_id)
    record = _lock(session, session_id)
    if record.starts_at <= now_or(now):
        raise InvalidInput("This session has started already: registering is closed.", field="session_id")
    registration = session.scalar(select(SessionRegistration).where(
        SessionRegistration.session_id == session_id, SessionRegistration.organisation_id == organisation.id)
        .execution_options(populate_existing=True))
    if registration is not None and registration.status != "cancelled":
        raise Conflict("%(organisation)s is registered for this session already.", organisation=organisation.name)
    status = "confirmed" if _confirmed(session, session_id) < record.capacity else "waiting"
    if registration is None:
        registration = SessionRegistration(session_id=session_id, organisation_id=organisation.id)
        session.add(registration)
    registration.status, registration.queued_at, registration.attended = status, now_or(now), None
    registration.registered_by_id = actor.id
    session.flush()
    return registration


def get_registration(*, session: Session, actor: User, registration_id: int) -> SessionRegistration:
    """A registration, for its organisation, the session's host, coordinators and admins."""
    policies.require_role(actor, *policies.REGISTRANTS)
    registration = session.get(SessionRegistration, registration_id)
    if registration is None or not (may_read_private(actor, registration.organisation_id)
                                    or may_read_private(actor, registration.session.host_id)):
        raise NotFound("No %(what)s with id %(record_id)s.", what=RecordName(REGISTRATION), record_id=registration_id)
    return registration


def cancel(*, session: Session, actor: User, registration_id: int) -> SessionRegistration:
    """Cancel a registration (its organisation, coordinators, admins); a place it held goes to the first on the
    waiting list. Cancelling twice changes nothing."""
    registration = get_registration(session=session, actor=actor, registration_id=registration_id)
    policies.require_record_writer(actor, REGISTRATION, registration.organisation_id)
    record = _lock(session, registration.session_id)
    session.refresh(registration)  # as it is now, under the lock
    if registration.status != "cancelled":
        held_place = registration.status == "confirmed"
        registration.status = "cancelled"
        session.flush()
        if held_place:
            _fill_free_places(session, record)
    return registration


def mark_attended(*, session: Session, actor: User, registration_id: int, attended: bool,
                  now: datetime | None = None) -> SessionRegistration:
    """The host says whether a registered organisation came (after the session has started)."""
    registration = get_registration(session=session, actor=actor, registration_id=registration_id)
    policies.require_record_writer(actor, RECORD, registration.session.host_id)
    if registration.status != "confirmed":
        raise InvalidInput("Only an organisation that had a place can have attended.", field="attended")
    if registration.session.starts_at > now_or(now):
        raise InvalidInput("Attendance can be noted once the session has started.", field="attended")
    registration.attended = attended
    session.flush()
    return registration


def registrations(*, session: Session, actor: User, session_id: int) -> list[SessionRegistration]:
    """Who registered for a session, in order (confirmed, then the waiting list, then cancelled): for the host,
    coordinators and admins; any other organisation sees only its own registration."""
    policies.require_role(actor, *policies.REGISTRANTS)
    record = get(session=session, actor=actor, session_id=session_id)
    query = select(SessionRegistration).where(SessionRegistration.session_id == record.id).options(
        selectinload(SessionRegistration.organisation).load_only(Organisation.id, Organisation.name))
    if not may_read_private(actor, record.host_id):
        query = query.where(SessionRegistration.organisation_id == actor.organisation_id)
    order = {"confirmed": 0, "waiting": 1, "cancelled": 2}
    found = list(session.scalars(query.order_by(SessionRegistration.queued_at, SessionRegistration.id)))
    return sorted(found, key=lambda r: order[r.status])


def registrations_of(*, session: Session, actor: User, organisation_id: int) -> list[SessionRegistration]:
    """An organisation's registrations (not cancelled), soonest session first."""
    if not may_read_private(actor, organisation_id):
        return []
    return list(session.scalars(
        select(SessionRegistration).join(ExchangeSession).where(
            SessionRegistration.organisation_id == organisation_id, SessionRegistration.status != "cancelled")
        .options(selectinload(SessionRegistration.session)).order_by(ExchangeSession.starts_at)))
