"""Typed domain errors, and their one mapping to HTTP.

Services raise these; views never build error responses themselves. Every error body has the same shape as
flask-smorest's validation errors: ``{"code", "status", "message", "errors": {location: {field: [reason]}}}``.
"""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, location: str = "json"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.location = location

    def body(self) -> dict:
        body = {"code": self.status_code, "status": HTTPStatus(self.status_code).phrase, "message": self.message}
        if self.field:
            body["errors"] = {self.location: {self.field: [self.message]}}
        return body


class InvalidInput(DomainError):
    """Well-formed input that breaks a business rule (unknown municipality, no consent for special data...)."""

    status_code = 422


class TaxonomyFormatError(InvalidInput):
    """A taxonomy source file (ESCO download, built-in taxonomy) is not in the expected format."""


class NotFound(DomainError):
    status_code = 404


class Unauthenticated(DomainError):
    status_code = 401


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


#: 412: the write was based on an outdated read and has changed nothing
STALE_VERSION = ("The record was changed by someone else after you read it; nothing was saved. Read it again, make "
                 "your change on what it is now, and send its new ETag in If-Match.")
#: 409: two writes without If-Match met on the same record; the other one was saved, this one changed nothing
CONCURRENT_WRITE = ("Someone else changed the record at the same moment; your change was not saved. Send it again "
                    "(with the record's ETag in If-Match to be sure you change what you have read).")
#: 503: SQLite waited its busy timeout for another writer
DATABASE_BUSY = "The database is busy with other changes; nothing was saved. Try again in a moment."


class PreconditionFailed(DomainError):
    """The request sent If-Match with an ETag the record no longer has: someone changed it since it was read."""

    status_code = 412

    def __init__(self, message: str = ""):
        super().__init__(message or STALE_VERSION, field="If-Match", location="headers")


class RetryLater(DomainError):
    """Refused for now; the answer says in ``Retry-After`` how many seconds to wait."""

    def __init__(self, message: str, *, retry_after: int = 30):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


class TooManyRequests(RetryLater):
    """A rate limit or a bound on concurrent work was reached; nothing was done or stored."""

    status_code = 429


class ServiceUnavailable(RetryLater):
    status_code = 503


def _http_body(code: int, message: str) -> dict:
    return {"code": code, "status": HTTPStatus(code).phrase, "message": message}


#: SQLSTATEs of a transaction that lost a race with another one (PostgreSQL): serialization failure, deadlock
_LOST_RACE = {"40001", "40P01"}
#: SQLite's primary result codes for "another connection holds the lock": SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_BUSY = {5, 6}


def lost_race(error: Exception) -> bool:
    """Whether ``error`` says this transaction collided with a concurrent one (and changed nothing): a versioned
    UPDATE or DELETE that found the row at another version (StaleDataError), or a PostgreSQL serialization
    failure or deadlock."""
    if isinstance(error, StaleDataError):
        return True
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in _LOST_RACE


def database_busy(error: Exception) -> bool:
    """Whether ``error`` is SQLite giving up waiting for another writer (after its busy timeout)."""
    code = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
    return isinstance(error, DBAPIError) and code is not None and code & 0xFF in _SQLITE_BUSY


def concurrent_change() -> DomainError:
    """The typed error for a write that lost a race: 412 when the request sent If-Match (its precondition no longer
    holds), else 409."""
    return PreconditionFailed() if request.if_match else Conflict(CONCURRENT_WRITE)


def error_response(error: DomainError) -> Response:
    """The JSON answer to ``error``, with the headers its kind needs."""
    response = jsonify(error.body())
    response.status_code = error.status_code
    if isinstance(error, Unauthenticated):
        response.headers["WWW-Authenticate"] = 'Bearer realm="matchmaker"'
    if isinstance(error, RetryLater):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, error_response)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        if error.response is not None:  # built already (a rate limit's answer: security/limits.py)
            return error.response
        if error.code == 304:  # If-None-Match held the current ETag: no body
            return Response(status=304)
        # flask-smorest attaches validation messages as error.data["messages"]
        body = _http_body(error.code or 500, error.description or "")
        data = getattr(error, "data", None) or {}
        if "messages" in data:
            body["errors"] = data["messages"]
            body["message"] = "The request has invalid fields: see errors."
        response = jsonify(body)
        response.status_code = error.code or 500
        # the exception's own headers (405: Allow), but not its HTML content type
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response

    @app.errorhandler(StaleDataError)
    @app.errorhandler(DBAPIError)
    def handle_database_error(error: Exception):
        if lost_race(error):
            return error_response(concurrent_change())
        if database_busy(error):
            return error_response(ServiceUnavailable(DATABASE_BUSY, retry_after=1))
        return handle_unexpected(error)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        # no request data in the log line: it may hold personal data
        log.exception("unhandled %s", type(error).__name__)
        response = jsonify(_http_body(500, "An unexpected error occurred; it has been logged."))
        response.status_code = 500
        return response
