"""Rate limits (Flask-Limiter): one limiter for the app, counting where every process sees the same counts."""
from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

#: no default limits: each view that needs one declares it
limiter = Limiter(key_func=get_remote_address)


def register_limits(app: Flask) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = (app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL")
                                           or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)
