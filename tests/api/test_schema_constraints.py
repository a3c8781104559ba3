"""The constraints the models declare are the constraints each database really has (issue 10, finding 2):
foreign keys with their ON DELETE, unique constraints and primary keys, read back with SQLAlchemy's inspector
from the test database (SQLite made from the models; PostgreSQL made by the migrations) and from a SQLite file
made by the migrations, which also gives every table whose ids are handed out AUTOINCREMENT."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import inspect, text

from matchmaker import create_app
from matchmaker.extensions import db as _db
from matchmaker.models import Base

DECLARED_NEVER_REUSED = {"organisations", "programmes", "needs", "partner_requests", "people", "work_experiences",
                         "consent_events", "users", "api_tokens", "jobs", "occupations", "skills", "consent_ledger",
                         "practice_cases", "exchange_sessions", "session_registrations", "sme_questions",
                         "progress_checks", "worker_changes", "interest_requests"}


def _ondelete(value: str | None) -> str | None:
    value = (value or "").upper()
    return None if value in ("", "NO ACTION") else value


def declared() -> dict:
    out = {}
    for table in Base.metadata.sorted_tables:
        uniques = {tuple(sorted(c.name for c in constraint.columns)) for constraint in table.constraints
                   if constraint.__class__.__name__ == "UniqueConstraint"}
        uniques |= {(column.name,) for column in table.columns if column.unique}
        out[table.name] = {
            "primary key": tuple(sorted(c.name for c in table.primary_key.columns)),
            "foreign keys": {(tuple(fk.column_keys), fk.referred_table.name,
                              tuple(element.column.name for element in fk.elements), _ondelete(fk.ondelete))
                             for fk in table.foreign_key_constraints},
            "unique": uniques,
        }
    return out


def actual(engine) -> dict:
    inspector = inspect(engine)
    out = {}
    for name in inspector.get_table_names():
        if name == "alembic_version":
            continue
        out[name] = {
            "primary key": tuple(sorted(inspector.get_pk_constraint(name)["constrained_columns"])),
            "foreign keys": {(tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]),
                              _ondelete(fk.get("options", {}).get("ondelete")))
                             for fk in inspector.get_foreign_keys(name)},
            "unique": {tuple(sorted(u["column_names"])) for u in inspector.get_unique_constraints(name)},
        }
    return out


def _differences(want: dict, have: dict) -> list[str]:
    problems = [f"table {t} missing" for t in sorted(set(want) - set(have))]
    problems += [f"table {t} not in the models" for t in sorted(set(have) - set(want))]
    for table in sorted(set(want) & set(have)):
        for what in ("primary key", "foreign keys", "unique"):
            if want[table][what] != have[table][what]:
                problems.append(f"{table} {what}: models declare {want[table][what]}, database has {have[table][what]}")
    return problems


def test_the_database_has_every_constraint_the_models_declare(app, db):
    assert _differences(declared(), actual(db.engine)) == []


def test_the_users_person_link_is_a_real_foreign_key(app, db):
    """The constraint 0001 left out on PostgreSQL: a user's person is a person, and goes to NULL with them."""
    have = actual(db.engine)["users"]["foreign keys"]
    assert (("person_id",), "people", ("id",), "SET NULL") in have


def _autoincrement_tables(connection) -> set[str]:
    rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all()
    return {name for name, sql in rows if "AUTOINCREMENT" in (sql or "").upper()}


def test_a_sqlite_database_made_by_the_migrations_matches_the_models_and_never_reuses_ids(tmp_path):
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path / 'migrated.sqlite3'}"})
    with app.app_context():
        upgrade()
        assert _differences(declared(), actual(_db.engine)) == []
        with _db.engine.connect() as connection:
            assert _autoincrement_tables(connection) == DECLARED_NEVER_REUSED
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # back on after migrating
        _db.engine.dispose()


def test_the_models_ask_sqlite_for_autoincrement_on_every_table_whose_ids_are_handed_out(app, db):
    assert {t.name for t in Base.metadata.sorted_tables if t.dialect_options["sqlite"]["autoincrement"]} == \
        DECLARED_NEVER_REUSED
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            assert _autoincrement_tables(connection) == DECLARED_NEVER_REUSED


def test_migrating_an_existing_sqlite_database_keeps_every_row(tmp_path):
    """Recreating tables for AUTOINCREMENT must not cascade-delete what refers to them; what deletions left
    behind while foreign keys were off is repaired as ON DELETE says, and the accounts of deleted people as
    erasure now treats them."""
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        upgrade(revision="0003_person_skills_by_skill")
        with _db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # as every connection was before
            connection.commit()
            connection.execute(text(
                "INSERT INTO municipalities VALUES "
                "('GM0153', 'Enschede', 'Overijssel', 'twente', 'Twente', 52.2, 6.9)"))
            connection.execute(text(
                "INSERT INTO occupations (id, code, isco_group, starter, uri, label_en, alt_labels_en, alt_labels_nl, "
                "description, search_text) VALUES (1, '', '9333', 0, 'urn:o:1', 'picker', '', '', '', '')"))
            connection.execute(text(
                "INSERT INTO people (id, name, email, phone, status, education_level, dutch_level, languages, "
                "travel_radius_km, hours_per_week, available_months, summary, target_groups, accommodation_needs, "
                "consent_special_category, consent_share_with, latitude, longitude, municipality_code, created_at, "
                "updated_at) VALUES (7, 'Sanne', '', '', 'job_seeker', 'none', 'B1', '[]', 25, 32, '[]', '', '[]', "
                "'[]', 0, '[]', 52.2, 6.9, 'GM0153', '2026-01-01 10:00:00', '2026-01-01 10:00:00')"))
            connection.execute(text(
                "INSERT INTO work_experiences (id, person_id, occupation_id, employer_name, start_date) "
                "VALUES (3, 7, 1, 'Jansen', '2020-01-01')"))
            connection.execute(text(
                "INSERT INTO users (id, name, email, role, person_id, active, created_at, updated_at) "
                "VALUES (2, 'Sanne', 's@example.org', 'person', 7, 1, '2026-01-01', '2026-01-01')"))
            # left behind by deletions while SQLite did not enforce foreign keys: a person's user and job, and the
            # work history and skills of a deleted person
            connection.execute(text(
                "INSERT INTO users (id, name, email, role, person_id, active, created_at, updated_at) "
                "VALUES (3, 'Bram', 'b@example.org', 'person', 8, 1, '2026-01-01', '2026-01-01')"))
            connection.execute(text(
                "INSERT INTO api_tokens (id, user_id, token_hash, prefix, label, created_at) "
                "VALUES (1, 3, 'h', 'mm_', '', '2026-01-01')"))
            connection.execute(text(
                "INSERT INTO jobs (id, kind, status, progress, subject_type, subject_id, params, error, attempts, "
                "data_version, created_at) VALUES (1, 'career_paths', 'succeeded', 1, 'person', '8', '{}', '', 1, 0, "
                "'2026-01-01')"))
            connection.execute(text(
                "INSERT INTO work_experiences (id, person_id, occupation_id, employer_name, start_date) "
                "VALUES (4, 8, 1, 'Jansen', '2020-01-01')"))
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
        upgrade()
        with _db.engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM work_experiences")).scalars().all() == [3]
            assert connection.execute(text("SELECT person_id FROM users WHERE id = 2")).scalar() == 7
            assert connection.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'people'")).scalar() == 7
            assert connection.execute(text("SELECT name, person_id, active FROM users WHERE id = 3")).one() == \
                ("", None, 0)
            assert connection.execute(text("SELECT revoked_at FROM api_tokens")).scalar() is not None
            assert connection.execute(text("SELECT count(*) FROM jobs")).scalar() == 0
        _db.engine.dispose()
