"""Programme schemas."""
from __future__ import annotations

from marshmallow import fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import (
    LocationInput, LocationOutput, OccupationRefSchema, RegionFilterArgs, SkillRefSchema,
)
from matchmaker.schemas.labels import OrganisationNameSchema
from matchmaker.schemas.fields import Choice, Id, Label, Months, Text, Version


class ProgrammeInput(LocationInput):
    organisation_id = Id(required=True, metadata={"description": "The school offering it."})
    name = Text(required=True, min_length=1, max_length=200)
    description = Text(max_length=5000)
    level = Choice(v.PROGRAMME_LEVELS, required=True)
    mode = Choice(v.PROGRAMME_MODES, required=True)
    duration_months = fields.Integer(strict=True, required=True, validate=validate.Range(1, 120))
    start_months = Months(metadata={"description": "Months (1..12) it starts in; empty = any time."})
    capacity = fields.Integer(strict=True, validate=validate.Range(0, 100_000),
                              metadata={"description": "Places per intake; 0 = not stated."})
    skill_ids = fields.List(Id(), validate=validate.Length(max=500), metadata={"description": "Skills it teaches."})
    occupation_ids = fields.List(Id(), validate=validate.Length(max=100),
                                 metadata={"description": "Occupations it leads to."})


class ProgrammeSchema(LocationOutput):
    id = fields.Integer()
    version = Version()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema, metadata={"description": "The school."})
    name = fields.String()
    description = fields.String()
    level = fields.String()
    level_label = Label("programme_level", "level")
    mode = fields.String()
    mode_label = Label("programme_mode", "mode")
    duration_months = fields.Integer()
    start_months = fields.List(fields.Integer())
    capacity = fields.Integer()
    skills = fields.List(fields.Nested(SkillRefSchema))
    occupations = fields.List(fields.Nested(OccupationRefSchema))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ProgrammeListArgs(RegionFilterArgs):
    q = Text(max_length=200, metadata={"description": "Words of the name, in any order, case and accents aside, each the "
                                                      "start or part of a word (\"cafe kroon\"), or text in the "
                                                      "description. The same name first, then names that start "
                                                      "with it, then the rest."})
    sector = Choice(v.SECTORS, metadata={"description": "Sector of the school."})
    occupation = Id(strict=False, metadata={"description": "Programmes leading to this occupation id."})
    skill = Id(strict=False, metadata={"description": "Programmes teaching this skill id."})
    mode = Choice(v.PROGRAMME_MODES)
    level = Choice(v.PROGRAMME_LEVELS)
    organisation = Id(strict=False, metadata={"description": "Programmes of this organisation id."})
