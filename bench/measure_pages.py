"""Server time per page: ``python -m bench.measure_pages`` on the demo region, ``--province`` on a generated
province of 100,000 people and 20,000 needs (SQLite, built-in taxonomy, :mod:`bench.generate`); also the ``pages``
step of ``python -m bench`` on that run's region.

Every role's main pages are asked through the WSGI app in this process (werkzeug's test client, no network: the
time is the server's), signed in through the sign-in form. The baseline runs in the same run: the accessibility
statement (no sign-in, a static template: the framework, the session and the templates alone); each row gives its
p95 as a multiple of the baseline's. A person's pages rotate over several people of the advisor's caseload; the
first view of each, which computes and stores what fits them (``services/proposals.py``), is timed apart.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from .common import percentile
from .measure_coordinator_pages import _signed_in

BASELINE = "/toegankelijkheid"
#: role -> pages; {person} is a person of the advisor's caseload, {q} the first word of their name
PAGES = {
    "advisor": ("/start", "/caseload", "/caseload?q={q}", "/caseload/{person}", "/caseload/{person}/wijzigen",
                "/caseload/{person}/samenvatting"),
    "person": ("/start", "/mijn-gegevens", "/mijn-voorstellen", "/mijn-gegevens/delen"),
    "admin": ("/start", "/beheer/gebruikers"),
    "coordinator": ("/start",),
    "employer": ("/start",),
    "school": ("/start",),
}
#: people of the caseload the person pages rotate over
PEOPLE = 8
PASSWORD = "bench wachtwoord voor de pagina's"
DEMO_LIMIT_MS, PROVINCE_LIMIT_MS = 100.0, 300.0
SLOW_MS, SLOW_ROUNDS = 2000.0, 3


def _with_password(session, user) -> tuple[str, str]:
    from matchmaker.services import accounts

    accounts.set_password(session=session, token=accounts.invite(session=session, user=user), password=PASSWORD)
    return user.email, PASSWORD


def province_accounts(app, caseload: int = 300) -> dict:
    """One user per role on a generated region (which has none): an advisor with the first ``caseload`` people,
    one of them with an account of their own; the first employer and school."""
    from sqlalchemy import select, update

    from matchmaker.extensions import db
    from matchmaker.models import Organisation, Person
    from matchmaker.services import accounts

    with app.app_context():
        session = db.session
        users = {role: accounts.create_user(session=session, name=f"Bench {role}", role=role,
                                            email=f"{role}@bench.matchmaker.local")
                 for role in ("admin", "coordinator", "advisor")}
        ids = list(session.scalars(select(Person.id).order_by(Person.id).limit(caseload)))
        session.execute(update(Person).where(Person.id.in_(ids)).values(advisor_id=users["advisor"].id))
        users["person"] = accounts.create_user(session=session, name="Bench person", role="person",
                                               email="person@bench.matchmaker.local", person_id=ids[0])
        for kind in ("employer", "school"):
            organisation = session.scalar(select(Organisation).where(Organisation.kind == kind).order_by(Organisation.id))
            users[kind] = accounts.create_user(session=session, name=f"Bench {kind}", role=kind,
                                               email=f"{kind}@bench.matchmaker.local", organisation_id=organisation.id)
        found = {role: _with_password(session, user) for role, user in users.items()}
        session.commit()
        db.session.remove()
    return found


def _caseload(app, advisor_email: str) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from matchmaker.extensions import db
    from matchmaker.models import Person, User

    with app.app_context():
        advisor = db.session.scalar(select(User).where(User.email == advisor_email))
        found = db.session.execute(select(Person.id, Person.name).where(Person.advisor_id == advisor.id)
                                   .order_by(Person.id).limit(PEOPLE)).all()
        db.session.remove()
    return [(row.id, row.name) for row in found]


def _timed(client, path: str) -> float:
    start = time.perf_counter()
    answer = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    assert answer.status_code == 200, (path, answer.status_code)
    return elapsed


def _row(page: str, times: list[float], baseline_p95: float | None) -> dict:
    p95 = percentile(times, 95)
    return {"page": page, "requests": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95, 1), "times_baseline": round(p95 / baseline_p95, 1) if baseline_p95 else None}


def run(app, site_accounts: dict, *, rounds: int = 20, region: str = "demo") -> dict:
    """Every page of :data:`PAGES` ``rounds`` times (person pages: ``rounds`` requests over the caseload)."""
    anonymous = app.test_client()
    anonymous.get(BASELINE)
    baseline = [_timed(anonymous, BASELINE) for _ in range(rounds)]
    base_p95 = percentile(baseline, 95)
    rows = [_row(f"{BASELINE} (baseline: no sign-in, static page)", baseline, None)]
    people = _caseload(app, site_accounts["advisor"][0])
    first_views: list[float] = []
    every: list[float] = []
    for role, pages in PAGES.items():
        client = _signed_in(app, *site_accounts[role])
        for page in pages:
            paths = [page.format(person=pid, q=name.split()[0]) for pid, name in people] if "{" in page else [page]
            warm = [_timed(client, path) for path in paths]
            if page == "/caseload/{person}":
                first_views += warm  # computed and stored what fits each
            # a page slower than SLOW_MS is sampled a few times only (the run would otherwise take hours)
            count = rounds if statistics.median(warm) < SLOW_MS else min(rounds, SLOW_ROUNDS)
            times = [_timed(client, paths[i % len(paths)]) for i in range(count)]
            every += times
            rows.append(_row(f"{role}: {page}", times, base_p95))
    limit = DEMO_LIMIT_MS if region == "demo" else PROVINCE_LIMIT_MS
    overall = percentile(every, 95)
    return {"region": region, "rounds": rounds, "rows": rows, "p95_all_ms": round(overall, 1), "limit_ms": limit,
            "within_limit": overall <= limit,
            "first_view_of_person_p50_ms": round(statistics.median(first_views), 1) if first_views else None}


def _print(result: dict) -> None:
    print(f"{'page':58} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'× base':>7}")
    for row in result["rows"]:
        print(f"{row['page']:58} {row['requests']:4} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
              f"{row['times_baseline'] if row['times_baseline'] is not None else '':>7}")
    print(f"p95 over every signed-in page: {result['p95_all_ms']} ms (limit {result['limit_ms']:.0f} ms: "
          f"{'within' if result['within_limit'] else 'OVER'}); first view of a person page (computes what fits): "
          f"p50 {result['first_view_of_person_p50_ms']} ms")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--province", action="store_true", help="a generated province of 100,000 people")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument("--database", type=Path, help="with --province: this SQLite file, generated when missing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.province:
            from . import generate
            from .__main__ import make_app

            database = args.database or Path(folder) / "province.sqlite3"
            app = make_app(f"sqlite:///{database}")
            if not database.exists() or database.stat().st_size == 0:
                load = generate.build_database(app, generate.Scale.of(args.people, args.needs), esco=None)
                print(f"generated {args.people:,} people / {args.needs:,} needs: "
                      + ", ".join(f"{k} {v:.0f} s" for k, v in load.seconds.items()))
            site_accounts = province_accounts(app)
            region = f"{args.people // 1000}k province"
        else:
            from tests.web.browser import build_demo_site

            app, site_accounts = build_demo_site(Path(folder) / "demo.sqlite3")
            region = "demo"
        result = run(app, site_accounts, rounds=args.rounds, region=region)
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
