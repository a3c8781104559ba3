"""integrity: the users.person_id foreign key, ids never reused on SQLite, the consent ledger

- ``users.person_id -> people.id ON DELETE SET NULL``: declared by the model but never created on PostgreSQL,
  because 0001 passed ``use_alter`` inside ``create_table`` (which leaves it out there; SQLite has it inline).
- SQLite hands a deleted row's id to the next row unless the table says AUTOINCREMENT: the tables whose ids
  are handed out are recreated with it (PostgreSQL's sequences never reuse an id).
- ``consent_ledger``: what an erased person had consented to and when, without anything identifying them.

Before the constraints are created, what they would have prevented is repaired: rows pointing at a deleted
record get what their ON DELETE says (SQLite ran without foreign keys until now), and the user accounts of
people deleted earlier are treated as erasure now treats them (inactive, no name or e-mail, tokens revoked),
as are jobs about those people (deleted).

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


def _forget_deleted_people() -> None:
    people = sa.select(sa.column("id")).select_from(sa.table("people"))
    users = sa.table("users", sa.column("id"), sa.column("name"), sa.column("email"), sa.column("person_id"),
                     sa.column("active"))
    orphans = sa.and_(users.c.person_id.is_not(None), users.c.person_id.not_in(people))
    tokens = sa.table("api_tokens", sa.column("user_id"), sa.column("revoked_at"))
    op.execute(tokens.update().where(tokens.c.revoked_at.is_(None),
                                     tokens.c.user_id.in_(sa.select(users.c.id).where(orphans)))
               .values(revoked_at=sa.func.current_timestamp()))
    op.execute(users.update().where(orphans).values(
        active=False, name="", email=sa.literal("erased-user-") + sa.cast(users.c.id, sa.String), person_id=None))
    jobs = sa.table("jobs", sa.column("subject_type"), sa.column("subject_id"))
    op.execute(jobs.delete().where(jobs.c.subject_type == "person",
                                   jobs.c.subject_id.not_in(sa.select(sa.cast(sa.column("id"), sa.String))
                                                            .select_from(sa.table("people")))))


def _repair_sqlite_references() -> None:
    """Give every row whose foreign key points nowhere what its ON DELETE says (none: NULL where allowed, else
    the row goes), until no such row is left (a cascade can orphan further rows)."""
    bind = op.get_bind()
    while violations := bind.exec_driver_sql("PRAGMA foreign_key_check").all():
        for table, rowid, _parent, fkid in violations:
            key = next(row for row in bind.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")') if row[0] == fkid)
            column, on_delete = key[3], key[6].upper()
            nullable = next(not row[3] for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')
                            if row[1] == column)
            if on_delete == "CASCADE" or not nullable:
                bind.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            else:
                bind.exec_driver_sql(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))


def upgrade():
    _forget_deleted_people()
    if _sqlite():
        _repair_sqlite_references()
        for table in NEVER_REUSED:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass
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
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}):
                pass
    else:
        op.drop_constraint(op.f("fk_users_person_id_people"), "users", type_="foreignkey")
