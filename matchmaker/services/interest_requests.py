"""Interest requests: an employer shows interest in a candidate of one of its needs, known to it only by a pseudonym.

The request goes to the person's advisor (``requested``), who forwards it to the person (``forwarded``) or
declines it; the person agrees (``accepted``) or declines, and may take an agreement back (``declined``). A person
without an advisor gets the request at once. The employer may withdraw it while nobody has answered. Only once the
person has agreed does the employer see their name and contact details; until then a request shows the employer the
pseudonym it chose, never the person.

Who sees a request: its employer's users, the person's advisor, the person (once forwarded to them), and admins.

Whoever acts next, or learns the answer, gets a notice (:class:`~matchmaker.models.Notice`) for their start page:
the advisor when an employer shows interest, the person when it is passed on to them, the employer's users when
the person (or the advisor) answers. A notice is new until its user opens the page it is about or marks it read,
and it is shown only while the request still has the status it tells of.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.errors import Choices, Forbidden, InvalidInput, NotFound, Term
from matchmaker.models import InterestRequest, Need, Notice, Organisation, Person, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import matches, open_needs, versions
from matchmaker.services.queries import Page, paginate

#: how far down a need's candidate list an employer may show interest (its page shows the first ones)
CANDIDATE_REACH = 100
#: what the person sees: requests their advisor has forwarded, and their own answers
SEEN_BY_PERSON = ("forwarded", "accepted", "declined")
#: status -> the statuses each party may move it to
ADVISOR_MOVES = {"requested": ("forwarded", "declined")}
PERSON_MOVES = {"forwarded": ("accepted", "declined"), "accepted": ("declined",), "declined": ("accepted",)}
EMPLOYER_MOVES = {"requested": ("withdrawn",), "forwarded": ("withdrawn",)}
READERS = ("admin", "advisor", "employer", "person")


def _visible(actor: User, query):
    """Restrict a query on InterestRequest to the requests ``actor`` may see."""
    if actor.role == "admin":
        return query
    if actor.role == "employer":
        return query.where(InterestRequest.organisation_id == actor.organisation_id)
    if actor.role == "advisor":
        return query.where(InterestRequest.person_id.in_(select(Person.id).where(Person.advisor_id == actor.id)))
    if actor.role == "person":
        return query.where(InterestRequest.person_id == actor.person_id, InterestRequest.status.in_(SEEN_BY_PERSON))
    return query.where(False)


def _get_visible(session: Session, actor: User, request_id: int) -> InterestRequest:
    found = session.scalar(_visible(actor, select(InterestRequest).where(InterestRequest.id == request_id)))
    if found is None:
        raise NotFound("No interest request with id %(request_id)s.", request_id=request_id)
    return found


def views(session: Session, actor: User, requests: list[InterestRequest]) -> list[dict]:
    """The requests as the API shows them to ``actor``: the need, the employer, the pseudonym, the status, and the
    person (name and contact) only for those who may know them — the person, their advisor, admins, and the
    employer once the person agreed."""
    if not requests:
        return []
    needs = {row.id: row for row in session.execute(select(Need.id, Need.title, Need.kind).where(
        Need.id.in_({r.need_id for r in requests})))}
    organisations = dict(session.execute(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_({r.organisation_id for r in requests}))).all())
    people = {row.id: row for row in session.execute(select(Person.id, Person.name, Person.email, Person.phone).where(
        Person.id.in_({r.person_id for r in requests})))}
    out = []
    for r in requests:
        known = actor.role in ("admin", "advisor", "person") or r.status == "accepted"
        person = people[r.person_id]
        need = needs[r.need_id]
        out.append({
            "id": r.id, "version": r.version, "status": r.status,
            "need": {"id": need.id, "title": need.title, "kind": need.kind},
            "organisation": {"id": r.organisation_id, "name": organisations.get(r.organisation_id, "")},
            "candidate": matches.pseudonym(r.person_id, r.need_id),
            "code": matches.pseudonym_code(r.person_id, r.need_id),
            "person": {"id": person.id, "name": person.name, "email": person.email, "phone": person.phone}
            if known else None,
            "created_at": r.created_at, "updated_at": r.updated_at,
        })
    return out


def list_requests(*, session: Session, actor: User, args: dict) -> Page:
    """A page of the requests ``actor`` may see, newest first (filters: status, need)."""
    policies.require_role(actor, *READERS)
    query = _visible(actor, select(InterestRequest))
    if args.get("status"):
        query = query.where(InterestRequest.status == args["status"])
    if args.get("need") is not None:
        query = query.where(InterestRequest.need_id == args["need"])
    page = paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=(InterestRequest.created_at.desc(), InterestRequest.id.desc()))
    page.items = views(session, actor, page.items)
    return page


def get(*, session: Session, actor: User, request_id: int) -> dict:
    policies.require_role(actor, *READERS)
    return views(session, actor, [_get_visible(session, actor, request_id)])[0]


def create(*, session: Session, actor: User, data: dict) -> tuple[dict, bool]:
    """Show interest in the candidate ``data["candidate"]`` (the pseudonym's code) of need ``data["need_id"]``: only
    the need's employer, and only in one of its candidates. Returns the request and whether it is new (showing
    interest twice finds the first request)."""
    policies.require_role(actor, "employer")
    need = session.get(Need, data["need_id"])
    if need is None or need.organisation_id != actor.organisation_id:
        raise NotFound("No need with id %(need_id)s among your organisation's needs.", need_id=data["need_id"])
    if not open_needs.need_is_open(session, need.id):
        raise InvalidInput("This need is closed; show interest in candidates of an open need.", field="need_id")
    code = data["candidate"].strip().upper()[-6:]
    ranked = matches.ranked_candidates(session=session, actor=actor, need_id=need.id, limit=CANDIDATE_REACH)
    person_id = next((pid for pid in ranked.person_ids if matches.pseudonym_code(pid, need.id) == code), None)
    if person_id is None:
        raise InvalidInput("%(candidate)s is not a candidate of this need (any more).", field="candidate",
                           candidate=data["candidate"])
    existing = session.scalar(select(InterestRequest).where(InterestRequest.need_id == need.id,
                                                            InterestRequest.person_id == person_id))
    if existing is not None:
        return views(session, actor, [existing])[0], False
    advisor_id = session.scalar(select(Person.advisor_id).where(Person.id == person_id))
    request = InterestRequest(need_id=need.id, person_id=person_id, organisation_id=need.organisation_id,
                              requested_by_id=actor.id, status="requested" if advisor_id else "forwarded")
    session.add(request)
    session.flush()
    _notify(session, request)
    return views(session, actor, [request])[0], True


def _moves(actor: User) -> dict:
    """What ``actor``'s role may do with a request (an admin what an advisor may)."""
    if actor.role in ("admin", "advisor"):
        return ADVISOR_MOVES
    if actor.role == "person":
        return PERSON_MOVES
    return EMPLOYER_MOVES


def decide(*, session: Session, actor: User, request_id: int, data: dict,
           precondition: versions.Precondition = None) -> dict:
    """Move a request on: the advisor forwards or declines it, the person agrees or declines, the employer withdraws
    it. Without ``status`` nothing changes. With If-Match, only while it is still that version."""
    policies.require_role(actor, *READERS)
    request = _get_visible(session, actor, request_id)
    versions.check(precondition, request)
    wanted = data.get("status")
    if wanted is not None and wanted != request.status:
        allowed = _moves(actor).get(request.status, ())
        if wanted not in allowed:
            if not allowed:
                raise Forbidden("You may not change this interest request now.")
            raise InvalidInput("An interest request that is %(status)s can become only: %(value)s.", field="status",
                               status=Term("interest_request_status", request.status),
                               value=Choices("interest_request_status", tuple(allowed)))
        request.status = wanted
        session.flush()
        _notify(session, request)
    return views(session, actor, [request])[0]


def for_need(*, session: Session, actor: User, need_id: int) -> dict[str, dict]:
    """The employer's requests for one need by the pseudonym's code (for its candidate cards)."""
    query = _visible(actor, select(InterestRequest).where(InterestRequest.need_id == need_id))
    return {view["code"]: view for view in views(session, actor, list(session.scalars(query)))}


def waiting_for(*, session: Session, actor: User) -> int:
    """How many requests wait for ``actor``: at the advisor, or forwarded to the person."""
    query = _visible(actor, select(InterestRequest.id))
    if actor.role == "advisor":
        query = query.where(InterestRequest.status == "requested")
    elif actor.role == "person":
        query = query.where(InterestRequest.status == "forwarded")
    else:
        return 0
    return len(session.scalars(query).all())



# -- notices -------------------------------------------------------------------------------------------------


def _recipients(session: Session, request: InterestRequest) -> list[int]:
    """The active users a request's new status concerns: the person's advisor for a new request, the person's own
    account once it is passed on to them, the employer's users for an answer; nobody for a withdrawal."""
    if request.status == "requested":
        query = select(User.id).where(User.id == select(Person.advisor_id).where(
            Person.id == request.person_id).scalar_subquery())
    elif request.status == "forwarded":
        query = select(User.id).where(User.person_id == request.person_id, User.role == "person")
    elif request.status in ("accepted", "declined"):
        query = select(User.id).where(User.organisation_id == request.organisation_id, User.role == "employer")
    else:
        return []
    return list(session.scalars(query.where(User.active.is_(True))))


def _notify(session: Session, request: InterestRequest) -> None:
    """A new (unread) notice of the request's status for each user it concerns; one told of this status before
    gets it as new again (an answer taken back and given again)."""
    rows = [{"user_id": user_id, "interest_request_id": request.id, "status": request.status, "created_at": utcnow(),
             "read_at": None} for user_id in _recipients(session, request)]
    versions.insert_ignoring_existing(session, Notice.__table__, rows, update_columns=("created_at", "read_at"))


def _current_notices(actor: User):
    """The actor's notices whose request they may still see and that still has the status the notice tells of."""
    return (_visible(actor, select(Notice, InterestRequest).join(InterestRequest,
                                                                 InterestRequest.id == Notice.interest_request_id))
            .where(Notice.user_id == actor.id, Notice.status == InterestRequest.status))


def new_notices(*, session: Session, actor: User, limit: int = 10) -> tuple[list[dict], int]:
    """The actor's unread notices, newest first (at most ``limit``), each with the request as the actor may see it
    (:func:`views`), and how many there are."""
    query = _current_notices(actor).where(Notice.read_at.is_(None))
    total = len(session.execute(query.with_only_columns(Notice.interest_request_id)).all())
    found = session.execute(query.order_by(Notice.created_at.desc(), Notice.interest_request_id.desc())
                            .limit(limit)).all()
    requests = views(session, actor, [request for _, request in found])
    return [{"status": notice.status, "created_at": notice.created_at, "request": view}
            for (notice, _), view in zip(found, requests)], total


def mark_read(*, session: Session, actor: User, need_id: int | None = None) -> None:
    """The actor has seen their notices (those about one need's requests, with ``need_id``)."""
    query = update(Notice).where(Notice.user_id == actor.id, Notice.read_at.is_(None))
    if need_id is not None:
        query = query.where(Notice.interest_request_id.in_(
            select(InterestRequest.id).where(InterestRequest.need_id == need_id)))
    session.execute(query.values(read_at=utcnow()))
