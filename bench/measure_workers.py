"""One vs two Celery workers on a multi-region recompute, through the product's jobs machinery.

Real processes, as in production and ``tests/integration/stack.py``: ``celery -A workers.worker worker -Q bulk
--concurrency=1`` (one or two of them) on PostgreSQL and Redis. The benchmark creates the recompute with
``region_jobs.start_recompute`` (all three labour-market regions, one child job per region and kind) and
``jobs.dispatch``, then polls the job records until the parent is finished; ``rounds`` recomputes run back
to back. Each worker's peak memory is its processes' ``VmHWM`` (main process and pool child). Every worker count
starts cold: the province's partner matches, which the first process to need them keeps in the shared store
(``derived_results``) for the others, are removed before each run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from .common import OUT_DIR, stop_process_group

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _forget_partner_matches(app) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import DerivedResult
    from matchmaker.services.partners import PARTNER_MATCHES

    with app.app_context():
        db.session.execute(DerivedResult.__table__.delete().where(DerivedResult.name == PARTNER_MATCHES))
        db.session.commit()
        db.engine.dispose()


def _start_worker(name: str, env: dict) -> subprocess.Popen:
    log = OUT_DIR / f"worker-{name}.log"
    process = subprocess.Popen([str(BIN / "celery"), "-A", "workers.worker", "worker", "-Q", "bulk", "--pool=prefork",
                                "--concurrency=1", f"--hostname={name}@%h", "--loglevel=INFO", "--without-gossip",
                                "--without-mingle"], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process_group(process, grace=30)
            raise RuntimeError(f"celery worker {name} did not start; see {log}")
        time.sleep(0.2)
    return process


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        path = Path(f"/proc/{current}/task/{current}/children")
        if path.exists():
            todo += [int(x) for x in path.read_text().split()]
    return out


def _hwm_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _recompute(app, rounds: int, timeout: float) -> tuple[float, list[dict]]:
    from matchmaker.extensions import db
    from matchmaker.models import Job
    from matchmaker.services import jobs, region_jobs

    results = []
    start = time.perf_counter()
    with app.app_context():
        session = db.session
        parents = []
        for _ in range(rounds):
            parent = region_jobs.start_recompute(session=session, actor=None)
            session.commit()
            jobs.dispatch(session=session, job=parent)
            parents.append(parent.id)
        deadline = time.monotonic() + timeout
        while True:
            session.expire_all()
            rows = session.execute(select(Job.id, Job.status, Job.result).where(Job.id.in_(parents))).all()
            if all(r.status in jobs.FINISHED for r in rows):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"recompute not finished after {timeout} s: {[r.status for r in rows]}")
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        for r in rows:
            children = session.execute(select(Job.kind, Job.subject_id, Job.status, Job.started_at, Job.finished_at)
                                       .where(Job.parent_id == r.id).order_by(Job.started_at)).all()
            results.append({"job": r.id, "status": r.status, "succeeded": (r.result or {}).get("succeeded"),
                            "failed": (r.result or {}).get("failed"),
                            "children": [{"kind": c.kind, "region": c.subject_id, "status": c.status,
                                          "started_s": (c.started_at - children[0].started_at).total_seconds(),
                                          "seconds": (c.finished_at - c.started_at).total_seconds()}
                                         for c in children if c.started_at and c.finished_at]})
        db.engine.dispose()
    return elapsed, results


def run(app, database_url: str, redis_url: str, *, rounds: int, timeout: float = 1800,
        counts: tuple[int, ...] = (1, 2)) -> dict:
    from matchmaker import create_app

    # the benchmark's own app has no REDIS_URL, so its Celery runs tasks in-process (eager): dispatching through
    # it would time the benchmark process, not the workers (what the first run measured). Dispatch through an
    # app that sends to the broker instead.
    app = create_app("production", {"DATABASE_URL": database_url, "REDIS_URL": redis_url,
                                    "SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING"})
    if app.extensions["celery"].conf.task_always_eager:
        raise RuntimeError("the recompute would run in-process, not on the workers")
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "MATCHMAKER_ENV": "production",
           "SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING", "MATCHMAKER_INSTANCE_DIR": str(OUT_DIR / "instance"),
           "PYTHONPATH": str(ROOT)}
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    out = {"rounds": rounds, "regions_per_round": 3}
    for n in counts:
        # every measured recompute starts cold: no province partner matches kept from the previous run
        _forget_partner_matches(app)
        workers = [_start_worker(f"bench{n}-{i}", env) for i in range(n)]
        try:
            elapsed, results = _recompute(app, rounds, timeout)
            peaks = [max((_hwm_mib(pid) for pid in _tree(w.pid)), default=0.0) for w in workers]
        finally:
            for w in workers:
                stop_process_group(w, grace=30)
        out[f"{n}_workers"] = {"seconds": elapsed, "jobs": results, "peak_worker_mib": max(peaks),
                               "all_succeeded": all(r["status"] == "succeeded" and not r["failed"] for r in results)}
    if "1_workers" in out and "2_workers" in out:
        out["speedup"] = out["1_workers"]["seconds"] / out["2_workers"]["seconds"]
    out["peak_worker_mib"] = max(out[f"{n}_workers"]["peak_worker_mib"] for n in counts)
    return out
