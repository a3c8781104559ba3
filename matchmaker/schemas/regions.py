"""Region schemas."""
from __future__ import annotations

from marshmallow import Schema, fields


class MunicipalitySchema(Schema):
    code = fields.String()
    name = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()


class RegionCountsSchema(Schema):
    organisations = fields.Integer()
    programmes = fields.Integer()
    needs = fields.Integer()
    open_needs = fields.Integer()
    people = fields.Integer()


class RegionSchema(Schema):
    code = fields.String()
    name = fields.String()
    municipalities = fields.List(fields.Nested(MunicipalitySchema))
    counts = fields.Nested(RegionCountsSchema)
