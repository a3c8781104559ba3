"""Declarative base, shared column types and mixins."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Integer, MetaData, String, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from matchmaker.search.words import name_key

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON everywhere, JSONB on PostgreSQL.
JSONList = JSON().with_variant(JSONB(), "postgresql")
#: 64-bit primary keys on PostgreSQL, INTEGER (rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _name_key_default(context) -> str:
    return name_key(context.get_current_parameters().get("name") or "")


class NamedMixin:
    """A record found by the words of its ``name``: ``name_key`` holds them folded (see
    :func:`~matchmaker.search.words.name_key`), set with the name, also by bulk inserts."""

    name_key: Mapped[str] = mapped_column(String(400), default=_name_key_default, server_default="")

    @classmethod
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            event.listen(cls.name, "set", lambda target, value, _old, _initiator:
                         setattr(target, "name_key", name_key(value or "")))


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LocatedMixin:
    """A record that lives in a place: a municipality, and a point (its own, or the municipality's centre)."""

    @declared_attr
    def municipality_code(cls) -> Mapped[str | None]:
        # active history: a move between regions must know the old place to mark both regions changed
        return mapped_column(String(6), ForeignKey("municipalities.code"), index=True, active_history=True)

    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
