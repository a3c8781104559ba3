"""users: web sign-in (password hash) and one-time invitation links (hash, expiry)

Revision ID: 0004_web
Revises: 0004_audit
Create Date: 2026-12-02 14:00:00

Written by hand.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_web"
down_revision = "0004_audit"
branch_labels = None
depends_on = None


#: SQLite rebuilds the table for the unique constraint: it must keep AUTOINCREMENT (ids never reused, 0004_integrity)
KEEP_AUTOINCREMENT = {"sqlite_autoincrement": True}


def upgrade():
    with op.batch_alter_table("users", schema=None, table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("invitation_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("invitation_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_invitation_hash"), ["invitation_hash"])


def downgrade():
    with op.batch_alter_table("users", schema=None, table_kwargs=KEEP_AUTOINCREMENT) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_invitation_hash"), type_="unique")
        batch_op.drop_column("invitation_expires_at")
        batch_op.drop_column("invitation_hash")
        batch_op.drop_column("password_hash")
