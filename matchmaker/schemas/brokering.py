"""Brokering: a region's partner matches as pairs of organisations, with the status a coordinator sets."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.engine.partners import PARTNER_MATCH_KINDS
from matchmaker.schemas.common import StrictSchema
from matchmaker.schemas.ecosystem import PartnerMatchSchema, PlacedOrganisationSchema, StoredResultSchema
from matchmaker.schemas.fields import Choice, Label, Labels
from matchmaker.vocabulary import BROKERING_STATUSES

_STATUSES = ", ".join(BROKERING_STATUSES)


class BrokeringListArgs(StrictSchema):
    status = Choice(list(BROKERING_STATUSES), metadata={"description": f"Only pairs at this status: {_STATUSES}."})
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))


class BrokeringInput(StrictSchema):
    status = Choice(list(BROKERING_STATUSES), required=True, metadata={
        "description": f"Where brokering the pair stands: {_STATUSES}."})


class BrokeringPairSchema(Schema):
    organisation = fields.Nested(PlacedOrganisationSchema, metadata={"description": "The one with the lower id."})
    partner = fields.Nested(PlacedOrganisationSchema)
    rank = fields.Integer(allow_none=True, metadata={
        "description": "Its place among the region's pairs, best first (1); null when the region's partner matches "
                       "no longer hold it."})
    score = fields.Float(allow_none=True, metadata={"description": "Its best match's score, 0..1."})
    distance_km = fields.Float(allow_none=True)
    kinds = fields.List(fields.String(metadata={"enum": list(PARTNER_MATCH_KINDS)}))
    kinds_labels = Labels("partner_match_kind", "kinds")
    status = fields.String(metadata={"enum": list(BROKERING_STATUSES)})
    status_label = Label("brokering_status", "status")
    version = fields.Integer(metadata={"description": "How often the status was set (0: never, so proposed)."})
    status_changed_at = fields.DateTime(allow_none=True)
    reasons = fields.List(fields.Nested(PartnerMatchSchema), metadata={
        "description": "The pair's partner matches, best first, each explained."})


class BrokeringPageSchema(StoredResultSchema):
    region = fields.String()
    total = fields.Integer(metadata={"description": "Pairs at the status asked for (all without it)."})
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(BrokeringPairSchema))
