"""Real processes for the integration tests: gunicorn, Celery workers and beat, a private redis-server."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class Process:
    """A child process in its own session (so the whole group can be killed), logging to a file."""

    def __init__(self, name: str, argv: list[str], env: dict, log_dir: Path):
        self.name, self.log = name, log_dir / f"{name}-{time.monotonic_ns()}.log"
        self.popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log.open("w"),
                                      stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_output(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not print {text!r}:\n{self.output()[-3000:]}")
            time.sleep(0.1)

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_group(self) -> None:
        """kill -9 of the process and all its children: a crashed machine."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(10)

    def stop(self, timeout: float = 20) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill_group()


def gunicorn(port: int, env: dict, log_dir: Path) -> Process:
    process = Process(f"gunicorn-{port}", [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                                           "matchmaker:create_app()"], env, log_dir)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # answering (maybe degraded)
        except OSError:
            if time.monotonic() > deadline or process.popen.poll() is not None:
                raise AssertionError(process.output()[-3000:])
            time.sleep(0.2)


def worker(queue: str, env: dict, log_dir: Path, name: str | None = None) -> Process:
    name = name or f"{queue}-{time.monotonic_ns()}"
    process = Process(f"worker-{name}", [str(BIN / "celery"), "-A", "workers.worker", "worker", "-Q", queue,
                                         "--pool=prefork", "--concurrency=1", f"--hostname={name}@%h",
                                         "--loglevel=INFO", "--without-gossip", "--without-mingle"], env, log_dir)
    process.wait_for_output("ready.", 30)
    return process


def beat(env: dict, log_dir: Path) -> Process:
    return Process("beat", [str(BIN / "celery"), "-A", "workers.worker", "beat", "--loglevel=INFO",
                            "--schedule", str(log_dir / f"beat-{time.monotonic_ns()}")], env, log_dir)


def redis_server(port: int, data_dir: Path, log_dir: Path) -> Process:
    process = Process(f"redis-{port}", ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                        "--dir", str(data_dir), "--appendonly", "yes", "--appendfsync", "everysec",
                                        "--maxmemory-policy", "noeviction", "--save", ""], os.environ.copy(), log_dir)
    process.wait_for_output("Ready to accept connections", 10)
    return process


def request(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=15) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def dsn(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def sql(url: str, query: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(dsn(url), autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def empty_database(url: str) -> None:
    """The database of ``url``, created when missing, with an empty public schema."""
    import psycopg

    server, name = dsn(url).rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    sql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
