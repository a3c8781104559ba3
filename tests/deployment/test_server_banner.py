"""No version banner: neither gunicorn (production) nor the development server names its or Python's versions."""
from __future__ import annotations

import os
import re
import threading
import time
import urllib.request

from werkzeug.serving import make_server

from matchmaker import create_app
from tests.integration import stack

PORT = 5113


def _server_header(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Security-Policy"]
        (server,) = response.headers.get_all("Server")
        return server


def test_gunicorn_names_no_version(tmp_path):
    env = {**os.environ, "MATCHMAKER_ENV": "test", "PYTHONPATH": str(stack.ROOT)}
    process = stack.Process("gunicorn-banner", [str(stack.BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{PORT}",
                                                "matchmaker:create_app()"], env, tmp_path)
    try:
        deadline = time.monotonic() + 120  # a loaded machine takes a while to import the application
        while True:
            try:
                server = _server_header(f"http://127.0.0.1:{PORT}/api/v1/health")
                break
            except OSError:
                assert time.monotonic() < deadline and process.popen.poll() is None, process.output()[-3000:]
                time.sleep(0.3)
    finally:
        process.stop()
    assert not re.search(r"\d", server), server


def test_the_development_server_names_no_version():
    app = create_app("test")
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert _server_header(f"http://127.0.0.1:{server.port}/api/v1/health") == "matchmaker"
    finally:
        server.shutdown()
