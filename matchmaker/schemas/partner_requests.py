"""Partner request schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import OccupationRefSchema, RegionFilterArgs, StrictSchema
from matchmaker.schemas.labels import OrganisationNameSchema
from matchmaker.schemas.fields import Choice, Id, Label, Months, Text, Version


class PartnerRequestInput(StrictSchema):
    organisation_id = Id(required=True)
    direction = Choice(v.PARTNER_REQUEST_DIRECTIONS, required=True)
    kind = Choice(v.PARTNER_REQUEST_KINDS, required=True)
    status = Choice(v.PARTNER_REQUEST_STATUSES)
    title = Text(required=True, min_length=1, max_length=200)
    description = Text(max_length=5000)
    months = Months(metadata={"description": "Only for staff_sharing and internship_places; empty = all year."})
    lever = Choice(v.LEVERS, allow_none=True,
                   metadata={"description": "Required for knowledge_exchange, and only allowed there."})
    occupation_id = Id(allow_none=True, metadata={"description": "Not for knowledge_exchange."})
    headcount = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 1000),
                               metadata={"description": "Only for staff_sharing, talent_pipeline, internship_places."})


class PartnerRequestSchema(Schema):
    id = fields.Integer()
    version = Version()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema)
    direction = fields.String()
    direction_label = Label("partner_request_direction", "direction")
    kind = fields.String()
    kind_label = Label("partner_request_kind", "kind")
    status = fields.String()
    status_label = Label("partner_request_status", "status")
    title = fields.String()
    description = fields.String()
    months = fields.List(fields.Integer())
    lever = fields.String(allow_none=True)
    lever_label = Label("lever", "lever")
    occupation_id = fields.Integer(allow_none=True)
    occupation = fields.Nested(OccupationRefSchema, allow_none=True)
    headcount = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class PartnerRequestListArgs(RegionFilterArgs):
    kind = Choice(v.PARTNER_REQUEST_KINDS)
    direction = Choice(v.PARTNER_REQUEST_DIRECTIONS)
    status = Choice(v.PARTNER_REQUEST_STATUSES)
    organisation = Id(strict=False, metadata={"description": "Requests of this organisation id."})
