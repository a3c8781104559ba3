"""derived_results: province-wide derived results shared by every process on every machine

Revision ID: 0009_derived
Revises: 0008_refresh
Create Date: 2026-12-03 07:50:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_derived"
down_revision = "0008_refresh"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "derived_results",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_by", sa.String(length=120), nullable=False),
        sa.Column("computations", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "version_key", name=op.f("pk_derived_results")),
    )


def downgrade():
    op.drop_table("derived_results")
