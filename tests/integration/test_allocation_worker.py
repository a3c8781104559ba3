"""The allocation job end to end through a real Celery bulk worker, PostgreSQL and Redis (db 8)."""
from __future__ import annotations

import os
import time

import psycopg
import pytest
import redis

from tests.integration import stack

pytestmark = pytest.mark.integration

DATABASE = os.environ.get("MM_ECOSYSTEM_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mm_ecosystem")
REDIS_URL = os.environ.get("MM_ECOSYSTEM_REDIS_URL", "redis://127.0.0.1:6379/8")
API_PORT = 5120
SETTINGS = {
    "MATCHMAKER_ENV": "development", "LOG_LEVEL": "INFO", "DATABASE_URL": DATABASE, "REDIS_URL": REDIS_URL,
    # these tests start more jobs, and more at once, than a user may: the limits have their own tests
    "RATELIMIT_JOB_CREATION": "1000 per minute", "RECOMPUTE_MAX_CONCURRENT": "100",
}


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    admin_dsn = _dsn(DATABASE).rsplit("/", 1)[0] + "/postgres"
    name = DATABASE.rsplit("/", 1)[1]
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchall():
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(_dsn(DATABASE), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.services.accounts import create_user_with_token
    from matchmaker.services.places import ensure_municipalities
    from tests.api.test_allocation import _world

    app = create_app("development", {"DATABASE_URL": DATABASE})
    with app.app_context():
        upgrade()
        ensure_municipalities(session=db.session)
        _, token = create_user_with_token(session=db.session, name="Coordinator", email="c@example.org",
                                          role="coordinator")
        need_a, need_b, people = _world()
        ids = {"need_a": need_a.id, "need_b": need_b.id, "ana": people[0].id}
        db.session.commit()
        db.engine.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()
    return {**os.environ, **SETTINGS, "PYTHONPATH": str(stack.ROOT), "TOKEN": token, "IDS": ids,
            "MATCHMAKER_INSTANCE_DIR": str(tmp_path_factory.mktemp("instance"))}


def test_allocation_runs_on_a_real_worker(env, tmp_path):
    ids = env.pop("IDS")
    api = stack.gunicorn(API_PORT, env, tmp_path)
    worker = stack.worker("bulk", env, tmp_path, name="allocation")
    base = f"http://127.0.0.1:{API_PORT}/api/v1/regions/twente/allocation"
    try:
        status, _, link = stack.request("POST", base, env["TOKEN"], {"k": 2})
        assert status == 202, link
        deadline = time.monotonic() + 60
        while True:
            status, _, job = stack.request("GET", f"http://127.0.0.1:{API_PORT}{link['url']}", env["TOKEN"])
            if job.get("status") in ("succeeded", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert job["status"] == "succeeded", (job, worker.output()[-2000:])
        status, _, body = stack.request("GET", base, env["TOKEN"])
        assert status == 200 and body["job_id"] == link["id"] and body["stale"] is False
        assert (body["regional"]["needs_filled"], body["greedy"]["needs_filled"]) == (2, 1)
        first = {p["person_id"]: p["suggestions"][0]["need_id"] for p in body["suggestions"]}
        assert first[ids["ana"]] == ids["need_b"]
        assert "run_job" in worker.output()
    finally:
        worker.stop()
        api.stop()
