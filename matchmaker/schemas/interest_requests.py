"""Interest request schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import MAX_LIMIT, StrictSchema
from matchmaker.schemas.fields import Choice, Id, Label, Text, Version
from matchmaker.schemas.labels import OrganisationNameSchema
from matchmaker.schemas.matches import NeedRefSchema


class InterestRequestInput(StrictSchema):
    need_id = Id(required=True, metadata={"description": "One of your organisation's open needs."})
    candidate = Text(required=True, min_length=6, max_length=40, metadata={
        "description": "The candidate's code (`code` in GET /api/v1/needs/{need_id}/candidates), or its pseudonym."})


class InterestRequestChange(StrictSchema):
    status = Choice(v.INTEREST_REQUEST_STATUSES, metadata={
        "description": "The advisor: forwarded or declined (from requested). The person: accepted or declined "
                       "(from forwarded; an agreement can be taken back). The employer: withdrawn (before an "
                       "answer)."})


class InterestPersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class InterestRequestSchema(Schema):
    id = fields.Integer()
    version = Version()
    status = fields.String()
    status_label = Label("interest_request_status", "status")
    need = fields.Nested(NeedRefSchema)
    organisation = fields.Nested(OrganisationNameSchema, metadata={"description": "The employer."})
    candidate = fields.String(metadata={"description": "The pseudonym the employer knows the person by."})
    code = fields.String()
    person = fields.Nested(InterestPersonSchema, allow_none=True, metadata={
        "description": "For the person, their advisor and admins; for the employer only once the person agreed."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class InterestRequestListArgs(StrictSchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": f"Page size, 1..{MAX_LIMIT}."})
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))
    status = Choice(v.INTEREST_REQUEST_STATUSES)
    need = Id(strict=False, metadata={"description": "Requests about this need id."})
