"""stored_candidates: each open need's best candidates, stored by its region's recompute

Revision ID: 0011_stored_candidates
Revises: 0010_interest_requests
Create Date: 2026-12-03 08:10:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011_stored_candidates"
down_revision = "0010_interest_requests"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_candidates",
        sa.Column("need_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("region_code", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("need_version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("people_considered", sa.Integer(), nullable=False),
        sa.Column("items", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_stored_candidates_need_id_needs"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_stored_candidates_job_id_jobs"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("need_id", name=op.f("pk_stored_candidates")),
    )
    op.create_index(op.f("ix_stored_candidates_region_code"), "stored_candidates", ["region_code"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_stored_candidates_region_code"), table_name="stored_candidates")
    op.drop_table("stored_candidates")
