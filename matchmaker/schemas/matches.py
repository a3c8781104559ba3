"""Match and candidate schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.schemas.common import ExplainedSchema, StrictSchema
from matchmaker.schemas.fields import Label
from matchmaker.schemas.labels import SkillLabelSchema


class MatchArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))
    include_blocked = fields.Boolean(load_default=True, metadata={
        "description": "After the feasible needs, list the closest needs that fail a hard constraint, saying "
                       "which one (the default); false lists feasible needs only."})


class CandidateArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))


class OrganisationRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class NeedRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    kind_label = Label("need_kind", "kind")
    place = fields.String(allow_none=True)
    organisation = fields.Nested(OrganisationRefSchema)


class ProgrammeRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    school = fields.String()
    place = fields.String(allow_none=True)


class BridgeSchema(Schema):
    programme = fields.Nested(ProgrammeRefSchema)
    teaches = fields.List(fields.Nested(SkillLabelSchema), metadata={"description": "Missing skills it teaches."})
    duration_months = fields.Float()
    distance_km = fields.Float()


class ConstraintSchema(ExplainedSchema):
    name = fields.String(metadata={"description": "distance, hours, accommodations, dutch, months, skills or capacity"})
    name_label = Label("constraint", "name")
    passed = fields.Boolean()
    unblock = fields.Nested(ExplainedSchema, metadata={
        "description": "On a failed check: what would make it pass (travel farther, more hours, a level of Dutch, "
                       "other months, an adjustment, skills to learn and where)."})


class FitSchema(ExplainedSchema):
    score = fields.Float()
    feasible = fields.Boolean(metadata={"description": "All hard constraints pass."})
    essential_coverage = fields.Float()
    optional_coverage = fields.Float()
    experience = fields.Float(metadata={"description": "Credit from past occupations through transitions."})
    matched_skills = fields.List(fields.Nested(SkillLabelSchema))
    missing_skills = fields.List(fields.Nested(SkillLabelSchema))
    gap_bridge = fields.List(fields.Nested(BridgeSchema), metadata={
        "description": "Programmes within reach teaching the missing skills: most gaps closed, then shortest, "
                       "then nearest."})


class MatchSchema(FitSchema):
    need = fields.Nested(NeedRefSchema)
    welcomed = fields.Boolean(metadata={"description": "The need explicitly welcomes a group the person belongs to "
                                                       "(a small bonus; membership never lowers a score)."})
    constraints = fields.List(fields.Nested(ConstraintSchema))


class FreshnessSchema(Schema):
    """How fresh a computed view is."""
    computed_at = fields.DateTime(metadata={
        "description": "When the stored result was computed; absent when it was computed for this request."})
    stale = fields.Boolean(metadata={"description": "The data it was computed from changed since."})
    refresh_pending = fields.Boolean(metadata={
        "description": "A refresh of it is waiting or running (it starts by itself a few seconds after a change)."})


class MatchesSchema(ExplainedSchema, FreshnessSchema):
    person_id = fields.Integer()
    open_needs_considered = fields.Integer()
    items = fields.List(fields.Nested(MatchSchema))


class SharedProfileSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    phone = fields.String()


class CandidateConstraintSchema(Schema):
    name = fields.String()
    name_label = Label("constraint", "name")
    passed = fields.Boolean()


class CandidateSchema(FitSchema):
    candidate = fields.String(metadata={"description": "A pseudonym, stable for this need."})
    code = fields.String(metadata={"description": "The pseudonym's code: send it with the need to "
                                                 "/api/v1/interest-requests to show interest in this candidate."})
    shared_profile = fields.Nested(SharedProfileSchema, allow_none=True, metadata={
        "description": "Only when the person consented to share their profile with this employer."})
    constraints = fields.List(fields.Nested(CandidateConstraintSchema))


class CandidatesSchema(FreshnessSchema):
    need_id = fields.Integer()
    need = fields.Nested(NeedRefSchema, metadata={"description": "The need, by its title."})
    people_considered = fields.Integer()
    items = fields.List(fields.Nested(CandidateSchema))
