"""jobs: parent (fan-out) and dispatched_at; region_snapshots

Revision ID: 0002_jobs_region_snapshots
Revises: 0001
Create Date: 2026-11-23 10:00:00

Written by hand.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0002_jobs_region_snapshots"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", BigId, nullable=True))
        batch_op.add_column(sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_jobs_parent_id_jobs"), "jobs", ["parent_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_jobs_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "region_snapshots",
        sa.Column("region_code", sa.String(length=40), nullable=False),
        sa.Column("job_id", BigId, nullable=True),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("open_needs", sa.Integer(), nullable=False),
        sa.Column("total_headcount", sa.Integer(), nullable=False),
        sa.Column("demand", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_region_snapshots_job_id_jobs"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_region_snapshots")),
    )


def downgrade():
    op.drop_table("region_snapshots")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_parent_id"))
        batch_op.drop_constraint(batch_op.f("fk_jobs_parent_id_jobs"), type_="foreignkey")
        batch_op.drop_column("dispatched_at")
        batch_op.drop_column("parent_id")
