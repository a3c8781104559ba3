"""Two Celery workers (bulk and interactive queues) with separate instance folders, as if on two machines, sharing
PostgreSQL and Redis: each province-wide derived result (the transition table, the partner matches, the prepared
career-path region) is computed once between them, and an edit made through the API refreshes the views, career
paths included, by itself on those workers.

Its own database, Redis db and port: ``MM_REFRESH_DATABASE_URL``, ``MM_REFRESH_REDIS_URL``, ``MM_REFRESH_API_PORT``.
"""
from __future__ import annotations

import os
import time

import pytest
import redis

from tests.integration import stack

pytestmark = pytest.mark.integration

DATABASE = os.environ.get("MM_REFRESH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mm_refresh")
REDIS_URL = os.environ.get("MM_REFRESH_REDIS_URL", "redis://127.0.0.1:6379/5")
API_PORT = int(os.environ.get("MM_REFRESH_API_PORT", "5125"))
SETTINGS = {
    "MATCHMAKER_ENV": "development", "LOG_LEVEL": "INFO", "DATABASE_URL": DATABASE, "REDIS_URL": REDIS_URL,
    "RATELIMIT_JOB_CREATION": "1000 per minute", "RECOMPUTE_MAX_CONCURRENT": "100",
    "AUTO_REFRESH": "true", "REFRESH_DELAY_SECONDS": "1",
}


def sql(query: str, *params):
    return stack.sql(DATABASE, query, *params)


@pytest.fixture(scope="module")
def env():
    stack.empty_database(DATABASE)
    from flask_migrate import upgrade

    from matchmaker import create_app
    from sqlalchemy import select

    from matchmaker.extensions import db
    from matchmaker.models import Skill
    from matchmaker.services.accounts import create_user_with_token
    from matchmaker.services.places import ensure_municipalities
    from tests.api.ecosystem_world import RAALTE, seasonal_world
    from tests.factories import PersonFactory

    app = create_app("development", {"DATABASE_URL": DATABASE, "AUTO_REFRESH": False})
    with app.app_context():
        upgrade()
        ensure_municipalities(session=db.session)
        _, token = create_user_with_token(session=db.session, name="Coordinator", email="c@example.org",
                                          role="coordinator")
        _, admin = create_user_with_token(session=db.session, name="Admin", email="a@example.org", role="admin")
        farm, _logistics, winter = seasonal_world()
        picker = PersonFactory(**RAALTE, travel_radius_km=30, education_level="wo",
                                skills=list(db.session.scalars(select(Skill))))
        ids = {"farm": farm.id, "winter": winter.id, "picker": picker.id}
        db.session.commit()
        db.engine.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()
    return {**os.environ, **SETTINGS, "PYTHONPATH": str(stack.ROOT), "TOKEN": token, "ADMIN": admin,
            "FARM": str(ids["farm"]), "WINTER": str(ids["winter"]), "PICKER": str(ids["picker"])}


def _machine(env: dict, folder) -> dict:
    """The environment of one machine: its own instance folder."""
    folder.mkdir()
    return {**env, "MATCHMAKER_INSTANCE_DIR": str(folder)}


def _wait(what, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while True:
        value = what()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


def _stored() -> dict[str, tuple[int, str]]:
    """Per shared result: how often its stored version was computed, and which version it is."""
    return {name: (computations, version) for name, computations, version
            in sql("SELECT name, computations, version_key FROM derived_results")}


def test_two_machines_compute_each_derived_result_once_and_refresh_by_themselves(env, tmp_path):
    api = f"http://127.0.0.1:{API_PORT}/api/v1"
    token, admin = env["TOKEN"], env["ADMIN"]
    folders = [tmp_path / "api", tmp_path / "machine-a", tmp_path / "machine-b"]
    server = stack.gunicorn(API_PORT, _machine(env, folders[0]), tmp_path)
    workers = [stack.worker("bulk,interactive", _machine(env, folder), tmp_path, name=folder.name)
               for folder in folders[1:]]
    paths_url = f"{api}/people/{env['PICKER']}/career-paths"

    def paths_job(job_id=None):
        """The person's latest career-paths job once it succeeded (and is not ``job_id``)."""
        status, _, body = stack.request("GET", paths_url, admin)
        job = body.get("job") or {}
        return body if status == 200 and job.get("status") == "succeeded" and job.get("id") != job_id else None

    try:
        status, _, link = stack.request("POST", f"{api}/regions/recompute", token, {})
        assert status == 202, link

        def finished():
            job = stack.request("GET", f"http://127.0.0.1:{API_PORT}{link['url']}", token)[2]
            return job if job.get("status") in ("succeeded", "failed") else None

        job = _wait(finished)
        assert job and job["status"] == "succeeded", (job, [w.output()[-2000:] for w in workers])
        # both machines took jobs of the recompute; each derived result was computed once between them
        assert all("succeeded" in w.output() for w in workers), [w.output()[-2000:] for w in workers]
        stored = _stored()
        assert {name: n for name, (n, _) in stored.items()} == {"transitions": 1, "partner_matches": 1,
                                                                "career_path_region": 1}
        assert not any(path.is_file() for folder in folders for path in folder.rglob("*"))  # nothing on disk
        # career paths on either machine read the prepared region the recompute stored: never prepared again
        first = None
        for _ in range(2):
            status, _, asked = stack.request("POST", paths_url, admin, {"k": 5})
            assert status == 202, asked
            seen = first and first["job"]["id"]
            first = _wait(lambda: paths_job(seen))
            assert first and first["paths"], [w.output()[-2000:] for w in workers]
        assert _stored() == stored

        partners = f"{api}/organisations/{env['FARM']}/partners"
        before = stack.request("GET", partners, token)[2]
        assert before["stale"] is False and before["refresh_pending"] is False
        edited = time.monotonic()
        status, _, _ = stack.request("PATCH", f"{api}/needs/{env['WINTER']}", token, {"title": "Winterpiek"})
        assert status == 200
        assert stack.request("GET", partners, token)[2]["refresh_pending"] is True

        def refreshed():
            view = stack.request("GET", partners, token)[2]
            return view if not view["stale"] and not view["refresh_pending"] else None

        view = _wait(refreshed, timeout=60)
        assert view, (stack.request("GET", partners, token)[2], [w.output()[-2000:] for w in workers])
        elapsed = time.monotonic() - edited
        assert view["job_id"] != before["job_id"]
        assert "Winterpiek" in {n["label"] for m in view["items"] for n in m["evidence"]["needs"]}
        # the refresh ran the person's stale career paths again, on the region prepared once for the new data
        again = _wait(lambda: paths_job(first["job"]["id"]), timeout=60)
        assert again, [w.output()[-2000:] for w in workers]
        assert "Winterpiek" in {(step["need"] or {}).get("title") for path in again["paths"] for step in path["steps"]}
        after = _stored()
        assert {name: n for name, (n, _) in after.items()} == {"transitions": 1, "partner_matches": 1,
                                                               "career_path_region": 1}
        assert after["career_path_region"][1] != stored["career_path_region"][1]
        assert after["transitions"] == stored["transitions"]
        assert sql("SELECT count(*) FROM refresh_requests") == [(0,)]
        print(f"edit -> partner view current on the workers in {elapsed:.1f} s")
    finally:
        for worker in workers:
            worker.stop()
        server.stop()
