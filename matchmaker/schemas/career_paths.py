"""Career path schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.schemas.common import ExplainedSchema, StrictSchema
from matchmaker.schemas.fields import Label
from matchmaker.schemas.jobs import JobSchema
from matchmaker.schemas.matches import NeedRefSchema, ProgrammeRefSchema
from matchmaker.schemas.labels import OccupationLabelSchema, SkillLabelSchema


class CareerPathRequest(StrictSchema):
    k = fields.Integer(strict=True, load_default=5, validate=validate.Range(1, 10), metadata={"description": "How many paths."})
    max_steps = fields.Integer(strict=True, load_default=3, validate=validate.Range(1, 3))


class StepSchema(ExplainedSchema):
    kind = fields.String(metadata={"description": "job or training"})
    kind_label = Label("career_step_kind", "kind")
    move = fields.String(metadata={"description": "start, seasonal chain, move on, after training, or training"})
    move_label = Label("career_step_move", "move")
    cost = fields.Float()
    similarity = fields.Float()
    distance_km = fields.Float()
    months = fields.List(fields.Integer())
    occupation = fields.Nested(OccupationLabelSchema, allow_none=True)
    need = fields.Nested(NeedRefSchema, allow_none=True, metadata={
        "description": "The employer's need; null for a shortage occupation or a training step."})
    programme = fields.Nested(ProgrammeRefSchema, allow_none=True)
    skills_carried = fields.List(fields.Nested(SkillLabelSchema))
    skills_to_learn = fields.List(fields.Nested(SkillLabelSchema))


class CareerPathSchema(ExplainedSchema):
    cost = fields.Float(metadata={"description": "Skill gap, training time, travel and demand combined; lower is better."})
    kinds = fields.List(fields.String())
    steps = fields.List(fields.Nested(StepSchema))
    viable = fields.Boolean()


class CareerPathsSchema(ExplainedSchema):
    job = fields.Nested(JobSchema)
    viable_threshold = fields.Float(allow_none=True)
    paths = fields.List(fields.Nested(CareerPathSchema))
