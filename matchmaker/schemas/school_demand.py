"""Schemas of a school's view of its region's demand."""
from __future__ import annotations

from marshmallow import Schema, fields

from matchmaker.schemas.fields import Label


class DemandRegionSchema(Schema):
    code = fields.String()
    name = fields.String()


class ProgrammeDemandSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    mode = fields.String()
    mode_label = Label("programme_mode", "mode")
    capacity = fields.Integer(metadata={"description": "Places in the programme."})
    occupations = fields.List(fields.String(), metadata={"description": "The occupations it leads to (labels)."})
    open_places = fields.Integer(metadata={
        "description": "Open places (headcount) of the region's open needs for those occupations."})


class UntaughtSkillSchema(Schema):
    id = fields.Integer()
    label = fields.String()
    needs = fields.Integer(metadata={"description": "Open needs that ask it as essential."})
    places = fields.Integer(metadata={"description": "Their open places (headcount)."})


class PlacementSchema(Schema):
    id = fields.Integer(metadata={"description": "The need."})
    title = fields.String()
    kind = fields.String()
    kind_label = Label("need_kind", "kind")
    headcount = fields.Integer()
    employer = fields.String()
    place = fields.String(allow_none=True)


class SchoolDemandSchema(Schema):
    region = fields.Nested(DemandRegionSchema, allow_none=True, metadata={
        "description": "The labour-market region of the organisation's municipality; null: the whole province."})
    programmes = fields.List(fields.Nested(ProgrammeDemandSchema))
    untaught_skills = fields.List(fields.Nested(UntaughtSkillSchema), metadata={
        "description": "Skills the region's open needs ask that no programme in the region teaches, most places first."})
    placements = fields.List(fields.Nested(PlacementSchema), metadata={
        "description": "The region's open internships and apprenticeships."})
