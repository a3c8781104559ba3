"""Province-wide derived results are computed once per data version and shared through the database: by every
process, and on PostgreSQL by processes that ask at the same moment (they wait for the first)."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from sqlalchemy import select

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import DerivedResult
from matchmaker.services import derived
from matchmaker.services.engine_inputs import clear_process_caches
from matchmaker.services.transitions import transition_table
from tests.factories import OccupationFactory


def _rows(session) -> list[DerivedResult]:
    session.expire_all()
    return list(session.scalars(select(DerivedResult).order_by(DerivedResult.name)))


@pytest.fixture
def file_app(tmp_path):
    clear_process_caches()
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_result_is_computed_once_then_read_and_a_new_version_replaces_it(file_app):
    session = db.session
    url = str(session.get_bind().url)
    computed = []

    def compute(value):
        computed.append(value)
        return {"value": value}

    assert derived.shared(session, "example", (url, 1), lambda: compute(1)) == {"value": 1}
    assert derived.shared(session, "example", (url, 1), lambda: compute(99)) == {"value": 1}
    assert computed == [1]
    (row,) = _rows(session)
    assert (row.name, row.computations) == ("example", 1) and row.computed_by
    assert derived.shared(session, "example", (url, 2), lambda: compute(2)) == {"value": 2}
    (row,) = _rows(session)  # only the latest version is kept
    assert row.version_key == derived.version_key((url, 2)) and computed == [1, 2]


def test_a_session_in_the_middle_of_a_write_stores_without_waiting_for_itself(file_app):
    """A job run inside the request that queued it (the coordinator's "compute again" on one machine): the request's
    session holds the SQLite file's write lock, so the result goes with its transaction instead of a second
    connection waiting out the busy timeout and giving up."""
    session = db.session
    url = str(session.get_bind().url)
    OccupationFactory()
    session.flush()  # the session now writes: it holds the file's lock
    start = time.perf_counter()
    assert derived.shared(session, "example", (url, 1), lambda: {"value": 1}) == {"value": 1}
    assert time.perf_counter() - start < 1.0
    session.commit()
    (row,) = _rows(session)
    assert row.name == "example"
    assert derived.shared(session, "example", (url, 1), lambda: {"value": 99}) == {"value": 1}


def test_ensure_stores_a_result_once_and_readers_then_find_it(file_app):
    session = db.session
    url = str(session.get_bind().url)
    computed = []

    def compute():
        computed.append(1)
        return {"value": 5}

    assert derived.ensure(session, "example", (url, 1), compute) is None
    derived.ensure(session, "example", (url, 1), compute)  # stored already: not computed again
    assert computed == [1]
    assert derived.shared(session, "example", (url, 1), compute) == {"value": 5} and computed == [1]
    assert [(row.name, row.computations) for row in _rows(session)] == [("example", 1)]


def test_the_transition_table_is_stored_once_for_every_process(file_app):
    OccupationFactory()
    OccupationFactory()
    db.session.commit()
    first = transition_table(db.session)
    clear_process_caches()  # another process: nothing in its memory
    again = transition_table(db.session)
    assert again is not first and (again.similarity == first.similarity).all()
    assert [(row.name, row.computations) for row in _rows(db.session)] == [("transitions", 1)]


@pytest.mark.integration
def test_processes_asking_at_once_on_postgresql_compute_it_once(postgres_url):
    app = create_app("test", {"DATABASE_URL": postgres_url})
    with app.app_context():
        db.session.execute(DerivedResult.__table__.delete())
        db.session.commit()
    computed, answers = [], []

    def ask():
        with app.app_context():
            def compute():
                computed.append(threading.get_ident())
                time.sleep(0.5)  # the others arrive while it computes
                return [1, 2, 3]
            answers.append(derived.shared(db.session, "example", (postgres_url, 7), compute))
            db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with app.app_context():
        rows = _rows(db.session)
        db.engine.dispose()
    assert answers == [[1, 2, 3]] * 4 and len(computed) == 1
    assert [(row.name, row.computations) for row in rows] == [("example", 1)]


@pytest.mark.integration
def test_on_postgresql_a_payload_is_stored_as_it_is_so_reading_it_decompresses_nothing(postgres_url):
    app = create_app("test", {"DATABASE_URL": postgres_url})
    values = {"pairs": np.repeat(np.arange(50_000, dtype=np.uint16), 4)}  # compresses well: it would be compressed
    with app.app_context():
        db.session.execute(DerivedResult.__table__.delete())
        db.session.commit()
        derived.shared(db.session, "example", (postgres_url, 8), lambda: values, dump=derived.arrays,
                       load=derived.read_arrays)
        stored, size, method = db.session.execute(db.text(
            "SELECT length(payload), pg_column_size(payload), pg_column_compression(payload) FROM derived_results"
            " WHERE name = 'example'")).one()
        again = derived.shared(db.session, "example", (postgres_url, 8), lambda: None, dump=derived.arrays,
                               load=derived.read_arrays)
        db.session.execute(DerivedResult.__table__.delete())
        db.session.commit()
        db.engine.dispose()
    assert method is None and size == stored > 400_000
    np.testing.assert_array_equal(again["pairs"], values["pairs"])
