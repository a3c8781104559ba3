"""Rate limits, with Flask-Limiter: who may ask how much, and what an overloaded caller is told.

Four limits, each a setting (config/settings.py), checked before the request's body or query is read:

- ``RATELIMIT_FAILED_AUTH`` per client address: requests with a bearer token that is not valid. When they are
  used up, every request with a token from that address gets 429 until the window has passed, valid token or
  not, so guessing tokens is slowed down to that rate and a correct guess is not told apart from a wrong one.
- ``RATELIMIT_PER_CALLER``: every request, per user (per client address when no valid token is sent).
- ``RATELIMIT_EXPENSIVE_READS`` per user, shared by the computed reads in :data:`EXPENSIVE_READS`.
- ``RATELIMIT_JOB_CREATION`` per user, shared by the requests in :data:`JOB_CREATION` that start jobs.

The counters live in ``RATELIMIT_STORAGE_URI`` (Redis in production, so every API process counts the same
requests; memory in the embedded default). When that store is unreachable each process counts in memory
instead, never a 500. Overload answers 429 with ``Retry-After`` (seconds) and a JSON body in the shape of every
other error.
"""
from __future__ import annotations

import logging
import time

from flask import Flask, current_app, g, request
from flask.wrappers import Response
from flask_limiter import ApplicationLimit, Limiter, RequestLimit
from limits import RateLimitItem

from matchmaker.errors import TooManyRequests, error_response
from matchmaker.i18n import N_, gettext, reader_language

#: endpoint -> methods: computed reads, each of which scores many records per request
EXPENSIVE_READS = {
    "matches.NeedCandidates": ("GET", "HEAD"),
    "matches.PersonMatches": ("GET", "HEAD"),
    "ecosystem.OrganisationPartners": ("GET", "HEAD"),
    "ecosystem.RegionPartners": ("GET", "HEAD"),
    "ecosystem.RegionInsights": ("GET", "HEAD"),
    "occupations.OccupationTransitions": ("GET", "HEAD"),
}
#: endpoint -> methods: requests that start a job
JOB_CREATION = {
    "matches.PersonCareerPaths": ("POST",),
    "ecosystem.RegionAllocation": ("POST",),
    "region_jobs.Recompute": ("POST",),
    "region_jobs.RegionRecompute": ("POST",),
}

FAILED_AUTH, REQUESTS, READS, JOBS = "failed-authentication", "requests", "expensive-reads", "job-creation"
#: what each limit counts, as the 429's message names it
COUNTED = {
    FAILED_AUTH: N_("requests with an invalid token from your address"),
    REQUESTS: N_("requests"),
    READS: N_("requests for computed results (matches, candidates, partners, insights, transitions)"),
    JOBS: N_("jobs started"),
}
#: the periods of a limit, singular and plural, as the 429's message names them
PERIODS = {"second": (N_("second"), N_("seconds")), "minute": (N_("minute"), N_("minutes")),
           "hour": (N_("hour"), N_("hours")), "day": (N_("day"), N_("days")), "month": (N_("month"), N_("months")),
           "year": (N_("year"), N_("years"))}


def client_address() -> str:
    return f"address:{request.remote_addr or 'unknown'}"


def caller() -> str:
    """Whom a limit counts: the user behind a valid token (all their tokens together), else the client address."""
    user = g.get("user")
    return f"user:{user.id}" if user is not None else client_address()


def _sends_token() -> bool:
    return bool(request.headers.get("Authorization", "").strip())


def _in(table: dict) -> bool:
    return request.method in table.get(request.endpoint or "", ())


def per_period(item: RateLimitItem, language: str = "en") -> str:
    """'10 per minute', '100 per 2 hours' ('100 per 2 uur' in Dutch).

    >>> from limits import parse
    >>> per_period(parse("10/minute")), per_period(parse("100 per 2 hours")), per_period(parse("100 per 2 hours"), "nl")
    ('10 per minute', '100 per 2 hours', '100 per 2 uur')
    """
    one, many = PERIODS[item.GRANULARITY.name]
    if item.multiples == 1:
        return gettext("%(amount)s per %(unit)s", language, amount=item.amount, unit=gettext(one, language))
    return gettext("%(amount)s per %(multiples)s %(units)s", language, amount=item.amount, multiples=item.multiples,
                   units=gettext(many, language))


def _refuse(scope: str):
    def refuse(breached: RequestLimit) -> Response:
        """The 429 for a breached limit: what was counted, the limit, and when to try again."""
        seconds = max(1, int(breached.reset_at - time.time()))
        return error_response(TooManyRequests(
            "Too many %(value)s: at most %(value2)s. Try again in %(seconds)s seconds.",
            retry_after=seconds, value=gettext(COUNTED[scope]), value2=per_period(breached.limit, reader_language()),
            seconds=seconds))
    return refuse


def _limit(setting: str, scope: str, *, key, applies=None, only_test: bool = False) -> ApplicationLimit:
    """Limit ``setting`` (a setting's name) on the requests for which ``applies()`` holds, counted per ``key()``
    in ``scope``; ``only_test`` refuses when it is used up without counting the request itself."""
    return ApplicationLimit(lambda: current_app.config[setting], key_function=key, scope=scope,
                            exempt_when=(lambda: not applies()) if applies else None,
                            deduct_when=(lambda response: False) if only_test else None, on_breach=_refuse(scope))


def register_limits(app: Flask) -> Limiter:
    """Check the limits on every request: after the caller is identified (``g.user``), before authentication is
    required (401) and before the request's body or query is read."""
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    limiter = Limiter(
        caller,
        application_limits=[
            # a wrong token counts; a valid one is refused too while its address has none left
            _limit("RATELIMIT_FAILED_AUTH", FAILED_AUTH, key=client_address,
                   applies=lambda: _sends_token() and g.get("user") is None),
            _limit("RATELIMIT_FAILED_AUTH", FAILED_AUTH, key=client_address,
                   applies=lambda: g.get("user") is not None, only_test=True),
            _limit("RATELIMIT_PER_CALLER", REQUESTS, key=caller),
            _limit("RATELIMIT_EXPENSIVE_READS", READS, key=caller, applies=lambda: _in(EXPENSIVE_READS)),
            _limit("RATELIMIT_JOB_CREATION", JOBS, key=caller, applies=lambda: _in(JOB_CREATION)),
        ],
        strategy="moving-window",
        key_prefix="matchmaker",
        headers_enabled=False,
        swallow_errors=True,
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    app.extensions["matchmaker.limiter"] = limiter  # for limits of their own (the web pages' sign-in)
    # its breach lines name client addresses and user ids: personal data, kept out of the logs
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    return limiter
