"""Abuse held off: the requests of issue 10's findings, sent to gunicorn (2 workers, production settings, the
limits' counters in Redis) on the demo region, with what each got back.

    python -m bench.measure_limits [--port 5113] [--redis redis://127.0.0.1:6379/13]

- 2,000 guessed bearer tokens from 16 connections for at most 5 s;
- 300 requests for a need's candidates by its employer within about a second;
- 40 career-path requests for the same person by one advisor (one job, the rest the same job or refused);
- 40 career-path requests for 40 different people by one admin;
- 20 recompute requests by one coordinator over the three regions and all regions.

The Redis database is the broker too (jobs stay queued: no workers run) and is emptied before and after.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .common import OUT_DIR, stop_process_group

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _prepare(env: dict) -> dict:
    """The demo region in a fresh SQLite file, and tokens of an advisor, an employer, a coordinator, an admin."""
    subprocess.run([str(BIN / "matchmaker"), "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([str(BIN / "matchmaker"), "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "MATCHMAKER_INSTANCE_DIR")})
    from sqlalchemy import select

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.models import Need, Person, User
    from matchmaker.services.accounts import create_user_with_token

    app = create_app("development", {"DATABASE_URL": env["DATABASE_URL"], "REDIS_URL": ""})
    with app.app_context():
        s = db.session
        advisor = s.scalar(select(User).where(User.role == "advisor").order_by(User.id))
        need = s.scalar(select(Need).where(Need.status == "open").order_by(Need.id))
        _, employer = create_user_with_token(session=s, name="Bench employer", email="employer@bench.local",
                                             role="employer", organisation_id=need.organisation_id)
        _, coordinator = create_user_with_token(session=s, name="Bench coordinator", email="coordinator@bench.local",
                                                role="coordinator")
        _, admin = create_user_with_token(session=s, name="Bench admin", email="admin@bench.local", role="admin")
        _, advisor_token = create_user_with_token(session=s, name=advisor.name, email=advisor.email, role="advisor")
        person = s.scalar(select(Person.id).where(Person.advisor_id == advisor.id).order_by(Person.id))
        people = s.scalars(select(Person.id).order_by(Person.id).limit(40)).all()
        s.commit()
        return {"advisor": advisor_token, "employer": employer, "coordinator": coordinator, "admin": admin,
                "need": need.id, "person": person, "people": people}


def _send(port: int, requests: list[tuple[str, str, str, dict | None]], connections: int,
          seconds: float | None = None, address: str = "127.0.0.1") -> tuple[Counter, float, int]:
    """Send ``requests`` (method, path, token, body) over ``connections`` connections from client ``address``
    (any of 127.0.0.0/8); the statuses, the seconds taken and how many were sent."""
    deadline = time.monotonic() + seconds if seconds else None
    chunks = [requests[i::connections] for i in range(connections)]

    def run(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(address, 0))
        got = []
        for method, path, token, body in chunk:
            if deadline and time.monotonic() > deadline:
                break
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            payload = None
            if body is not None:
                payload, headers["Content-Type"] = json.dumps(body), "application/json"
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            response.read()
            got.append(response.status)
        conn.close()
        return got

    began = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        statuses = [status for got in pool.map(run, chunks) for status in got]
    return Counter(statuses), time.monotonic() - began, len(statuses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=5113)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            raise SystemExit(f"port {args.port} is taken by another server: pick a free one with --port")
    work = OUT_DIR / "limits"
    work.mkdir(parents=True, exist_ok=True)
    database = work / "limits.sqlite3"
    database.unlink(missing_ok=True)
    import redis

    redis.Redis.from_url(args.redis).flushdb()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MATCHMAKER_INSTANCE_DIR": str(work),
           "REDIS_URL": "", "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING"}
    ids = _prepare(env)
    server_env = {**env, "MATCHMAKER_ENV": "production", "SECRET_KEY": "bench-limits", "REDIS_URL": args.redis}
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{args.port}",
                               "matchmaker:create_app()"], cwd=ROOT, env=server_env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:  # answered by a worker that has loaded the application (slow on a busy machine)
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/api/v1/health", timeout=120)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start; see {log.name}")
                time.sleep(0.3)
        _send(args.port, [("GET", "/api/v1/health", "", None)] * 4, 2)  # both workers loaded
        rows = []
        guesses = [("GET", "/api/v1/needs", f"mm_guess{n:05d}", None) for n in range(2000)]
        # from an address of its own: once it used up its attempts, every request with a token from it gets 429
        rows.append(("2,000 guessed tokens, 16 connections, at most 5 s",
                     *_send(args.port, guesses, 16, 5.0, address="127.0.0.66")))
        candidates = [("GET", f"/api/v1/needs/{ids['need']}/candidates", ids["employer"], None)] * 300
        rows.append(("300 candidate requests (one employer)", *_send(args.port, candidates, 16)))
        same = [("POST", f"/api/v1/people/{ids['person']}/career-paths", ids["advisor"], {})] * 40
        rows.append(("40 career-path requests, same person (one advisor)", *_send(args.port, same, 8)))
        distinct = [("POST", f"/api/v1/people/{p}/career-paths", ids["admin"], {}) for p in ids["people"]]
        rows.append(("40 career-path requests, 40 people (one admin)", *_send(args.port, distinct, 8)))
        paths = ["/api/v1/regions/twente/recompute", "/api/v1/regions/regio-zwolle/recompute",
                 "/api/v1/regions/stedendriehoek/recompute", "/api/v1/regions/recompute"]
        recomputes = [("POST", paths[n % 4], ids["coordinator"], {}) for n in range(20)]
        rows.append(("20 recompute requests (one coordinator)", *_send(args.port, recomputes, 4)))
    finally:
        stop_process_group(server)
        redis.Redis.from_url(args.redis).flushdb()
    print("| requests | sent | seconds | answers |\n|---|---:|---:|---|")
    for name, statuses, seconds, sent in rows:
        answers = ", ".join(f"{count}× {status}" for status, count in sorted(statuses.items()))
        print(f"| {name} | {sent} | {seconds:.2f} | {answers} |")


if __name__ == "__main__":
    main()
