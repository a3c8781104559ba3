"""``python -m bench`` (full, needs ESCO) or ``python -m bench --quick`` (small, < 2 minutes).

Generates the region into SQLite and PostgreSQL through the product's importer and models, reads the engine's
arrays back through ``services.engine_inputs`` and ``services.transitions``, runs every measurement, and
writes ``bench/out/results.json`` and ``bench/RESULTS.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import (measure_allocation, measure_api, measure_build, measure_career_paths, measure_matching,
               measure_pages, measure_partners, measure_search, measure_transitions, measure_workers, report)
from .common import OUT_DIR, machine, say
from .generate import Scale, build_database, esco_dir, reset_postgres

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mm_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
PORT = int(os.environ.get("BENCH_PORT", "5130"))
#: measurements that read the SQLite copy of the region, and those that take the engine's arrays read in advance
#: (a run of others, e.g. ``--only api``, neither generates the SQLite copy nor reads the arrays)
ON_SQLITE = {"build", "pages"}
ON_ARRAYS = {"matching", "transitions", "career_paths", "allocation", "partners"}
MEASUREMENTS = ("matching", "transitions", "career_paths", "allocation", "partners", "build", "search", "api", "workers",
                "pages")

FULL = {
    "region": (100_000, 20_000),
    "matching": [(10_000, 2_000), (100_000, 20_000)], "naive_sample": 10, "matching_workers": 2,
    "transitions": [1000, 2000, 10**9],
    "career": [(10_000, 2_000), (100_000, 20_000)], "career_sample": 500, "nx_pairs": 2,
    "allocation": [(2_000, 500), (10_000, 2_000)], "allocation_small": (300, 60),
    "partners": [1000, 5000], "partner_scores_people": 10_000,
    "build_regions": ["stedendriehoek", None],
    "api": {"concurrency": 8, "seconds": 8.0, "max_requests": 10_000}, "worker_rounds": 1, "search_rounds": 10,
    "page_rounds": 40,
}
QUICK = {
    "region": (2_000, 500),
    "matching": [(500, 100), (2_000, 500)], "naive_sample": 5, "matching_workers": 2,
    "transitions": [500, 10**9],
    "career": [(2_000, 500)], "career_sample": 50, "nx_pairs": 1,
    "allocation": [(2_000, 500)], "allocation_small": (100, 30),
    "partners": [50, 100], "partner_scores_people": 2_000,
    "build_regions": [None],
    "api": {"concurrency": 4, "seconds": 1.5, "max_requests": 500}, "worker_rounds": 1, "search_rounds": 2,
    "page_rounds": 10,
}


@dataclass
class Context:
    space: object
    similarity: object
    viable: float
    calibration: str
    people: object
    needs: object
    programmes: object
    organisations: object
    requests: object


def make_app(url: str, **extra):
    from matchmaker import create_app

    return create_app("production", {"DATABASE_URL": url, "SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING",
                                     **extra})


def postgres_available(url: str) -> str | None:
    try:
        import psycopg

        admin = url.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://") + "/postgres"
        with psycopg.connect(admin, connect_timeout=3):
            return None
    except Exception as error:  # noqa: BLE001
        return f"PostgreSQL not reachable at {url.rsplit('@', 1)[-1]}: {error}".splitlines()[0]


def redis_available(url: str) -> str | None:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        return None
    except Exception as error:  # noqa: BLE001
        return f"Redis not reachable at {url}: {error}"


def load_context(app) -> Context:
    """The engine's inputs, read through the product's services (as the API and the workers read them)."""
    from matchmaker.extensions import db
    from matchmaker.services import engine_inputs
    from matchmaker.services.transitions import transition_table

    with app.app_context():
        s = db.session
        table = transition_table(s)
        space = table.space
        organisations = engine_inputs.load_organisations(s)
        ctx = Context(space=space, similarity=table.similarity, viable=table.viable_threshold,
                      calibration=table.calibration, people=engine_inputs.load_people(s, space=space),
                      needs=engine_inputs.load_needs(s, space=space),
                      programmes=engine_inputs.load_programmes(s, space=space), organisations=organisations,
                      requests=engine_inputs.load_partner_requests(s, space=space, organisations=organisations))
        db.engine.dispose()
    return ctx


def _migrate(app) -> None:
    from flask_migrate import upgrade

    from matchmaker.extensions import db

    with app.app_context():
        upgrade()
        db.engine.dispose()


def _has_region(url: str, scale: Scale) -> bool:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            people = conn.execute(text("SELECT count(*) FROM people")).scalar()
        engine.dispose()
        return people == scale.people
    except Exception:  # noqa: BLE001 - no database or no tables: generate
        return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small scales, finishes in under 2 minutes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", nargs="*", choices=MEASUREMENTS, help="run only these measurements")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse a database of a previous run with the same mode and seed when it holds the region")
    parser.add_argument("--esco", action="store_true", help="quick run on ESCO when present (default: built-in)")
    parser.add_argument("--render", action="store_true",
                        help="only write RESULTS.md again from bench/out/results.json (e.g. after editing limits.md)")
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads((OUT_DIR / "results.json").read_text())
        (Path(__file__).resolve().parent / "RESULTS.md").write_text(report.render(results))
        return 0
    plan = QUICK if args.quick else FULL
    mode = "quick" if args.quick else "full"
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "instance").mkdir(exist_ok=True)
    os.environ["MATCHMAKER_INSTANCE_DIR"] = str(OUT_DIR / "instance")
    started = time.perf_counter()
    notes: list[str] = []

    esco = esco_dir()
    where = os.environ.get("ESCO_DIR") or "../shared/data/esco-v1.1.1"
    if esco is None and not args.quick:
        print(f"ESCO v1.1.1 not found at {where} (set ESCO_DIR to the folder with the ESCO downloads). "
              "The full benchmark runs on the full ESCO taxonomy only; `make bench-quick` runs without it.",
              file=sys.stderr)
        return 2
    if args.quick and not args.esco:
        notes.append(f"ESCO {'found' if esco else 'NOT found'} at {where}; the quick run uses the built-in taxonomy "
                     "(pass --esco to use ESCO when present).")
        esco = None
    elif esco is None:
        notes.append(f"ESCO NOT found at {where}: quick run on the built-in taxonomy instead.")
    for note in notes:
        say(note)
    pg_problem = postgres_available(PG_URL)
    redis_problem = redis_available(REDIS_URL)
    if not args.quick and (pg_problem or redis_problem):
        print(f"The full benchmark needs PostgreSQL and Redis: {pg_problem or redis_problem}", file=sys.stderr)
        return 2
    for problem in (pg_problem, redis_problem):
        if problem:
            notes.append(problem + " — measurements that need it are skipped.")
            say(notes[-1])

    n_people, n_needs = plan["region"]
    scale = Scale.of(n_people, n_needs)
    sqlite_path = OUT_DIR / f"bench-{mode}.sqlite3"
    sqlite_url = f"sqlite:///{sqlite_path}"
    pg_url = PG_URL if not args.quick else PG_URL + "_quick"
    results: dict = {"mode": mode, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "machine": machine(), "seed": args.seed, "scale": scale.__dict__, "notes": notes,
                     "generation": {}, "measurements": {}}
    # a partial run (--only) never replaces the full run's files: it writes its own next to them
    suffix = ("-quick" if args.quick else "") + ("-only" if args.only else "")
    out_json = OUT_DIR / f"results{suffix}.json"

    def save():
        results["total_s"] = time.perf_counter() - started
        out_json.write_text(json.dumps(results, indent=2, default=str))

    wanted = set(args.only or MEASUREMENTS)
    apps = {}
    for backend, url in (("sqlite", sqlite_url), ("postgresql", None if pg_problem else pg_url)):
        if url is None or (backend == "sqlite" and not pg_problem and not wanted & ON_SQLITE):
            continue
        if not (args.reuse and _has_region(url, scale)):
            say(f"generating {scale.people} people / {scale.needs} needs / {scale.organisations} organisations "
                f"into {backend}…")
            if backend == "sqlite":
                sqlite_path.unlink(missing_ok=True)
            else:
                reset_postgres(url)
            load = build_database(make_app(url), scale, esco=esco, seed=args.seed)
            results["generation"][backend] = {"taxonomy": load.taxonomy, "seconds": load.seconds, "rows": load.rows}
            say(f"  {backend}: {load.taxonomy}; " + ", ".join(f"{k} {v:.1f} s" for k, v in load.seconds.items()))
        else:  # a reused database gets the schema changes made since it was generated
            _migrate(make_app(url))
        apps[backend] = make_app(url)
    save()

    main_app = apps.get("postgresql", apps.get("sqlite"))
    if wanted & ON_ARRAYS:
        say("reading the engine's arrays through services.engine_inputs and services.transitions…")
        t = time.perf_counter()
        ctx = load_context(main_app)
        results["context"] = {"backend": "postgresql" if "postgresql" in apps else "sqlite",
                              "seconds": time.perf_counter() - t, "occupations": ctx.space.n_occupations,
                              "skills": ctx.space.n_skills, "people": len(ctx.people), "needs": len(ctx.needs),
                              "programmes": len(ctx.programmes), "organisations": len(ctx.organisations),
                              "viable_threshold": ctx.viable, "calibration": ctx.calibration}
        say(f"  {results['context']}")
    m = results["measurements"]

    def step(name, fn):
        if name not in wanted:
            return
        say(f"{name}…")
        t0 = time.perf_counter()
        try:
            m[name] = fn()
        except Exception as error:  # noqa: BLE001 - recorded, the other measurements still run
            import traceback

            traceback.print_exc()
            m[name] = {"error": f"{type(error).__name__}: {error}"}
        say(f"  {name} done in {time.perf_counter() - t0:.1f} s")
        save()

    step("matching", lambda: measure_matching.run(
        ctx, plan["matching"], naive_sample=plan["naive_sample"],
        workers=int(os.environ.get("BENCH_MATCHING_WORKERS", plan["matching_workers"]))))
    step("transitions", lambda: measure_transitions.run(ctx, plan["transitions"]))
    step("career_paths", lambda: measure_career_paths.run(ctx, plan["career"], sample=plan["career_sample"],
                                                          nx_pairs=plan["nx_pairs"], app=main_app))
    step("allocation", lambda: measure_allocation.run(ctx, plan["allocation"], small=plan["allocation_small"]))
    step("partners", lambda: measure_partners.run(ctx, plan["partners"],
                                                  people_for_scores=plan["partner_scores_people"]))
    step("build", lambda: measure_build.run(apps, plan["build_regions"]))
    # as deployed: the request limits counted in Redis (REDIS_URL), not in this process's memory
    step("search", lambda: measure_search.run(
        make_app(pg_url if "postgresql" in apps else sqlite_url,
                 RATELIMIT_STORAGE_URI="memory://" if redis_problem else REDIS_URL), plan["search_rounds"]))
    # the pages as a reader gets them: one client asks thousands of pages a minute, over the per-caller limit
    pages_app = make_app(sqlite_url, **measure_api.UNTHROTTLED) if "sqlite" in apps else None
    step("pages", lambda: measure_pages.run(pages_app, measure_pages.province_accounts(pages_app),
                                            rounds=plan["page_rounds"],
                                            region=f"{scale.people:,} people, {scale.needs:,} needs"))
    if "postgresql" in apps:
        step("api", lambda: measure_api.run(apps["postgresql"], pg_url, PORT, **plan["api"],
                                            limits_storage="memory://" if redis_problem else REDIS_URL,
                                            broker="" if redis_problem else REDIS_URL))
        if not redis_problem:
            step("workers", lambda: measure_workers.run(apps["postgresql"], pg_url, REDIS_URL,
                                                        rounds=int(os.environ.get("BENCH_WORKER_ROUNDS",
                                                                                  plan["worker_rounds"])),
                                                        counts=tuple(int(n) for n in os.environ.get(
                                                            "BENCH_WORKER_COUNTS", "1,2").split(","))))
    save()
    markdown = report.render(results)
    target = (Path(__file__).resolve().parent / "RESULTS.md") if not suffix else OUT_DIR / f"RESULTS{suffix}.md"
    target.write_text(markdown)
    say(f"done in {results['total_s']:.0f} s: {out_json} and {target}")
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
