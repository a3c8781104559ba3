"""derived_results.payload: kept out of line without compression on PostgreSQL

The payloads are compact arrays already (the 100k province's career-path preparation: 29.7 MiB, which pglz
compressed to 11.2): PostgreSQL decompressed them on every read, and that read is most of the first career path
after a change. Stored as they are, a fresh process fetches the 29.7 MiB in ~0.08 s instead of ~0.11-0.2 s (on
the development machine). Only what is stored from now on; each name keeps its latest version only, so the next
store of each name is uncompressed. SQLite stores every value as it is: nothing to do there.

Revision ID: 0016_derived_uncompressed
Revises: 0015_jobs_latest
Create Date: 2026-12-03 20:00:00

Written by hand.
"""
from alembic import op

revision = "0016_derived_uncompressed"
down_revision = "0015_jobs_latest"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE derived_results ALTER COLUMN payload SET STORAGE EXTERNAL")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE derived_results ALTER COLUMN payload SET STORAGE EXTENDED")
