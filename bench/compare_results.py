"""A canonical digest of every computed result, to show that a restructured engine gives the same answers.

Run it once on the code before a change and once after, on the same database, and compare the two files::

    python bench/compare_results.py build-demo --database-url URL            # once: the demo region
    python bench/compare_results.py build-bench --database-url URL           # once: the 100k benchmark province
    PYTHONPATH=/path/to/old/tree python bench/compare_results.py digest --database-url URL --out before.json
    python bench/compare_results.py digest --database-url URL --out after.json
    python bench/compare_results.py compare before.json after.json

``digest`` computes, through the same service functions the API and the workers call (read only: nothing is
stored), each person's matches (every person's top 10 in bulk with their explanations, and the one-person
service answer for a sample), each sampled need's candidates, the transition table and sampled transitions,
career paths for a sample of people, and every region's partner matches, allocation and insights. Each section
is written as canonical JSON (sorted keys, exact floats) and hashed with SHA-256; ``compare`` prints the
sections side by side and exits 1 when any differs. Run it from any tree: it imports ``matchmaker`` from
``PYTHONPATH`` first, so an old tree (``git worktree add --detach ../old <commit>``) digests with its own code.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # after PYTHONPATH: an old tree given there supplies its own ``matchmaker``


def canonical(value):
    """Plain JSON values of results: dataclasses, numpy scalars and arrays, tuples and sets made comparable."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(canonical(v) for v in value)
    if isinstance(value, np.ndarray):
        return canonical(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and value != value:
        return "NaN"
    return value


class Digest:
    """Running SHA-256 over canonical JSON records, with a count."""

    def __init__(self):
        self.hash, self.records = hashlib.sha256(), 0

    def add(self, record) -> None:
        self.hash.update(json.dumps(canonical(record), sort_keys=True, ensure_ascii=False).encode())
        self.hash.update(b"\n")
        self.records += 1

    def add_array(self, name: str, array) -> None:
        array = np.ascontiguousarray(array)
        self.hash.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
        self.hash.update(array.tobytes())
        self.records += 1

    def result(self) -> dict:
        return {"sha256": self.hash.hexdigest(), "records": self.records}


def sample(ids, n: int) -> list[int]:
    """``n`` ids spread evenly over the sorted ``ids`` (all of them when there are fewer)."""
    ids = sorted(int(i) for i in ids)
    if len(ids) <= n:
        return ids
    return [ids[int(i)] for i in np.linspace(0, len(ids) - 1, n).round().astype(int)]


def _app(url: str):
    from matchmaker import create_app

    return create_app("production", {"DATABASE_URL": url, "SECRET_KEY": "compare-secret", "LOG_LEVEL": "WARNING"})


def no_progress(*_args, **_kwargs) -> None:
    return None


def digest(url: str, *, people_sample: int, needs_sample: int, career_sample: int, say=print) -> dict:
    from sqlalchemy import select

    from matchmaker.engine import matching
    from matchmaker.extensions import db
    from matchmaker.models import Job, Need, Occupation, Person, User
    from matchmaker.services import allocation, career_paths, insights, matches, partners
    from matchmaker.services.engine_inputs import load_people
    from matchmaker.services.places import REGIONS
    from matchmaker.services.transitions import occupation_transitions, transition_table

    out: dict = {"sections": {}, "seconds": {}}
    app = _app(url)
    with app.app_context():
        s = db.session

        def section(name, fill):
            started = time.perf_counter()
            d = Digest()
            fill(d)
            out["sections"][name] = d.result()
            out["seconds"][name] = round(time.perf_counter() - started, 1)
            say(f"{name}: {out['sections'][name]['sha256'][:16]} ({d.records} records, {out['seconds'][name]} s)",
                flush=True)

        table = transition_table(s)
        space = table.space

        def transitions(d):
            d.add_array("similarity", np.asarray(table.similarity, np.float32))
            d.add({"viable": table.viable_threshold, "calibration": table.calibration})
            occupation_ids = s.scalars(select(Occupation.id)).all()
            for occupation_id in sample(occupation_ids, 200):
                d.add(occupation_transitions(session=s, occupation_id=occupation_id, limit=10))

        def bulk_matches(d):
            people = load_people(s, space=space)
            demand = matches.open_demand(s, space)
            top = matching.top_matches(space, table.similarity, people, demand.needs, k=10)
            d.add_array("needs", top.needs)
            d.add_array("scores", top.scores)
            explained = matching.explain_top_matches(space, table.similarity, people, demand.needs, top,
                                                     demand.programmes, names=demand.names)
            for p in range(len(people)):
                d.add([int(people.ids[p]), explained.for_person(p)])

        person_ids = s.scalars(select(Person.id)).all()

        def person_matches(d):
            for person_id in sample(person_ids, people_sample):
                d.add(matches.compute_person_matches(s, person_id, limit=10, include_blocked=True))

        def candidates(d):
            admin = User(id=0, role="admin", name="compare", email="compare@example.org")
            for need_id in sample(s.scalars(select(Need.id).where(Need.status == "open")).all(), needs_sample):
                ranked = matches.ranked_candidates(session=s, actor=admin, need_id=need_id, limit=10)
                demand = matches.open_demand(s, ranked.space)
                d.add([need_id, ranked.people_considered, ranked.person_ids,
                       [matches.candidate_item(ranked.space, ranked.needs, m, demand, ranked.names)
                        for m in ranked.matches]])

        def paths(d):
            for person_id in sample(person_ids, career_sample):
                job = Job(kind="career_paths", subject_type="person", subject_id=str(person_id),
                          params={"k": 5, "max_steps": 3})
                d.add(career_paths.compute(session=s, job=job, progress=no_progress))

        # the province's partner matches are the same for every region's partner-match and insights job (a
        # recompute computes them once and shares them, services/partners.py): compute them once here too
        province = {}

        def shared_province(session, job=None):
            if "matches" not in province:
                province["matches"] = partners.ProvinceMatches(session)
            return province["matches"]

        partners.province_matches = insights.province_matches = shared_province

        def per_region(run, kind):
            def fill(d):
                for code in REGIONS:
                    job = Job(kind=kind, subject_type="region", subject_id=code, params={"k": 3})
                    d.add([code, run(session=s, job=job, progress=no_progress)])
            return fill

        section("transitions", transitions)
        section("matches (all people, top 10, explained)", bulk_matches)
        section(f"person matches (service, {people_sample} people, blocked included)", person_matches)
        section(f"need candidates (service, {needs_sample} needs)", candidates)
        section(f"career paths (service, {career_sample} people)", paths)
        section("partner matches (every region)", per_region(partners.run_partner_matches, "partner_matches"))
        section("allocation (every region)", per_region(allocation.run_allocation, "allocation"))
        section("insights (every region)", per_region(insights.run_insights, "insights"))
        out["counts"] = {"people": len(person_ids), "occupations": len(space.occupation_ids),
                         "skills": len(space.skill_ids)}
        s.rollback()
        db.engine.dispose()
    import matchmaker

    out["code"] = str(Path(matchmaker.__file__).resolve().parents[1])
    return out


def build_demo(url: str, esco: str | None) -> None:
    from flask_migrate import upgrade

    from matchmaker.demo import load_demo
    from matchmaker.extensions import db

    app = _app(url)
    with app.app_context():
        upgrade()
        report = load_demo(session=db.session, seed=2026, esco_dir=esco, progress=print)
        db.session.commit()
        print(f"demo region: {report.counts} ({report.taxonomy})")
        db.engine.dispose()


def build_bench(url: str, people: int, needs: int) -> None:
    from bench.generate import Scale, build_database, esco_dir, reset_postgres

    if url.startswith("postgresql"):
        reset_postgres(url)
    report = build_database(_app(url), Scale.of(people, needs), esco=esco_dir(), seed=2026)
    print(f"benchmark province: {report.rows} ({report.taxonomy}); {report.seconds}")


def compare(before: dict, after: dict) -> bool:
    same = True
    names = list(dict.fromkeys([*before["sections"], *after["sections"]]))
    width = max(len(n) for n in names)
    for name in names:
        a, b = before["sections"].get(name, {}), after["sections"].get(name, {})
        equal = a.get("sha256") == b.get("sha256") and a.get("sha256") is not None
        same &= equal
        print(f"{name:<{width}}  {a.get('sha256', '-')[:16]}  {b.get('sha256', '-')[:16]}  "
              f"{a.get('records', '-')}/{b.get('records', '-')}  {'identical' if equal else 'DIFFERENT'}")
    return same


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("build-demo", help="migrate an empty database and load the demo region into it")
    demo.add_argument("--database-url", required=True)
    demo.add_argument("--esco-dir", default=os.environ.get("ESCO_DIR"), help="full ESCO (default: built-in)")
    bench = sub.add_parser("build-bench", help="generate the benchmark province (drops a PostgreSQL database)")
    bench.add_argument("--database-url", required=True)
    bench.add_argument("--people", type=int, default=100_000)
    bench.add_argument("--needs", type=int, default=20_000)
    run = sub.add_parser("digest", help="digest every computed result of the database's region")
    run.add_argument("--database-url", required=True)
    run.add_argument("--out", required=True)
    run.add_argument("--people-sample", type=int, default=300)
    run.add_argument("--needs-sample", type=int, default=100)
    run.add_argument("--career-sample", type=int, default=200)
    both = sub.add_parser("compare", help="compare two digests; exit 1 when a section differs")
    both.add_argument("before")
    both.add_argument("after")
    args = parser.parse_args(argv)
    if args.command == "build-demo":
        build_demo(args.database_url, args.esco_dir)
    elif args.command == "build-bench":
        build_bench(args.database_url, args.people, args.needs)
    elif args.command == "digest":
        result = digest(args.database_url, people_sample=args.people_sample, needs_sample=args.needs_sample,
                        career_sample=args.career_sample)
        Path(args.out).write_text(json.dumps(result, indent=2))
    else:
        return 0 if compare(json.loads(Path(args.before).read_text()), json.loads(Path(args.after).read_text())) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
