"""refresh_requests: regions whose computed results wait for their automatic refresh

Revision ID: 0008_refresh
Revises: 0007_capacity
Create Date: 2026-12-03 07:30:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_refresh"
down_revision = "0007_capacity"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "refresh_requests",
        sa.Column("region_code", sa.String(length=40), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_refresh_requests")),
    )
    op.create_index(op.f("ix_refresh_requests_due_at"), "refresh_requests", ["due_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_refresh_requests_due_at"), table_name="refresh_requests")
    op.drop_table("refresh_requests")
