"""Labels beside ids, in the reader's language (``Accept-Language``, Dutch by default)."""
from __future__ import annotations

from marshmallow import Schema, fields

from matchmaker.extensions import db
from matchmaker.i18n import reader_language
from matchmaker.services.catalogue import catalogue

LABEL_DESCRIPTION = ("In the reader's language (Accept-Language; Dutch by default). A skill without a Dutch label "
                     "shows its English label with its Dutch skill group in brackets.")


def _get(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


class ConceptLabel(fields.String):
    """The label of the occupation or skill whose id is the object's ``id_field``, from the in-memory catalogue
    (no query per record)."""

    def __init__(self, kind: str, id_field: str = "id", **kwargs):
        kwargs.setdefault("dump_only", True)
        kwargs.setdefault("metadata", {"description": LABEL_DESCRIPTION})
        super().__init__(**kwargs)
        self.kind, self.id_field = kind, id_field

    def get_value(self, obj, attr, accessor=None, default=None):
        concept_id = _get(obj, self.id_field)
        if concept_id is None:
            return None
        label = catalogue(db.session).of(self.kind).label(int(concept_id), reader_language())
        return label if label is not None else _get(obj, "label")


class OccupationLabelSchema(Schema):
    """An occupation by id, with its label."""

    id = fields.Integer()
    label = ConceptLabel("occupation")


class SkillLabelSchema(Schema):
    """A skill by id, with its label."""

    id = fields.Integer()
    label = ConceptLabel("skill")


class OrganisationNameSchema(Schema):
    id = fields.Integer()
    name = fields.String()


def organisation_names(ids) -> dict[int, str]:
    """Names of organisations by id, remembered for the request: a page prefetches all of its ids in one query,
    then every record's lookups are answered from memory."""
    from flask import g
    from sqlalchemy import select

    from matchmaker.models import Organisation
    from matchmaker.services.queries import among_ids

    known = g.setdefault("organisation_names", {})
    missing = {int(i) for i in ids if i is not None} - known.keys()
    if missing:
        known.update({i: name for i, name in db.session.execute(
            select(Organisation.id, Organisation.name).where(among_ids(db.session, Organisation.id, missing)))})
        known.update({i: None for i in missing - known.keys()})
    return known


def organisation_refs(ids) -> list[dict]:
    names = organisation_names(ids)
    return [{"id": i, "name": names.get(i)} for i in ids]
