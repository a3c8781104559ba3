"""Data versions: one counter per scope ("taxonomy", "region:<code>"), bumped whenever that data changes.

A job records the combined version of the scopes it read; its result is stale once that combination has
grown. Counters only ever increase, so the sum of a job's scopes is a faithful "has anything changed".
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.models import DataVersion
from matchmaker.models.base import utcnow

TAXONOMY = "taxonomy"


def region_scope(region_code: str) -> str:
    return f"region:{region_code}"


def bump(*, session: Session, scope: str, source: str = "") -> int:
    """Record that the data of ``scope`` changed; returns the new version."""
    changed = session.execute(
        update(DataVersion).where(DataVersion.scope == scope)
        .values(version=DataVersion.version + 1, source=source, updated_at=utcnow())
    ).rowcount
    if not changed:
        session.add(DataVersion(scope=scope, version=1, source=source))
    session.flush()
    return session.scalar(select(DataVersion.version).where(DataVersion.scope == scope))


def combined(*, session: Session, scopes: Iterable[str]) -> int:
    """The sum of the current versions of ``scopes`` (a scope never bumped counts 0)."""
    scopes = list(scopes)
    if not scopes:
        return 0
    return sum(session.scalars(select(DataVersion.version).where(DataVersion.scope.in_(scopes))))
