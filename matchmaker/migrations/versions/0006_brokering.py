"""brokerings: the status a network coordinator sets for a partner match between two organisations

Revision ID: 0006_brokering
Revises: 0005_exchange
Create Date: 2026-12-03 07:40:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_brokering"
down_revision = "0005_exchange"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "brokerings",
        sa.Column("organisation_a_id", ID, nullable=False),
        sa.Column("organisation_b_id", ID, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_by_id", ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("organisation_a_id < organisation_b_id", name=op.f("ck_brokerings_pair_in_order")),
        sa.CheckConstraint("status IN ('proposed', 'contacted', 'agreed', 'declined')",
                           name=op.f("ck_brokerings_status")),
        sa.ForeignKeyConstraint(["organisation_a_id"], ["organisations.id"], ondelete="CASCADE",
                                name=op.f("fk_brokerings_organisation_a_id_organisations")),
        sa.ForeignKeyConstraint(["organisation_b_id"], ["organisations.id"], ondelete="CASCADE",
                                name=op.f("fk_brokerings_organisation_b_id_organisations")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_brokerings_updated_by_id_users")),
        sa.PrimaryKeyConstraint("organisation_a_id", "organisation_b_id", name=op.f("pk_brokerings")),
    )
    op.create_index(op.f("ix_brokerings_organisation_b_id"), "brokerings", ["organisation_b_id"])


def downgrade():
    op.drop_index(op.f("ix_brokerings_organisation_b_id"), table_name="brokerings")
    op.drop_table("brokerings")
