"""version counters on the records users edit: organisations, programmes, needs, people, partner requests

Every UPDATE and DELETE of these rows is then conditional on the version read (optimistic concurrency), and
the API shows the version and answers with an ETag derived from it. Existing rows start at 1.

Revision ID: 0004_versions
Revises: 0004_limits
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_versions"
down_revision = "0004_limits"
branch_labels = None
depends_on = None

VERSIONED = ("organisations", "programmes", "needs", "people", "partner_requests")


def upgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
