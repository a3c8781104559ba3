"""Partner matches, regional allocation and region insights."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.engine.insights import BARRIERS
from matchmaker.engine.partners import PARTNER_MATCH_KINDS
from matchmaker.schemas.common import ExplainedSchema, StrictSchema
from matchmaker.schemas.fields import Choice, Label
from matchmaker.schemas.labels import OccupationLabelSchema, SkillLabelSchema
from matchmaker.vocabulary import LEVERS, TARGET_GROUPS

class OrganisationPartnersArgs(StrictSchema):
    type = Choice(list(PARTNER_MATCH_KINDS), metadata={
        "description": "Only this kind: " + ", ".join(PARTNER_MATCH_KINDS) + "."})
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class RegionPartnersArgs(StrictSchema):
    type = Choice(list(PARTNER_MATCH_KINDS), metadata={"description": "Only this kind."})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))


class PlacedOrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    place = fields.String(allow_none=True)


class SchoolCoverageSchema(PlacedOrganisationSchema):
    coverage = fields.Float(metadata={"description": "Share of the skills it already (partly) teaches."})


class LabelRefSchema(Schema):
    id = fields.Integer()
    label = fields.String()


class EvidenceSchema(Schema):
    needs = fields.List(fields.Nested(LabelRefSchema))
    programmes = fields.List(fields.Nested(LabelRefSchema))
    occupations = fields.List(fields.Nested(OccupationLabelSchema))
    skills = fields.List(fields.Nested(SkillLabelSchema))
    months = fields.List(fields.Integer(), metadata={"description": "Months 1..12 the match is about."})
    lever = fields.String(allow_none=True, metadata={"enum": list(LEVERS)})
    lever_label = Label("lever", "lever")
    partner_request = fields.Nested(LabelRefSchema, allow_none=True, metadata={
        "description": "The request answered (request_answer)."})
    counter_request = fields.Nested(LabelRefSchema, allow_none=True, metadata={
        "description": "The counterpart's own matching request, if any."})
    employers = fields.List(fields.Nested(PlacedOrganisationSchema), metadata={
        "description": "co_creation: the employers asking, most places first."})
    schools = fields.List(fields.Nested(SchoolCoverageSchema), metadata={
        "description": "co_creation: the schools nearest to teaching the skills."})
    headcount = fields.Integer(allow_none=True, metadata={"description": "co_creation: places asking."})


class PartnerMatchSchema(ExplainedSchema):
    kind = fields.String(metadata={"enum": list(PARTNER_MATCH_KINDS)})
    kind_label = Label("partner_match_kind", "kind")
    score = fields.Float(metadata={"description": "0..1, higher = more worth brokering."})
    organisation = fields.Nested(PlacedOrganisationSchema, metadata={
        "description": "The organisation asked about (region list: the first party of the match)."})
    counterpart = fields.Nested(PlacedOrganisationSchema, allow_none=True)
    distance_km = fields.Float(allow_none=True)
    evidence = fields.Nested(EvidenceSchema)


class StoredResultSchema(Schema):
    """When a stored result was computed and whether its data changed since (the stale marker)."""
    job_id = fields.Integer(allow_none=True, metadata={
        "description": "The job that computed it; null when computed on request (organisation without a region)."})
    computed_at = fields.DateTime(metadata={"description": "When it was computed."})
    data_version = fields.Integer(metadata={"description": "The data version it was computed from."})
    stale = fields.Boolean(metadata={
        "description": "The data it was computed from changed since; its automatic refresh (see refresh_pending), "
                       "the nightly recompute or POST /regions/<code>/recompute refreshes it."})
    refresh_pending = fields.Boolean(metadata={
        "description": "A refresh of this result is waiting or running (it starts by itself a few seconds after a "
                       "change of its data)."})


class OrganisationPartnersSchema(StoredResultSchema):
    organisation = fields.Nested(PlacedOrganisationSchema)
    total = fields.Integer()
    items = fields.List(fields.Nested(PartnerMatchSchema))


class RegionPartnersSchema(StoredResultSchema):
    region = fields.String()
    total = fields.Integer()
    by_kind = fields.Dict(keys=fields.String(), values=fields.Integer())
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(PartnerMatchSchema))


# --------------------------------------------------------------------------------------------- allocation

class AllocationInput(StrictSchema):
    k = fields.Integer(load_default=3, strict=True, validate=validate.Range(1, 10), metadata={
        "description": "Suggestions per person (the primary one and k - 1 others)."})


class AllocationTotalsSchema(Schema):
    needs_filled = fields.Integer(metadata={"description": "Needs with all their places filled."})
    seats_filled = fields.Integer()
    total_fit = fields.Float()
    people_with_suggestion = fields.Integer()
    share_with_suggestion = fields.Float(allow_none=True)


class GroupShareSchema(Schema):
    group = fields.String(metadata={"enum": list(TARGET_GROUPS)})
    group_label = Label("target_group", "group")
    people = fields.Integer(allow_none=True, metadata={"description": "Null when fewer than 5."})
    people_text = fields.String()
    regional_share = fields.Float(allow_none=True)
    greedy_share = fields.Float(allow_none=True)


class NeedSuggestionSchema(Schema):
    need_id = fields.Integer()
    title = fields.String(allow_none=True, metadata={"description": "The need's title."})
    score = fields.Float()


class PersonSuggestionsSchema(ExplainedSchema):
    """A person's suggestions; without any, the facts say why (nothing fits, or its places went to others)."""

    person_id = fields.Integer()
    suggestions = fields.List(fields.Nested(NeedSuggestionSchema))


class NeedFillSchema(ExplainedSchema):
    """A need's places filled; with places left, the facts say why (nobody can take it, or they fit others
    better)."""

    need_id = fields.Integer()
    title = fields.String(allow_none=True, metadata={"description": "The need's title."})
    headcount = fields.Integer()
    seats_filled = fields.Integer()
    greedy_seats_filled = fields.Integer()


class AllocationGroupsSchema(ExplainedSchema):
    groups = fields.List(fields.Nested(GroupShareSchema))


class AllocationSchema(ExplainedSchema):
    job_id = fields.Integer()
    finished_at = fields.DateTime()
    data_version = fields.Integer()
    stale = fields.Boolean(metadata={"description": "The region's data or the taxonomy changed since."})
    refresh_pending = fields.Boolean(metadata={
        "description": "A refresh of this result is waiting or running (it starts by itself a few seconds after a "
                       "change of its data)."})
    region = fields.String()
    k = fields.Integer()
    people = fields.Integer()
    needs = fields.Integer()
    places = fields.Integer()
    regional = fields.Nested(AllocationTotalsSchema)
    greedy = fields.Nested(AllocationTotalsSchema, metadata={"description": "Everyone their own top k."})
    special_category = fields.Nested(AllocationGroupsSchema, metadata={
        "description": "The share of each target group with a suggestion (admins only)."})
    suggestions = fields.List(fields.Nested(PersonSuggestionsSchema))
    per_need = fields.List(fields.Nested(NeedFillSchema))


# --------------------------------------------------------------------------------------------- insights

class ShortageSchema(ExplainedSchema):
    occupation = fields.Nested(OccupationLabelSchema)
    demand = fields.Integer(metadata={"description": "Open places."})
    people = fields.Integer(metadata={"description": "People in the region who could fill one now."})
    programme_capacity = fields.Integer()
    gap = fields.Integer()
    gap_after_training = fields.Integer()
    hard_to_fill = fields.Float()


class BarrierCountSchema(Schema):
    barrier = fields.String(metadata={"enum": [*BARRIERS, "several"]})
    barrier_label = Label("barrier", "barrier")
    people = fields.Integer(allow_none=True)
    people_text = fields.String()


class CountSchema(Schema):
    people = fields.Integer(allow_none=True)
    people_text = fields.String()


class GroupBarriersSchema(Schema):
    group = fields.String(metadata={"enum": list(TARGET_GROUPS)})
    group_label = Label("target_group", "group")
    people = fields.Integer(allow_none=True, metadata={"description": "Null when fewer than 5."})
    people_text = fields.String()
    without_suggestion = fields.Nested(CountSchema, allow_none=True)
    barriers = fields.List(fields.Nested(BarrierCountSchema))


class UnusedPotentialSchema(ExplainedSchema):
    people = fields.Integer()
    without_suggestion = fields.Integer()
    barriers = fields.List(fields.Nested(BarrierCountSchema))


class InsightsSpecialCategorySchema(ExplainedSchema):
    by_group = fields.List(fields.Nested(GroupBarriersSchema), metadata={
        "description": "Unused potential per target group."})
    accommodation = fields.Nested(CountSchema, metadata={
        "description": "People with suggestions on every other check, none of which offers the adjustments "
                       "they need."})


class ClusterSchema(ExplainedSchema):
    label = fields.String()
    sector = fields.String()
    sector_label = Label("sector", "sector")
    place = fields.String()
    organisations = fields.List(fields.Nested(PlacedOrganisationSchema))


class BrokerSchema(ExplainedSchema):
    organisation = fields.Nested(PlacedOrganisationSchema)
    centrality = fields.Float()
    clusters = fields.List(fields.Integer())


class NetworkSchema(ExplainedSchema):
    organisations = fields.Integer()
    connected_organisations = fields.Integer()
    density = fields.Float()
    partner_edges = fields.Integer()
    clusters = fields.List(fields.Nested(ClusterSchema))
    brokers = fields.List(fields.Nested(BrokerSchema))


class MonthSchema(Schema):
    month = fields.String(metadata={"description": "YYYY-MM"})
    needs_posted = fields.Integer()
    matches_proposed = fields.Integer(metadata={
        "description": "The suggestions of the region's last allocation that month (0 when none ran: see allocated)."})
    partnerships_proposed = fields.Integer()
    allocated = fields.Boolean(metadata={"description": "Whether an allocation of the region ran that month."})


class ProgressSchema(ExplainedSchema):
    months = fields.List(fields.Nested(MonthSchema))


class InsightsSchema(StoredResultSchema):
    region = fields.String()
    shortages = fields.List(fields.Nested(ShortageSchema))
    unused_potential = fields.Nested(UnusedPotentialSchema)
    special_category = fields.Nested(InsightsSpecialCategorySchema, metadata={
        "description": "Aggregates over target groups and accommodation needs (admins only)."})
    network = fields.Nested(NetworkSchema)
    progress = fields.Nested(ProgressSchema)
