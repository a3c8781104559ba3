"""Migration 0004_audit on a database holding tokens from before it: each gets created_at + TOKEN_TTL_DAYS, so
an old token stops working at once with the expired message and a recent one keeps working."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.security import tokens
from matchmaker.services.engine_inputs import clear_process_caches
from tests.conftest import POSTGRES_ADMIN_URL, _backends

USERS = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("email", sa.String),
                 sa.column("role", sa.String), sa.column("active", sa.Boolean),
                 sa.column("created_at", sa.DateTime(timezone=True)), sa.column("updated_at", sa.DateTime(timezone=True)))
TOKENS = sa.table("api_tokens", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                  sa.column("token_hash", sa.String), sa.column("prefix", sa.String), sa.column("label", sa.String),
                  sa.column("created_at", sa.DateTime(timezone=True)))


@pytest.fixture(params=_backends())
def blank_database(request, tmp_path):
    """The URL of an empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before-0004.sqlite3'}"
        return
    import psycopg

    name = f"matchmaker_migration_{uuid.uuid4().hex[:8]}"
    admin_dsn = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_existing_tokens_expire_ttl_days_after_they_were_made(blank_database):
    from flask_migrate import upgrade

    clear_process_caches()
    app = create_app("test", {"DATABASE_URL": blank_database, "TOKEN_TTL_DAYS": 30})
    now = datetime.now(timezone.utc).replace(microsecond=0)
    made = {"old": now - timedelta(days=31), "recent": now - timedelta(days=29)}
    with app.app_context():
        upgrade(revision="0003_person_skills_by_skill")
        db.session.execute(sa.insert(USERS).values(id=1, name="Beheer", email="beheer@example.org", role="admin",
                                                   active=True, created_at=now, updated_at=now))
        for number, (label, created_at) in enumerate(made.items(), start=1):
            db.session.execute(sa.insert(TOKENS).values(id=number, user_id=1, token_hash=tokens.hash_token(f"mm_{label}"),
                                                        prefix=f"mm_{label}", label=label, created_at=created_at))
        db.session.commit()
        upgrade()
        expires_at = sa.column("expires_at", sa.DateTime(timezone=True))
        expiry = {label: tokens.as_utc(moment) for label, moment in db.session.execute(
            sa.select(TOKENS.c.label, expires_at).select_from(TOKENS)).all()}
        assert expiry == {label: created_at + timedelta(days=30) for label, created_at in made.items()}
        client = app.test_client()
        assert client.get("/api/v1/needs", headers={"Authorization": "Bearer mm_recent"}).status_code == 200
        response = client.get("/api/v1/needs", headers={"Authorization": "Bearer mm_old", "Accept-Language": "en"})
        assert response.status_code == 401 and response.json["message"].startswith(
            f"This token expired on {expiry['old']:%Y-%m-%d %H:%M} UTC.")
        db.session.remove()
        db.engine.dispose()
