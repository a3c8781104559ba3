"""Server time of the coordinator's pages on the demo region: ``python -m bench.measure_coordinator_pages``.

Builds the demo region into a SQLite file (as ``make run`` does), signs in as the demo coordinator through the
sign-in form, computes the region's stored results once (as the nightly recompute would), and then asks every
coordinator page of every region ``--rounds`` times through the WSGI app (no network): the time per request is the
server's time to answer. Prints p50 and p95 per page, in milliseconds, and the whole run's p95.
"""
from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from matchmaker.services.places import REGIONS

PAGES = ("/start", "/regio/{code}", "/regio/{code}/koppelen", "/regio/{code}/koppelen?pagina=2",
         "/regio/{code}/verdeling", "/regio/{code}/netwerk", "/regio/{code}/voortgang", "/regio/{code}/kaart")


def _site(folder: Path):
    from tests.web.browser import build_demo_site

    return build_demo_site(folder / "demo.sqlite3")


def _signed_in(app, email: str, password: str):
    client = app.test_client()
    form = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/inloggen", data={"csrf_token": token, "email": email, "password": password})
    assert answer.status_code == 303, answer.status_code
    return client


def _prepare(app, client) -> None:
    """The stored results every page reads: a recompute of all regions (insights, partner matches, allocation)."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/regio/twente").get_data(as_text=True)).group(1)
    for code in REGIONS:
        assert client.post(f"/regio/{code}/opnieuw-berekenen", data={"csrf_token": token}).status_code == 303


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, accounts = _site(Path(folder))
        client = _signed_in(app, *accounts["coordinator"])
        _prepare(app, client)
        every = []
        print(f"{'page':42} {'p50 ms':>8} {'p95 ms':>8}")
        for page in PAGES:
            for code in (REGIONS if "{code}" in page else [None]):
                path = page.format(code=code)
                client.get(path)  # the first read of a stored result parses it once per process
                times = []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    answer = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert answer.status_code == 200, (path, answer.status_code)
                every += times
                print(f"{path:42} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}")
        print(f"{'all coordinator pages':42} {statistics.median(every):8.1f} {percentile(every, 0.95):8.1f}")


if __name__ == "__main__":
    main()
