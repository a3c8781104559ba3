"""Peak memory of each job of a recompute, run one after the other in this process as a bulk worker with
``--concurrency=1`` runs them (``jobs.run``, the function the Celery task calls).

Before each job the process's resident high-water mark is reset (``/proc/self/clear_refs``), so each row's peak
is what that job needed on top of what the process keeps between jobs (its caches of derived results without
personal data); the process starts cold, with the shared store's province results removed, as a fresh worker
after a change. Linux only.

    python -m bench.measure_recompute_memory postgresql+psycopg://postgres@127.0.0.1:5432/freshscale_100k \
        [--skip stored_candidates] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def run(database_url: str, *, skip: tuple[str, ...] = (), forget: bool = True) -> dict:
    from sqlalchemy import select

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.models import DerivedResult, Job
    from matchmaker.services import jobs, region_jobs

    app = create_app("production", {"DATABASE_URL": database_url, "SECRET_KEY": "bench-secret",
                                    "LOG_LEVEL": "WARNING", "AUTO_REFRESH": False})
    rows = []
    started = time.perf_counter()
    with app.app_context():
        session = db.session
        if forget:  # a cold start: every province-wide result is computed again (the transitions are kept)
            session.execute(DerivedResult.__table__.delete().where(DerivedResult.name != "transitions"))
            session.commit()
        parent = region_jobs.start_recompute(session=session, actor=None)
        session.commit()
        children = session.execute(select(Job.id, Job.kind, Job.subject_id).where(Job.parent_id == parent.id)
                                   .order_by(Job.id)).all()
        for child in children:
            if child.kind in skip:
                continue
            _reset_peak()
            t0 = time.perf_counter()
            outcome = jobs.run(session=session, job_id=child.id)
            seconds = time.perf_counter() - t0
            db.session.remove()
            rows.append({"kind": child.kind, "region": child.subject_id, "outcome": outcome,
                         "seconds": round(seconds, 2), "peak_mib": round(_status_mib("VmHWM"), 1),
                         "after_mib": round(_status_mib("VmRSS"), 1)})
            print(json.dumps(rows[-1]), flush=True)
        db.engine.dispose()
    return {"database": database_url.rsplit("/", 1)[-1], "jobs": rows,
            "peak_mib": max((r["peak_mib"] for r in rows), default=0.0),
            "seconds": round(time.perf_counter() - started, 1), "load": os.getloadavg()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure_recompute_memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url")
    parser.add_argument("--skip", nargs="*", default=[], help="job kinds not to run")
    parser.add_argument("--json", type=Path, help="write the result here as well")
    args = parser.parse_args(argv)
    result = run(args.database_url, skip=tuple(args.skip))
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
