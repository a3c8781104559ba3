"""notices: what a user sees on their start page about interest requests (new until read)

Revision ID: 0012_notices
Revises: 0011_stored_candidates
Create Date: 2026-12-03 13:15:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_notices"
down_revision = "0011_stored_candidates"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "notices",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("interest_request_id", ID, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notices_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["interest_request_id"], ["interest_requests.id"],
                                name=op.f("fk_notices_interest_request_id_interest_requests"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "interest_request_id", "status", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_interest_request_id"), "notices", ["interest_request_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_notices_interest_request_id"), table_name="notices")
    op.drop_table("notices")
