"""Server time of the employer's and the school's pages on the demo region (``python -m bench.measure_org_pages``).

The demo region in a SQLite file (as the browser tests build it), each page requested through the app with the
Flask test client (no network, no browser: the server's own time), signed in as the demo account of the role.
Every page is warmed up once (the process caches: taxonomy, open demand, the region's partner matches job), then
requested ``--rounds`` times; the table gives p50 and p95 in milliseconds and p95 as a multiple of the baseline,
the accessibility statement (a static page behind the same session, template and hooks), measured in the same run.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from .common import percentile

BASELINE = "/toegankelijkheid"


def _pages(app) -> dict[str, list[str]]:
    """Role -> the pages to time (the employer's need pages for one of its open needs with candidates)."""
    from matchmaker.extensions import db
    from matchmaker.models import Need, User

    with app.app_context():
        employer = db.session.scalar(select(User).where(User.role == "employer"))
        need_id = db.session.scalar(select(Need.id).where(Need.organisation_id == employer.organisation_id,
                                                          Need.status == "open").order_by(Need.id))
    return {
        "employer": ["/start", "/behoeften", "/behoeften/nieuw", f"/behoeften/{need_id}",
                     f"/behoeften/{need_id}/wijzigen", "/partners"],
        "school": ["/start", "/vraag-en-aanbod"],
        "advisor": ["/interesse"],
        "person": ["/mijn-gegevens/interesse"],
    }


def _signed_in(app, email: str, password: str):
    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/inloggen", data={"csrf_token": token, "email": email, "password": password})
    assert response.status_code == 303, response.status_code
    return client


def _time(client, path: str, rounds: int) -> list[float]:
    assert client.get(path).status_code == 200, path  # warm-up
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return times


def main(rounds: int = 20) -> list[dict]:
    from tests.web.browser import build_demo_site

    with tempfile.TemporaryDirectory() as folder:
        app, accounts = build_demo_site(Path(folder) / "demo.sqlite3")
        rows = []
        baseline = None
        for role, paths in _pages(app).items():
            client = _signed_in(app, *accounts[role])
            if baseline is None:
                baseline = percentile(_time(client, BASELINE, rounds), 95)
                rows.append({"page": f"{BASELINE} (baseline)", "role": role, "p50": None, "p95": baseline})
            for path in paths:
                times = _time(client, path, rounds)
                rows.append({"page": path, "role": role, "p50": percentile(times, 50), "p95": percentile(times, 95)})
        print(f"{'page':34} {'role':9} {'p50 ms':>7} {'p95 ms':>7} {'p95/baseline':>12}")
        for row in rows:
            p50 = f"{row['p50']:.1f}" if row["p50"] is not None else ""
            print(f"{row['page']:34} {row['role']:9} {p50:>7} {row['p95']:7.1f} {row['p95'] / baseline:12.1f}")
        return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    main(parser.parse_args().rounds)
