"""Each region's ``stored_candidates`` job, timed as a worker runs it (``jobs.run`` in an app context), with a
digest of what it stored, so that two trees can be compared on the same database.

    MATCHMAKER_INSTANCE_DIR=/tmp/x python -m bench.measure_stored postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        [--regions twente,regio-zwolle] [--dump out.json] [--profile out.prof]

Prints one JSON line per region (seconds, status, needs, candidates stored, the SHA-256 of every stored row's
need id, people considered and items in need order). ``--dump`` also writes those rows; ``--profile`` runs the
jobs under cProfile. The job writes: run it on a copy of the benchmark database, never on the shared one.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import time

from sqlalchemy import select

from .__main__ import make_app


def stored_rows(session, region: str) -> list[list]:
    """The region's stored rows as a reader sees them: need id, people considered, items; by need id."""
    from matchmaker.models import StoredCandidates

    return [[row.need_id, row.people_considered, row.items] for row in session.scalars(
        select(StoredCandidates).where(StoredCandidates.region_code == region).order_by(StoredCandidates.need_id))]


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
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            status = jobs.run(session=db.session, job_id=job.id)
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
            rows = stored_rows(db.session, code)
            text = json.dumps(rows, sort_keys=True, separators=(",", ":"))
            out[code] = {"seconds": round(seconds, 1), "status": status,
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
