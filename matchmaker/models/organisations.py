"""Organisations: employers, schools, networks and social partners."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, JSONList, LocatedMixin, NEVER_REUSED, TimestampMixin, VersionedMixin

network_memberships = Table(
    "network_memberships",
    Base.metadata,
    Column("network_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Organisation(LocatedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "organisations"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    sector: Mapped[str] = mapped_column(String(40), index=True)
    size: Mapped[int] = mapped_column(Integer, default=1)  # employees
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    contact_email: Mapped[str] = mapped_column(String(255), default="")
    accommodations: Mapped[list[str]] = mapped_column(JSONList, default=list)
    #: social-innovation profile: strength 0..3 per lever, and the levers it wants to develop
    lever_strengths: Mapped[dict[str, int]] = mapped_column(JSONList, default=dict)
    lever_asks: Mapped[list[str]] = mapped_column(JSONList, default=list)
    pioneer: Mapped[bool] = mapped_column(default=False)

    networks: Mapped[list[Organisation]] = relationship(
        secondary=network_memberships,
        primaryjoin=lambda: Organisation.id == network_memberships.c.member_id,
        secondaryjoin=lambda: Organisation.id == network_memberships.c.network_id,
        back_populates="members",
    )
    members: Mapped[list[Organisation]] = relationship(
        secondary=network_memberships,
        primaryjoin=lambda: Organisation.id == network_memberships.c.network_id,
        secondaryjoin=lambda: Organisation.id == network_memberships.c.member_id,
        back_populates="networks",
    )
