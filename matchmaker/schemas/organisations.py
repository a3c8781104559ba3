"""Organisation schemas."""
from __future__ import annotations

from marshmallow import fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import LocationInput, LocationOutput, RegionFilterArgs
from matchmaker.schemas.fields import Choice, ChoiceList, Id, Label, Labels, Text, Version


class OrganisationInput(LocationInput):
    name = Text(required=True, min_length=1, max_length=200)
    kind = Choice(v.ORGANISATION_KINDS, required=True)
    sector = Choice(v.SECTORS, required=True)
    size = fields.Integer(strict=True, validate=validate.Range(1, 1_000_000))
    description = Text(max_length=5000)
    website = Text(max_length=255)
    contact_email = Text(max_length=255)
    accommodations = ChoiceList(v.ACCOMMODATIONS)
    lever_strengths = fields.Dict(keys=Choice(v.LEVERS), values=fields.Integer(strict=True, validate=validate.Range(0, 3)))
    lever_asks = ChoiceList(v.LEVERS)
    pioneer = fields.Boolean()
    network_ids = fields.List(Id(), validate=validate.Length(max=50))


class OrganisationSchema(LocationOutput):
    id = fields.Integer()
    version = Version()
    name = fields.String()
    kind = fields.String()
    kind_label = Label("organisation_kind", "kind")
    sector = fields.String()
    sector_label = Label("sector", "sector")
    size = fields.Integer()
    description = fields.String()
    website = fields.String()
    contact_email = fields.String()
    accommodations = fields.List(fields.String())
    accommodations_labels = Labels("accommodation", "accommodations")
    lever_strengths = fields.Dict(keys=fields.String(), values=fields.Integer())
    lever_strengths_labels = Labels("lever", "lever_strengths")
    lever_asks = fields.List(fields.String())
    lever_asks_labels = Labels("lever", "lever_asks")
    pioneer = fields.Boolean()
    network_ids = fields.Method("_network_ids", metadata={"type": "array", "items": {"type": "integer"}})
    networks = fields.Method("_networks", metadata={
        "type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}},
        "description": "The networks it belongs to, with their names."})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _network_ids(self, organisation) -> list[int]:
        return sorted(n.id for n in organisation.networks)

    def _networks(self, organisation) -> list[dict]:
        return sorted(({"id": n.id, "name": n.name} for n in organisation.networks), key=lambda n: n["id"])


class OrganisationListArgs(RegionFilterArgs):
    q = Text(max_length=200, metadata={"description": "Words of the name, in any order, case and accents aside, each the "
                                                      "start or part of a word (\"cafe kroon\"), or text in the "
                                                      "description. The same name first, then names that start "
                                                      "with it, then the rest."})
    kind = Choice(v.ORGANISATION_KINDS)
    sector = Choice(v.SECTORS)
    occupation = Id(strict=False, metadata={"description": "Organisations with a need for this occupation id."})
    pioneer = fields.Boolean()


