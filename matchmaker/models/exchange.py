"""The social-innovation exchange: practice cases, inspiration sessions with registrations (capacity and a waiting
list), the questions SMEs ask, and the progress checks they fill in over time.

Only aggregates about people: a case's results are figures for the whole company (staff turnover, absence, people
from target groups hired), never who.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import (
    Base, BigId, JSONList, NEVER_REUSED, TimestampMixin, UtcDateTime, VersionedMixin, utcnow,
)
from matchmaker.models.organisations import Organisation
from matchmaker.models.places import Municipality


class PracticeCase(TimestampMixin, VersionedMixin, Base):
    """A good example an organisation shares: what it did on which levers, with what result, at what cost."""

    __tablename__ = "practice_cases"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    title: Mapped[str] = mapped_column(String(200))
    levers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    problem: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    #: company-wide figures, when known: change in per cent (negative = down), and people hired from target groups
    productivity_change_pct: Mapped[int | None] = mapped_column(Integer)
    turnover_change_pct: Mapped[int | None] = mapped_column(Integer)
    absence_change_pct: Mapped[int | None] = mapped_column(Integer)
    target_group_hires: Mapped[int | None] = mapped_column(Integer)
    technology: Mapped[str] = mapped_column(Text, default="")
    transitions: Mapped[list[str]] = mapped_column(JSONList, default=list)
    costs: Mapped[str] = mapped_column(Text, default="")
    cost_euros: Mapped[int | None] = mapped_column(Integer)
    barriers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    barriers_overcome: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(40), index=True)
    size: Mapped[int] = mapped_column(Integer)  # employees
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"), index=True)
    open_to_visit: Mapped[bool] = mapped_column(default=False)
    open_to_call: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality | None] = relationship()


class ExchangeSession(TimestampMixin, VersionedMixin, Base):
    """An inspiration session a pioneer, network, social partner or school hosts."""

    __tablename__ = "exchange_sessions"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    online: Mapped[bool] = mapped_column(default=False)
    venue: Mapped[str] = mapped_column(String(200), default="")
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"), index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    levers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    sectors: Mapped[list[str]] = mapped_column(JSONList, default=list)
    format: Mapped[str] = mapped_column(String(20))

    host: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality | None] = relationship()


class SessionRegistration(TimestampMixin, Base):
    """One organisation's place at a session (one per organisation and session): confirmed, waiting (in order of
    ``queued_at``) or cancelled. Registering and cancelling hold the session's row lock (see
    ``services.exchange.sessions``), so places are never over-booked nor lost."""

    __tablename__ = "session_registrations"
    __table_args__ = (UniqueConstraint("session_id", "organisation_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exchange_sessions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), index=True)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: set by the host after the session: whether the organisation came
    attended: Mapped[bool | None] = mapped_column()

    session: Mapped[ExchangeSession] = relationship()
    organisation: Mapped[Organisation] = relationship()


class SmeQuestion(TimestampMixin, VersionedMixin, Base):
    """What an SME struggles with: its levers and barriers, with its sector, size and place."""

    __tablename__ = "sme_questions"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(Text)
    levers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    barriers: Mapped[list[str]] = mapped_column(JSONList, default=list)
    sector: Mapped[str] = mapped_column(String(40), index=True)
    size: Mapped[int] = mapped_column(Integer)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"), index=True)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)

    organisation: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()


class ProgressCheck(TimestampMixin, Base):
    """An SME's own view of where it stands on the four levers (0 = not started … 4 = part of how we work),
    filled in again later to see progress."""

    __tablename__ = "progress_checks"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    filled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    scores: Mapped[dict[str, int]] = mapped_column(JSONList, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()
