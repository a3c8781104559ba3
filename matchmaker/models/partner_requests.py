"""Partner requests: what an organisation seeks from or offers to others."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, JSONList, NEVER_REUSED, TimestampMixin, VersionedMixin
from matchmaker.models.organisations import Organisation
from matchmaker.models.taxonomy import Occupation


class PartnerRequest(TimestampMixin, VersionedMixin, Base):
    __tablename__ = "partner_requests"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(10))  # seeks | offers
    kind: Mapped[str] = mapped_column(String(30), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    months: Mapped[list[int]] = mapped_column(JSONList, default=list)
    lever: Mapped[str | None] = mapped_column(String(30))
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"))
    headcount: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship()
    occupation: Mapped[Occupation | None] = relationship()
