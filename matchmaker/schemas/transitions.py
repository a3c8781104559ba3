"""Occupation transition schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.schemas.common import ExplainedSchema, StrictSchema
from matchmaker.schemas.labels import OccupationLabelSchema, SkillLabelSchema


class TransitionArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 200))
    min_similarity = fields.Float(load_default=0.0, validate=validate.Range(0.0, 1.0), allow_nan=False)


class NearSkillSchema(SkillLabelSchema):
    like = fields.Nested(SkillLabelSchema, metadata={"description": "The skill held that gives partial credit."})
    credit = fields.Float()


class DestinationSchema(ExplainedSchema):
    occupation = fields.Nested(OccupationLabelSchema)
    similarity = fields.Float(metadata={"description": "Credited share of the destination's essential skills "
                                                       "that the source occupation covers (0..1)."})
    viable = fields.Boolean(metadata={"description": "similarity >= the calibrated viable threshold"})
    shared_skills = fields.List(fields.Nested(SkillLabelSchema))
    near_skills = fields.List(fields.Nested(NearSkillSchema))
    missing_skills = fields.List(fields.Nested(SkillLabelSchema))


class TransitionsSchema(Schema):
    occupation = fields.Nested(OccupationLabelSchema)
    viable_threshold = fields.Float()
    calibration = fields.String()
    taxonomy_version = fields.Integer()
    destinations = fields.List(fields.Nested(DestinationSchema))
