"""URL converters."""
from werkzeug.routing import BaseConverter, ValidationError

from matchmaker.schemas.fields import MAX_ID


class IdConverter(BaseConverter):
    """A record id in a URL: digits, at most 2**63 - 1 (larger ones are no record: 404)."""

    regex = r"\d{1,20}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def id_parameter_schema(converter: IdConverter) -> dict:
    """The OpenAPI schema of an ``<id:...>`` path parameter (registered with ``Api.register_converter``)."""
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
