"""Settings per environment.

``MATCHMAKER_ENV`` picks the defaults (``development``, ``test``, ``production``); every setting listed in
:data:`OVERRIDABLE` can then be overridden by an environment variable of the same name. The embedded
default is a SQLite file under ``instance/`` with Celery tasks run in-process; setting ``REDIS_URL`` sends
tasks to real workers.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("MATCHMAKER_INSTANCE_DIR", PROJECT_ROOT / "instance"))


class Base:
    SECRET_KEY = "dev-only-secret-change-me"
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'matchmaker.sqlite3'}"
    REDIS_URL = ""
    MAX_CONTENT_LENGTH = 1 * 1024 * 1024
    API_PAGE_LIMIT_MAX = 200
    LOG_LEVEL = "INFO"
    TASK_SOFT_TIME_LIMIT = 300
    TASK_TIME_LIMIT = 360
    #: must stay above TASK_TIME_LIMIT: an unacknowledged task is handed to another worker after this long
    BROKER_VISIBILITY_TIMEOUT = 420
    #: seconds between the workers' sweeps that hand abandoned (unacknowledged) tasks back to the queue
    BROKER_RESTORE_INTERVAL = 10
    #: a job is tried at most this many times (worker crashes and transient errors count)
    JOB_MAX_ATTEMPTS = 3
    #: seconds between beat's sweeps over the job table (dispatch stored jobs, find lost ones)
    JOB_SWEEP_INTERVAL = 60
    #: a dispatched job still queued after this many seconds is dispatched again (its message was lost)
    JOB_REDISPATCH_AFTER = 1800
    #: accept the ``hold_seconds`` test hook on job requests (fault tests only; never in production)
    JOB_TEST_HOOKS = False
    ESCO_DIR = ""
    #: the address people use to reach the pages: invitation links printed by the CLI start with it
    PUBLIC_URL = "http://127.0.0.1:5000"
    #: web session cookie: HttpOnly and SameSite=Lax always, Secure (HTTPS only) in production
    SESSION_COOKIE_SECURE = False
    #: werkzeug password hash method for the web sign-in; empty: werkzeug's scrypt default
    PASSWORD_HASH_METHOD = ""
    #: failed sign-ins allowed per e-mail address (Flask-Limiter notation)
    SIGN_IN_FAILURE_LIMIT = "5 per 15 minutes"
    #: failed sign-ins allowed per client address (higher: an office's people share one address)
    SIGN_IN_ADDRESS_FAILURE_LIMIT = "50 per 15 minutes"
    #: audit events older than this many days are removed by ``matchmaker purge-audit`` and the nightly purge
    AUDIT_RETENTION_DAYS = 730
    #: an API token stops working this many days after it was issued
    TOKEN_TTL_DAYS = 90
    #: rate limits (security/limits.py): off only for tests that measure something else
    RATELIMIT_ENABLED = True
    #: where the counters live: empty = REDIS_URL when set (shared by every API process), else memory (one process)
    RATELIMIT_STORAGE_URI = ""
    #: limits are "N per second|minute|hour|day", several joined by ";"; an empty limit is off
    #: every request, per user (per client address when no valid token is sent)
    RATELIMIT_PER_CALLER = "1200 per minute"
    #: requests with a bearer token that is not valid, per client address; beyond it every request with a token from
    #: that address gets 429 (valid or not) until the window has passed
    RATELIMIT_FAILED_AUTH = "10 per minute"
    #: computed reads (need candidates, person matches, partner lists, insights, transitions), per user
    RATELIMIT_EXPENSIVE_READS = "60 per minute"
    #: requests that start a job (career paths, allocation, recompute), per user
    RATELIMIT_JOB_CREATION = "10 per minute; 100 per hour"
    #: recomputes (of one region or several) queued or running at once, over all users; beyond it 429
    RECOMPUTE_MAX_CONCURRENT = 2
    #: a write that changes a region's data schedules a recompute of what it touches (services/refresh.py); off,
    #: results are refreshed only by the nightly recompute, imports and POST /regions/<code>/recompute
    AUTO_REFRESH = True
    #: seconds from the first change to its refresh: later changes in that time join the same refresh (debounce)
    REFRESH_DELAY_SECONDS = 10
    #: seconds browsers keep to HTTPS after a response (Strict-Transport-Security); 0 = no header
    HSTS_SECONDS = 0


class Development(Base):
    pass


class Test(Base):
    SECRET_KEY = "test-secret"
    DATABASE_URL = "sqlite://"
    #: a cheap hash keeps the tests quick (scrypt costs about a second per password on a busy 2-core machine)
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    #: tests of limits turn them on (tests/api/test_limits.py); the others send more requests than a person would
    RATELIMIT_ENABLED = False
    #: tests of the automatic refresh turn it on (tests/services/test_refresh.py); others count their own jobs
    AUTO_REFRESH = False


class Production(Base):
    SECRET_KEY = ""
    LOG_LEVEL = "WARNING"
    SESSION_COOKIE_SECURE = True
    HSTS_SECONDS = 365 * 24 * 3600


ENVIRONMENTS = {"development": Development, "test": Test, "production": Production}


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


_boolean.__name__ = "bool"


OVERRIDABLE = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "REDIS_URL": str,
    "MAX_CONTENT_LENGTH": int,
    "API_PAGE_LIMIT_MAX": int,
    "LOG_LEVEL": str,
    "TASK_SOFT_TIME_LIMIT": int,
    "TASK_TIME_LIMIT": int,
    "BROKER_VISIBILITY_TIMEOUT": int,
    "BROKER_RESTORE_INTERVAL": int,
    "JOB_MAX_ATTEMPTS": int,
    "JOB_SWEEP_INTERVAL": int,
    "JOB_REDISPATCH_AFTER": int,
    "JOB_TEST_HOOKS": _boolean,
    "ESCO_DIR": str,
    "PUBLIC_URL": str,
    "SESSION_COOKIE_SECURE": _boolean,
    "SIGN_IN_FAILURE_LIMIT": str,
    "SIGN_IN_ADDRESS_FAILURE_LIMIT": str,
    "PASSWORD_HASH_METHOD": str,
    "AUDIT_RETENTION_DAYS": int,
    "TOKEN_TTL_DAYS": int,
    "RATELIMIT_ENABLED": _boolean,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_PER_CALLER": str,
    "RATELIMIT_FAILED_AUTH": str,
    "RATELIMIT_EXPENSIVE_READS": str,
    "RATELIMIT_JOB_CREATION": str,
    "RECOMPUTE_MAX_CONCURRENT": int,
    "HSTS_SECONDS": int,
    "AUTO_REFRESH": _boolean,
    "REFRESH_DELAY_SECONDS": int,
}


class ConfigurationError(RuntimeError):
    """A setting is missing or invalid for the chosen environment."""


#: settings that hold a rate limit
LIMIT_SETTINGS = ("RATELIMIT_PER_CALLER", "RATELIMIT_FAILED_AUTH", "RATELIMIT_EXPENSIVE_READS", "RATELIMIT_JOB_CREATION")


def _check_limit(name: str, value: str) -> None:
    from limits import parse_many

    if value.strip():
        try:
            parse_many(value)
        except ValueError as exc:
            raise ConfigurationError(f"{name} must be like '10 per minute' (several joined by ';'): {exc}") from exc


def load(env: str | None = None, overrides: dict | None = None) -> dict:
    """Settings for ``env`` with environment variables, then ``overrides``, applied on top."""
    env = env or os.environ.get("MATCHMAKER_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigurationError(f"MATCHMAKER_ENV must be one of {sorted(ENVIRONMENTS)}, not {env!r}")
    defaults = ENVIRONMENTS[env]
    settings = {name: getattr(defaults, name) for name in OVERRIDABLE}
    for name, cast in OVERRIDABLE.items():
        if name in os.environ:
            try:
                settings[name] = cast(os.environ[name])
            except ValueError as exc:
                raise ConfigurationError(f"{name} must be {cast.__name__}: {exc}") from exc
    settings.update(overrides or {})
    settings["ENV_NAME"] = env
    if env == "production" and not settings["SECRET_KEY"]:
        raise ConfigurationError("SECRET_KEY must be set in production")
    if not 0 < settings["TASK_SOFT_TIME_LIMIT"] < settings["TASK_TIME_LIMIT"] < settings["BROKER_VISIBILITY_TIMEOUT"]:
        raise ConfigurationError(
            "Need 0 < TASK_SOFT_TIME_LIMIT < TASK_TIME_LIMIT < BROKER_VISIBILITY_TIMEOUT, or a running task is "
            "handed to a second worker")
    if settings["JOB_MAX_ATTEMPTS"] < 1:
        raise ConfigurationError("JOB_MAX_ATTEMPTS must be at least 1")
    for name in ("AUDIT_RETENTION_DAYS", "TOKEN_TTL_DAYS"):
        if settings[name] < 1:
            raise ConfigurationError(f"{name} must be at least 1 (days)")
    if settings["REFRESH_DELAY_SECONDS"] < 0:
        raise ConfigurationError("REFRESH_DELAY_SECONDS must be 0 or more")
    if settings["RECOMPUTE_MAX_CONCURRENT"] < 1:
        raise ConfigurationError("RECOMPUTE_MAX_CONCURRENT must be at least 1")
    for name in LIMIT_SETTINGS:
        _check_limit(name, settings[name])
    return settings
