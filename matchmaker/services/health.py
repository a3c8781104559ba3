"""Is the service able to work: database reachable, broker reachable (or tasks run in-process)?"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from matchmaker.extensions import db


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
        return {"ok": True, "detail": db.engine.dialect.name}
    except Exception as exc:  # the point is to report any failure
        db.session.rollback()
        return {"ok": False, "detail": type(exc).__name__}


def _broker() -> dict:
    url = current_app.config["REDIS_URL"]
    if not url:
        return {"ok": True, "detail": "in-process (no REDIS_URL set)"}
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return {"ok": True, "detail": "redis"}
    except redis.RedisError as exc:
        return {"ok": False, "detail": f"redis unreachable ({type(exc).__name__})"}


def check() -> dict:
    database, broker = _database(), _broker()
    return {"status": "ok" if database["ok"] and broker["ok"] else "degraded", "database": database, "broker": broker}
