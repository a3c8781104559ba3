"""Brokering: where a network coordinator is with a partner match between two organisations."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, BigId, TimestampMixin, VersionedMixin
from matchmaker.vocabulary import BROKERING_STATUSES


class Brokering(TimestampMixin, VersionedMixin, Base):
    """The status a coordinator set for a pair of organisations (``organisation_a_id`` < ``organisation_b_id``: each
    pair once, whichever kinds of match it has). A pair without a row is "proposed"."""

    __tablename__ = "brokerings"
    __table_args__ = (
        CheckConstraint("organisation_a_id < organisation_b_id", name="pair_in_order"),
        CheckConstraint("status IN (%s)" % ", ".join(f"'{s}'" for s in BROKERING_STATUSES), name="status"),
    )

    organisation_a_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisations.id", ondelete="CASCADE"),
                                                   primary_key=True)
    organisation_b_id: Mapped[int] = mapped_column(BigId, ForeignKey("organisations.id", ondelete="CASCADE"),
                                                   primary_key=True, index=True)
    status: Mapped[str] = mapped_column(String(20))
    updated_by_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"))
