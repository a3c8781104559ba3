"""Typed domain errors, and their one mapping to HTTP.

Services raise these; views never build error responses themselves. Every error body has the same shape as
flask-smorest's validation errors: ``{"code", "status", "message", "errors": {location: {field: [reason]}}}``.
"""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify
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

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        # no request data in the log line: it may hold personal data
        log.exception("unhandled %s", type(error).__name__)
        response = jsonify(_http_body(500, "An unexpected error occurred; it has been logged."))
        response.status_code = 500
        return response
