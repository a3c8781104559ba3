"""Each region's ``stored_candidates`` job, timed as a worker runs it (``jobs.run`` in an app context), with a
digest of what it stored, so that two trees can be compared on the same database.

    MATCHMAKER_INSTANCE_DIR=/tmp/x python -m bench.measure_stored postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        [--regions twente,regio-zwolle] [--dump out.json] [--profile out.prof]

Prints one JSON line per region: wall-clock seconds, the CPU seconds of this process and (PostgreSQL on this
machine) of the database's server processes (on a machine others load, the CPU seconds vary less than the wall
clock), status, needs, candidates stored, and the SHA-256 of every stored row's need id,
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


def _database_cpu(session) -> dict[int, float]:
    """CPU seconds (user + system) each server process of this database has used so far (PostgreSQL on this
    machine, the database used by nobody else; empty on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return {}
    pids = session.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).all()
    session.commit()
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


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
            db_before = _database_cpu(db.session)
            cpu, started = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            status = jobs.run(session=db.session, job_id=job.id)
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            db_after = _database_cpu(db.session)
            db_cpu = sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items()) if db_after else None
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
