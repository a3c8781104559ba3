"""Responses a service built already dumped, in the shape of the schema that documents them."""
from flask import Response, jsonify

from matchmaker.services.queries import Page


def dumped(data: dict | Page) -> Response:
    """``data`` as JSON as it is, without a second pass through the response schema (which then only documents
    it). For hot read paths whose service builds plain dicts from rows; a test holds them to their schema."""
    if isinstance(data, Page):
        data = {"items": data.items, "total": data.total, "limit": data.limit, "offset": data.offset}
    return jsonify(data)
