"""stored_matches: each person's best matches, stored by their region's recompute

Revision ID: 0013_stored_matches
Revises: 0012_notices
Create Date: 2026-12-03 12:40:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013_stored_matches"
down_revision = "0012_notices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_matches",
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("region_code", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("person_version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("open_needs_considered", sa.Integer(), nullable=False),
        sa.Column("items", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_stored_matches_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_stored_matches_job_id_jobs"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_stored_matches")),
    )
    op.create_index(op.f("ix_stored_matches_region_code"), "stored_matches", ["region_code"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_stored_matches_region_code"), table_name="stored_matches")
    op.drop_table("stored_matches")
