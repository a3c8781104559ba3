"""Workers' changes: a person employed at an organisation whose capacity, wish or job changes."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, NEVER_REUSED, TimestampMixin, VersionedMixin
from matchmaker.models.organisations import Organisation
from matchmaker.models.people import Person
from matchmaker.models.taxonomy import Occupation


class WorkerChange(TimestampMixin, VersionedMixin, Base):
    """A change for a worker (``person`` employed at ``organisation`` as ``occupation``): their capacity, a wish, or
    the job at risk (with its ``reason``). Recorded by the employer with the worker's consent, or by the advisor.
    The capacity limits themselves stay on the person (special-category data), never here."""

    __tablename__ = "worker_changes"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"))
    kind: Mapped[str] = mapped_column(String(20))  # vocabulary.WORKER_CHANGE_KINDS
    reason: Mapped[str | None] = mapped_column(String(30))  # vocabulary.JOB_RISK_REASONS, for job_at_risk
    wish: Mapped[str | None] = mapped_column(String(20))  # vocabulary.WORKER_WISHES, for wish
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    #: the worker agreed that this change is recorded and that their employer sees the proposed moves
    worker_consent: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()
    occupation: Mapped[Occupation | None] = relationship()
