"""ETags from record versions, and If-Match on writes: flask-smorest's ETag support with If-Match optional.

A versioned record's ETag is flask-smorest's hash of ``[resource, id, version]`` (for a need also its status
today: its closing date closes it without a new version): computed without serialising the record. ``GET``
answers with it (and 304 to a matching If-None-Match); ``PATCH`` and ``DELETE`` with If-Match apply only while
the record still has that ETag (412 otherwise). flask-smorest makes If-Match mandatory (428 without it); here a
write without If-Match is still allowed: it is atomic (the version counter guards the row), only not
conditional on what the client has read.
"""
from __future__ import annotations

from collections.abc import Callable

import flask_smorest
from flask import request
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.exceptions import PreconditionFailed as EtagMismatch

from matchmaker.errors import PreconditionFailed

IF_MATCH = {
    "name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
    "description": "The ETag of the record as you read it: the write applies only while the record is still that "
                   "version (412 Precondition Failed otherwise). Without it the write applies to the record as it is.",
}


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose views take a versioned record's ETag from its version."""

    def _check_precondition(self):
        """No 428: a write without If-Match is allowed."""

    def check_etag(self, etag_data, etag_schema=None):
        """flask-smorest's check, when the request sent If-Match (412 with our error body when it fails); without
        If-Match nothing to check (and flask-smorest's "ETag not checked" warning does not apply)."""
        if not request.if_match:
            _get_etag_ctx()["etag_checked"] = True
            return
        try:
            super().check_etag(etag_data, etag_schema)
        except EtagMismatch:
            raise PreconditionFailed() from None

    def _prepare_etag_doc(self, doc, doc_info, **kwargs):
        doc = super()._prepare_etag_doc(doc, doc_info, **kwargs)
        doc.get("responses", {}).pop(428, None)
        doc["parameters"] = [IF_MATCH if parameter == "IF_MATCH" else parameter
                             for parameter in doc.get("parameters", [])]
        return doc

    def set_version(self, record_id: int, version: int, *state) -> None:
        """Answer with the ETag of version ``version`` of record ``record_id`` of this blueprint's resource (304 to a
        GET whose If-None-Match holds it). ``state``: what the record shows that changes without a new version
        (a need's status once its closing date passed)."""
        self.set_etag([self.name, record_id, version, *state])

    def versioned(self, record):
        """``record`` (a versioned model instance), answered with its version's ETag."""
        self.set_version(record.id, record.version)
        return record

    def if_match(self, record_id: int, state: Callable[[], tuple] = tuple) -> Callable[[int], None] | None:
        """The precondition a service checks before it changes record ``record_id`` (given its current version):
        412 when the request's If-Match does not hold the ETag of that version (and of the ``state()`` it has
        then, as :meth:`set_version` takes it). None without If-Match (no condition)."""
        if not request.if_match:
            self.check_etag(None)
            return None
        return lambda version: self.check_etag([self.name, record_id, version, *state()])
