"""Search by words.

Occupations and skills are found through an in-memory index built from their labels (matchmaker.search,
matchmaker.services.catalogue), so the lower-cased ``search_text`` copy of their labels goes. Organisations,
programmes and people are found by the words of their name: ``name_key`` holds them folded (lower case, no
accents, one space before each word), filled here for the rows that exist.

Revision ID: 0004_search
Revises: 0004_limits
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

from matchmaker.search.words import name_key

revision = "0004_search"
down_revision = "0004_versions"
branch_labels = None
depends_on = None

NAMED = ("organisations", "programmes", "people")
BATCH = 5_000


#: the tables keep AUTOINCREMENT (0004_integrity) when SQLite's batch mode recreates them
KEEP = {"table_kwargs": {"sqlite_autoincrement": True}}


def upgrade():
    for table in ("occupations", "skills"):
        with op.batch_alter_table(table, schema=None, **KEEP) as batch_op:
            batch_op.drop_column("search_text")
    bind = op.get_bind()
    for name in NAMED:
        with op.batch_alter_table(name, schema=None, **KEEP) as batch_op:
            batch_op.add_column(sa.Column("name_key", sa.String(length=400), nullable=False, server_default=""))
        table = sa.table(name, sa.column("id", sa.BigInteger), sa.column("name", sa.String),
                         sa.column("name_key", sa.String))
        rows = [{"row_id": row_id, "key": name_key(value or "")}
                for row_id, value in bind.execute(sa.select(table.c.id, table.c.name))]
        statement = table.update().where(table.c.id == sa.bindparam("row_id")).values(name_key=sa.bindparam("key"))
        for start in range(0, len(rows), BATCH):
            bind.execute(statement, rows[start:start + BATCH])


def downgrade():
    for name in NAMED:
        with op.batch_alter_table(name, schema=None, **KEEP) as batch_op:
            batch_op.drop_column("name_key")
    for table in ("occupations", "skills"):
        with op.batch_alter_table(table, schema=None, **KEEP) as batch_op:
            batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
