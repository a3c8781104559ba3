"""integrity: the users.person_id foreign key, ids never reused on SQLite, the consent ledger

- ``users.person_id -> people.id ON DELETE SET NULL``: declared by the model but never created, because
  0001 passed ``use_alter`` inside ``create_table`` (which leaves it out).
- SQLite hands a deleted row's id to the next row unless the table says AUTOINCREMENT: the tables whose ids
  are handed out are recreated with it (PostgreSQL's sequences never reuse an id).
- ``consent_ledger``: what an erased person had consented to and when, without anything identifying them.

Revision ID: 0004_integrity
Revises: 0003_person_skills_by_skill
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0004_integrity"
down_revision = "0003_person_skills_by_skill"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: the tables whose ids are handed out (models: ``__table_args__ = NEVER_REUSED``)
NEVER_REUSED = ("organisations", "programmes", "needs", "partner_requests", "people", "work_experiences",
                "consent_events", "users", "api_tokens", "jobs", "occupations", "skills")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    if _sqlite():
        for table in NEVER_REUSED:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
                if table == "users":
                    batch.create_foreign_key(batch.f("fk_users_person_id_people"), "people", ["person_id"], ["id"],
                                             ondelete="SET NULL")
    else:
        op.create_foreign_key(op.f("fk_users_person_id_people"), "users", "people", ["person_id"], ["id"],
                              ondelete="SET NULL")
    op.create_table(
        "consent_ledger",
        sa.Column("id", BigId, nullable=False),
        sa.Column("subject", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("special_category", sa.Boolean(), nullable=False),
        sa.Column("share_with", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_ledger")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("consent_ledger", schema=None) as batch:
        batch.create_index(batch.f("ix_consent_ledger_subject"), ["subject"], unique=False)


def downgrade():
    with op.batch_alter_table("consent_ledger", schema=None) as batch:
        batch.drop_index(batch.f("ix_consent_ledger_subject"))
    op.drop_table("consent_ledger")
    if _sqlite():
        for table in NEVER_REUSED:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}) as batch:
                if table == "users":
                    batch.drop_constraint(batch.f("fk_users_person_id_people"), type_="foreignkey")
    else:
        op.drop_constraint(op.f("fk_users_person_id_people"), "users", type_="foreignkey")
