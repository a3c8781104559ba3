"""Audit events as admins read them, and the filters of the audit log."""
from __future__ import annotations

from datetime import timezone

from marshmallow import Schema, fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import MAX_LIMIT, StrictSchema
from matchmaker.schemas.fields import Choice, Id, SameObject, UtcDateTime
from matchmaker.services import audit


class AuditSubjectSchema(Schema):
    type = fields.String(attribute="subject_type", metadata={"enum": list(audit.SUBJECT_TYPES)})
    id = fields.Integer(attribute="subject_id")


class AuditActorSchema(Schema):
    id = fields.Integer(attribute="actor_id", allow_none=True, metadata={
        "description": "The user; empty for the command line and scheduled tasks."})
    role = fields.String(attribute="actor_role", metadata={
        "description": "The user's role at the time, or cli / system."})


class AuditEventSchema(Schema):
    id = fields.Integer()
    occurred_at = UtcDateTime(metadata={"description": "UTC."})
    actor = SameObject(AuditActorSchema)
    action = fields.String(metadata={"enum": list(audit.ACTIONS)})
    subject = SameObject(AuditSubjectSchema)
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields", metadata={
        "description": "Names of the fields read or changed; never their values."})


class AuditListArgs(StrictSchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": f"Page size, 1..{MAX_LIMIT}."})
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))
    subject_type = Choice(audit.SUBJECT_TYPES, metadata={"description": "What the events are about."})
    subject_id = Id(strict=False, metadata={"description": "Its id (with subject_type)."})
    actor_id = Id(strict=False, metadata={"description": "Events caused by this user."})
    actor_role = Choice((*v.ROLES, audit.COMMAND_LINE, audit.SYSTEM), metadata={
        "description": "Events caused by users of this role, or by the command line (cli) or scheduled tasks (system)."})
    action = Choice(audit.ACTIONS)
    since = fields.AwareDateTime(default_timezone=timezone.utc, metadata={
        "description": "Events at or after this moment (ISO 8601; UTC when no zone is given)."})
    until = fields.AwareDateTime(default_timezone=timezone.utc, metadata={
        "description": "Events before this moment (ISO 8601; UTC when no zone is given)."})
