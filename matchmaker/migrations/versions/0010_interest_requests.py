"""interest_requests: an employer's interest in a pseudonymised candidate, answered by the advisor and the person

Revision ID: 0010_interest_requests
Revises: 0009_derived
Create Date: 2026-12-03 07:40:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_interest_requests"
down_revision = "0009_derived"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: ids are never reused (0004_integrity): AUTOINCREMENT on SQLite
NEVER_REUSED = {"sqlite_autoincrement": True}


def upgrade():
    op.create_table(
        "interest_requests",
        sa.Column("id", ID, nullable=False),
        sa.Column("need_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("requested_by_id", ID, nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"], name=op.f("fk_interest_requests_need_id_needs"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_interest_requests_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_interest_requests_organisation_id_organisations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"],
                                name=op.f("fk_interest_requests_requested_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest_requests")),
        sa.UniqueConstraint("need_id", "person_id", name="uq_interest_requests_need_person"),
        **NEVER_REUSED,
    )
    with op.batch_alter_table("interest_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interest_requests_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interest_requests_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interest_requests_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interest_requests_status"), ["status"], unique=False)


def downgrade():
    op.drop_table("interest_requests")
