"""A user's API tokens through the API: list, create for oneself, revoke (the owner, or an admin).

A token created through the API expires no later than the token that asked for it, so that holding a token
never lets anyone extend their own access: fresh access beyond that comes from an admin (``matchmaker
create-user`` prints a new token with the full TOKEN_TTL_DAYS).
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.errors import Forbidden, InvalidInput, NotFound
from matchmaker.models import ApiToken, User
from matchmaker.models.base import utcnow
from matchmaker.security import tokens


def _owner_or_admin(actor: User, user_id: int) -> None:
    if actor.role != "admin" and actor.id != user_id:
        raise Forbidden("You may see and revoke only your own tokens; an admin may do so for anyone.")


def list_tokens(*, session: Session, actor: User, user_id: int) -> list[ApiToken]:
    """The tokens of user ``user_id``, newest first (for that user and admins)."""
    _owner_or_admin(actor, user_id)
    if session.get(User, user_id) is None:
        raise NotFound("No user with id %(user_id)s.", user_id=user_id)
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())))


def create_own(*, session: Session, actor: User, current: ApiToken, data: dict) -> tuple[ApiToken, str]:
    """A new token for ``actor``, authenticated with ``current``: it lasts ``expires_in_days`` (default
    TOKEN_TTL_DAYS) but never beyond ``current``'s own expiry."""
    days, most = data.get("expires_in_days"), current_app.config["TOKEN_TTL_DAYS"]
    if days is not None and days > most:
        raise InvalidInput("A token lasts at most %(most)s days (TOKEN_TTL_DAYS).", field="expires_in_days", most=most)
    wanted = utcnow() + timedelta(days=days) if days else tokens.default_expiry()
    expires_at = min(wanted, tokens.as_utc(current.expires_at))
    return tokens.issue_row(session=session, user=actor, actor=actor, label=data.get("label", ""),
                            expires_at=expires_at)


def revoke(*, session: Session, actor: User, token_id: int) -> None:
    """Revoke token ``token_id`` (its owner or an admin); revoking a revoked token changes nothing."""
    row = session.get(ApiToken, token_id)
    if row is None or (actor.role != "admin" and row.user_id != actor.id):
        raise NotFound("No token with id %(token_id)s among yours.", token_id=token_id)
    tokens.revoke_row(session=session, row=row, actor=actor)
