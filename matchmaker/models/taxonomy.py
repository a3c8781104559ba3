"""The occupation and skill taxonomy (ESCO, or the built-in compact one), keyed on concept URIs."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, BigId, NEVER_REUSED, UtcDateTime, utcnow


class LabelledConcept:
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    label_en: Mapped[str] = mapped_column(String(255))
    label_nl: Mapped[str | None] = mapped_column(String(255))
    alt_labels_en: Mapped[str] = mapped_column(Text, default="")  # newline-separated, as ESCO publishes them
    alt_labels_nl: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")

    #: the catalogue's kind of concept (:mod:`matchmaker.services.catalogue`)
    KIND = ""

    @property
    def label(self) -> str:
        """In the reader's language, as every response and page names the concept: from the taxonomy's in-memory
        catalogue, so a skill without a Dutch label reads as its English label with its Dutch skill group beside it.
        Outside an application (or before the concept is stored): Dutch where known, English otherwise."""
        from flask import has_app_context

        if self.id is not None and has_app_context():
            from matchmaker.extensions import db
            from matchmaker.i18n import reader_language
            from matchmaker.services.catalogue import catalogue

            found = catalogue(db.session).of(self.KIND).label(self.id, reader_language())
            if found is not None:
                return found
        return self.label_nl or self.label_en


class Occupation(LabelledConcept, Base):
    __tablename__ = "occupations"
    __table_args__ = NEVER_REUSED
    KIND = "occupation"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    isco_group: Mapped[str] = mapped_column(String(4), default="", index=True)
    broader_uri: Mapped[str | None] = mapped_column(String(255))  # parent occupation or ISCO group
    sector: Mapped[str | None] = mapped_column(String(40))
    starter: Mapped[bool] = mapped_column(default=False)

    skills: Mapped[list[OccupationSkill]] = relationship(back_populates="occupation", cascade="all, delete-orphan")


class Skill(LabelledConcept, Base):
    __tablename__ = "skills"
    __table_args__ = NEVER_REUSED
    KIND = "skill"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    skill_type: Mapped[str] = mapped_column(String(40), default="")
    reuse_level: Mapped[str] = mapped_column(String(40), default="")


class OccupationGroup(Base):
    """An ISCO group (ESCO's occupation hierarchy above occupations)."""

    __tablename__ = "occupation_groups"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    code: Mapped[str] = mapped_column(String(10), index=True)
    label_en: Mapped[str] = mapped_column(String(255))
    broader_uri: Mapped[str | None] = mapped_column(String(255))


class SkillGroup(Base):
    """A node of the skill hierarchy above individual skills."""

    __tablename__ = "skill_groups"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    label_en: Mapped[str] = mapped_column(String(255))
    label_nl: Mapped[str | None] = mapped_column(String(255))


class OccupationSkill(Base):
    __tablename__ = "occupation_skills"

    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True)
    relation: Mapped[str] = mapped_column(String(10))  # essential | optional

    occupation: Mapped[Occupation] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class SkillBroader(Base):
    """Skill hierarchy: a skill (or skill group) and a broader skill or skill group, by URI."""

    __tablename__ = "skill_broader"

    narrower_uri: Mapped[str] = mapped_column(String(255), primary_key=True)
    broader_uri: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)


class SkillRelation(Base):
    """ESCO skill-skill relations (a skill is essential/optional to another)."""

    __tablename__ = "skill_relations"

    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    related_skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    relation: Mapped[str] = mapped_column(String(10))


class DataVersion(Base):
    """A counter per scope ("taxonomy", "region:twente", ...), bumped whenever that data changes."""

    __tablename__ = "data_versions"
    __table_args__ = (UniqueConstraint("scope"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    scope: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
