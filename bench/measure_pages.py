"""Server time per page: ``python -m bench.measure_pages`` on the demo region, ``--province`` on a generated
province of 100,000 people and 20,000 needs (SQLite, built-in taxonomy, :mod:`bench.generate`); also the ``pages``
step of ``python -m bench`` on that run's region.

Every role's pages (the start page and the main pages beyond it: the coordinator's pages of every region, the
employer's needs and candidates, the school's demand, the advisor's person pages, the exchange, keeping work) are
asked through the WSGI app in this process (werkzeug's test client, no network: the time is the server's), signed
in through the sign-in form. Before the timing, every region's stored results are computed once, as the nightly
recompute does (insights, partner matches, allocation), unless they are current already: a second run on the same
``--database`` reuses the recomputed province and its bench accounts (at 100k a recompute takes tens of minutes),
so copy the generated file once and measure on the copy as often as needed. The baseline runs in the same run: the accessibility
statement (no sign-in, a static template: the framework, the session and the templates alone); each row gives its
p95 as a multiple of the baseline's, so that rows from a loaded machine still compare. A person's pages rotate over
several people of the advisor's caseload, a region's pages over the regions; the first view of a person page,
which computes and stores what fits them (``services/proposals.py``), is timed apart. ``--markdown`` prints the
table as it goes into bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from .common import percentile

BASELINE = "/toegankelijkheid"
#: role -> pages; {person} is a person of the advisor's caseload, {q} the first word of their name, {region} a
#: region's code, {need} an open need of the employer's
PAGES = {
    "advisor": ("/start", "/caseload", "/caseload?q={q}", "/caseload/{person}", "/caseload/{person}/wijzigen",
                "/caseload/{person}/samenvatting", "/interesse", "/werk-behouden", "/uitwisseling"),
    "person": ("/start", "/mijn-gegevens", "/mijn-voorstellen", "/mijn-gegevens/delen", "/mijn-gegevens/interesse"),
    "admin": ("/start", "/beheer/gebruikers"),
    "coordinator": ("/start", "/regio/{region}", "/regio/{region}/koppelen", "/regio/{region}/koppelen?pagina=2",
                    "/regio/{region}/verdeling", "/regio/{region}/netwerk", "/regio/{region}/voortgang",
                    "/regio/{region}/kaart", "/regio/{region}/werk-naar-werk", "/uitwisseling/monitor"),
    "employer": ("/start", "/behoeften", "/behoeften/nieuw", "/behoeften/{need}", "/behoeften/{need}/wijzigen",
                 "/partners", "/mijn-medewerkers", "/uitwisseling"),
    "school": ("/start", "/vraag-en-aanbod", "/uitwisseling"),
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


def _signed_in(app, email: str, password: str):
    client = app.test_client()
    form = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/inloggen", data={"csrf_token": token, "email": email, "password": password})
    assert answer.status_code == 303, answer.status_code
    return client


def _not_current(app) -> list[str]:
    """The regions whose stored results (every kind a recompute stores) are missing or older than their data."""
    from matchmaker.extensions import db
    from matchmaker.services import jobs
    from matchmaker.services.places import REGIONS
    from matchmaker.services.region_jobs import REGION_KINDS

    def current(code: str, kind: str) -> bool:
        job = jobs.latest_succeeded(session=db.session, kind=kind, subject_id=code)
        return job is not None and not jobs.is_stale(session=db.session, job=job)

    with app.app_context():
        found = [code for code in REGIONS if not all(current(code, kind) for kind in REGION_KINDS)]
        db.session.remove()
    return found


def _prepare(app, client) -> list[str]:
    """The stored results the coordinator's pages read: a recompute of every region whose results are not current
    (insights, partner matches, allocation, ...), asked as the coordinator asks it on the region's page. A
    province recomputed by an earlier run keeps its results (at 100k a recompute takes tens of minutes). Returns
    the regions recomputed."""
    codes = _not_current(app)
    if codes:  # the start page's form carries the token (a region's page would compute its insights first)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/start").get_data(as_text=True)).group(1)
    for code in codes:
        start = time.perf_counter()
        assert client.post(f"/regio/{code}/opnieuw-berekenen", data={"csrf_token": token}).status_code == 303
        print(f"recomputed {code}: {time.perf_counter() - start:.0f} s", flush=True)
    return codes


def _open_need(app, employer_email: str) -> int:
    """The employer's first open need."""
    from sqlalchemy import select

    from matchmaker.extensions import db
    from matchmaker.models import Need, User

    with app.app_context():
        employer = db.session.scalar(select(User).where(User.email == employer_email))
        found = db.session.scalar(select(Need.id).where(Need.organisation_id == employer.organisation_id,
                                                        Need.status == "open").order_by(Need.id))
        db.session.remove()
    return found


def _paths(page: str, places: dict) -> list[str]:
    """``page`` with its placeholders filled: one address per person of the caseload or per region."""
    if "{person}" in page or "{q}" in page:
        return [page.format(person=pid, q=name.split()[0]) for pid, name in places["people"]]
    if "{region}" in page:
        return [page.format(region=code) for code in places["regions"]]
    return [page.format(need=places["need"])]


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
    """Every page of :data:`PAGES` ``rounds`` times (pages of a person or a region: ``rounds`` requests over the
    caseload or the regions)."""
    from matchmaker.services.places import REGIONS

    recomputed = _prepare(app, _signed_in(app, *site_accounts["coordinator"]))
    anonymous = app.test_client()
    anonymous.get(BASELINE)
    baseline = [_timed(anonymous, BASELINE) for _ in range(rounds)]
    base_p95 = percentile(baseline, 95)
    rows = [_row(f"{BASELINE} (baseline: no sign-in, static page)", baseline, None)]
    places = {"people": _caseload(app, site_accounts["advisor"][0]), "regions": list(REGIONS),
              "need": _open_need(app, site_accounts["employer"][0])}
    first_views: list[float] = []
    every: list[float] = []
    for role, pages in PAGES.items():
        client = _signed_in(app, *site_accounts[role])
        for page in pages:
            paths = _paths(page, places)
            warm = [_timed(client, path) for path in paths]  # the first read of a stored result parses it
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
            "within_limit": overall <= limit, "pages_over_limit": [r["page"] for r in rows[1:] if r["p95_ms"] > limit],
            "load": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(), "recomputed": recomputed,
            "first_view_of_person_p50_ms": round(statistics.median(first_views), 1) if first_views else None}


def markdown(result: dict) -> list[str]:
    """The table as it goes into bench/RESULTS.md (also what :mod:`bench.report` writes for the ``pages`` step)."""
    load = result.get("load")
    lines = [f"Region: {result['region']}; {result['rounds']} requests per page"
             + (f"; load average {' / '.join(map(str, load))} on {result['cpus']} CPUs at the end of the run. "
                if load else ". ")
             + f"p95 over every signed-in page: {result['p95_all_ms']} ms (limit {result['limit_ms']:.0f} ms: "
             f"{'met' if result['within_limit'] else 'missed'}); pages over the limit: "
             f"{', '.join(result.get('pages_over_limit', [])) or 'none'}; first view of a person page (computes and stores "
             f"what fits): p50 {result['first_view_of_person_p50_ms']} ms.", "",
             "| page | requests | p50 ms | p95 ms | × base |", "|---|---:|---:|---:|---:|"]
    for row in result["rows"]:
        times = row["times_baseline"] if row["times_baseline"] is not None else "1"
        lines.append(f"| `{row['page']}` | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | {times} |")
    return lines


def _print(result: dict) -> None:
    print(f"{'page':58} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'× base':>7}")
    for row in result["rows"]:
        print(f"{row['page']:58} {row['requests']:4} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
              f"{row['times_baseline'] if row['times_baseline'] is not None else '':>7}")
    print(f"p95 over every signed-in page: {result['p95_all_ms']} ms (limit {result['limit_ms']:.0f} ms: "
          f"{'within' if result['within_limit'] else 'OVER'}); over the limit: "
          f"{', '.join(result['pages_over_limit']) or 'none'}; first view of a person page (computes what fits): "
          f"p50 {result['first_view_of_person_p50_ms']} ms; load {result['load']}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--province", action="store_true", help="a generated province of 100,000 people")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument("--markdown", action="store_true", help="also print the table for bench/RESULTS.md")
    parser.add_argument("--database", type=Path, help="with --province: this SQLite file, generated when missing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.province:
            from . import generate
            from .__main__ import make_app

            database = args.database or Path(folder) / "province.sqlite3"
            from .measure_api import UNTHROTTLED

            app = make_app(f"sqlite:///{database}", **UNTHROTTLED)  # one client asks more than a caller may
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
    if args.markdown:
        print("\n".join(markdown(result)))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
