"""Sixteen clients write one record at once through a real server (gunicorn, 2 workers x 8 threads), on a SQLite
file and on PostgreSQL: with If-Match no increment is lost, concurrent add_skill_ids all land, and no answer is a
500. bench/lost_updates.py drives the clients (and prints the same figures, with and without If-Match)."""
from __future__ import annotations

import os

import pytest

from bench import lost_updates
from matchmaker import create_app
from matchmaker.extensions import db
from tests.conftest import INTEGRATION

PORT = int(os.environ.get("TEST_SERVER_PORT", "5112"))
CLIENTS, INCREMENTS = 16, 80


def _databases():
    return ["sqlite", *([pytest.param("postgresql", marks=pytest.mark.integration)] if INTEGRATION else [])]


@pytest.fixture(scope="module", params=_databases())
def server(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp("concurrent-writes")
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")  # migrated; other tests empty it when they start
        app = create_app("test", {"DATABASE_URL": url})
    else:
        url = f"sqlite:///{directory / 'matchmaker.sqlite3'}"
        app = create_app("test", {"DATABASE_URL": url})
        with app.app_context():
            db.create_all()
            db.engine.dispose()
    seeded = lost_updates.seed(app, clients=CLIENTS, skills_per_client=INCREMENTS // CLIENTS)
    process = lost_updates.start_server(url, PORT, directory)
    try:
        yield f"http://127.0.0.1:{PORT}", seeded, directory
    finally:
        lost_updates.stop_process_group(process)


def _explained(figures, directory) -> str:
    return f"{figures.line()}\nserver log:\n{lost_updates.server_log(PORT, directory)[-3000:]}"


def test_sixteen_clients_with_if_match_lose_no_increment(server):
    base, seeded, directory = server
    figures = lost_updates.increment_headcount(base, seeded, increments=INCREMENTS, if_match=True)
    assert (figures.acknowledged, figures.applied, figures.lost) == (INCREMENTS, INCREMENTS, 0), \
        _explained(figures, directory)
    assert figures.server_errors == 0, _explained(figures, directory)
    assert figures.statuses[412] > 0, "the clients never collided: the test proves nothing"


def test_skills_added_at_once_by_many_clients_all_land(server):
    base, seeded, directory = server
    figures = lost_updates.add_skills(base, seeded, set_operation=True)
    assert (figures.acknowledged, figures.applied) == (len(seeded.skill_ids), len(seeded.skill_ids)), \
        _explained(figures, directory)
    assert set(figures.statuses) == {200}, _explained(figures, directory)


def test_rewriting_the_skill_list_at_once_answers_409_never_500(server):
    base, seeded, directory = server
    figures = lost_updates.add_skills(base, seeded, set_operation=False, per_client=2)
    assert set(figures.statuses) <= {200, 409}, _explained(figures, directory)
    assert figures.acknowledged == 2 * CLIENTS
