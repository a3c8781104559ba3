"""Lost updates: sixteen clients write one record at once through a real server (gunicorn, 2 workers x 8 threads).

``python -m bench.lost_updates [--database sqlite|postgresql|both] [--clients 16] [--increments 80]``

Prints, per database:

- *head-count*: every client reads one need (GET), adds 1 to its head-count and writes it back (PATCH), until the
  clients have had ``increments`` increments acknowledged (200). Once with If-Match (the ETag read; 412 and 409
  answers are retried from a fresh read), once without. ``lost`` = increments acknowledged - increments in the
  final head-count.
- *skills*: every client adds its own skills to one person at once, with ``add_skill_ids`` (a set operation), and
  with a read-modify-write of the whole ``skill_ids`` list (retried on 409); ``lost`` = skills acknowledged but
  missing at the end.

and the answers by status (never one >= 500 expected). tests/api/test_concurrent_writes.py runs the same on
SQLite and PostgreSQL and asserts 0 lost with If-Match and with add_skill_ids.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .common import stop_process_group, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
#: answers that say "try again": a lost race (409), a stale If-Match (412), overload (429, 503)
RETRIED = (409, 412, 429, 503)


@dataclass
class Seeded:
    need_id: int
    person_id: int
    skill_ids: list[int]
    tokens: list[str]


@dataclass
class Figures:
    acknowledged: int = 0
    applied: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        return self.acknowledged - self.applied

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def line(self) -> str:
        answers = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        return (f"acknowledged {self.acknowledged}, applied {self.applied}, lost {self.lost}, "
                f"412: {self.statuses[412]}, 409: {self.statuses[409]}, >=500: {self.server_errors} "
                f"({answers}; {self.seconds:.1f} s)")


def seed(app, *, clients: int, skills_per_client: int) -> Seeded:
    """One employer with one need (head-count 1), one person without skills, skills for every client to add, and
    an admin token per client; in ``app``'s database, whose schema exists."""
    from matchmaker.extensions import db
    from matchmaker.models import Need, Organisation, Person, Skill
    from matchmaker.services.accounts import create_user_with_token
    from matchmaker.services.places import ensure_municipalities

    run = uuid.uuid4().hex[:8]
    with app.app_context():
        session = db.session
        ensure_municipalities(session=session)
        place = {"municipality_code": "GM0153", "latitude": 52.2215, "longitude": 6.8937}
        employer = Organisation(name=f"Lost-update test employer {run}", kind="employer", sector="logistics", size=10,
                                accommodations=[], lever_strengths={}, lever_asks=[], **place)
        session.add(employer)
        session.flush()
        need = Need(organisation_id=employer.id, kind="vacancy", title="Orderpicker", hours_per_week=32, headcount=1,
                    months=[], accommodations=[], welcomes_groups=[], **place)
        person = Person(name="Sam Jansen", consent_special_category=False, consent_share_with=[], target_groups=[],
                        accommodation_needs=[], languages=[], available_months=[], **place)
        skills = [Skill(uri=f"urn:lost-updates:{run}:{i}", label_en=f"skill {i}", label_nl=f"vaardigheid {i}",
                        skill_type="skill/competence")
                  for i in range(clients * skills_per_client)]
        session.add_all([need, person, *skills])
        session.flush()
        tokens = [create_user_with_token(session=session, name=f"Client {i}", email=f"client-{i}-{run}@bench.local",
                                         role="admin", label="lost-updates")[1] for i in range(clients)]
        seeded = Seeded(need_id=need.id, person_id=person.id, skill_ids=[s.id for s in skills], tokens=tokens)
        session.commit()
        db.engine.dispose()
    return seeded


def start_server(database_url: str, port: int, log_dir: Path):
    """gunicorn on ``database_url``: 2 worker processes of 8 threads, so 16 requests run at once."""
    env = {**os.environ, "DATABASE_URL": database_url, "MATCHMAKER_ENV": "production", "SECRET_KEY": "lost-updates",
           "LOG_LEVEL": "WARNING", "REDIS_URL": "", "MATCHMAKER_INSTANCE_DIR": str(log_dir), "PYTHONPATH": str(ROOT),
           # this measures lost updates, not rate limits (bench.measure_limits does those)
           "RATELIMIT_ENABLED": "false"}
    log = log_dir / f"gunicorn-{port}.log"
    process = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "--threads", "8", "-b", f"127.0.0.1:{port}",
                                "--timeout", "60", "matchmaker:create_app()"], cwd=ROOT, env=env, stdout=log.open("w"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    return wait_until_serving(process, port, log)


def call(method: str, url: str, token: str, body: dict | None = None, headers: dict | None = None):
    """(status, headers, JSON body) of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", **({"Content-Type": "application/json"} if data else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"{}")


def _together(tokens: list[str], work) -> float:
    """Run ``work(client_number, token)`` in one thread per token, all released at once; seconds taken."""
    start = threading.Barrier(len(tokens))
    errors = []

    def run(number, token):
        start.wait()
        try:
            work(number, token)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, token)) for i, token in enumerate(tokens)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.monotonic() - began


def _backoff(status: int, headers, attempt: int) -> None:
    """Wait before a retry: Retry-After on overload; after a lost race, a random pause that grows with the attempts
    (so the clients that lost do not all come back at the same moment)."""
    if status in (429, 503):
        time.sleep(min(2.0, float(headers.get("Retry-After") or 1)))
    else:
        time.sleep(random.uniform(0, min(0.5, 0.01 * 2 ** attempt)))


def increment_headcount(base: str, seeded: Seeded, *, increments: int, if_match: bool) -> Figures:
    """The clients add ``increments`` to the need's head-count between them, each by read-modify-write."""
    url = f"{base}/api/v1/needs/{seeded.need_id}"
    figures, lock = Figures(), threading.Lock()
    start_count = call("GET", url, seeded.tokens[0])[2]["headcount"]
    clients = len(seeded.tokens)
    shares = [increments // clients + (1 if i < increments % clients else 0) for i in range(clients)]

    def work(number, token):
        for _ in range(shares[number]):
            for attempt in range(500):
                status, headers, need = call("GET", url, token)
                with lock:
                    figures.statuses[status] += 1
                if status != 200:
                    _backoff(status, headers, attempt)
                    continue
                condition = {"If-Match": headers["ETag"]} if if_match else {}
                status, headers, _ = call("PATCH", url, token, {"headcount": need["headcount"] + 1}, condition)
                with lock:
                    figures.statuses[status] += 1
                if status == 200:
                    with lock:
                        figures.acknowledged += 1
                    break
                if status not in RETRIED:
                    raise AssertionError(f"PATCH answered {status}")
                _backoff(status, headers, attempt)

    figures.seconds = _together(seeded.tokens, work)
    figures.applied = call("GET", url, seeded.tokens[0])[2]["headcount"] - start_count
    return figures


def add_skills(base: str, seeded: Seeded, *, set_operation: bool, per_client: int | None = None) -> Figures:
    """Every client adds its own share of the skills (at most ``per_client``) to the person, one skill per request:
    with add_skill_ids, or by reading skill_ids and writing the list back with its skill added (retried on 409)."""
    url = f"{base}/api/v1/people/{seeded.person_id}"
    call("PATCH", url, seeded.tokens[0], {"skill_ids": []})
    clients = len(seeded.tokens)
    shares = [seeded.skill_ids[i::clients][:per_client] for i in range(clients)]
    figures, lock = Figures(), threading.Lock()
    acknowledged: set[int] = set()

    def work(number, token):
        for skill_id in shares[number]:
            for attempt in range(500):
                if set_operation:
                    body = {"add_skill_ids": [skill_id]}
                else:
                    status, headers, person = call("GET", url, token)
                    with lock:
                        figures.statuses[status] += 1
                    if status != 200:
                        _backoff(status, headers, attempt)
                        continue
                    body = {"skill_ids": sorted({*person["skill_ids"], skill_id})}
                status, headers, _ = call("PATCH", url, token, body)
                with lock:
                    figures.statuses[status] += 1
                if status == 200:
                    with lock:
                        acknowledged.add(skill_id)
                    break
                if status not in RETRIED:
                    raise AssertionError(f"PATCH answered {status}")
                _backoff(status, headers, attempt)

    figures.seconds = _together(seeded.tokens, work)
    held = set(call("GET", url, seeded.tokens[0])[2]["skill_ids"])
    figures.acknowledged, figures.applied = len(acknowledged), len(acknowledged & held)
    return figures


def measure(app, database_url: str, port: int, *, clients: int, increments: int, log_dir: Path) -> dict:
    seeded = seed(app, clients=clients, skills_per_client=max(1, increments // clients))
    server = start_server(database_url, port, log_dir)
    base = f"http://127.0.0.1:{port}"
    try:
        return {"headcount with If-Match": increment_headcount(base, seeded, increments=increments, if_match=True),
                "headcount without If-Match": increment_headcount(base, seeded, increments=increments, if_match=False),
                "skills with add_skill_ids": add_skills(base, seeded, set_operation=True),
                "skills by rewriting skill_ids": add_skills(base, seeded, set_operation=False)}
    except AssertionError as error:
        raise AssertionError(f"{error}; the server's log ends:\n{server_log(port, log_dir)[-4000:]}") from None
    finally:
        stop_process_group(server)


def server_log(port: int, log_dir: Path) -> str:
    return (log_dir / f"gunicorn-{port}.log").read_text(errors="replace")


def _sqlite(directory: Path):
    from matchmaker import create_app
    from matchmaker.extensions import db

    url = f"sqlite:///{directory / 'lost-updates.sqlite3'}"
    app = create_app("test", {"DATABASE_URL": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return app, url, lambda: None


def _postgresql(directory: Path):
    import psycopg
    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db

    name = f"mm_lost_updates_{uuid.uuid4().hex[:8]}"
    admin_dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    app = create_app("test", {"DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()

    def drop():
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return app, url, drop


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--increments", type=int, default=80)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "5112")))
    args = parser.parse_args(argv)
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    with tempfile.TemporaryDirectory() as directory:
        for database in databases:
            app, url, drop = (_sqlite if database == "sqlite" else _postgresql)(Path(directory))
            try:
                results = measure(app, url, args.port, clients=args.clients, increments=args.increments,
                                  log_dir=Path(directory))
            finally:
                drop()
            print(f"{database}: {args.clients} clients, {args.increments} writes")
            for name, figures in results.items():
                print(f"  {name}: {figures.line()}")


if __name__ == "__main__":
    main()
