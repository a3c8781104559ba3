"""Edit → every computed view current, with real Celery workers: ``python -m bench.measure_refresh URL``.

Issue 16's target for results that refresh themselves: within 60 s of a change on the demo region
(``tests/demo/test_demo_fresh.py``) and within 10 minutes at 100k with two workers (this tool). Real processes, as in
production: ``workers`` bulk workers (``celery -A workers.worker worker -Q bulk --concurrency=1``, as
:mod:`bench.measure_workers` starts them) on PostgreSQL and Redis, and an app with ``AUTO_REFRESH`` that writes as
the API does.

1. Unless every region's computed views are current already, a full recompute runs on the workers first (timed
   apart: what a nightly recompute of the province costs with ``workers`` workers).
2. The edit: a new open need at an employer of ``--region``, committed through :func:`services.needs.create`. The
   commit stores a refresh request and sends ``matchmaker.refresh_due`` with its countdown
   (``REFRESH_DELAY_SECONDS``) to the bulk queue; nobody asks for anything after it.
3. The clock runs from the commit until every region-scoped view of the region (each kind of
   ``region_jobs.REGION_KINDS``) has a succeeded job that is not stale, and no refresh waits or runs.

The need is closed again afterwards (a second edit, not measured), so the database can be measured again.
"""
from __future__ import annotations

import argparse
import json
import os
import time

from sqlalchemy import select

from .common import OUT_DIR, stop_process_group
from .measure_workers import _hwm_mib, _start_worker, _tree


def _app(database_url: str, redis_url: str, delay: float):
    from matchmaker import create_app

    app = create_app("production", {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "AUTO_REFRESH": True,
                                    "REFRESH_DELAY_SECONDS": delay, "SECRET_KEY": "bench-secret",
                                    "LOG_LEVEL": "WARNING"})
    if app.extensions["celery"].conf.task_always_eager:
        raise RuntimeError("the refresh would run in-process, not on the workers")
    return app


def stale_views(session, region: str) -> list[str]:
    """The region's computed views that are missing, stale, or waiting for a refresh (empty: all current)."""
    from matchmaker.services import jobs, refresh
    from matchmaker.services.region_jobs import REGION_KINDS

    out = []
    for kind in REGION_KINDS:
        job = jobs.latest_succeeded(session=session, kind=kind, subject_id=region)
        if job is None:
            out.append(f"{kind}: none")
        elif jobs.is_stale(session=session, job=job):
            out.append(f"{kind}: stale")
    if refresh.pending(session=session, regions=[region]):
        out.append("refresh waiting or running")
    return out


def _wait_current(app, regions: list[str], timeout: float) -> float:
    from matchmaker.extensions import db

    start = time.perf_counter()
    deadline = time.monotonic() + timeout
    with app.app_context():
        while True:
            db.session.expire_all()
            left = {code: stale_views(db.session, code) for code in regions}
            db.session.rollback()
            if not any(left.values()):
                return time.perf_counter() - start
            if time.monotonic() > deadline:
                raise RuntimeError(f"not current after {timeout:.0f} s: {left}")
            time.sleep(0.5)


def _recompute_all(app) -> None:
    from matchmaker.extensions import db
    from matchmaker.services import jobs, region_jobs

    with app.app_context():
        parent = region_jobs.start_recompute(session=db.session, actor=None)
        db.session.commit()
        jobs.dispatch(session=db.session, job=parent)


def _edit(app, region: str, *, close_need: int | None = None) -> int:
    """A new open need at the first employer of ``region`` (or ``close_need`` closed), committed as the API does."""
    from matchmaker.extensions import db
    from matchmaker.models import Municipality, Need, Organisation, User
    from matchmaker.services import needs

    with app.app_context():
        session = db.session
        admin = User(id=0, role="admin", name="bench", email="bench@example.org")
        if close_need is not None:
            need = session.get(Need, close_need)
            need.status = "closed"
            session.commit()
            return close_need
        like = session.scalar(select(Need).join(Organisation, Need.organisation_id == Organisation.id)
                              .join(Municipality, Organisation.municipality_code == Municipality.code)
                              .where(Municipality.region_code == region, Need.status == "open")
                              .order_by(Need.id).limit(1))
        data = {"organisation_id": like.organisation_id, "kind": like.kind, "title": "Bench: extra vacature",
                "occupation_id": like.occupation_id, "heads": 1, "hours_per_week": like.hours_per_week,
                "months": like.months}
        created = needs.create(session=session, actor=admin, data=data)
        session.commit()
        return created["id"]


def run(database_url: str, redis_url: str, *, region: str, workers: int = 2, delay: float = 10.0,
        timeout: float = 3600) -> dict:
    import redis

    from matchmaker.services.places import REGIONS

    app = _app(database_url, redis_url, delay)
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "MATCHMAKER_ENV": "production",
           "SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING",
           "MATCHMAKER_INSTANCE_DIR": str(OUT_DIR / "instance")}
    redis.Redis.from_url(redis_url).flushdb()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out: dict = {"region": region, "workers": workers, "refresh_delay_s": delay}
    started = [_start_worker(f"refresh{i}", env) for i in range(workers)]
    try:
        from matchmaker.extensions import db

        with app.app_context():
            behind = {code: stale_views(db.session, code) for code in REGIONS}
            db.session.rollback()
        if any(behind.values()):
            out["views_behind_before"] = sum(len(v) for v in behind.values())
            _recompute_all(app)
            out["full_recompute_s"] = _wait_current(app, list(REGIONS), timeout)
        need_id = _edit(app, region)
        out["edit_to_current_s"] = _wait_current(app, [region], timeout)
        _edit(app, region, close_need=need_id)
        out["peak_worker_mib"] = max(max((_hwm_mib(pid) for pid in _tree(w.pid)), default=0.0) for w in started)
    finally:
        for w in started:
            stop_process_group(w, grace=30)
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--region", default="twente")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--delay", type=float, default=10.0, help="REFRESH_DELAY_SECONDS")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args(argv)
    load = os.getloadavg()
    result = run(args.database_url, args.redis_url, region=args.region, workers=args.workers, delay=args.delay,
                 timeout=args.timeout)
    result["load"] = [round(load[0], 1), round(os.getloadavg()[0], 1)]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
