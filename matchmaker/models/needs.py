"""Needs: what employers post (vacancies, internships, apprenticeships, seasonal peaks)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, JSONList, LocatedMixin, NEVER_REUSED, TimestampMixin, VersionedMixin
from matchmaker.models.organisations import Organisation
from matchmaker.models.taxonomy import Occupation, Skill


class NeedSkill(Base):
    __tablename__ = "need_skills"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True)
    relation: Mapped[str] = mapped_column(String(10), default="essential")  # essential | optional

    skill: Mapped[Skill] = relationship()


class Need(LocatedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "needs"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"), index=True)
    hours_per_week: Mapped[int] = mapped_column(Integer)
    months: Mapped[list[int]] = mapped_column(JSONList, default=list)  # empty = all year
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    accommodations: Mapped[list[str]] = mapped_column(JSONList, default=list)
    dutch_level: Mapped[str] = mapped_column(String(10), default="none")
    trains_on_job: Mapped[bool] = mapped_column(default=False)
    #: target groups this need is reserved for or explicitly welcomes (opens doors, never closes them)
    welcomes_groups: Mapped[list[str]] = mapped_column(JSONList, default=list)
    closes_on: Mapped[date | None] = mapped_column(Date)
    #: what the work demands (vocabulary.WORK_DEMANDS); None: the defaults of its occupation, derived from the
    #: occupation's essential ESCO skills (matchmaker.engine.work_capacity)
    demands: Mapped[list[str] | None] = mapped_column(JSONList)

    organisation: Mapped[Organisation] = relationship()
    occupation: Mapped[Occupation | None] = relationship()
    skills: Mapped[list[NeedSkill]] = relationship(cascade="all, delete-orphan")
