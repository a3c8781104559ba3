"""Match and candidate schemas."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from matchmaker.schemas.common import ExplainedSchema, StrictSchema
from matchmaker.schemas.fields import Label
from matchmaker.schemas.labels import SkillLabelSchema


class MatchArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))
    include_blocked = fields.Boolean(load_default=True, metadata={
        "description": "After the feasible needs, list the closest needs that fail a hard constraint, saying "
                       "which one (the default); false lists feasible needs only."})


class CandidateArgs(StrictSchema):
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 100))


class OrganisationRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class NeedRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    kind_label = Label("need_kind", "kind")
    place = fields.String(allow_none=True)
    organisation = fields.Nested(OrganisationRefSchema)


class ProgrammeRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    school = fields.String()
    place = fields.String(allow_none=True)


class BridgeSchema(Schema):
    programme = fields.Nested(ProgrammeRefSchema)
    teaches = fields.List(fields.Nested(SkillLabelSchema), metadata={"description": "Missing skills it teaches."})
    duration_months = fields.Float()
    distance_km = fields.Float()


class ConstraintSchema(ExplainedSchema):
    name = fields.String(metadata={"description": "distance, hours, accommodations, dutch, months, skills or capacity"})
    name_label = Label("constraint", "name")
    passed = fields.Boolean()
    unblock = fields.Nested(ExplainedSchema, metadata={
        "description": "On a failed check: what would make it pass (travel farther, more hours, a level of Dutch, "
                       "other months, an adjustment, skills to learn and where)."})


class FitSchema(ExplainedSchema):
    score = fields.Float()
    feasible = fields.Boolean(metadata={"description": "All hard constraints pass."})
    essential_coverage = fields.Float()
    optional_coverage = fields.Float()
    experience = fields.Float(metadata={"description": "Credit from past occupations through transitions."})
    matched_skills = fields.List(fields.Nested(SkillLabelSchema))
    missing_skills = fields.List(fields.Nested(SkillLabelSchema))
    gap_bridge = fields.List(fields.Nested(BridgeSchema), metadata={
        "description": "Programmes within reach teaching the missing skills: most gaps closed, then shortest, "
                       "then nearest."})


class MatchSchema(FitSchema):
    need = fields.Nested(NeedRefSchema)
    welcomed = fields.Boolean(metadata={"description": "The need explicitly welcomes a group the person belongs to "
                                                       "(a small bonus; membership never lowers a score)."})
    constraints = fields.List(fields.Nested(ConstraintSchema))


class FreshnessSchema(Schema):
    """How fresh a computed view is."""
    computed_at = fields.DateTime(metadata={
        "description": "When the stored result was computed; absent when it was computed for this request."})
    stale = fields.Boolean(metadata={"description": "The data it was computed from changed since."})
    refresh_pending = fields.Boolean(metadata={
        "description": "A refresh of it is waiting or running (it starts by itself a few seconds after a change)."})


class MatchesSchema(ExplainedSchema, FreshnessSchema):
    person_id = fields.Integer()
    open_needs_considered = fields.Integer()
    items = fields.List(fields.Nested(MatchSchema))


class SharedProfileSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    phone = fields.String()


class CandidateConstraintSchema(Schema):
    name = fields.String()
    name_label = Label("constraint", "name")
    passed = fields.Boolean()


class CandidateSchema(FitSchema):
    candidate = fields.String(metadata={"description": "A pseudonym, stable for this need."})
    code = fields.String(metadata={"description": "The pseudonym's code: send it with the need to "
                                                 "/api/v1/interest-requests to show interest in this candidate."})
    shared_profile = fields.Nested(SharedProfileSchema, allow_none=True, metadata={
        "description": "Only when the person consented to share their profile with this employer."})
    constraints = fields.List(fields.Nested(CandidateConstraintSchema))


class CandidatesSchema(FreshnessSchema):
    need_id = fields.Integer()
    need = fields.Nested(NeedRefSchema, metadata={"description": "The need, by its title."})
    people_considered = fields.Integer()
    items = fields.List(fields.Nested(CandidateSchema))


def _float(value):
    return None if value is None else float(value)


def _bool(value):
    return None if value is None else bool(value)


def _explained(obj: dict) -> dict:
    """The ``explanation`` and ``facts`` of ``obj`` as ExplainedSchema dumps them (each only when present)."""
    out = {}
    if "explanation" in obj:
        out["explanation"] = None if obj["explanation"] is None else str(obj["explanation"])
    if "facts" in obj:
        out["facts"] = None if obj["facts"] is None else [
            {key: fact[key] for key in ("code", "params") if key in fact} for fact in obj["facts"]]
    return out


def dump_matches(result: dict) -> dict:
    """What ``MatchesSchema().dump(result)`` gives, built directly: a person's matches are read all day, and the
    schema's pass over every field of every check of every match took a sixth of a read at 100k. The schema still
    documents the response; ``tests/api/test_matches.py`` holds this to it."""
    from matchmaker.extensions import db
    from matchmaker.i18n import reader_language
    from matchmaker.labels import label
    from matchmaker.services.catalogue import catalogue

    language = reader_language()
    skills = catalogue(db.session).of("skill")

    def skill_list(refs):
        out = []
        for ref in refs:
            found = None if ref.get("id") is None else skills.label(int(ref["id"]), language)
            out.append({"id": ref.get("id"), "label": found if found is not None else ref.get("label")})
        return out

    def bridge(b: dict) -> dict:
        return {"programme": {key: b["programme"][key] for key in ("id", "name", "school", "place")
                              if key in b["programme"]},
                "teaches": skill_list(b["teaches"]), "duration_months": _float(b["duration_months"]),
                "distance_km": _float(b["distance_km"])}

    def constraint(c: dict) -> dict:
        name = c["name"]
        out = {**_explained(c), "name": name, "name_label": None if name is None else label("constraint", name),
               "passed": _bool(c["passed"])}
        if "unblock" in c:
            out["unblock"] = None if c["unblock"] is None else _explained(c["unblock"])
        return out

    def item(m: dict) -> dict:
        need = m["need"]
        return {**_explained(m), "score": _float(m["score"]), "feasible": _bool(m["feasible"]),
                "essential_coverage": _float(m["essential_coverage"]),
                "optional_coverage": _float(m["optional_coverage"]), "experience": _float(m["experience"]),
                "matched_skills": skill_list(m["matched_skills"]), "missing_skills": skill_list(m["missing_skills"]),
                "gap_bridge": [bridge(b) for b in m["gap_bridge"]],
                "need": {"id": need["id"], "title": need["title"], "kind": need["kind"],
                         "kind_label": None if need["kind"] is None else label("need_kind", need["kind"]),
                         "place": need["place"], "organisation": {"id": need["organisation"]["id"],
                                                                  "name": need["organisation"]["name"]}},
                "welcomed": _bool(m["welcomed"]), "constraints": [constraint(c) for c in m["constraints"]]}

    out = {**_explained(result), "person_id": result["person_id"],
           "open_needs_considered": result["open_needs_considered"], "items": [item(m) for m in result["items"]]}
    if "computed_at" in result:
        out["computed_at"] = None if result["computed_at"] is None else result["computed_at"].isoformat()
    out.update({key: result[key] for key in ("stale", "refresh_pending") if key in result})
    return out
