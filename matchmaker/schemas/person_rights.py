"""What a person downloads about themself (GDPR art. 15 and 20)."""
from __future__ import annotations

from marshmallow import Schema, fields

from matchmaker.schemas.career_paths import CareerPathSchema
from matchmaker.schemas.fields import Label
from matchmaker.schemas.labels import ConceptLabel
from matchmaker.schemas.people import PersonPrivateSchema


class ExportedSkillSchema(Schema):
    id = fields.Integer()
    uri = fields.String(metadata={"description": "The skill's ESCO concept URI."})
    label = ConceptLabel("skill")


class AccountSchema(Schema):
    name = fields.String()
    email = fields.String()
    role = fields.String()
    active = fields.Boolean()
    created_at = fields.DateTime()


class CareerPathsRequestSchema(Schema):
    job_id = fields.Integer()
    status = fields.String()
    status_label = Label("job_status", "status")
    requested_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    paths = fields.List(fields.Nested(CareerPathSchema))
    explanation = fields.String()


class PersonExportSchema(Schema):
    """Everything kept about one person (GDPR art. 15 and 20)."""

    exported_at = fields.DateTime()
    person = fields.Nested(PersonPrivateSchema, metadata={
        "description": "The profile with work history, special-category data and consent with its history."})
    skills = fields.List(fields.Nested(ExportedSkillSchema))
    accounts = fields.List(fields.Nested(AccountSchema), metadata={"description": "The person's user accounts."})
    career_paths = fields.List(fields.Nested(CareerPathsRequestSchema), metadata={
        "description": "Every career-paths request for the person, with its result."})
