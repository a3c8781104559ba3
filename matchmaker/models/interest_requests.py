"""Interest requests: an employer is interested in a candidate of one of its needs. The request goes to the person's
advisor, who forwards it to the person; only when the person agrees does the employer learn who they are."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, NEVER_REUSED, TimestampMixin, VersionedMixin
from matchmaker.models.needs import Need
from matchmaker.models.organisations import Organisation
from matchmaker.models.people import Person


class InterestRequest(TimestampMixin, VersionedMixin, Base):
    __tablename__ = "interest_requests"
    __table_args__ = (UniqueConstraint("need_id", "person_id", name="uq_interest_requests_need_person"),
                      NEVER_REUSED)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: the need's employer, kept beside the need so a list per organisation needs no join
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: requested (at the advisor) | forwarded (to the person) | accepted | declined | withdrawn (by the employer)
    status: Mapped[str] = mapped_column(String(12), default="requested", index=True)

    need: Mapped[Need] = relationship()
    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()
