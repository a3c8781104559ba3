"""Search by words: occupations and skills are found through an in-memory index built from their labels
(matchmaker.search, matchmaker.services.catalogue), so the lower-cased ``search_text`` copy of their labels goes.

Revision ID: 0004_search
Revises: 0003_person_skills_by_skill
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_search"
down_revision = "0003_person_skills_by_skill"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("occupations", "skills"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("search_text")


def downgrade():
    for table in ("occupations", "skills"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
