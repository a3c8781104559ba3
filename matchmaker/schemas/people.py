"""Person schemas: two outputs, one with and one without the special-category fields."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from matchmaker import vocabulary as v
from matchmaker.schemas.common import LocationInput, LocationOutput, RegionFilterArgs, StrictSchema
from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.schemas.fields import Choice, ChoiceList, Id, Label, Labels, Months, SameObject, Text, Version
from matchmaker.schemas.labels import ConceptLabel, organisation_refs
from matchmaker.search.words import fold
from matchmaker.services.catalogue import catalogue

FIRST_BIRTH_YEAR = 1900
#: ISO 639-1: two lower-case letters
LANGUAGE_CODE = r"^[a-z]{2}$"


def _birth_year_not_in_future(year: int) -> None:
    this_year = date.today().year
    if not FIRST_BIRTH_YEAR <= year <= this_year:
        raise ValidationError(f"Must be between {FIRST_BIRTH_YEAR} and {this_year}.")


class WorkExperienceInput(StrictSchema):
    occupation_id = Id(required=True)
    employer_name = Text(max_length=200)
    organisation_id = Id(allow_none=True, metadata={"description": "The employer, when it is a known organisation."})
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True, metadata={"description": "Empty while the job lasts."})

    @validates_schema
    def _end_not_before_start(self, data, **kwargs):
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError("Must not be before start_date.", field_name="end_date")


class ConsentInput(StrictSchema):
    special_category = fields.Boolean(
        required=True, metadata={"description": "Consent to store target groups and accommodation needs."})
    share_with_organisations = fields.List(
        Id(), validate=validate.Length(max=200),
        metadata={"description": "Organisation ids the person agrees to share their profile with."})


class PersonInput(LocationInput):
    name = Text(required=True, min_length=1, max_length=200)
    email = Text(max_length=255, validate=[validate.Email()])
    phone = Text(max_length=40, validate=[validate.Regexp(r"^\+?[0-9 ()\-]{6,39}$", error="Not a phone number.")])
    birth_year = fields.Integer(strict=True, validate=_birth_year_not_in_future)
    status = Choice(v.PERSON_STATUSES)
    education_level = Choice(v.EDUCATION_LEVELS)
    dutch_level = Choice(v.DUTCH_LEVELS)
    languages = fields.List(
        Text(max_length=2, validate=[validate.Regexp(LANGUAGE_CODE, error="Not an ISO 639-1 code (two lower-case letters).")]),
        validate=validate.Length(max=30))
    travel_radius_km = fields.Integer(strict=True, validate=validate.Range(1, 200))
    hours_per_week = fields.Integer(strict=True, validate=validate.Range(1, 60))
    available_months = Months()
    summary = Text(max_length=5000)
    career_change = fields.Boolean(metadata={
        "description": "The person wants to learn a new trade: a programme may then take longer than the seasonal "
                       "or short work it opens (other proportions still hold)."})
    skill_ids = fields.List(Id(), validate=validate.Length(max=500), metadata={
        "description": "Replaces the whole list of skills; in a PATCH, add_skill_ids and remove_skill_ids change it."})
    work_history = fields.List(fields.Nested(WorkExperienceInput), validate=validate.Length(max=50),
                               metadata={"description": "Replaces the whole work history."})
    target_groups = ChoiceList(v.TARGET_GROUPS, metadata={
        "description": "Special-category data: only with consent.special_category true."})
    accommodation_needs = ChoiceList(v.ACCOMMODATIONS, metadata={
        "description": "Special-category data: only with consent.special_category true."})
    capacity_limits = ChoiceList(v.WORK_DEMANDS, metadata={
        "description": "Special-category data (work capacity): what work may not ask of this person; only with "
                       "consent.special_category true. A hard constraint in matching, never a score."})
    capacity_max_hours = fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 60), metadata={
        "description": "Special-category data (work capacity): the most hours a week this person can work; only with "
                       "consent.special_category true; null = no maximum."})
    consent = fields.Nested(ConsentInput, metadata={
        "description": "Withdrawing special-category consent erases target_groups, accommodation_needs and the "
                       "capacity limits."})
    advisor_id = Id(allow_none=True, metadata={"description": "Set or changed by an admin only."})


class PersonChanges(StrictSchema):
    """What a PATCH of a person can do beyond the fields of PersonInput."""

    add_skill_ids = fields.List(Id(), validate=validate.Length(max=500), metadata={
        "description": "Skills to add (those the person has already stay). Unlike skill_ids, it does not undo skills "
                       "someone else adds or removes at the same time."})
    remove_skill_ids = fields.List(Id(), validate=validate.Length(max=500), metadata={
        "description": "Skills to remove (those the person does not have are no error)."})


class WorkExperienceSchema(Schema):
    id = fields.Integer()
    occupation_id = fields.Integer()
    occupation_label = ConceptLabel("occupation", "occupation_id")
    employer_name = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    organisation = fields.Method("_organisation", allow_none=True, metadata={
        "type": "object", "description": "The employer's id and name, when it is a known organisation."})

    def _organisation(self, experience) -> dict | None:
        if experience.organisation_id is None:
            return None
        return organisation_refs([experience.organisation_id])[0]
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)


class PersonSchema(LocationOutput):
    """A person as seen by anyone but the person, their advisor and admins: no special-category fields."""

    id = fields.Integer()
    version = Version()
    name = fields.String()
    email = fields.String()
    phone = fields.String()
    birth_year = fields.Integer(allow_none=True)
    status = fields.String()
    status_label = Label("person_status", "status")
    education_level = fields.String()
    education_level_label = Label("education_level", "education_level")
    dutch_level = fields.String()
    dutch_level_label = Label("dutch_level", "dutch_level")
    languages = fields.List(fields.String())
    travel_radius_km = fields.Integer()
    hours_per_week = fields.Integer()
    available_months = fields.List(fields.Integer())
    summary = fields.String()
    career_change = fields.Boolean()
    skill_ids = fields.Method("_skill_ids", metadata={"type": "array", "items": {"type": "integer"}})
    skills = fields.Method("_skills", metadata={"description": "The skills with their labels, in label order.",
                                                "type": "array", "items": {"type": "object", "properties": {
                                                    "id": {"type": "integer"}, "label": {"type": "string"}}}})
    work_history = fields.List(fields.Nested(WorkExperienceSchema))
    advisor_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _skill_ids(self, person) -> list[int]:
        return sorted(skill.id for skill in person.skills)

    def _skills(self, person) -> list[dict]:
        skills = catalogue(db.session).skills
        language = reader_language()
        labelled = [{"id": skill.id, "label": skills.label(skill.id, language)} for skill in person.skills]
        return sorted(labelled, key=lambda s: (fold(s["label"] or ""), s["id"]))


class ConsentEventSchema(Schema):
    special_category = fields.Boolean()
    share_with_organisations = fields.List(fields.Integer(), attribute="share_with")
    shared_with = fields.Function(lambda event: organisation_refs(event.share_with), metadata={
        "type": "array", "items": {"type": "object"}, "description": "The organisations, with their names."})
    recorded_by_id = fields.Integer(allow_none=True)
    recorded_at = fields.DateTime()


class ConsentSchema(Schema):
    special_category = fields.Boolean(attribute="consent_special_category")
    share_with_organisations = fields.List(fields.Integer(), attribute="consent_share_with")
    shared_with = fields.Function(lambda person: organisation_refs(person.consent_share_with), metadata={
        "type": "array", "items": {"type": "object"},
        "description": "The organisations the person shares their profile with: id and name."})
    recorded_at = fields.DateTime(attribute="consent_recorded_at", allow_none=True)
    history = fields.List(fields.Nested(ConsentEventSchema), attribute="consent_events",
                          metadata={"description": "Every consent change: what, who recorded it, when."})


class PersonPrivateSchema(PersonSchema):
    """A person as seen by the person, their advisor and admins: with the special-category fields and consent.

    Those three are always there (``required`` in the OpenAPI document), and PersonSchema allows no other
    property: a response matches exactly one of the two."""

    target_groups = fields.List(fields.String(), required=True)
    target_groups_labels = Labels("target_group", "target_groups")
    accommodation_needs = fields.List(fields.String(), required=True)
    accommodation_needs_labels = Labels("accommodation", "accommodation_needs")
    capacity_limits = fields.List(fields.String(), required=True)
    capacity_limits_labels = Labels("work_demand", "capacity_limits")
    capacity_max_hours = fields.Integer(allow_none=True, required=True)
    consent = SameObject(ConsentSchema, required=True)


class PersonListArgs(RegionFilterArgs):
    q = Text(max_length=200, metadata={"description": "Words of the person's name, in any order, case and accents "
                                                      "aside, each the start or part of a word; only people the "
                                                      "caller may see."})
    occupation = Id(strict=False, metadata={"description": "People with this occupation id in their work history."})
    skill = Id(strict=False, metadata={"description": "People with this skill id."})
    target_group = Choice(v.TARGET_GROUPS, metadata={
        "description": "People in this target group (admins and advisors only, within their caseload)."})
    status = Choice(v.PERSON_STATUSES, metadata={"description": "People with this status (job-seeker or worker)."})
