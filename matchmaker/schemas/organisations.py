"""Organisation schemas."""
from __future__ import annotations

from marshmallow import fields, validate

from matchmaker import vocabulary as v
from matchmaker.schemas.common import LocationInput, LocationOutput, RegionFilterArgs
from matchmaker.schemas.fields import Choice, ChoiceList, Id, Text, Version


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
    sector = fields.String()
    size = fields.Integer()
    description = fields.String()
    website = fields.String()
    contact_email = fields.String()
    accommodations = fields.List(fields.String())
    lever_strengths = fields.Dict(keys=fields.String(), values=fields.Integer())
    lever_asks = fields.List(fields.String())
    pioneer = fields.Boolean()
    network_ids = fields.Method("_network_ids")
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _network_ids(self, organisation) -> list[int]:
        return sorted(n.id for n in organisation.networks)


class OrganisationListArgs(RegionFilterArgs):
    kind = Choice(v.ORGANISATION_KINDS)
    sector = Choice(v.SECTORS)
    occupation = Id(strict=False, metadata={"description": "Organisations with a need for this occupation id."})
    pioneer = fields.Boolean()


