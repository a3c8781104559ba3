"""People: job-seekers and workers, with their special-category data kept apart from the rest."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import (
    Base, BigId, JSONList, LocatedMixin, NamedMixin, NEVER_REUSED, TimestampMixin, UtcDateTime, VersionedMixin,
    utcnow,
)
from matchmaker.models.taxonomy import Occupation, Skill

person_skills = Table(
    "person_skills",
    Base.metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
    # who holds a skill, read from the index alone (the candidate prefilter counts skills held per person)
    Index("ix_person_skills_skill_id_person_id", "skill_id", "person_id"),
)

#: Fields that are special-category data: shown only to the person, their advisor and admins. The work-capacity
#: limits (what work may not ask of the person, and the most hours a week they can work) are health data too.
SPECIAL_CATEGORY_FIELDS = ("target_groups", "accommodation_needs", "capacity_limits", "capacity_max_hours")
#: what each special-category field holds when it is empty (withdrawn consent erases them to this)
SPECIAL_CATEGORY_EMPTY = {"target_groups": [], "accommodation_needs": [], "capacity_limits": [],
                          "capacity_max_hours": None}


class Person(NamedMixin, LocatedMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "people"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="job_seeker")  # job_seeker | worker
    education_level: Mapped[str] = mapped_column(String(20), default="none")
    dutch_level: Mapped[str] = mapped_column(String(10), default="none")
    languages: Mapped[list[str]] = mapped_column(JSONList, default=list)
    travel_radius_km: Mapped[int] = mapped_column(Integer, default=25)
    hours_per_week: Mapped[int] = mapped_column(Integer, default=32)
    available_months: Mapped[list[int]] = mapped_column(JSONList, default=list)  # empty = all year
    summary: Mapped[str] = mapped_column(Text, default="")
    #: the person wants to learn a new trade: a programme may then take longer than the short work it opens
    career_change: Mapped[bool] = mapped_column(default=False, server_default=false())
    # special-category data, only with consent
    target_groups: Mapped[list[str]] = mapped_column(JSONList, default=list)
    accommodation_needs: Mapped[list[str]] = mapped_column(JSONList, default=list)
    #: work-capacity limits: the work demands (vocabulary.WORK_DEMANDS) this person cannot meet, and the most
    #: hours a week they can work (None: no limit beyond hours_per_week); a hard constraint, never a score
    capacity_limits: Mapped[list[str]] = mapped_column(JSONList, default=list)
    capacity_max_hours: Mapped[int | None] = mapped_column(Integer)
    # consent record (current state; the history is in consent_events)
    consent_special_category: Mapped[bool] = mapped_column(default=False)
    consent_share_with: Mapped[list[int]] = mapped_column(JSONList, default=list)  # organisation ids
    consent_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    skills: Mapped[list[Skill]] = relationship(secondary=person_skills)
    work_history: Mapped[list[WorkExperience]] = relationship(
        cascade="all, delete-orphan", order_by="WorkExperience.start_date"
    )
    consent_events: Mapped[list[ConsentEvent]] = relationship(cascade="all, delete-orphan", order_by="ConsentEvent.id")


class WorkExperience(Base):
    __tablename__ = "work_experiences"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id"))
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    occupation: Mapped[Occupation] = relationship()

    @property
    def years(self) -> float:
        end = self.end_date or date.today()
        return max(0.0, (end - self.start_date).days / 365.25)


class ConsentEvent(Base):
    """Every change of a person's consent, who recorded it and when."""

    __tablename__ = "consent_events"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    special_category: Mapped[bool] = mapped_column()
    share_with: Mapped[list[int]] = mapped_column(JSONList, default=list)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class ConsentRecord(Base):
    """The consent ledger: what an erased person had consented to and when, kept without anything that points
    back to them (no person or user id, name, e-mail or who recorded it). One random ``subject`` groups the
    records of one erased person; the last one says the consent was withdrawn by the erasure."""

    __tablename__ = "consent_ledger"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subject: Mapped[str] = mapped_column(String(32), index=True)  # random, made at erasure
    event: Mapped[str] = mapped_column(String(20))  # recorded | withdrawn
    special_category: Mapped[bool] = mapped_column()
    share_with: Mapped[list[int]] = mapped_column(JSONList, default=list)  # organisation ids
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
