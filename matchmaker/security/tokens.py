"""API tokens: random, shown once, stored as a SHA-256 hash, revocable."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import ApiToken, User
from matchmaker.models.base import utcnow

TOKEN_PREFIX = "mm_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(*, session: Session, user: User, label: str = "") -> str:
    """Create a token for ``user`` and return it in clear text: the only time it is ever visible."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=hash_token(token), prefix=token[:10], label=label))
    session.flush()
    return token


def resolve(*, session: Session, token: str) -> User | None:
    """The active user holding a non-revoked ``token``, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    # one query on every request: the user through the token, not the token and then its user
    return session.scalar(
        select(User).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None), User.active.is_(True)))


def revoke(*, session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
