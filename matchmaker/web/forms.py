"""Reading forms the GOV.UK way: every error names its field, is listed in a summary at the top with a link to
the field, and is shown again beside it; what the user typed stays in the form.

The rules stay where they are: a form's values go through the API's marshmallow schema and then the service, and
the form only says in plain words what to do when a field breaks a rule (:class:`FormSpec`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request
from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from matchmaker.errors import InvalidInput, PreconditionFailed

#: what a reader returns for a field the form left empty and the write should leave out (the service's default)
OMITTED = object()


class FormErrors:
    """Field name → message, in the order found (the summary lists them in that order)."""

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.messages.setdefault(name, message)

    def move(self, name: str, to: str) -> None:
        """Show the message of ``name`` at field ``to`` instead (in the same place in the summary)."""
        self.messages = {to if key == name else key: message for key, message in self.messages.items()}

    def get(self, name: str) -> str | None:
        return self.messages.get(name)

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __iter__(self):
        return iter(self.messages.items())


def _same(value, current) -> bool:
    if isinstance(value, list) and isinstance(current, list):
        return sorted(map(str, value)) == sorted(map(str, current))
    return value == current


def whole_number(text: str):
    """A form's digits as an int; anything else stays text, so the schema rejects it and the form says why."""
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 10 else text


@dataclass
class FormSpec:
    """How one form maps onto a schema: each field's reader (form text → value) and the plain-words message shown
    when the schema or the service rejects that field."""

    readers: dict[str, Callable[[MultiDict, str], object]]
    messages: dict[str, Callable[[], str]]
    lists: tuple[str, ...] = field(default=())

    def read(self, form: MultiDict) -> dict:
        return {name: reader(form, name) for name, reader in self.readers.items()}

    def validate(self, schema: Schema, form: MultiDict, current: dict | None = None) -> tuple[dict, FormErrors]:
        """The schema's loaded data, and the errors (empty when the form is fine). With ``current`` (the record's
        values), only the fields the user changed are loaded: a change, as a PATCH sends it."""
        errors = FormErrors()
        values = {name: value for name, value in self.read(form).items() if value is not OMITTED}
        if current is not None:
            values = {name: value for name, value in values.items() if not _same(value, current.get(name))}
        try:
            return schema.load(values), errors
        except ValidationError as error:
            for name in self.readers:
                if name in error.messages:
                    errors.add(name, self.messages[name]())
            return {}, errors

    def service_error(self, error: InvalidInput, errors: FormErrors) -> None:
        """A business rule the service refused: beside its field when the form has it."""
        name = (error.field or "").split(".")[0]
        errors.add(name if name in self.readers else "", error.text())


def text_field(form: MultiDict, name: str) -> str:
    return form.get(name, "").strip()


def optional_text_field(form: MultiDict, name: str):
    """The text, or left out of the write when empty (the service's default applies)."""
    value = form.get(name, "").strip()
    return value if value else OMITTED


def number_field(form: MultiDict, name: str):
    return whole_number(form.get(name, ""))


def number_list_field(form: MultiDict, name: str) -> list:
    return [whole_number(value) for value in form.getlist(name)]


def choice_list_field(form: MultiDict, name: str) -> list[str]:
    return form.getlist(name)


def checkbox_field(form: MultiDict, name: str) -> bool:
    return bool(form.get(name))


def date_field(form: MultiDict, name: str):
    """A date as ISO text (a date box sends that; typed as day-month-year it is turned round), None when empty (no
    date). Anything else stays as typed, so the schema rejects it and the form says why."""
    text = form.get(name, "").strip()
    if not text:
        return None
    parts = text.replace("/", "-").split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts) and len(parts[2]) == 4 and len(parts[0]) <= 2:
        return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
    return text


def page_number() -> int:
    """The page of a list the address asks for (``?pagina=``): 1 unless it says a sensible number."""
    text = request.args.get("pagina", "1")
    return max(1, min(int(text), 100_000)) if text.isdigit() and len(text) < 7 else 1


def version_precondition(version_text: str):
    """Refuse the write unless the record is still at the version the form was made on."""
    def check(version: int) -> None:
        if str(version) != version_text:
            raise PreconditionFailed()
    return check
