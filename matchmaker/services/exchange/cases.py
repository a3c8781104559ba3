"""Practice cases: an organisation writes its good example as a draft, then publishes it for everyone to read."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from matchmaker.errors import InvalidInput, NotFound, RecordName
from matchmaker.models import Organisation, PracticeCase, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import versions
from matchmaker.services.exchange.common import check_municipality, check_new_owner, may_read_private, own_organisation
from matchmaker.services.queries import Page, contains_text, json_list_contains, paginate

RECORD = "practice case"


def _visible(actor: User, query):
    if actor.role in ("admin", "coordinator"):
        return query
    return query.where(or_(PracticeCase.status == "published", PracticeCase.organisation_id == actor.organisation_id))


def list_cases(*, session: Session, actor: User, args: dict) -> Page:
    """Published cases (and the reader's own drafts; every draft for admins and coordinators), newest first;
    filters: lever, barrier, sector, status, organisation, q (title and text)."""
    query = _visible(actor, select(PracticeCase).options(selectinload(PracticeCase.organisation).load_only(
        Organisation.id, Organisation.name), selectinload(PracticeCase.municipality)))
    if args.get("lever"):
        query = query.where(json_list_contains(session, PracticeCase.levers, args["lever"]))
    if args.get("barrier"):
        query = query.where(json_list_contains(session, PracticeCase.barriers, args["barrier"]))
    for name in ("sector", "status"):
        if args.get(name):
            query = query.where(getattr(PracticeCase, name) == args[name])
    if args.get("organisation") is not None:
        query = query.where(PracticeCase.organisation_id == args["organisation"])
    if (text := contains_text(args.get("q"), PracticeCase.title, PracticeCase.problem, PracticeCase.approach,
                              PracticeCase.results)) is not None:
        query = query.where(text)
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=[PracticeCase.published_at.desc(), PracticeCase.id.desc()])


def get(*, session: Session, actor: User, case_id: int) -> PracticeCase:
    case = session.get(PracticeCase, case_id)
    if case is None or (case.status != "published" and not may_read_private(actor, case.organisation_id)):
        raise NotFound("No %(what)s with id %(record_id)s.", what=RecordName(RECORD), record_id=case_id)
    return case


def _apply(session: Session, case: PracticeCase, data: dict) -> None:
    check_municipality(session, data.get("municipality_code"))
    for key, value in data.items():
        setattr(case, key, value)
    if not case.levers:
        raise InvalidInput("Name at least one lever the case is about.", field="levers")


def create(*, session: Session, actor: User, data: dict) -> PracticeCase:
    """A new case, a draft until published (``publish``); sector, size and place default to the organisation's."""
    data = dict(data)
    organisation = own_organisation(session, actor, RECORD, data.pop("organisation_id", None))
    case = PracticeCase(organisation_id=organisation.id, status="draft", sector=organisation.sector,
                        size=max(1, organisation.size or 1), municipality_code=organisation.municipality_code)
    _apply(session, case, data)
    session.add(case)
    session.flush()
    return case


def update(*, session: Session, actor: User, case_id: int, data: dict,
           precondition: versions.Precondition = None) -> PracticeCase:
    case = get(session=session, actor=actor, case_id=case_id)
    policies.require_record_writer(actor, RECORD, case.organisation_id)
    versions.check(precondition, case)
    check_new_owner(session, actor, RECORD, data, "organisation_id")
    _apply(session, case, data)
    session.flush()
    return case


def publish(*, session: Session, actor: User, case_id: int, published: bool = True,
            precondition: versions.Precondition = None) -> PracticeCase:
    """Publish a case (everyone reads it from now on), or take it back to draft."""
    case = get(session=session, actor=actor, case_id=case_id)
    policies.require_record_writer(actor, RECORD, case.organisation_id)
    versions.check(precondition, case)
    if published and case.status != "published":
        for name in ("problem", "approach"):
            if not getattr(case, name).strip():
                raise InvalidInput("Describe the problem and what you did before you publish the case.", field=name)
        case.status, case.published_at = "published", utcnow()
    elif not published:
        case.status = "draft"
    session.flush()
    return case


def delete(*, session: Session, actor: User, case_id: int, precondition: versions.Precondition = None) -> None:
    case = get(session=session, actor=actor, case_id=case_id)
    policies.require_record_writer(actor, RECORD, case.organisation_id)
    versions.check(precondition, case)
    session.delete(case)
    session.flush()
