"""Need schemas."""
from __future__ import annotations

from marshmallow import fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import (
    LocationInput, LocationOutput, OccupationRefSchema, RegionFilterArgs, SkillRefSchema, StrictSchema,
)
from matchmaker.schemas.labels import OrganisationNameSchema
from matchmaker.schemas.fields import Choice, ChoiceList, Id, Label, Labels, Months, Text, Version, Whole


class NeedSkillInput(StrictSchema):
    skill_id = Id(required=True)
    relation = Choice(v.SKILL_RELATIONS, load_default="essential")


class NeedInput(LocationInput):
    organisation_id = Id(required=True, metadata={"description": "The employer posting it."})
    kind = Choice(v.NEED_KINDS, required=True)
    status = Choice(v.NEED_STATUSES)
    title = Text(required=True, min_length=1, max_length=200)
    description = Text(max_length=5000)
    occupation_id = Id(allow_none=True)
    hours_per_week = fields.Integer(strict=True, required=True, validate=validate.Range(1, 60))
    months = Months(metadata={"description": "Months (1..12) the need is active; empty = all year. "
                                             "A seasonal_peak needs at least one."})
    headcount = fields.Integer(strict=True, validate=validate.Range(1, 1000))
    accommodations = ChoiceList(v.ACCOMMODATIONS)
    dutch_level = Choice(v.DUTCH_LEVELS)
    trains_on_job = fields.Boolean()
    welcomes_groups = ChoiceList(v.TARGET_GROUPS, metadata={
        "description": "Target groups this need is reserved for or explicitly welcomes (opens doors only)."})
    closes_on = fields.Date(allow_none=True)
    demands = ChoiceList(v.WORK_DEMANDS, allow_none=True, metadata={
        "description": "What the work demands of a body or mind (heavy lifting, standing all day, night shifts, "
                       "outdoor work, high pace). null = the defaults of the occupation, derived from its ESCO skills; "
                       "a list (also []) overrides them."})
    skills = fields.List(Whole(NeedSkillInput), validate=validate.Length(max=200), metadata={
        "description": "Required skills. When left out but occupation_id is given, the occupation's essential "
                       "skills become the need's essential skills (also when a PATCH changes the occupation)."})


class NeedChanges(StrictSchema):
    """What a PATCH of a need can do beyond the fields of NeedInput."""

    add_skills = fields.List(Whole(NeedSkillInput), validate=validate.Length(max=200), metadata={
        "description": "Skills to add, or to give another relation (the others stay). Unlike skills, it does not "
                       "undo skills someone else adds or removes at the same time."})
    remove_skill_ids = fields.List(Id(), validate=validate.Length(max=200), metadata={
        "description": "Skills to remove (those the need does not have are no error)."})


class NeedSkillSchema(SkillRefSchema):
    relation = fields.String()
    relation_label = Label("skill_relation", "relation")


class NeedSchema(LocationOutput):
    id = fields.Integer()
    version = Version()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema, metadata={"description": "The employer."})
    kind = fields.String()
    kind_label = Label("need_kind", "kind")
    status = fields.String(metadata={"description": "The status today: an open need is closed from the day after its "
                                                    "closing date (see closed_on)."})
    status_label = Label("need_status", "status")
    title = fields.String()
    description = fields.String()
    occupation_id = fields.Integer(allow_none=True)
    occupation = fields.Nested(OccupationRefSchema, allow_none=True)
    hours_per_week = fields.Integer()
    months = fields.List(fields.Integer())
    headcount = fields.Integer()
    accommodations = fields.List(fields.String())
    accommodations_labels = Labels("accommodation", "accommodations")
    dutch_level = fields.String()
    dutch_level_label = Label("dutch_level", "dutch_level")
    trains_on_job = fields.Boolean()
    welcomes_groups = fields.List(fields.String())
    welcomes_groups_labels = Labels("target_group", "welcomes_groups")
    closes_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True, metadata={
        "description": "The closing date that closed the need (open through it, closed after); null otherwise."})
    demands = fields.List(fields.String(), allow_none=True, metadata={
        "description": "What the need states it demands; null = its occupation's defaults (see work_demands)."})
    work_demands = fields.List(fields.Dict(), metadata={
        "description": "What the work demands, stated or the occupation's defaults: code and label."})
    skills = fields.List(fields.Nested(NeedSkillSchema), metadata={"description": "Essential skills first."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

class NeedListArgs(RegionFilterArgs):
    sector = Choice(v.SECTORS, metadata={"description": "Sector of the employer."})
    occupation = Id(strict=False, metadata={"description": "Needs for this occupation id."})
    kind = Choice(v.NEED_KINDS)
    status = Choice(v.NEED_STATUSES)
    organisation = Id(strict=False, metadata={"description": "Needs of this organisation id."})
    month = fields.Integer(validate=validate.Range(1, 12), metadata={"description": "Needs active in this month."})
