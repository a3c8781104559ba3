"""The API under load on loopback: gunicorn (2 workers) on the generated region, with wrk when it is installed
(``apt-get install wrk``; C, so it leaves more of the cores to the server), else a small asyncio client.

Two baselines run first with the same client and server: the health endpoint (no token, ``SELECT 1``: the
framework, server and client alone) and one need by id (a token and one record); every row reports its
requests per second as a share of the health endpoint's. The Python client keeps ``concurrency`` HTTP/1.1 keep-alive connections busy for at most ``seconds`` (and at most
``max_requests``) per endpoint, after a warm-up, and records each request's latency and status. It runs in
its own process so it does not share an interpreter with anything else of the benchmark.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from .common import OUT_DIR, in_child, percentile, stop_process_group, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: gunicorn sync workers, one per core
WORKERS = 2
#: the baselines measured in the same run: what the framework, the server and the client cost with no work
CEILING = "GET /api/v1/health (baseline: no token, SELECT 1)"
ONE_RECORD = "GET /api/v1/needs/<id> (baseline: one record)"
#: the load is one user sending hundreds of requests a second: rate limits far above it (they are still counted,
#: so their cost is in every row)
UNTHROTTLED = {name: "100000000 per minute" for name in
               ("RATELIMIT_PER_CALLER", "RATELIMIT_EXPENSIVE_READS", "RATELIMIT_JOB_CREATION")}


def start_gunicorn(port: int, env: dict) -> subprocess.Popen:
    log = OUT_DIR / f"gunicorn-{port}.log"
    process = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--timeout", "120",
                                "matchmaker:create_app()"], cwd=ROOT, env=env, stdout=log.open("w"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    return wait_until_serving(process, port, log)


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
        if kind == "health":
            return "GET", "/api/v1/health", None
        if kind == "need":
            return "GET", f"/api/v1/needs/{rng.choice(ids)}", None
        if kind == "person_matches":
            return "GET", f"/api/v1/people/{rng.choice(ids)}/matches", None
        if kind == "need_candidates":
            return "GET", f"/api/v1/needs/{rng.choice(ids)}/candidates", None
        if kind == "needs_list":
            return "GET", f"/api/v1/needs?limit=50&offset={rng.randrange(0, 2000, 50)}", None
        return "POST", "/api/v1/needs", {"organisation_id": rng.choice(ids), "kind": "vacancy",
                                         "title": POSTED_TITLE, "hours_per_week": 32,
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
    ok = OK_STATUS[kind]
    return {"requests": len(statuses), "seconds": r["elapsed"], "req_per_s": len(statuses) / r["elapsed"],
            "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95), "p99_ms": percentile(lat, 99),
            "errors": sum(1 for s in statuses if s != ok), "status_counts": {str(s): statuses.count(s)
                                                                                for s in sorted(set(statuses))},
            "warm_up_statuses": sorted(set(r["warm_statuses"]))}


OK_STATUS = {"health": 200, "need": 200, "person_matches": 200, "need_candidates": 200, "needs_list": 200,
             "create_need": 201}

#: wrk's Lua: the same requests as the Python client's ``make_request``, and a JSON line of results at the end
WRK_SCRIPT = """
local kind, token, ids, occupation = %(kind)s, %(token)s, {%(ids)s}, %(occupation)s
function init(args)
  math.randomseed(17)
  wrk.headers["Authorization"] = "Bearer " .. token
end
function request()
  local id = ids[math.random(#ids)]
  if kind == "health" then return wrk.format("GET", "/api/v1/health") end
  if kind == "need" then return wrk.format("GET", "/api/v1/needs/" .. id) end
  if kind == "person_matches" then return wrk.format("GET", "/api/v1/people/" .. id .. "/matches") end
  if kind == "need_candidates" then return wrk.format("GET", "/api/v1/needs/" .. id .. "/candidates") end
  if kind == "needs_list" then
    return wrk.format("GET", "/api/v1/needs?limit=50&offset=" .. (50 * math.random(0, 39)))
  end
  local body = '{"organisation_id": ' .. id .. ', "kind": "vacancy", "title": "Orderpicker (bench)", ' ..
               '"hours_per_week": 32, "occupation_id": ' .. occupation .. '}'
  -- headers given to wrk.format replace wrk.headers: the token goes again
  return wrk.format("POST", "/api/v1/needs", {["Authorization"] = "Bearer " .. token,
                                              ["Content-Type"] = "application/json"}, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n', summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50),
    latency:percentile(95), latency:percentile(99)))
end
"""


def _load_wrk(port, token, spec, *, concurrency, seconds, timeout):
    """The same load with wrk (C, epoll): it leaves more of the 2 cores to the server than the Python client."""
    ids = spec["ids"] or [0]
    script = OUT_DIR / f"wrk-{spec['kind']}.lua"
    script.write_text(WRK_SCRIPT % {"kind": json.dumps(spec["kind"]), "token": json.dumps(token),
                                    "ids": ",".join(str(int(i)) for i in ids),
                                    "occupation": int(spec.get("occupation_id") or 0)})
    base = [shutil.which("wrk"), "-t1", f"-c{concurrency}", "--timeout", f"{int(timeout)}s", "-s", str(script),
            f"http://127.0.0.1:{port}"]
    # warm-up as for the Python client: two requests at once, waited for (each gunicorn worker loads the transition
    # table and the open demand on its first request, seconds at 20,000 needs; a timed wrk warm-up would leave
    # them loading into the measured run)
    in_child(_load, port, token, spec, concurrency=1, seconds=0.01, max_requests=1, timeout=120)
    out = subprocess.run(base[:1] + [f"-d{max(1, round(seconds))}s"] + base[1:], capture_output=True, text=True,
                         check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("WRK "))
    r = json.loads(line[4:])
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return {"requests": r["requests"], "seconds": r["duration_us"] / 1e6,
            "req_per_s": r["requests"] / (r["duration_us"] / 1e6), "p50_ms": r["p50_us"] / 1000,
            "p95_ms": r["p95_us"] / 1000, "p99_ms": r["p99_us"] / 1000, "errors": errors,
            "status_counts": {k: r[k] for k in ("connect", "read", "write", "status", "timeout") if r[k]}}


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


def store_results(app, kind: str) -> dict:
    """What a recompute stores for the reads: every region's job of ``kind`` (``stored_candidates``,
    ``stored_matches``), run here one after the other as a worker runs them (seconds per region). With
    ``BENCH_API_STORED=reuse`` the rows stored by an earlier run are read as they are (the database must not
    have changed since)."""
    from matchmaker.extensions import db
    from matchmaker.services import jobs
    from matchmaker.services.places import REGIONS

    out = {}
    if os.environ.get("BENCH_API_STORED") == "reuse":
        return out
    with app.app_context():
        for code in REGIONS:
            job = jobs.create(session=db.session, kind=kind, subject_type="region", subject_id=code)
            db.session.commit()
            started = time.perf_counter()
            status = jobs.run(session=db.session, job_id=job.id)
            out[code] = {"seconds": time.perf_counter() - started, "status": status,
                         **(db.session.get(type(job), job.id).result or {}).get("summary", {})}
        db.engine.dispose()
    return out


#: the title of the needs the POST row creates
POSTED_TITLE = "Orderpicker (bench)"


def _remove_posted(app) -> int:
    """Delete the needs the POST row created, so that a database reused by the next run (``--reuse``) holds the
    generated province only (the career-path service rows are measured only at the generated scale)."""
    from sqlalchemy import delete

    from matchmaker.extensions import db
    from matchmaker.models import Need

    with app.app_context():
        removed = db.session.execute(delete(Need).where(Need.title == POSTED_TITLE)).rowcount
        db.session.commit()
        db.engine.dispose()
    return removed


def run(app, database_url: str, port: int, *, concurrency: int, seconds: float, max_requests: int,
        timeout: float = 30.0, limits_storage: str = "memory://", broker: str = "") -> dict:
    """``limits_storage``: where the server's rate limits count (Redis, as in production, when the benchmark has
    one; the in-memory store starts a timer thread per request and would weigh on every row). ``broker``: the
    server's REDIS_URL, so that a write sends its automatic refresh to the (absent) workers as in production
    instead of running it in the server's own background thread."""
    stored = store_results(app, "stored_candidates")
    ranked = store_results(app, "stored_matches")
    token = admin_token(app)
    ids = sample_ids(app)
    env = {**os.environ, "DATABASE_URL": database_url, "MATCHMAKER_ENV": "production", "SECRET_KEY": "bench-secret",
           "LOG_LEVEL": "WARNING", "REDIS_URL": broker, "MATCHMAKER_INSTANCE_DIR": str(OUT_DIR / "instance"),
           "PYTHONPATH": str(ROOT), "RATELIMIT_STORAGE_URI": limits_storage, **UNTHROTTLED}
    specs = [(CEILING, {"kind": "health", "ids": []}),
             (ONE_RECORD, {"kind": "need", "ids": ids["needs"]}),
             ("GET /api/v1/people/<id>/matches", {"kind": "person_matches", "ids": ids["people"]}),
             ("GET /api/v1/needs/<id>/candidates", {"kind": "need_candidates", "ids": ids["needs"]}),
             ("GET /api/v1/needs?limit=50", {"kind": "needs_list", "ids": []}),
             ("POST /api/v1/needs", {"kind": "create_need", "ids": ids["employers"], "occupation_id": ids["occupation"]})]
    rows = []
    client = "wrk" if shutil.which("wrk") else "python"
    server = start_gunicorn(port, env)
    try:
        for name, spec in specs:
            if client == "wrk":
                value = _load_wrk(port, token, spec, concurrency=concurrency, seconds=seconds, timeout=timeout)
            else:
                value, _ = in_child(_load, port, token, spec, concurrency=concurrency, seconds=seconds,
                                    max_requests=max_requests, timeout=timeout)
            rows.append({"endpoint": name, "concurrency": concurrency, "client": client, "workers": WORKERS,
                         **value})
    finally:
        stop_process_group(server)
        _remove_posted(app)
    ceiling, one_record = rows[0]["req_per_s"], rows[1]["req_per_s"]
    for row in rows:
        row["share_of_ceiling"] = row["req_per_s"] / ceiling if ceiling else None
        row["share_of_one_record"] = row["req_per_s"] / one_record if one_record else None
    return {"rows": rows, "stored_candidates": stored, "stored_matches": ranked}
