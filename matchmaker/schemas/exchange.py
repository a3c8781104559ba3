"""Schemas of the social-innovation exchange: practice cases, sessions and registrations, SME questions and their
matches, progress checks, and the monitor."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from matchmaker import vocabulary as v
from matchmaker.schemas.common import ExplainedSchema, ListArgs, RegionFilterArgs, StrictSchema
from matchmaker.schemas.fields import Choice, ChoiceList, Id, Label, Labels, Text, UtcDateTime, Version
from matchmaker.schemas.labels import OrganisationNameSchema
from matchmaker.labels import label
from matchmaker.services.places import place_name

PERCENT = validate.Range(-100, 1000)


def _place(record) -> str | None:
    return place_name(record.municipality_code)


PLACE = fields.Function(_place, dump_only=True, allow_none=True,
                        metadata={"type": "string", "nullable": True, "description": "The municipality's name."})

# ------------------------------------------------------------------------------------------------ cases


class PracticeCaseInput(StrictSchema):
    organisation_id = Id(metadata={"description": "Only for admins and coordinators; others publish for their own "
                                                  "organisation."})
    title = Text(required=True, min_length=1, max_length=200)
    levers = ChoiceList(v.LEVERS, required=True)
    problem = Text(max_length=5000)
    approach = Text(max_length=5000)
    results = Text(max_length=5000)
    productivity_change_pct = fields.Integer(strict=True, allow_none=True, validate=PERCENT, metadata={
        "description": "Change in productivity, in per cent (company-wide)."})
    turnover_change_pct = fields.Integer(strict=True, allow_none=True, validate=PERCENT, metadata={
        "description": "Change in staff turnover, in per cent (negative: fewer people leave)."})
    absence_change_pct = fields.Integer(strict=True, allow_none=True, validate=PERCENT, metadata={
        "description": "Change in absence through illness, in per cent."})
    target_group_hires = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, 100_000), metadata={
        "description": "How many people from target groups were hired (a number only, never who)."})
    technology = Text(max_length=2000)
    transitions = ChoiceList(v.TRANSITIONS)
    costs = Text(max_length=2000)
    cost_euros = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, 100_000_000))
    barriers = ChoiceList(v.EXCHANGE_BARRIERS)
    barriers_overcome = Text(max_length=5000)
    sector = Choice(v.SECTORS, metadata={"description": "Default: the organisation's."})
    size = fields.Integer(strict=True, validate=validate.Range(1, 1_000_000),
                          metadata={"description": "People employed; default: the organisation's."})
    municipality_code = Text(min_length=6, max_length=6, metadata={"description": "Default: the organisation's."})
    open_to_visit = fields.Boolean()
    open_to_call = fields.Boolean()


class PublishInput(StrictSchema):
    published = fields.Boolean(load_default=True, metadata={"description": "false takes the case back to draft."})


class PracticeCaseSchema(Schema):
    id = fields.Integer()
    version = Version()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema)
    status = fields.String()
    status_label = Label("case_status", "status")
    published_at = UtcDateTime(allow_none=True)
    title = fields.String()
    levers = fields.List(fields.String())
    levers_labels = Labels("lever", "levers")
    problem = fields.String()
    approach = fields.String()
    results = fields.String()
    productivity_change_pct = fields.Integer(allow_none=True)
    turnover_change_pct = fields.Integer(allow_none=True)
    absence_change_pct = fields.Integer(allow_none=True)
    target_group_hires = fields.Integer(allow_none=True)
    technology = fields.String()
    transitions = fields.List(fields.String())
    transitions_labels = Labels("transition", "transitions")
    costs = fields.String()
    cost_euros = fields.Integer(allow_none=True)
    barriers = fields.List(fields.String())
    barriers_labels = Labels("exchange_barrier", "barriers")
    barriers_overcome = fields.String()
    sector = fields.String()
    sector_label = Label("sector", "sector")
    size = fields.Integer()
    municipality_code = fields.String(allow_none=True)
    place = PLACE
    open_to_visit = fields.Boolean()
    open_to_call = fields.Boolean()


class PracticeCaseListArgs(ListArgs):
    lever = Choice(v.LEVERS)
    barrier = Choice(v.EXCHANGE_BARRIERS)
    sector = Choice(v.SECTORS)
    status = Choice(v.CASE_STATUSES)
    organisation = Id(strict=False)

# ------------------------------------------------------------------------------------------------ sessions


class SessionInput(StrictSchema):
    host_id = Id(metadata={"description": "Only for admins and coordinators; others host for their own "
                                          "organisation."})
    title = Text(required=True, min_length=1, max_length=200)
    description = Text(max_length=5000)
    format = Choice(v.SESSION_FORMATS, required=True)
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "With its time zone."})
    ends_at = fields.AwareDateTime(required=True)
    online = fields.Boolean(load_default=False)
    venue = Text(max_length=200)
    municipality_code = Text(min_length=6, max_length=6, allow_none=True,
                             metadata={"description": "Required unless the session is online."})
    capacity = fields.Integer(strict=True, required=True, validate=validate.Range(1, 10_000))
    levers = ChoiceList(v.LEVERS, required=True)
    sectors = ChoiceList(v.SECTORS, load_default=list, metadata={"description": "Sectors in focus; empty: all."})


class SessionSchema(Schema):
    id = fields.Integer()
    version = Version()
    host_id = fields.Integer()
    host = fields.Nested(OrganisationNameSchema)
    title = fields.String()
    description = fields.String()
    format = fields.String()
    format_label = Label("session_format", "format")
    starts_at = UtcDateTime()
    ends_at = UtcDateTime()
    online = fields.Boolean()
    venue = fields.String()
    municipality_code = fields.String(allow_none=True)
    place = PLACE
    capacity = fields.Integer()
    confirmed = fields.Integer(metadata={"description": "Organisations that have a place."})
    waiting = fields.Integer(metadata={"description": "Organisations on the waiting list."})
    free_places = fields.Integer()
    levers = fields.List(fields.String())
    levers_labels = Labels("lever", "levers")
    sectors = fields.List(fields.String())
    sectors_labels = Labels("sector", "sectors")


class SessionListArgs(RegionFilterArgs):
    lever = Choice(v.LEVERS)
    sector = Choice(v.SECTORS)
    host = Id(strict=False)
    coming = fields.Boolean(metadata={"description": "Only sessions that have not started yet."})


class RegistrationInput(StrictSchema):
    organisation_id = Id(metadata={"description": "Only for admins and coordinators; others register their own "
                                                  "organisation."})


class AttendanceInput(StrictSchema):
    attended = fields.Boolean(required=True)


class RegistrationSchema(Schema):
    id = fields.Integer()
    session_id = fields.Integer()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema)
    status = fields.String()
    status_label = Label("registration_status", "status")
    queued_at = UtcDateTime(metadata={"description": "When it registered: the waiting list goes in this order."})
    attended = fields.Boolean(allow_none=True)

# ------------------------------------------------------------------------------------------------ questions


class QuestionInput(StrictSchema):
    organisation_id = Id(metadata={"description": "Only for admins and coordinators; an employer asks for its own "
                                                  "organisation."})
    question = Text(required=True, min_length=1, max_length=2000)
    levers = ChoiceList(v.LEVERS, required=True)
    barriers = ChoiceList(v.EXCHANGE_BARRIERS, load_default=list)
    sector = Choice(v.SECTORS, metadata={"description": "Default: the organisation's."})
    size = fields.Integer(strict=True, validate=validate.Range(1, 1_000_000))
    municipality_code = Text(min_length=6, max_length=6)


class QuestionSchema(Schema):
    id = fields.Integer()
    version = Version()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema)
    question = fields.String()
    levers = fields.List(fields.String())
    levers_labels = Labels("lever", "levers")
    barriers = fields.List(fields.String())
    barriers_labels = Labels("exchange_barrier", "barriers")
    sector = fields.String()
    sector_label = Label("sector", "sector")
    size = fields.Integer()
    size_class_label = fields.Function(lambda q: label("size_class", v.size_class(q.size)), dump_only=True,
                                       metadata={"type": "string", "description": "The size class, in words."})
    municipality_code = fields.String()
    place = PLACE
    asked_at = UtcDateTime()


class QuestionListArgs(RegionFilterArgs):
    lever = Choice(v.LEVERS)
    barrier = Choice(v.EXCHANGE_BARRIERS)
    sector = Choice(v.SECTORS)
    organisation = Id(strict=False)


class _Suggestion(ExplainedSchema):
    score = fields.Float()


class CaseRefSchema(Schema):
    """A practice case in short, as a match shows it."""

    id = fields.Integer()
    title = fields.String()
    organisation = fields.Nested(OrganisationNameSchema)
    levers = fields.List(fields.String())
    levers_labels = Labels("lever", "levers")
    sector = fields.String()
    sector_label = Label("sector", "sector")
    size = fields.Integer()
    place = PLACE
    open_to_visit = fields.Boolean()
    open_to_call = fields.Boolean()


class SessionRefSchema(Schema):
    """A session in short, as a match shows it."""

    id = fields.Integer()
    title = fields.String()
    host = fields.Nested(OrganisationNameSchema)
    format = fields.String()
    format_label = Label("session_format", "format")
    starts_at = UtcDateTime()
    online = fields.Boolean()
    place = PLACE
    free_places = fields.Integer()
    levers = fields.List(fields.String())
    levers_labels = Labels("lever", "levers")


class CaseSuggestionSchema(_Suggestion):
    case = fields.Nested(CaseRefSchema, attribute="record")


class SessionSuggestionSchema(_Suggestion):
    session = fields.Nested(SessionRefSchema, attribute="record")


class PioneerSuggestionSchema(_Suggestion):
    kind = fields.Constant("knowledge_exchange", metadata={
        "description": "The partner kind: a pioneer for knowledge exchange on a lever."})
    kind_label = fields.Function(lambda _: label("partner_match_kind", "knowledge_exchange"), metadata={
        "type": "string", "description": "The partner kind in the reader's language."})
    organisation = fields.Nested(OrganisationNameSchema, attribute="record")


class QuestionMatchesSchema(Schema):
    question = fields.Nested(QuestionSchema)
    cases = fields.List(fields.Nested(CaseSuggestionSchema))
    sessions = fields.List(fields.Nested(SessionSuggestionSchema))
    pioneers = fields.List(fields.Nested(PioneerSuggestionSchema))

# ------------------------------------------------------------------------------------------------ progress


class ScoresSchema(StrictSchema):
    dynamic_management = fields.Integer(strict=True, required=True, validate=validate.Range(0, 4))
    flexible_organising = fields.Integer(strict=True, required=True, validate=validate.Range(0, 4))
    smarter_working = fields.Integer(strict=True, required=True, validate=validate.Range(0, 4))
    co_creation = fields.Integer(strict=True, required=True, validate=validate.Range(0, 4))

    @validates_schema
    def _every_lever(self, data, **kwargs):
        if set(data) != set(v.LEVERS):
            raise ValidationError("Give a score for every lever.")


class ProgressCheckInput(StrictSchema):
    organisation_id = Id(metadata={"description": "Only for admins and coordinators."})
    scores = fields.Nested(ScoresSchema, required=True, metadata={
        "description": "Per lever: 0 = not started … 4 = part of how we work."})
    note = Text(max_length=2000)


class ProgressCheckSchema(Schema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    organisation = fields.Nested(OrganisationNameSchema)
    checked_at = UtcDateTime()
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    note = fields.String()


class ProgressCheckListArgs(StrictSchema):
    limit = ListArgs._declared_fields["limit"]
    offset = ListArgs._declared_fields["offset"]
    organisation = Id(strict=False)

# ------------------------------------------------------------------------------------------------ monitor


class _Counted(Schema):
    code = fields.String()
    label = fields.String()
    smes_reached = fields.Integer()


class _LeverReach(_Counted):
    questions = fields.Integer()
    practice_cases = fields.Integer()
    sessions = fields.Integer()


class _GroupReach(_Counted):
    smes = fields.Integer(metadata={"description": "SMEs (employers under 250 people) in Matchmaker."})
    share = fields.Float(metadata={"description": "smes_reached / smes, 0..1."})


class _Reach(Schema):
    lever = fields.List(fields.Nested(_LeverReach))
    region = fields.List(fields.Nested(_GroupReach))
    sector = fields.List(fields.Nested(_GroupReach))
    size_class = fields.List(fields.Nested(_GroupReach))


class _SessionFigures(Schema):
    id = fields.Integer()
    title = fields.String()
    starts_at = UtcDateTime()
    held = fields.Boolean()
    capacity = fields.Integer()
    places_taken = fields.Integer()
    attended = fields.Integer(allow_none=True, metadata={"description": "Organisations that came (held sessions)."})


class _Barrier(Schema):
    code = fields.String()
    label = fields.String()
    questions = fields.Integer()


class _Quarter(Schema):
    quarter = fields.String(metadata={"description": "e.g. 2026-Q4"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Questions naming each barrier (by code) asked in that quarter."})


class _Barriers(Schema):
    most_named = fields.List(fields.Nested(_Barrier))
    by_quarter = fields.List(fields.Nested(_Quarter))


class _Progress(Schema):
    code = fields.String()
    label = fields.String()
    smes = fields.Integer(metadata={"description": "SMEs that filled in the check twice or more."})
    first_average = fields.Float(allow_none=True)
    latest_average = fields.Float(allow_none=True)
    improved = fields.Integer(metadata={"description": "SMEs whose latest score is higher than their first."})


class _Totals(Schema):
    practice_cases = fields.Integer()
    sessions_held = fields.Integer()
    sessions_coming = fields.Integer()
    places_taken = fields.Integer()
    waiting = fields.Integer()
    attended = fields.Integer()
    questions = fields.Integer()
    smes_reached = fields.Integer()
    smes = fields.Integer()
    progress_checks = fields.Integer()


class MonitorSchema(Schema):
    """The exchange's figures, aggregates only. An SME is an employer under 250 people; it is reached when it asked
    a question, holds or waits for a place at a session, or filled in a progress check."""

    totals = fields.Nested(_Totals)
    reach = fields.Nested(_Reach)
    sessions = fields.List(fields.Nested(_SessionFigures))
    barriers = fields.Nested(_Barriers)
    progress = fields.List(fields.Nested(_Progress))
