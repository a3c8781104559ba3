"""Each region's ``stored_candidates`` job, timed as a worker runs it (``jobs.run`` in an app context), with a
digest of what it stored, so that two trees can be compared on the same database.

    MATCHMAKER_INSTANCE_DIR=/tmp/x python -m bench.measure_stored postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        [--regions twente,regio-zwolle] [--dump out.json] [--profile out.prof]

Prints one JSON line per region: wall-clock seconds, the CPU seconds of this process and (PostgreSQL on this
machine) of the database's server process for the job's connection (on a machine others load, the CPU seconds
vary less than the wall clock), status, needs, candidates stored, and the SHA-256 of every stored row's need id,
people considered and items in need order. ``--dump`` also writes those rows; ``--profile`` runs the
jobs under cProfile. The job writes: run it on a copy of the benchmark database, never on the shared one.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import time
from pathlib import Path

from sqlalchemy import select, text

from .__main__ import make_app


def stored_rows(session, region: str) -> list[list]:
    """The region's stored rows as a reader sees them: need id, people considered, items; by need id."""
    from matchmaker.models import StoredCandidates

    return [[row.need_id, row.people_considered, row.items] for row in session.scalars(
        select(StoredCandidates).where(StoredCandidates.region_code == region).order_by(StoredCandidates.need_id))]


def _backend(session) -> int | None:
    """The PostgreSQL server process of the session's connection (None on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
    session.commit()
    return pid


def _cpu_seconds(pid: int | None) -> float:
    """CPU seconds process ``pid`` has used (user + system; the database on this machine), 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(url: str, regions: list[str], *, dump: str | None = None, profile: str | None = None) -> dict:
    from matchmaker.extensions import db
    from matchmaker.models import Job
    from matchmaker.services import jobs

    app = make_app(url)
    out, dumped = {}, {}
    profiler = cProfile.Profile() if profile else None
    with app.app_context():
        for code in regions:
            job = jobs.create(session=db.session, kind="stored_candidates", subject_type="region", subject_id=code)
            db.session.commit()
            backend = _backend(db.session)
            db_cpu = _cpu_seconds(backend)
            cpu, started = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            status = jobs.run(session=db.session, job_id=job.id)
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            # the database's share, when the job kept the connection (the pool hands the same one back)
            db_cpu = _cpu_seconds(backend) - db_cpu if _backend(db.session) == backend else None
            rows = stored_rows(db.session, code)
            text = json.dumps(rows, sort_keys=True, separators=(",", ":"))
            out[code] = {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                         "database_cpu_seconds": None if db_cpu is None else round(db_cpu, 1), "status": status,
                         **(db.session.get(Job, job.id).result or {}).get("summary", {}),
                         "rows": len(rows), "digest": hashlib.sha256(text.encode()).hexdigest()}
            print(json.dumps({code: out[code]}), flush=True)
            if dump:
                dumped[code] = rows
        db.engine.dispose()
    if profiler:
        profiler.dump_stats(profile)
    if dump:
        with open(dump, "w") as f:
            json.dump(dumped, f, sort_keys=True)
    return out


def main() -> None:
    from matchmaker.services.places import REGIONS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--regions", default=",".join(REGIONS))
    parser.add_argument("--dump")
    parser.add_argument("--profile")
    args = parser.parse_args()
    run(args.url, args.regions.split(","), dump=args.dump, profile=args.profile)


if __name__ == "__main__":
    main()
