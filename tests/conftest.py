"""Test set-up.

Unit tests run on in-memory SQLite with ``create_all``. With ``CI=true`` (or ``MATCHMAKER_INTEGRATION=1``)
every test that uses the ``app`` fixture runs on PostgreSQL too, with the schema made by the Alembic
migrations, and integration tests run against real Redis; an unreachable service is a failure, not a skip.
"""
from __future__ import annotations

import os
import uuid

import pytest

from matchmaker import create_app
from matchmaker.extensions import db as _db
from matchmaker.models import Base
from matchmaker.services.engine_inputs import clear_process_caches
from matchmaker.services.places import ensure_municipalities

INTEGRATION = os.environ.get("CI") == "true" or os.environ.get("MATCHMAKER_INTEGRATION") == "1"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def pytest_collection_modifyitems(config, items):
    if INTEGRATION:
        return
    skip = pytest.mark.skip(reason="integration test: set CI=true or MATCHMAKER_INTEGRATION=1 to run it")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


def _backends():
    backends = ["sqlite"]
    if INTEGRATION:
        backends.append(pytest.param("postgresql", marks=pytest.mark.integration))
    return backends


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test session, migrated with Alembic."""
    import psycopg
    from flask_migrate import upgrade

    name = f"matchmaker_test_{uuid.uuid4().hex[:8]}"
    admin_dsn = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    app = create_app("test", {"DATABASE_URL": url})
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    yield url
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=_backends())
def app(request):
    clear_process_caches()  # every test builds its own database under the same URL
    if request.param == "postgresql":
        application = create_app("test", {"DATABASE_URL": request.getfixturevalue("postgres_url")})
    else:
        application = create_app("test")
    with application.app_context():
        if request.param == "sqlite":
            _db.create_all()
        else:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            _db.session.execute(_db.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        ensure_municipalities(session=_db.session)
        _db.session.commit()
        yield application
        _db.session.remove()
        if request.param == "sqlite":
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def session(app):
    return _db.session


@pytest.fixture
def client(app):
    return app.test_client()
