"""Occupation and skill schemas (read-only: the taxonomy is imported)."""
from __future__ import annotations

from marshmallow import Schema, fields

from matchmaker import vocabulary as v
from matchmaker.schemas.common import ListArgs
from matchmaker.schemas.fields import Choice, Id, Label, Text
from matchmaker.schemas.labels import ConceptLabel


def _labels(text: str) -> list[str]:
    """ESCO's newline-separated alternative labels as a list."""
    return [label.strip() for label in (text or "").split("\n") if label.strip()]


class ConceptSchema(Schema):
    id = fields.Integer()
    uri = fields.String()
    label_nl = fields.String(allow_none=True)
    label_en = fields.String()


class LabelledConceptSchema(ConceptSchema):
    alt_labels_nl = fields.Function(lambda concept: _labels(concept.alt_labels_nl))
    alt_labels_en = fields.Function(lambda concept: _labels(concept.alt_labels_en))


class OccupationSchema(LabelledConceptSchema):
    label = ConceptLabel("occupation")
    code = fields.String()
    isco_group = fields.String()
    sector = fields.String(allow_none=True)
    sector_label = Label("sector", "sector")
    starter = fields.Boolean(metadata={"description": "Open to starters without experience."})


class SkillSchema(LabelledConceptSchema):
    label = ConceptLabel("skill")
    skill_type = fields.String()
    reuse_level = fields.String()


class SkillOfOccupationSchema(ConceptSchema):
    label = ConceptLabel("skill")
    skill_type = fields.String()


class BroaderSchema(Schema):
    kind = fields.String(metadata={"description": "occupation, isco_group, skill, skill_group, or unknown (a URI not imported)."})
    id = fields.Integer(allow_none=True, metadata={"description": "The occupation's or skill's id, if it is one."})
    uri = fields.String()
    code = fields.String()
    label = fields.String()


class OccupationDetailSchema(OccupationSchema):
    description = fields.String()
    broader = fields.Nested(BroaderSchema, allow_none=True,
                            metadata={"description": "The parent occupation or ISCO group."})
    essential_skills = fields.List(fields.Nested(SkillOfOccupationSchema))
    optional_skills = fields.List(fields.Nested(SkillOfOccupationSchema))


class OccupationOfSkillSchema(ConceptSchema):
    label = ConceptLabel("occupation")
    relation = fields.String(metadata={"description": "essential or optional."})
    relation_label = Label("skill_relation", "relation")


class SkillDetailSchema(SkillSchema):
    description = fields.String()
    broader = fields.List(fields.Nested(BroaderSchema), metadata={
        "description": "Broader skills and skill groups, nearest first, up to the top of the hierarchy."})
    occupation_count = fields.Integer(metadata={"description": "How many occupations need this skill."})
    occupations = fields.List(fields.Nested(OccupationOfSkillSchema), metadata={
        "description": "The first 50 of them: essential first, then alphabetical."})


SEARCH_DESCRIPTION = ("Words of a preferred or alternative label, Dutch or English, in any order; case and accents "
                      "do not matter, a word may be the start or part of a label's word (\"kok\", \"heftruck\", "
                      "\"lassen tig\"). Exact matches first, then prefix, then the rest; preferred labels before "
                      "alternative ones; then alphabetical.")


class OccupationListArgs(ListArgs):
    q = Text(max_length=200, metadata={"description": SEARCH_DESCRIPTION})
    isco_group = Text(max_length=4, metadata={"description": "ISCO-08 unit group code, e.g. 5120."})
    sector = Choice(v.SECTORS)
    starter = fields.Boolean()


class SkillListArgs(ListArgs):
    q = Text(max_length=200, metadata={"description": SEARCH_DESCRIPTION})
    skill_type = Text(max_length=40, metadata={"description": "e.g. skill/competence, knowledge."})
    occupation = Id(strict=False, metadata={"description": "The skills of this occupation id."})
