"""API tokens as their owner and admins see them (never the token or its hash), and the request for a new one."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.models.base import utcnow
from matchmaker.schemas.common import StrictSchema
from matchmaker.schemas.fields import Text, UtcDateTime
from matchmaker.security.tokens import as_utc

TOKEN_STATES = ("active", "expired", "revoked")
#: the largest lifetime the request may name at all (the service then holds it to TOKEN_TTL_DAYS)
MAX_TTL_DAYS = 36_500


def _state(token) -> str:
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if as_utc(token.expires_at) <= utcnow() else "active"


class TokenSchema(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    prefix = fields.String(metadata={"description": "The token's first characters, to tell tokens apart."})
    label = fields.String()
    created_at = UtcDateTime()
    expires_at = UtcDateTime(metadata={"description": "From this moment the token is refused (401)."})
    last_used_at = UtcDateTime(allow_none=True, metadata={
        "description": "When it last authenticated a request, to the hour; empty when never used."})
    revoked_at = UtcDateTime(allow_none=True)
    state = fields.Function(_state, metadata={"enum": list(TOKEN_STATES)})


class IssuedTokenSchema(TokenSchema):
    token = fields.String(metadata={"description": "The token itself: shown only in this response, never again."})


class TokenInput(StrictSchema):
    label = Text(max_length=100, metadata={"description": "What the token is for, e.g. the system that uses it."})
    expires_in_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_TTL_DAYS), metadata={
        "description": "Lifetime in days; default and maximum TOKEN_TTL_DAYS, and never beyond the expiry of the "
                       "token making the request."})
