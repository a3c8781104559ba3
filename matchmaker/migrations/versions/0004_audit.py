"""audit_events (append-only, guarded by a trigger); api_tokens.expires_at and last_used_at

Existing tokens get ``expires_at = created_at + TOKEN_TTL_DAYS`` (the setting when the migration runs, 90 days
by default): the same rule as for tokens issued from now on, so a token older than that stops working at once
(an admin prints a new one with ``matchmaker create-user``). The column is then NOT NULL: every token has the
expiry the API shows and the check enforces.

Revision ID: 0004_audit
Revises: 0004_versions
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op
from flask import current_app
from sqlalchemy.dialects import postgresql

from config.settings import Base as DefaultSettings

revision = "0004_audit"
down_revision = "0004_search"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


#: the same guard as models/audit.py creates with the table (copied: a migration does not change with the models)
POSTGRESQL_TRIGGER = (
    """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('matchmaker.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: only the retention purge deletes them';
END $$""",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
)
SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END",
)


#: api_tokens keeps AUTOINCREMENT on SQLite when batch mode recreates it (0004_integrity gave it)
NEVER_REUSED = {"sqlite_autoincrement": True}


def _token_ttl_days() -> int:
    try:
        return int(current_app.config["TOKEN_TTL_DAYS"])
    except (RuntimeError, KeyError):  # run outside the app: the default
        return DefaultSettings.TOKEN_TTL_DAYS


def upgrade():
    op.create_table(
        "audit_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index("ix_audit_events_subject", ["subject_type", "subject_id"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": POSTGRESQL_TRIGGER, "sqlite": SQLITE_TRIGGER}.get(dialect, ()):
        op.execute(statement)

    with op.batch_alter_table("api_tokens", schema=None, table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    tokens = sa.table("api_tokens", sa.column("id", ID), sa.column("created_at", sa.DateTime(timezone=True)),
                      sa.column("expires_at", sa.DateTime(timezone=True)))
    bind, ttl = op.get_bind(), timedelta(days=_token_ttl_days())
    for token_id, created_at in bind.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        bind.execute(tokens.update().where(tokens.c.id == token_id).values(expires_at=created_at + ttl))
    with op.batch_alter_table("api_tokens", schema=None, table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    with op.batch_alter_table("api_tokens", schema=None, table_kwargs=NEVER_REUSED) as batch_op:
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
    op.drop_table("audit_events")  # its trigger goes with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
