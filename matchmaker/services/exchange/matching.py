"""The explained matches of an SME question: the cases most like it, the nearest coming sessions on its levers with
a free place, and pioneers for knowledge exchange. Computed when read (sessions fill up, cases get published), by
the pure functions of :mod:`matchmaker.engine.exchange`; the facts become sentences in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.engine import exchange as engine
from matchmaker.explanations import render
from matchmaker.models import ExchangeSession, Municipality, Organisation, PracticeCase, SmeQuestion, User
from matchmaker.services.exchange import questions
from matchmaker.services.exchange.common import now_or
from matchmaker.services.exchange.sessions import with_places


@dataclass
class Suggestion:
    """One match as a reader gets it: the record, the score, the facts, and the facts in words."""

    kind: str
    record: object
    score: float
    facts: list
    explanation: str


@dataclass
class Matches:
    question: SmeQuestion
    cases: list[Suggestion]
    sessions: list[Suggestion]
    pioneers: list[Suggestion]


def _question(session: Session, question: SmeQuestion) -> engine.Question:
    place = session.get(Municipality, question.municipality_code)
    return engine.Question(levers=frozenset(question.levers), barriers=frozenset(question.barriers),
                           sector=question.sector, size=question.size, latitude=place.latitude,
                           longitude=place.longitude, organisation_id=question.organisation_id)


def _cases(session: Session) -> dict[int, PracticeCase]:
    found = session.scalars(select(PracticeCase).where(PracticeCase.status == "published").options(
        selectinload(PracticeCase.organisation).load_only(Organisation.id, Organisation.name),
        selectinload(PracticeCase.municipality)))
    return {case.id: case for case in found}


def _coming_sessions(session: Session, now: datetime) -> dict[int, ExchangeSession]:
    found = list(session.scalars(select(ExchangeSession).where(ExchangeSession.starts_at > now).options(
        selectinload(ExchangeSession.host).load_only(Organisation.id, Organisation.name),
        selectinload(ExchangeSession.municipality))))
    return {record.id: record for record in with_places(session, found)}


def _pioneers(session: Session) -> dict[int, Organisation]:
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.pioneer.is_(True)))}


def _explained(kind: str, records: dict, matches: list[engine.Match], language: str | None) -> list[Suggestion]:
    return [Suggestion(kind=kind, record=records[m.id], score=m.score, facts=list(m.facts),
                       explanation=render(m.facts, language)) for m in matches]


def match(*, session: Session, actor: User, question_id: int, now: datetime | None = None,
          options: engine.ExchangeOptions = engine.ExchangeOptions(), language: str | None = None) -> Matches:
    """The matches of one question (its organisation, coordinators and admins read them)."""
    question = questions.get(session=session, actor=actor, question_id=question_id)
    return match_question(session=session, question=question, now=now, options=options, language=language)


def match_question(*, session: Session, question: SmeQuestion, now: datetime | None = None,
                   options: engine.ExchangeOptions = engine.ExchangeOptions(),
                   language: str | None = None) -> Matches:
    asked = _question(session, question)
    cases, coming, pioneers = _cases(session), _coming_sessions(session, now_or(now)), _pioneers(session)
    case_items = [engine.Case(id=c.id, title=c.title, owner=c.organisation.name, levers=frozenset(c.levers),
                              barriers=frozenset(c.barriers), sector=c.sector, size=c.size,
                              place=c.municipality.name if c.municipality else None,
                              open_to_visit=c.open_to_visit, open_to_call=c.open_to_call) for c in cases.values()]
    session_items = [engine.Session(id=s.id, title=s.title, host=s.host.name, starts_at=s.starts_at,
                                    levers=frozenset(s.levers), sectors=frozenset(s.sectors),
                                    free_places=s.free_places, online=s.online,
                                    place=s.municipality.name if s.municipality else None) for s in coming.values()]
    pioneer_items = [engine.Pioneer(id=o.id, name=o.name, sector=o.sector, lever_strengths=o.lever_strengths or {},
                                    latitude=o.latitude, longitude=o.longitude) for o in pioneers.values()]
    return Matches(
        question=question,
        cases=_explained("case", cases, engine.match_cases(asked, case_items, options), language),
        sessions=_explained("session", coming, engine.match_sessions(asked, session_items, now_or(now), options),
                            language),
        pioneers=_explained("pioneer", pioneers, engine.match_pioneers(asked, pioneer_items, options), language),
    )
