"""Schemas shared by every resource: list arguments, pages, locations."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.schemas.fields import Latitude, Longitude, Text
from matchmaker.schemas.labels import ConceptLabel
from matchmaker.services.places import place_name

MAX_LIMIT = 200


class StrictSchema(Schema):
    """Unknown fields are an error (marshmallow's default), spelled out for readers."""

    class Meta:
        unknown = "raise"
        ordered = True


class ListArgs(StrictSchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_LIMIT),
                           metadata={"description": f"Page size, 1..{MAX_LIMIT}."})
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))
    q = Text(max_length=200, metadata={"description": "Free text, matched against names and descriptions."})


class RegionFilterArgs(ListArgs):
    region = Text(max_length=40, metadata={"description": "Labour-market region code, e.g. twente."})
    municipality = Text(max_length=6, metadata={"description": "CBS municipality code, e.g. GM0153."})


class LocationInput(StrictSchema):
    municipality_code = Text(max_length=6, min_length=6)
    latitude = Latitude()
    longitude = Longitude()


class LocationOutput(Schema):
    municipality_code = fields.String(allow_none=True)
    place = fields.Function(lambda record: place_name(record["municipality_code"] if isinstance(record, dict)
                                                      else record.municipality_code),
                            dump_only=True, allow_none=True, metadata={
                                "type": "string", "description": "The municipality's name."})
    latitude = fields.Float()
    longitude = fields.Float()


_PAGE_SCHEMAS: dict[type, type] = {}


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """A page envelope schema ``{items, total, limit, offset}`` for ``item_schema``."""
    if item_schema not in _PAGE_SCHEMAS:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _PAGE_SCHEMAS[item_schema] = Schema.from_dict(
            {
                "items": fields.List(fields.Nested(item_schema)),
                "total": fields.Integer(),
                "limit": fields.Integer(),
                "offset": fields.Integer(),
            },
            name=name,
        )
    return _PAGE_SCHEMAS[item_schema]


_PATCH_SCHEMAS: dict[type, type] = {}


def patch_of(input_schema: type[Schema], changes: type[Schema] | None = None) -> Schema:
    """A PATCH schema instance: ``input_schema`` with every field optional, under its own OpenAPI name; with
    ``changes``, also the fields of that schema (changes a PATCH can make and a create cannot, e.g. adding to a set)."""
    if input_schema not in _PATCH_SCHEMAS:
        name = input_schema.__name__.removesuffix("Input") + "Patch"
        _PATCH_SCHEMAS[input_schema] = type(name, (input_schema, *([changes] if changes else [])), {})
    return _PATCH_SCHEMAS[input_schema](partial=True)


class OccupationRefSchema(Schema):
    """A short reference to an occupation: id, ESCO URI and label in the reader's language."""

    id = fields.Integer()
    uri = fields.String()
    label = ConceptLabel("occupation")


class SkillRefSchema(Schema):
    """A short reference to a skill: id, ESCO URI and label in the reader's language."""

    id = fields.Integer()
    uri = fields.String()
    label = ConceptLabel("skill")


class FactSchema(Schema):
    """One reason behind a computed result: a code and its parameters; ``explanation`` says them in words."""

    code = fields.String(metadata={"description": "Reason code, e.g. match.missing or check.distance."})
    params = fields.Dict(keys=fields.String(), metadata={
        "description": "The reason's parameters: labels, numbers (km, months, shares 0..1), month masks "
                       "(bit 0 = January) and vocabulary codes (see GET /api/v1/vocabulary)."})


class ExplainedSchema(Schema):
    """A computed result that explains itself: sentences in the reader's language, and the facts behind them."""

    explanation = fields.String(metadata={"description": "The facts in words, in the reader's language (Dutch "
                                                         "unless the request asks for English)."})
    facts = fields.List(fields.Nested(FactSchema))
