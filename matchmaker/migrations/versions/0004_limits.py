"""jobs.request_key: one unfinished job per request (kind, subject, inputs, requester)

A partial unique index over the unfinished jobs (queued or running): asking again for the same job while it
waits or runs returns it instead of queueing a second one.

Revision ID: 0004_limits
Revises: 0004_integrity
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_limits"
down_revision = "0004_integrity"
branch_labels = None
depends_on = None

UNFINISHED = "status IN ('queued', 'running')"


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))
    op.create_index("uq_jobs_request_key_unfinished", "jobs", ["request_key"], unique=True,
                    sqlite_where=sa.text(UNFINISHED), postgresql_where=sa.text(UNFINISHED))


def downgrade():
    op.drop_index("uq_jobs_request_key_unfinished", table_name="jobs")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("request_key")
