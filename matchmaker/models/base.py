"""Declarative base, shared column types and mixins."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Integer, MetaData, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

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


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """A record that several users may edit at once: ``version`` counts its changes (1 when created).

    SQLAlchemy's version counter makes every UPDATE and DELETE of the row say ``WHERE version = <the version
    read>``, so a write based on an outdated read changes nothing and raises ``StaleDataError`` (mapped to 409,
    or 412 for a request that sent If-Match). The API derives a record's ETag from its id and version.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


class LocatedMixin:
    """A record that lives in a place: a municipality, and a point (its own, or the municipality's centre)."""

    @declared_attr
    def municipality_code(cls) -> Mapped[str | None]:
        # active history: a move between regions must know the old place to mark both regions changed
        return mapped_column(String(6), ForeignKey("municipalities.code"), index=True, active_history=True)

    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
