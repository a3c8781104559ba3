"""Fault tests with real processes: gunicorn, Celery workers (interactive, bulk) and beat, PostgreSQL, Redis.

Short limits for the test: soft 8 s, hard 10 s, visibility timeout 12 s, unacked restore sweep every 1 s.
Jobs use the ``hold_seconds`` test hook (JOB_TEST_HOOKS=1) so a worker can be killed mid-task.
Measured times are printed (run with ``-s`` to see them).
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psycopg
import pytest
import redis

from tests.integration import stack

pytestmark = pytest.mark.integration

DATABASE = os.environ.get("MM_WORKERS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mm_workers")
REDIS_URL = os.environ.get("MM_WORKERS_REDIS_URL", "redis://127.0.0.1:6379/6")
API_PORT, PRIVATE_REDIS_PORT, PRIVATE_API_PORT = 5106, 5107, 5108
TEST_SETTINGS = {
    "MATCHMAKER_ENV": "development", "LOG_LEVEL": "INFO", "DATABASE_URL": DATABASE, "REDIS_URL": REDIS_URL,
    # these tests start more jobs, and more at once, than a user may: the limits have their own tests
    "RATELIMIT_JOB_CREATION": "1000 per minute", "RECOMPUTE_MAX_CONCURRENT": "100",
    "TASK_SOFT_TIME_LIMIT": "8", "TASK_TIME_LIMIT": "10", "BROKER_VISIBILITY_TIMEOUT": "12",
    "BROKER_RESTORE_INTERVAL": "1", "JOB_SWEEP_INTERVAL": "2", "JOB_TEST_HOOKS": "1",
}


def _dsn() -> str:
    return DATABASE.replace("postgresql+psycopg://", "postgresql://")


def sql(query: str, *params):
    with psycopg.connect(_dsn(), autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    environment = {**os.environ, **TEST_SETTINGS, "PYTHONPATH": str(stack.ROOT),
                   "MATCHMAKER_INSTANCE_DIR": str(tmp_path_factory.mktemp("instance"))}
    # a clean schema made by the migrations, the places, one admin, and needs in every region
    admin_dsn, name = _dsn().rsplit("/", 1)
    with psycopg.connect(f"{admin_dsn}/test", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(_dsn(), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.services.accounts import create_user_with_token
    from matchmaker.services.places import ensure_municipalities
    from tests.factories import NeedFactory, OccupationFactory

    app = create_app("development", {k: v for k, v in TEST_SETTINGS.items() if k in ("DATABASE_URL",)})
    with app.app_context():
        upgrade()
        ensure_municipalities(session=db.session)
        _, token = create_user_with_token(session=db.session, name="Admin", email="admin@example.org", role="admin")
        occupation = OccupationFactory()
        for code, headcount in (("GM0153", 3), ("GM0164", 2), ("GM0193", 5), ("GM0150", 4)):
            NeedFactory(occupation=occupation, municipality_code=code, headcount=headcount, months=[5, 6])
        db.session.commit()
        db.engine.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()
    environment["ADMIN_TOKEN"] = token
    return environment


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("logs")


@pytest.fixture(scope="module")
def api(env, logs):
    process = stack.gunicorn(API_PORT, env, logs)
    yield f"http://127.0.0.1:{API_PORT}"
    process.stop()


@pytest.fixture(scope="module")
def workers(env, logs):
    """The standing topology: one interactive worker, one bulk worker, beat. Tests may replace the bulk one."""
    running = {"interactive": stack.worker("interactive", env, logs), "bulk": stack.worker("bulk", env, logs),
               "beat": stack.beat(env, logs)}
    yield running
    for process in running.values():
        process.stop()


def start(api, env, region: str | None = None, **body) -> int:
    url = f"{api}/api/v1/regions/{region}/recompute" if region else f"{api}/api/v1/regions/recompute"
    status, _, payload = stack.request("POST", url, env["ADMIN_TOKEN"], body)
    assert status == 202, payload
    return payload["id"]


def job(job_id: int) -> dict:
    (row,) = sql("SELECT status, attempts, progress, error, started_at FROM jobs WHERE id = %s", job_id)
    return dict(zip(("status", "attempts", "progress", "error", "started_at"), row))


def children(parent_id: int, kind: str | None = None) -> list[int]:
    """The child jobs of a recompute (one per region and kind), or only those of ``kind``."""
    rows = sql("SELECT id, kind FROM jobs WHERE parent_id = %s ORDER BY id", parent_id)
    return [job_id for job_id, job_kind in rows if kind is None or job_kind == kind]


def wait(job_id: int, condition, timeout: float, what: str) -> float:
    """Seconds until ``condition(job)`` holds; fails after ``timeout``."""
    began = time.monotonic()
    while not condition(job(job_id)):
        if time.monotonic() - began > timeout:
            raise AssertionError(f"job {job_id} not {what} after {timeout} s: {job(job_id)}")
        time.sleep(0.1)
    return time.monotonic() - began


def succeeded(j):
    return j["status"] == "succeeded"


def mid_task(j):
    return j["status"] == "running" and j["progress"] >= 0.3


def snapshot(region: str):
    return sql("SELECT job_id, open_needs, total_headcount FROM region_snapshots WHERE region_code = %s", region)


def test_a_job_submitted_over_http_completes(api, env, workers):
    began = time.monotonic()
    parent = start(api, env, "twente")
    wait(parent, succeeded, 30, "succeeded")
    status, _, body = stack.request("GET", f"{api}/api/v1/jobs/{parent}", env["ADMIN_TOKEN"])
    assert status == 200 and body["status"] == "succeeded" and body["stale"] is False
    assert body["result"]["regions"]["twente"]["region_demand"]["summary"]["total_headcount"] == 5
    print(f"\n[measured] HTTP submit -> succeeded: {time.monotonic() - began:.2f} s")


def test_killing_the_worker_child_mid_task_still_completes_the_job_once(api, env, workers):
    (child,) = children(start(api, env, "twente", hold_seconds=2), "region_demand")
    wait(child, mid_task, 20, "mid-task")
    (pool_child,) = workers["bulk"].children()
    os.kill(pool_child, signal.SIGKILL)
    killed = time.monotonic()
    wait(child, succeeded, 30, "succeeded")
    print(f"\n[measured] worker child killed -> job succeeded: {time.monotonic() - killed:.2f} s "
          f"(redelivered at once by task_reject_on_worker_lost)")
    assert job(child)["attempts"] == 2
    assert snapshot("twente") == [(child, 2, 5)]


def test_killing_the_whole_worker_mid_task_and_starting_another_completes_the_job(api, env, workers, logs):
    (child,) = children(start(api, env, "regio-zwolle", hold_seconds=2), "region_demand")
    wait(child, mid_task, 20, "mid-task")
    first_start = job(child)["started_at"]
    workers["bulk"].kill_group()
    killed = time.monotonic()
    workers["bulk"] = stack.worker("bulk", env, logs)
    wait(child, lambda j: j["started_at"] != first_start, 60, "restarted")
    redelivered = time.monotonic() - killed
    wait(child, succeeded, 60 - redelivered, "succeeded")
    done = time.monotonic() - killed
    print(f"\n[measured] whole worker killed -> task redelivered: {redelivered:.2f} s, succeeded: {done:.2f} s "
          f"(visibility timeout 12 s, restore sweep every 1 s)")
    assert done < 60
    assert job(child)["attempts"] == 2
    assert snapshot("regio-zwolle") == [(child, 1, 5)]


def test_warm_shutdown_finishes_the_running_task_and_loses_nothing(api, env, workers, logs):
    first, second = (children(start(api, env, region, hold_seconds=1.5), "region_demand")[0]
                     for region in ("stedendriehoek", "twente"))
    wait(first, mid_task, 20, "mid-task")
    workers["bulk"].popen.send_signal(signal.SIGTERM)
    stopped = time.monotonic()
    workers["bulk"].popen.wait(20)
    print(f"\n[measured] warm shutdown (SIGTERM) took {time.monotonic() - stopped:.2f} s")
    assert job(first)["status"] == "succeeded" and job(first)["attempts"] == 1
    assert job(second)["status"] == "queued"
    workers["bulk"] = stack.worker("bulk", env, logs)
    wait(second, succeeded, 30, "succeeded")
    assert job(second)["attempts"] == 1


def test_more_bulk_workers_recompute_regions_faster(api, env, workers, logs):
    def timed_recompute() -> float:
        began = time.monotonic()
        wait(start(api, env, hold_seconds=1), succeeded, 60, "succeeded")
        return time.monotonic() - began

    one = timed_recompute()
    extra = stack.worker("bulk", env, logs, name="bulk-extra")
    try:
        two = timed_recompute()
    finally:
        extra.stop()
    print(f"\n[measured] recompute of 3 regions: 1 bulk worker {one:.2f} s, 2 bulk workers {two:.2f} s, "
          f"speed-up {one / two:.2f}x")
    assert one / two > 1.2


def test_broker_stopped_with_jobs_queued_loses_no_job(env, workers, logs, tmp_path):
    """A private redis-server (appendonly yes, everysec) is killed with jobs queued and running, and
    restarted from its append-only file; a job started meanwhile gets 503 + Retry-After and is kept."""
    workers["beat"].stop()  # the standing beat would dispatch this test's stored jobs to the other Redis
    private = {**env, "REDIS_URL": f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0"}
    server = stack.redis_server(PRIVATE_REDIS_PORT, tmp_path, logs)
    api_process = stack.gunicorn(PRIVATE_API_PORT, private, logs)
    # one worker for both queues: beat's sweep runs on interactive
    bulk = stack.worker("interactive,bulk", private, logs, name="private")
    beat = stack.beat(private, logs)
    api = f"http://127.0.0.1:{PRIVATE_API_PORT}"
    try:
        parent = start(api, private, hold_seconds=1.5)
        first = children(parent, "region_demand")[0]  # the job kind the hold_seconds hook holds
        queued = [child for child in children(parent) if child != first]
        wait(first, mid_task, 20, "mid-task")
        time.sleep(1.5)  # appendfsync everysec: the queued messages are on disk
        server.kill_group()
        down = time.monotonic()
        status, headers, body = stack.request("POST", f"{api}/api/v1/regions/twente/recompute",
                                              private["ADMIN_TOKEN"], {})
        answered = time.monotonic() - down
        assert status == 503 and headers["Retry-After"] == "30", body
        stored = sql("SELECT id FROM jobs WHERE kind = 'recompute_regions' ORDER BY id DESC LIMIT 1")[0][0]
        assert job(stored)["status"] == "queued"
        time.sleep(2)
        server = stack.redis_server(PRIVATE_REDIS_PORT, tmp_path, logs)
        back = time.monotonic()
        for job_id in (parent, stored):
            wait(job_id, succeeded, 60, "succeeded")
        print(f"\n[measured] broker down: 503 answered in {answered:.2f} s; after Redis restart all jobs "
              f"succeeded in {time.monotonic() - back:.2f} s")
        assert all(job(child)["status"] == "succeeded" for child in [first, *queued, *children(stored)])
        assert sql("SELECT count(*) FROM region_snapshots")[0][0] == 3
    finally:
        for process in (beat, bulk, api_process, server):
            process.stop()
