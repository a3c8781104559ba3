"""Declarative base, shared column types and mixins."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Integer, MetaData, String, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

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


class UtcDateTime(TypeDecorator):
    """A point in time, always read back in UTC with its zone: PostgreSQL stores ``timestamptz``; SQLite stores
    the UTC wall time without a zone, which is given back its zone when read. A naive value written is taken to
    be UTC already."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc) if dialect.name != "sqlite" else value
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


#: tables whose ids are handed out (in URLs, tokens, job subjects, pseudonyms): never reused on SQLite either
NEVER_REUSED = {"sqlite_autoincrement": True}


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    """Every SQLite connection enforces foreign keys (SQLite's default is off), so ON DELETE CASCADE and
    SET NULL run as they do on PostgreSQL."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


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
