"""SME questions (what an SME struggles with) and progress checks (where it stands on the four levers)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker import vocabulary as v
from matchmaker.errors import InvalidInput, NotFound, RecordName
from matchmaker.models import Organisation, ProgressCheck, SmeQuestion, User
from matchmaker.security import policies
from matchmaker.services import versions
from matchmaker.services.exchange.common import (
    check_municipality, check_new_owner, may_read_private, now_or, own_organisation,
)
from matchmaker.services.queries import Page, contains_text, filter_place, json_list_contains, paginate

QUESTION = "question"
CHECK = "progress check"
#: a progress check's scale per lever: 0 = not started … 4 = part of how we work
SCORE_RANGE = range(0, 5)


def _visible(actor: User, query, model):
    policies.require_role(actor, *policies.QUESTION_READERS)
    if actor.role in ("admin", "coordinator"):
        return query
    return query.where(model.organisation_id == actor.organisation_id)


def list_questions(*, session: Session, actor: User, args: dict) -> Page:
    """Questions the actor may read (its own organisation's; all for coordinators and admins), newest first;
    filters: lever, barrier, sector, region and municipality, organisation."""
    query = _visible(actor, select(SmeQuestion).options(selectinload(SmeQuestion.organisation).load_only(
        Organisation.id, Organisation.name), selectinload(SmeQuestion.municipality)), SmeQuestion)
    if args.get("lever"):
        query = query.where(json_list_contains(session, SmeQuestion.levers, args["lever"]))
    if args.get("barrier"):
        query = query.where(json_list_contains(session, SmeQuestion.barriers, args["barrier"]))
    if args.get("sector"):
        query = query.where(SmeQuestion.sector == args["sector"])
    if args.get("organisation") is not None:
        query = query.where(SmeQuestion.organisation_id == args["organisation"])
    query = filter_place(query, SmeQuestion, args)
    if (text := contains_text(args.get("q"), SmeQuestion.question)) is not None:
        query = query.where(text)
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=[SmeQuestion.asked_at.desc(), SmeQuestion.id.desc()])


def get(*, session: Session, actor: User, question_id: int) -> SmeQuestion:
    policies.require_role(actor, *policies.QUESTION_READERS)
    question = session.get(SmeQuestion, question_id)
    if question is None or not may_read_private(actor, question.organisation_id):
        raise NotFound("No %(what)s with id %(record_id)s.", what=RecordName(QUESTION), record_id=question_id)
    return question


def _apply(session: Session, question: SmeQuestion, data: dict) -> None:
    check_municipality(session, data.get("municipality_code"))
    for key, value in data.items():
        setattr(question, key, value)
    if not question.levers:
        raise InvalidInput("Choose at least one lever you want to work on.", field="levers")
    if not question.question.strip():
        raise InvalidInput("Say in a few words what you struggle with.", field="question")


def create(*, session: Session, actor: User, data: dict, now: datetime | None = None) -> SmeQuestion:
    """An SME's question; sector, size and place default to its organisation's."""
    data = dict(data)
    organisation = own_organisation(session, actor, QUESTION, data.pop("organisation_id", None))
    question = SmeQuestion(organisation_id=organisation.id, asked_by_id=actor.id, asked_at=now_or(now),
                           sector=organisation.sector, size=max(1, organisation.size or 1),
                           municipality_code=organisation.municipality_code)
    _apply(session, question, data)
    if question.municipality_code is None:
        raise InvalidInput("Say in which municipality your company is.", field="municipality_code")
    session.add(question)
    session.flush()
    return question


def update(*, session: Session, actor: User, question_id: int, data: dict,
           precondition: versions.Precondition = None) -> SmeQuestion:
    question = get(session=session, actor=actor, question_id=question_id)
    policies.require_record_writer(actor, QUESTION, question.organisation_id)
    versions.check(precondition, question)
    check_new_owner(session, actor, QUESTION, data, "organisation_id")
    _apply(session, question, data)
    session.flush()
    return question


def delete(*, session: Session, actor: User, question_id: int, precondition: versions.Precondition = None) -> None:
    question = get(session=session, actor=actor, question_id=question_id)
    policies.require_record_writer(actor, QUESTION, question.organisation_id)
    versions.check(precondition, question)
    session.delete(question)
    session.flush()


# ---------------------------------------------------------------------------------------------- progress checks


def record_check(*, session: Session, actor: User, data: dict, now: datetime | None = None) -> ProgressCheck:
    """A progress check: a score 0..4 on every one of the four levers."""
    data = dict(data)
    organisation = own_organisation(session, actor, CHECK, data.pop("organisation_id", None))
    scores = data.get("scores") or {}
    for lever in v.LEVERS:
        if scores.get(lever) not in SCORE_RANGE:
            raise InvalidInput("Give a score from 0 to 4 for every lever.", field=f"scores.{lever}")
    check = ProgressCheck(organisation_id=organisation.id, filled_by_id=actor.id, checked_at=now_or(now),
                          scores={lever: int(scores[lever]) for lever in v.LEVERS}, note=data.get("note") or "")
    session.add(check)
    session.flush()
    return check


def list_checks(*, session: Session, actor: User, args: dict) -> Page:
    """Progress checks the actor may read, oldest first (so a later one shows the progress); filter:
    organisation."""
    query = _visible(actor, select(ProgressCheck).options(selectinload(ProgressCheck.organisation).load_only(
        Organisation.id, Organisation.name)), ProgressCheck)
    if args.get("organisation") is not None:
        query = query.where(ProgressCheck.organisation_id == args["organisation"])
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=[ProgressCheck.checked_at, ProgressCheck.id])
