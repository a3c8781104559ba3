"""Fields shared by the schemas: input fields that refuse what the database cannot store faithfully, and output helpers."""
from __future__ import annotations

from datetime import timezone

from marshmallow import ValidationError, fields, validate

MAX_ID = 2**63 - 1


class Text(fields.String):
    """A string without NUL bytes or lone surrogates, length-limited (default 200)."""

    def __init__(self, *args, max_length: int = 200, min_length: int = 0, **kwargs):
        validators = list(kwargs.pop("validate", None) or [])
        validators.append(validate.Length(min=min_length, max=max_length))
        super().__init__(*args, validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError("Must be valid Unicode text (no lone surrogates).") from exc
        return text


class UtcDateTime(fields.DateTime):
    """A moment in UTC, with its zone (SQLite hands timestamps back without one; they are stored in UTC)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class SameObject(fields.Nested):
    """A nested schema that reads from the object itself (a group of its columns shown as one object)."""

    def get_value(self, obj, attr, accessor=None, default=None):
        return obj


class Id(fields.Integer):
    """A record id: a positive 64-bit integer."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strict", True)
        super().__init__(*args, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def Choice(choices, **kwargs) -> fields.String:
    """A string restricted to a vocabulary."""
    return fields.String(validate=validate.OneOf(choices), **kwargs)


def _distinct(values) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("Entries must be distinct.")


def ChoiceList(choices, **kwargs) -> fields.List:
    """A list of distinct vocabulary entries."""
    return fields.List(Choice(choices), validate=[validate.Length(max=len(choices)), _distinct], **kwargs)


def Months(**kwargs) -> fields.List:
    """Months 1..12; empty means all year."""
    return fields.List(fields.Integer(strict=True, validate=validate.Range(1, 12)),
                       validate=[validate.Length(max=12), _distinct], **kwargs)


def Version(**kwargs) -> fields.Integer:
    """A record's version (read-only): it counts the record's changes, and the record's ETag is derived from it."""
    return fields.Integer(dump_only=True, metadata={
        "description": "Counts the record's changes (1 when created). The ETag header of the record is derived from "
                       "it: send that ETag in If-Match to change or delete the record only while it is still this "
                       "version (412 otherwise)."}, **kwargs)


def Latitude(**kwargs) -> fields.Float:
    return fields.Float(validate=validate.Range(-90, 90), allow_nan=False, **kwargs)


def Longitude(**kwargs) -> fields.Float:
    return fields.Float(validate=validate.Range(-180, 180), allow_nan=False, **kwargs)


class Whole(fields.Nested):
    """A nested object that is always complete: a PATCH (partial load) replaces it whole, so its required fields
    and defaults apply."""

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        return super()._deserialize(value, attr, data, partial=False, **kwargs)


def Label(vocabulary: str, source: str) -> fields.Function:
    """The reader's-language label of the vocabulary code in ``source`` (a field beside it: ``sector_label``)."""
    from marshmallow.utils import get_value

    from matchmaker.labels import label

    def read(obj):
        code = get_value(obj, source)
        return None if code is None else label(vocabulary, code)

    return fields.Function(read, dump_only=True, metadata={
        "type": "string", "nullable": True, "description": f"The label of `{source}`, in the reader's language."})


def Labels(vocabulary: str, source: str) -> fields.Function:
    """The labels of the vocabulary codes listed in ``source`` (or the keys of a mapping), in the same order."""
    from marshmallow.utils import get_value

    from matchmaker.labels import label

    def read(obj):
        codes = get_value(obj, source) or []
        return [label(vocabulary, code) for code in codes]

    return fields.Function(read, dump_only=True, metadata={
        "type": "array", "items": {"type": "string"},
        "description": f"The labels of `{source}`, in the same order, in the reader's language."})
