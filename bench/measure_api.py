"""The API under load on loopback: gunicorn (2 workers) on the generated region, a small asyncio client.

The client keeps ``concurrency`` HTTP/1.1 keep-alive connections busy for at most ``seconds`` (and at most
``max_requests``) per endpoint, after a warm-up, and records each request's latency and status. It runs in
its own process so it does not share an interpreter with anything else of the benchmark.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import select

from .common import OUT_DIR, in_child, percentile

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def start_gunicorn(port: int, env: dict) -> subprocess.Popen:
    log = (OUT_DIR / f"gunicorn-{port}.log").open("w")
    process = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120",
                                "matchmaker:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                stop(process)
                raise RuntimeError(f"gunicorn did not start; see {log.name}")
            time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


async def _worker(port, make_request, deadline, budget, results, timeout):
    reader = writer = None
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        method, path, body = make_request()
        payload = json.dumps(body).encode() if body is not None else b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {results['token']}\r\n"
                f"Connection: keep-alive\r\nContent-Length: {len(payload)}\r\n"
                + ("Content-Type: application/json\r\n" if body is not None else "") + "\r\n").encode()
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(head + payload)
            await writer.drain()
            status_line = await asyncio.wait_for(reader.readline(), timeout)
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await asyncio.wait_for(reader.readline(), timeout)
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
            await asyncio.wait_for(reader.readexactly(length), timeout)
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            status = 0
            if writer is not None:
                writer.close()
            writer = None
        results["latencies"].append(time.perf_counter() - start)
        results["statuses"].append(status)
    if writer is not None:
        writer.close()


def _load(port, token, spec, *, concurrency, seconds, max_requests, timeout):
    rng = random.Random(0)
    kind, ids = spec["kind"], spec["ids"]

    def make_request():
        if kind == "person_matches":
            return "GET", f"/api/v1/people/{rng.choice(ids)}/matches", None
        if kind == "need_candidates":
            return "GET", f"/api/v1/needs/{rng.choice(ids)}/candidates", None
        if kind == "needs_list":
            return "GET", f"/api/v1/needs?limit=50&offset={rng.randrange(0, 2000, 50)}", None
        return "POST", "/api/v1/needs", {"organisation_id": rng.choice(ids), "kind": "vacancy",
                                         "title": "Orderpicker (bench)", "hours_per_week": 32,
                                         "occupation_id": spec["occupation_id"]}

    async def main():
        results = {"latencies": [], "statuses": [], "token": token}
        # warm-up: each gunicorn worker loads the transition table on its first request
        warm = {"latencies": [], "statuses": [], "token": token}
        await asyncio.gather(*(_worker(port, make_request, time.monotonic() + 120, [1], warm, 120) for _ in range(2)))
        start = time.monotonic()
        budget = [max_requests]
        await asyncio.gather(*(_worker(port, make_request, start + seconds, budget, results, timeout)
                               for _ in range(concurrency)))
        results["elapsed"] = time.monotonic() - start
        results["warm_statuses"] = warm["statuses"]
        return results

    r = asyncio.run(main())
    lat = [x * 1000 for x in r["latencies"]]
    statuses = r["statuses"]
    ok = {"person_matches": 200, "need_candidates": 200, "needs_list": 200, "create_need": 201}[kind]
    return {"requests": len(statuses), "seconds": r["elapsed"], "req_per_s": len(statuses) / r["elapsed"],
            "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95), "p99_ms": percentile(lat, 99),
            "errors": sum(1 for s in statuses if s != ok), "status_counts": {str(s): statuses.count(s)
                                                                                for s in sorted(set(statuses))},
            "warm_up_statuses": sorted(set(r["warm_statuses"]))}


def admin_token(app) -> str:
    from matchmaker.extensions import db
    from matchmaker.services.accounts import create_user_with_token

    with app.app_context():
        _, token = create_user_with_token(session=db.session, name="Bench admin", email="bench-admin@bench.local",
                                          role="admin", label="bench")
        db.session.commit()
        db.engine.dispose()
    return token


def sample_ids(app, n: int = 2000) -> dict:
    from matchmaker.extensions import db
    from matchmaker.models import Need, Occupation, Organisation, Person

    with app.app_context():
        s = db.session
        ids = {"people": s.scalars(select(Person.id).order_by(Person.id).limit(n)).all(),
               "needs": s.scalars(select(Need.id).where(Need.status == "open").order_by(Need.id).limit(n)).all(),
               "employers": s.scalars(select(Organisation.id).where(Organisation.kind == "employer")
                                      .order_by(Organisation.id).limit(n)).all(),
               "occupation": s.scalar(select(Need.occupation_id).where(Need.occupation_id.is_not(None)).limit(1))
               or s.scalar(select(Occupation.id).limit(1))}
        db.engine.dispose()
    return ids


def run(app, database_url: str, port: int, *, concurrency: int, seconds: float, max_requests: int,
        timeout: float = 30.0) -> list[dict]:
    token = admin_token(app)
    ids = sample_ids(app)
    env = {**os.environ, "DATABASE_URL": database_url, "MATCHMAKER_ENV": "production", "SECRET_KEY": "bench-secret",
           "LOG_LEVEL": "WARNING", "REDIS_URL": "", "MATCHMAKER_INSTANCE_DIR": str(OUT_DIR / "instance"),
           "PYTHONPATH": str(ROOT)}
    specs = [("GET /api/v1/people/<id>/matches", {"kind": "person_matches", "ids": ids["people"]}),
             ("GET /api/v1/needs/<id>/candidates", {"kind": "need_candidates", "ids": ids["needs"]}),
             ("GET /api/v1/needs?limit=50", {"kind": "needs_list", "ids": []}),
             ("POST /api/v1/needs", {"kind": "create_need", "ids": ids["employers"], "occupation_id": ids["occupation"]})]
    rows = []
    server = start_gunicorn(port, env)
    try:
        for name, spec in specs:
            value, _ = in_child(_load, port, token, spec, concurrency=concurrency, seconds=seconds,
                                max_requests=max_requests, timeout=timeout)
            rows.append({"endpoint": name, "concurrency": concurrency, **value})
    finally:
        stop(server)
    return rows
