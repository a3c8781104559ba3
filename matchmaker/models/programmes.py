"""Programmes: what schools offer."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, JSONList, LocatedMixin, NEVER_REUSED, TimestampMixin, VersionedMixin
from matchmaker.models.organisations import Organisation
from matchmaker.models.taxonomy import Occupation, Skill

programme_skills = Table(
    "programme_skills",
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True),
)
programme_occupations = Table(
    "programme_occupations",
    Base.metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("occupation_id", ForeignKey("occupations.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Programme(LocatedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "programmes"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20), index=True)
    duration_months: Mapped[int] = mapped_column(Integer)
    start_months: Mapped[list[int]] = mapped_column(JSONList, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=0)

    organisation: Mapped[Organisation] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=programme_skills)
    occupations: Mapped[list[Occupation]] = relationship(secondary=programme_occupations)
