"""Sixteen organisations register for one session at the same moment, each in its own thread, connection and
transaction (a SQLite file, and PostgreSQL with CI=true): never more confirmed places than the capacity, nobody
lost, the waiting list in order; cancellations at the same time as new registrations give every freed place to
the first on the waiting list."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from matchmaker import create_app
from matchmaker.errors import Conflict, InvalidInput
from matchmaker.extensions import db
from matchmaker.models import Base, Organisation, SessionRegistration, User
from matchmaker.services.exchange import sessions
from matchmaker.services.places import ensure_municipalities
from tests.conftest import INTEGRATION

CLIENTS, CAPACITY = 16, 5
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)


def _databases():
    return ["sqlite", *([pytest.param("postgresql", marks=pytest.mark.integration)] if INTEGRATION else [])]


@pytest.fixture(scope="module", params=_databases())
def shared_app(request, tmp_path_factory):
    """An app on a database that threads share: a SQLite file, or the migrated PostgreSQL database."""
    if request.param == "postgresql":
        app = create_app("test", {"DATABASE_URL": request.getfixturevalue("postgres_url")})
    else:
        app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('reg') / 'reg.sqlite3'}"})
    with app.app_context():
        if request.param == "sqlite":
            db.create_all()
        else:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            db.session.execute(db.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        ensure_municipalities(session=db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def world(shared_app):
    """A host, a session with CAPACITY places, and CLIENTS + 8 SMEs each with a user of its own."""
    with shared_app.app_context():
        host = Organisation(name="Werkgeversnetwerk Test", kind="network", sector="public_social", size=0,
                            municipality_code="GM0153", latitude=52.22, longitude=6.89)
        db.session.add(host)
        db.session.flush()
        record = sessions.create(session=db.session, actor=User(role="admin", id=0), data={
            "host_id": host.id, "title": "Zelfroosteren", "format": "workshop", "levers": ["smarter_working"],
            "sectors": [], "starts_at": NOW + timedelta(days=10), "ends_at": NOW + timedelta(days=10, hours=2),
            "online": False, "venue": "Kennispark", "municipality_code": "GM0153", "capacity": CAPACITY})
        users = []
        for n in range(CLIENTS + 8):
            sme = Organisation(name=f"Bedrijf {n:02d}", kind="employer", sector="care", size=20,
                               municipality_code="GM0153", latitude=52.22, longitude=6.89)
            db.session.add(sme)
            db.session.flush()
            user = User(name=f"Eigenaar {n}", email=f"eigenaar{n}-{record.id}@example.org", role="employer",
                        organisation_id=sme.id)
            db.session.add(user)
            users.append(user)
        db.session.commit()
        return record.id, [u.id for u in users]


def _at_once(app, jobs) -> list:
    """Run every job (a function of the session) in its own thread, all released at the same moment; returns
    each job's result or the exception it raised."""
    start, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            start.wait()
            try:
                results[index] = job(db.session)
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (kept to assert on)
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _register(session_id, user_id):
    def job(session):
        registration = sessions.register(session=session, actor=session.get(User, user_id), session_id=session_id,
                                         now=NOW)
        return registration.id, registration.status
    return job


def _state(app, session_id) -> dict[str, list[int]]:
    with app.app_context():
        rows = db.session.execute(select(SessionRegistration.id, SessionRegistration.status)
                                  .where(SessionRegistration.session_id == session_id)
                                  .order_by(SessionRegistration.queued_at, SessionRegistration.id)).all()
        db.session.remove()
    return {status: [i for i, s in rows if s == status] for status in ("confirmed", "waiting", "cancelled")}


def test_sixteen_at_once_never_overbook_and_lose_nobody(shared_app, world):
    session_id, users = world
    results = _at_once(shared_app, [_register(session_id, user) for user in users[:CLIENTS]])
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = [status for _id, status in results]
    assert statuses.count("confirmed") == CAPACITY and statuses.count("waiting") == CLIENTS - CAPACITY
    state = _state(shared_app, session_id)
    assert len(state["confirmed"]) == CAPACITY and len(state["waiting"]) == CLIENTS - CAPACITY
    with shared_app.app_context():  # the same organisation again: refused, nothing added
        with pytest.raises(Conflict):
            sessions.register(session=db.session, actor=db.session.get(User, users[0]), session_id=session_id, now=NOW)
        db.session.rollback()
    assert sum(map(len, _state(shared_app, session_id).values())) == CLIENTS


def test_cancelling_while_others_register_gives_each_freed_place_to_the_waiting_list(shared_app, world):
    session_id, users = world
    _at_once(shared_app, [_register(session_id, user) for user in users[:CLIENTS]])
    before = _state(shared_app, session_id)
    leaving = before["confirmed"][:3]

    def cancel(registration_id):
        def job(session):
            registration = session.get(SessionRegistration, registration_id)
            actor = session.scalar(select(User).where(User.organisation_id == registration.organisation_id))
            return sessions.cancel(session=session, actor=actor, registration_id=registration_id).status
        return job

    # 3 cancellations, 8 newcomers and 5 repeated cancellations of the same places: 16 at once
    jobs = [cancel(i) for i in leaving] + [_register(session_id, u) for u in users[CLIENTS:]] + \
        [cancel(i) for i in leaving + leaving[:2]]
    results = _at_once(shared_app, jobs)
    assert not [r for r in results if isinstance(r, Exception)], results
    after = _state(shared_app, session_id)
    assert sorted(after["cancelled"]) == sorted(leaving)
    assert len(after["confirmed"]) == CAPACITY, after
    # the first three on the waiting list got the places, in the order they came; nobody else moved up
    assert set(after["confirmed"]) == set(before["confirmed"][3:]) | set(before["waiting"][:3])
    assert len(after["waiting"]) == CLIENTS - CAPACITY - 3 + 8
    assert after["waiting"][:len(before["waiting"]) - 3] == before["waiting"][3:]


def test_a_larger_capacity_moves_the_waiting_list_up_and_a_smaller_one_is_refused(shared_app, world):
    session_id, users = world
    _at_once(shared_app, [_register(session_id, user) for user in users[:8]])
    admin = User(role="admin", id=0)
    with shared_app.app_context():
        with pytest.raises(InvalidInput) as refused:
            sessions.update_session(session=db.session, actor=admin, session_id=session_id, data={"capacity": 4})
        assert refused.value.field == "capacity"
        db.session.rollback()
        record = sessions.update_session(session=db.session, actor=admin, session_id=session_id, data={"capacity": 7})
        db.session.commit()
        assert (record.confirmed, record.waiting, record.free_places) == (7, 1, 0)
        db.session.remove()
