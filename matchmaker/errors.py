"""Typed domain errors, and their one mapping to HTTP (the engine's errors too: :data:`ENGINE_ERRORS`).

Services raise these; views never build error responses themselves. Every error body has the same shape as
flask-smorest's validation errors: ``{"code", "status", "message", "errors": {location: {field: [reason]}}}``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus

from flask import Flask, Response, current_app, jsonify, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from matchmaker import validation
from matchmaker.engine import errors as engine_errors
from matchmaker.i18n import N_, gettext, language_or_reader

log = logging.getLogger(__name__)


class Words:
    """A parameter of an error message that names something in the reader's language when the message is read:
    a vocabulary value, a list of choices, a field or a kind of record, never its code alone."""

    def words(self, language: str) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.words("en")


@dataclass(frozen=True)
class Term(Words):
    """One value of a vocabulary, by its label: ``Term("role", "advisor")`` reads "adviseur"."""

    vocabulary: str
    code: str

    def words(self, language: str) -> str:
        from matchmaker.labels import label

        return label(self.vocabulary, self.code, language, capital=False)


@dataclass(frozen=True)
class Choices(Words):
    """Values of a vocabulary to choose from, each by its label with the code to send beside it:
    "Voorgesteld (proposed), Benaderd (contacted)"."""

    vocabulary: str
    codes: tuple[str, ...]

    def words(self, language: str) -> str:
        from matchmaker.labels import choice_list

        return choice_list(self.vocabulary, self.codes, language)


@dataclass(frozen=True)
class Alternatives(Words):
    """Values of a vocabulary by their labels, one of which would do: "beheerder of netwerkcoördinator"."""

    vocabulary: str
    codes: tuple[str, ...]

    def words(self, language: str) -> str:
        from babel.lists import format_list

        from matchmaker.labels import label

        names = [label(self.vocabulary, code, language, capital=False) for code in self.codes]
        if language == "en" and len(names) > 1:  # no serial comma, as the sentences write lists
            return ", ".join(names[:-1]) + " or " + names[-1]
        return format_list(names, style="or", locale=language)


@dataclass(frozen=True)
class FieldName(Words):
    """An input field as a user knows it (:data:`matchmaker.validation.FIELDS`)."""

    field: str

    def words(self, language: str) -> str:
        return gettext(validation.FIELDS[self.field], language)


#: kinds of record an error may name ("No need with id 7."), as a user calls them
RECORDS = {"need": N_("need"), "occupation": N_("occupation"), "organisation": N_("organisation"),
           "partner request": N_("partner request"), "programme": N_("programme"), "skill": N_("skill"),
           "network": N_("network"), "practice case": N_("practice case"), "session": N_("session"),
           "registration": N_("registration"), "question": N_("question"), "user": N_("user")}


@dataclass(frozen=True)
class RecordName(Words):
    """A kind of record (:data:`RECORDS`) in the reader's language."""

    name: str

    def words(self, language: str) -> str:
        return gettext(RECORDS[self.name], language)


class DomainError(Exception):
    """``message`` is an English template with ``%(name)s`` placeholders filled from ``params``; the response says
    it in the reader's language (the catalogues translate the template, :class:`Words` parameters name themselves
    in it), ``.message`` in English (logs, CLI)."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, location: str = "json", **params):
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(self.message)
        self.field = field
        self.location = location

    def text(self, language: str | None = None) -> str:
        language = language_or_reader(language)
        return gettext(self.template, language, **{name: value.words(language) if isinstance(value, Words) else value
                                                   for name, value in self.params.items()})

    def body(self) -> dict:
        text = self.text()
        body = {"code": self.status_code, "status": HTTPStatus(self.status_code).phrase, "message": text}
        if self.field:
            body["errors"] = {self.location: {self.field: [text]}}
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

    def __init__(self, message: str, *, retry_after: int = 30, **params):
        super().__init__(message, **params)
        self.retry_after = max(1, int(retry_after))


class TooManyRequests(RetryLater):
    """A rate limit or a bound on concurrent work was reached; nothing was done or stored."""

    status_code = 429


class ServiceUnavailable(RetryLater):
    status_code = 503


#: werkzeug's own descriptions, said in the reader's language (an error raised with its own description keeps it)
HTTP_MESSAGES = {
    400: N_("The request could not be read."),
    401: N_("A valid bearer token is required (Authorization: Bearer <token>)."),
    403: N_("You may not do this."),
    404: N_("This address does not exist."),
    405: N_("This address does not accept this method."),
    406: N_("This address cannot answer in the format asked for."),
    409: N_("This conflicts with the current state of the record."),
    412: N_("The record has changed since you read it: read it again (If-Match no longer matches)."),
    413: N_("The request is too large."),
    415: N_("Send the body as JSON with Content-Type: application/json."),
    428: N_("Send If-Match with the ETag you read: this record may only be changed with it."),
    429: N_("Too many requests: wait a moment and try again."),
    500: N_("Something went wrong on our side. We have noted it."),
    503: N_("The service is not available right now: try again in a moment."),
}


#: the engine's errors (:mod:`matchmaker.engine.errors`) as the answer a caller gets: the first class the error is
#: an instance of decides. The engine's own text names indices and arrays, so it goes to the log, not to the reader.
ENGINE_ERRORS = (
    (engine_errors.UnknownPerson, NotFound,
     N_("The person to compute this for is no longer there. Reload the page and try again.")),
    (engine_errors.UnknownNeed, NotFound,
     N_("The vacancy or place to compute this for is no longer there. Reload the page and try again.")),
    (engine_errors.UnknownOccupation, NotFound,
     N_("The occupation to compute this for is not in the list of occupations.")),
    (engine_errors.UnknownOrganisationError, NotFound,
     N_("An organisation this computation needs is no longer there. Reload the page and try again.")),
    (engine_errors.InvalidParameter, InvalidInput,
     N_("This cannot be computed with these settings: a value is outside what is allowed.")),
    (engine_errors.CalibrationError, Conflict,
     N_("There is not enough data yet to compute this: the list of occupations is too small to compare them.")),
    (engine_errors.NoFeasiblePath, Conflict,
     N_("No career path fits within this person's limits and the number of steps asked.")),
    (engine_errors.EngineError, Conflict, N_("This cannot be computed with the data as they are now.")),
)


def from_engine(error: engine_errors.EngineError) -> DomainError:
    """The domain error (status and words for the reader) that stands for an engine error.

    >>> from_engine(engine_errors.UnknownPerson("person index 7 is outside 0..3")).status_code
    404
    """
    for kind, answer, message in ENGINE_ERRORS:
        if isinstance(error, kind):
            return answer(message)
    raise TypeError(f"not an engine error: {error!r}")


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


def _page(status: int):
    """The web pages' error page for ``status`` when the request was for a page (not under /api/), else None."""
    draw = current_app.extensions.get("matchmaker.error_page")
    if draw is None or request.path.startswith("/api/"):
        return None
    return draw(status)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        if (page := _page(error.status_code)) is not None:
            return page
        return error_response(error)

    @app.errorhandler(engine_errors.EngineError)
    def handle_engine_error(error: engine_errors.EngineError):
        log.warning("engine error %s: %s", type(error).__name__, error)
        return handle_domain_error(from_engine(error))

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        if (page := _page(error.code or 500)) is not None:
            return page
        if error.response is not None:  # built already (a rate limit's answer: security/limits.py)
            return error.response
        if error.code == 304:  # If-None-Match held the current ETag: no body
            return Response(status=304)
        # flask-smorest attaches validation messages as error.data["messages"]
        body = _http_body(error.code or 500, error.description or "")
        data = getattr(error, "data", None) or {}
        if "messages" in data:
            body["errors"] = validation.in_words(data["messages"])
            body["message"] = gettext("Some fields are not right: see errors.")
        elif error.code in HTTP_MESSAGES and error.description == type(error).description:
            body["message"] = gettext(HTTP_MESSAGES[error.code])
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
        if (page := _page(500)) is not None:
            return page
        response = jsonify(_http_body(500, gettext("Something went wrong on our side. We have noted it.")))
        response.status_code = 500
        return response
