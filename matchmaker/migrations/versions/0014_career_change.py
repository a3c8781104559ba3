"""people.career_change: the person wants to learn a new trade

Revision ID: 0014_career_change
Revises: 0013_stored_matches
Create Date: 2026-12-03 16:20:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_career_change"
down_revision = "0013_stored_matches"
branch_labels = None
depends_on = None


def upgrade():
    # a plain ADD COLUMN: a batch would rebuild people on SQLite without AUTOINCREMENT (ids never reused)
    op.add_column("people", sa.Column("career_change", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column("people", "career_change")
