"""Shared pieces of the benchmark: timing, peak memory in a forked child, subsets of arrays, the machine."""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import platform
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse

from matchmaker.engine.data import NeedArrays, OrganisationArrays, PeopleArrays, ProgrammeArrays

OUT_DIR = Path(__file__).resolve().parent / "out"
GIB = 1024 ** 3
MIB = 1024 ** 2


def rss_bytes() -> int:
    """Current resident set size of this process."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(conn, fn, args, kwargs):
    try:
        before = rss_bytes()
        value = fn(*args, **kwargs)
        conn.send(("ok", value, before, peak_rss_bytes()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which decides
        conn.send(("error", traceback.format_exc(), 0, 0))
    finally:
        conn.close()


def in_child(fn: Callable, *args, **kwargs) -> tuple[object, dict]:
    """Run ``fn`` in a forked child (it sees the parent's arrays without copying them) and return its value
    and memory: ``rss_start`` (resident at the start, the inherited data), ``peak`` (the child's peak RSS)
    and ``peak_delta`` (what the computation itself added on top)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, fn, args, kwargs))
    process.start()
    child.close()
    status, value, before, peak = parent.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"{getattr(fn, '__name__', fn)} failed in its child process:\n{value}")
    return value, {"rss_start_mib": before / MIB, "peak_mib": peak / MIB, "peak_delta_mib": max(0, peak - before) / MIB}


def timed(fn: Callable, *args, **kwargs) -> tuple[object, float]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def _take(value, rows):
    if sparse.issparse(value):
        return sparse.csr_matrix(value)[rows]
    if isinstance(value, np.ndarray) and value.ndim >= 1:
        return value[rows]
    if isinstance(value, tuple):
        return tuple(value[i] for i in np.arange(len(value))[rows])
    return value


def head(arrays, n: int):
    """The first ``n`` records of engine arrays (people, needs, programmes or organisations)."""
    if n >= len(arrays):
        return arrays
    rows = slice(0, n)
    return dataclasses.replace(arrays, **{f.name: _take(getattr(arrays, f.name), rows)
                                          for f in dataclasses.fields(arrays)})


def rows_of(arrays, mask: np.ndarray):
    rows = np.flatnonzero(mask)
    return dataclasses.replace(arrays, **{f.name: _take(getattr(arrays, f.name), rows)
                                          for f in dataclasses.fields(arrays)})


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    import numpy
    import scipy
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory / GIB, 1),
            "python": sys.version.split()[0], "numpy": numpy.__version__, "scipy": scipy.__version__,
            "platform": platform.platform()}


def percentile(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, float), q)) if len(values) else float("nan")


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


__all__ = ["NeedArrays", "OrganisationArrays", "PeopleArrays", "ProgrammeArrays"]


def stop_process_group(process: subprocess.Popen, *, grace: float = 20) -> None:
    """SIGTERM to a server or worker started with ``start_new_session=True`` and its children; SIGKILL when it
    has not stopped after ``grace`` seconds."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def wait_until_serving(process: subprocess.Popen, port: int, log: Path, *, timeout: float = 60) -> subprocess.Popen:
    """``process`` once the server it started answers /api/v1/health on ``port`` (whatever the status); stopped,
    with an error quoting the end of ``log``, when it exits or does not answer within ``timeout`` seconds."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                stop_process_group(process)
                raise RuntimeError(f"the server did not start; {log} ends:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
