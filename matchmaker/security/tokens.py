"""API tokens: random, shown once, stored as a SHA-256 hash, expiring, revocable; every issue, revocation and
use of an expired token goes into the audit log.

A token's expiry is fixed when it is issued (``expires_at``: TOKEN_TTL_DAYS later, or earlier when asked), so
the expiry a list shows is the one enforced, and changing the setting affects only tokens issued afterwards.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import ApiToken, AuditEvent, User
from matchmaker.models.base import utcnow
from matchmaker.services import audit

TOKEN_PREFIX = "mm_"
#: ``last_used_at`` is written at most once per token and this period (not on every request)
LAST_USED_PRECISION = timedelta(hours=1)
#: an expired token presented again within this period is not recorded again (one event, not one per request)
EXPIRED_USE_QUIET = timedelta(hours=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def as_utc(moment: datetime) -> datetime:
    """``moment`` with its zone: SQLite hands back UTC timestamps without one."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def default_expiry(now: datetime | None = None) -> datetime:
    return (now or utcnow()) + timedelta(days=current_app.config["TOKEN_TTL_DAYS"])


def issue_row(*, session: Session, user: User, actor: audit.Actor = audit.COMMAND_LINE, label: str = "",
              expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user`` (issued by ``actor``); the row and the token in clear text, the only time it
    is ever visible."""
    token, now = TOKEN_PREFIX + secrets.token_urlsafe(32), utcnow()
    row = ApiToken(user=user, token_hash=hash_token(token), prefix=token[:10], label=label, created_at=now,
                   expires_at=expires_at or default_expiry(now))
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action=audit.TOKEN_ISSUE, subject_type="token", subject_ids=[row.id])
    return row, token


def issue(*, session: Session, user: User, label: str = "", actor: audit.Actor = audit.COMMAND_LINE,
          expires_at: datetime | None = None) -> str:
    """Create a token for ``user`` and return it in clear text."""
    return issue_row(session=session, user=user, actor=actor, label=label, expires_at=expires_at)[1]


@dataclass(frozen=True)
class Authentication:
    """What a presented token turned out to be: its active user and row, or the expiry of an expired one."""

    user: User | None = None
    token: ApiToken | None = None
    expired_at: datetime | None = None
    #: something was written (the token's last use, an audit event) for the caller to commit
    written: bool = False


def authenticate(*, session: Session, token: str) -> Authentication:
    """Look ``token`` up. An unknown, revoked or malformed token, or one of an inactive user, is no one. An expired
    token is recorded in the audit log (once per EXPIRED_USE_QUIET) and reported with its expiry. A token in use
    has its ``last_used_at`` brought up to date (at most once per LAST_USED_PRECISION); the caller commits."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return Authentication()
    # one query on every request: the user and the token together
    found = session.execute(
        select(User, ApiToken).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None), User.active.is_(True))
    ).first()
    if found is None:
        return Authentication()
    user, row = found
    now = utcnow()
    if as_utc(row.expires_at) <= now:
        return Authentication(expired_at=as_utc(row.expires_at), written=_note_expired_use(session, user, row, now))
    stale = row.last_used_at is None or as_utc(row.last_used_at) <= now - LAST_USED_PRECISION
    if stale:
        row.last_used_at = now
    return Authentication(user=user, token=row, written=stale)


def _note_expired_use(session: Session, user: User, row: ApiToken, now: datetime) -> bool:
    recent = session.scalar(select(AuditEvent.id).where(
        AuditEvent.subject_type == "token", AuditEvent.subject_id == row.id,
        AuditEvent.action == audit.TOKEN_EXPIRED_USE, AuditEvent.occurred_at > now - EXPIRED_USE_QUIET).limit(1))
    if recent is None:
        audit.record(session=session, actor=user, action=audit.TOKEN_EXPIRED_USE, subject_type="token",
                     subject_ids=[row.id])
    return recent is None


def resolve(*, session: Session, token: str) -> User | None:
    """The active user holding a non-revoked, unexpired ``token``, or None."""
    return authenticate(session=session, token=token).user


def revoke_row(*, session: Session, row: ApiToken, actor: audit.Actor = audit.COMMAND_LINE) -> bool:
    """Revoke ``row`` (it stops working at once); False when it was revoked already."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    audit.record(session=session, actor=actor, action=audit.TOKEN_REVOKE, subject_type="token", subject_ids=[row.id])
    return True


def revoke(*, session: Session, token_id: int, actor: audit.Actor = audit.COMMAND_LINE) -> bool:
    row = session.get(ApiToken, token_id)
    return row is not None and revoke_row(session=session, row=row, actor=actor)
