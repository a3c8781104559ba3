"""Server time of the admin's pages on a generated province: ``python -m bench.measure_admin_pages --database
FILE`` (a SQLite file :mod:`bench.generate` made, e.g. by ``python -m bench.measure_pages --province --database
FILE``; it is copied, never changed); with ``--demo``, the start pages (with their notices) and the employer's and
school's forms on the demo region.

The copy gets an admin and ``--accounts`` user accounts (advisors, employers' users and job-seekers with an
account of their own, as a province in use has them), then each page is requested through the app with the Flask
test client (no network: the server's own time), warmed up once and timed ``--rounds`` times. The baseline, in the
same run, is the accessibility statement (a static page behind the same session, templates and hooks); each row
gives its p95 as a multiple of it.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from .common import percentile
from .measure_pages import _row, _signed_in, _timed

BASELINE = "/toegankelijkheid"
PAGES = ("/start", "/beheer/gebruikers", "/beheer/gebruikers?q=bench", "/beheer/gebruikers?q=anna+de",
         "/beheer/gebruikers?pagina=3")
PASSWORD = "bench wachtwoord voor de beheerder"
ROLES = ("advisor", "employer", "person")
FIRST_NAMES = ("Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gerrit", "Hanna", "Ibrahim", "Joost")


def _prepare(app, accounts: int) -> tuple[str, str]:
    """An admin with a password, and ``accounts`` users of the roles that have many (names and e-mail addresses
    made up, organisations and people the first of the province)."""
    from sqlalchemy import insert, select

    from matchmaker.extensions import db
    from matchmaker.models import Organisation, Person, User
    from matchmaker.services import accounts as account_service

    with app.app_context():
        session = db.session
        employers = list(session.scalars(select(Organisation.id).where(Organisation.kind == "employer")
                                         .order_by(Organisation.id).limit(accounts)))
        people = list(session.scalars(select(Person.id).order_by(Person.id).limit(accounts)))
        rows = []
        for n in range(accounts):
            role = ROLES[n % len(ROLES)]
            rows.append({"name": f"{FIRST_NAMES[n % len(FIRST_NAMES)]} de Bench {n}", "role": role,
                         "email": f"user{n}@bench.matchmaker.local",
                         "organisation_id": employers[n % len(employers)] if role == "employer" else None,
                         "person_id": people[n] if role == "person" else None})
        if rows:
            session.execute(insert(User), rows)
        admin = account_service.create_user(session=session, name="Bench admin", role="admin",
                                            email="admin@bench.matchmaker.local")
        account_service.set_password(session=session, token=account_service.invite(session=session, user=admin),
                                     password=PASSWORD)
        session.commit()
        db.session.remove()
    return "admin@bench.matchmaker.local", PASSWORD


def _times(client, path: str, rounds: int) -> list[float]:
    _timed(client, path)  # warm-up
    return [_timed(client, path) for _ in range(rounds)]


def run(app, *, rounds: int, accounts: int) -> list[dict]:
    client = _signed_in(app, *_prepare(app, accounts))
    base_p95 = percentile(baseline := _times(client, BASELINE, rounds), 95)
    rows = [_row(f"{BASELINE} (baseline)", baseline, None)]
    return rows + [_row(path, _times(client, path, rounds), base_p95) for path in PAGES]


def run_demo(rounds: int) -> list[dict]:
    """The forms and start pages of issue 12's last pages on the demo region: each role's start page (with its
    notices), the school's programme pages and the employer's need form."""
    from sqlalchemy import select

    from matchmaker.extensions import db
    from matchmaker.models import Programme, User
    from tests.web.browser import build_demo_site

    with tempfile.TemporaryDirectory() as folder:
        app, site_accounts = build_demo_site(Path(folder) / "demo.sqlite3")
        with app.app_context():
            school = db.session.scalar(select(User).where(User.email == site_accounts["school"][0]))
            programme = db.session.scalar(select(Programme.id).where(
                Programme.organisation_id == school.organisation_id).order_by(Programme.id))
            db.session.remove()
        pages = {"advisor": ["/start", "/caseload"], "person": ["/start"],
                 "employer": ["/start", "/behoeften/nieuw"],
                 "school": ["/start", "/opleidingen", "/opleidingen/nieuw", f"/opleidingen/{programme}/wijzigen"],
                 "admin": ["/start", "/beheer/gebruikers"]}
        clients = {role: _signed_in(app, *site_accounts[role]) for role in pages}
        base_p95 = percentile(baseline := _times(clients["admin"], BASELINE, rounds), 95)
        rows = [_row(f"{BASELINE} (baseline)", baseline, None)]
        for role, paths in pages.items():
            rows += [_row(f"{role}: {path}", _times(clients[role], path, rounds), base_p95) for path in paths]
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a generated province (SQLite file)")
    parser.add_argument("--demo", action="store_true", help="the demo region instead: start pages and forms")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--accounts", type=int, default=3000, help="user accounts added to the copy")
    args = parser.parse_args(argv)
    from .__main__ import make_app

    if args.demo:
        rows = run_demo(args.rounds)
    elif args.database is None:
        parser.error("give --database FILE (a generated province) or --demo")
    else:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "province.sqlite3"
            shutil.copyfile(args.database, copy)
            rows = run(make_app(f"sqlite:///{copy}"), rounds=args.rounds, accounts=args.accounts)
    print(f"{'page':40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'× base':>7}")
    for row in rows:
        print(f"{row['page']:40} {row['requests']:4} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
              f"{row['times_baseline'] or 1.0:7.1f}")


if __name__ == "__main__":
    main()
