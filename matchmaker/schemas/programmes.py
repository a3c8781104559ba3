"""Programme schemas."""
from __future__ import annotations

from marshmallow import fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import ConceptRefSchema, LocationInput, LocationOutput, RegionFilterArgs
from matchmaker.schemas.fields import Choice, Id, Months, Text, Version


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
    name = fields.String()
    description = fields.String()
    level = fields.String()
    mode = fields.String()
    duration_months = fields.Integer()
    start_months = fields.List(fields.Integer())
    capacity = fields.Integer()
    skills = fields.List(fields.Nested(ConceptRefSchema))
    occupations = fields.List(fields.Nested(ConceptRefSchema))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ProgrammeListArgs(RegionFilterArgs):
    sector = Choice(v.SECTORS, metadata={"description": "Sector of the school."})
    occupation = Id(strict=False, metadata={"description": "Programmes leading to this occupation id."})
    skill = Id(strict=False, metadata={"description": "Programmes teaching this skill id."})
    mode = Choice(v.PROGRAMME_MODES)
    level = Choice(v.PROGRAMME_LEVELS)
    organisation = Id(strict=False, metadata={"description": "Programmes of this organisation id."})
