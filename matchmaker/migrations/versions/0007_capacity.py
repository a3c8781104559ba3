"""work capacity: people's limits (special-category data), needs' work demands, workers' changes

- ``people.capacity_limits`` (the work demands a person cannot meet) and ``people.capacity_max_hours``.
- ``needs.demands``: what the work demands; NULL takes the occupation's defaults.
- ``worker_changes``: a worker's capacity, wish or job at risk, recorded by the employer or the advisor.

Columns are added in place (ALTER TABLE ADD COLUMN also on SQLite: the tables keep AUTOINCREMENT).

Revision ID: 0007_capacity
Revises: 0006_brokering
Create Date: 2026-12-03 08:00:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_capacity"
down_revision = "0006_brokering"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.add_column("people", sa.Column("capacity_limits", JSON, nullable=True))
    op.execute(sa.text("UPDATE people SET capacity_limits = '[]'"))
    op.add_column("people", sa.Column("capacity_max_hours", sa.Integer(), nullable=True))
    op.add_column("needs", sa.Column("demands", JSON, nullable=True))
    op.create_table(
        "worker_changes",
        sa.Column("id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("occupation_id", ID, nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=True),
        sa.Column("wish", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("worker_consent", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_worker_changes_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_worker_changes_organisation_id_organisations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["occupation_id"], ["occupations.id"],
                                name=op.f("fk_worker_changes_occupation_id_occupations")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_worker_changes_recorded_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_changes")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_worker_changes_person_id"), "worker_changes", ["person_id"])
    op.create_index(op.f("ix_worker_changes_organisation_id"), "worker_changes", ["organisation_id"])
    op.create_index(op.f("ix_worker_changes_status"), "worker_changes", ["status"])


def downgrade():
    op.drop_table("worker_changes")
    op.drop_column("needs", "demands")
    op.drop_column("people", "capacity_max_hours")
    op.drop_column("people", "capacity_limits")
