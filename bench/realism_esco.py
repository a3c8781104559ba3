"""The realism audit (issue 13, item 10) on full ESCO: the demo region's people and needs on the official ESCO v1.1.1
taxonomy instead of the built-in one.

    python -m bench.realism_esco [--esco-dir DIR] [--database sqlite:///path.sqlite3]

Imports ESCO (``../shared/data/esco-v1.1.1`` by default, or ``ESCO_DIR``) through the product's importer into a new
SQLite file, loads the demo region on it (``load_demo(esco_dir=...)``, as ``matchmaker demo --esco-dir`` does) and
prints the audit's counts and the share per target group, as ``tests/demo/test_realism.py`` does for the built-in
taxonomy. With ``--database`` pointing at a file already built, it only audits; after building, it audits in a
fresh process, as a server reads the database. Not a CI test: building and
auditing take about 18 minutes on a loaded 2-core machine (the import and demo about 1, the audit of every
person's matches and career paths the rest), far above the 2 minutes a CI test may take.

It exits 1 when a count is above 0 or a target group is below :data:`FLOOR`.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: the least share of each target group with a feasible match or a viable path (the issue's done-when)
FLOOR = 0.95
ESCO = Path(os.environ.get("ESCO_DIR") or Path(__file__).resolve().parents[2] / "shared" / "data" / "esco-v1.1.1")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco-dir", default=str(ESCO))
    parser.add_argument("--database", help="an SQLite URL; built when the file does not exist yet")
    args = parser.parse_args(argv)

    from matchmaker import create_app
    from matchmaker.demo import load_demo
    from matchmaker.extensions import db
    from matchmaker.models import User
    from matchmaker.services import realism
    from matchmaker.services.places import ensure_municipalities

    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp(prefix='realism_esco_')) / 'esco.sqlite3'}"
    path = Path(url.removeprefix("sqlite:///"))
    build = not path.exists()
    app = create_app("test", {"DATABASE_URL": url})
    with app.app_context():
        started = time.perf_counter()
        if build:
            if not Path(args.esco_dir).is_dir():
                print(f"The ESCO v1.1.1 files are missing at {args.esco_dir} (set ESCO_DIR).", file=sys.stderr)
                return 2
            db.create_all()
            ensure_municipalities(session=db.session)
            report = load_demo(session=db.session, esco_dir=args.esco_dir)
            db.session.commit()
            print(f"built {url} in {time.perf_counter() - started:.0f} s: {report.taxonomy}", flush=True)
    if build:  # audit in a fresh process, as a server reads the database: the build's process state left out
        # (audited in the building process, the 2026-12-03 region showed 92.3% for one group, 96.2% when read fresh)
        return subprocess.run([sys.executable, "-m", "bench.realism_esco", "--database", url]).returncode
    with app.app_context():
        admin = db.session.query(User).filter_by(email="auditor@example.org").one_or_none()
        if admin is None:
            admin = User(name="Auditor", email="auditor@example.org", role="admin")
            db.session.add(admin)
            db.session.commit()
        started = time.perf_counter()
        audit = realism.run(session=db.session, actor=admin)
        print(audit.report())
        print(f"audited in {time.perf_counter() - started:.0f} s")
        failed = [name for name in realism.CATEGORIES if audit.counts[name]]
        failed += [group for group, share in audit.shares().items() if share < FLOOR]
        if failed:
            print("not yet realistic:", ", ".join(failed), "; examples:", audit.examples)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
