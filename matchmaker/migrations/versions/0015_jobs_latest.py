"""jobs: index (kind, subject_id, status, finished_at, id) for the latest result of a kind about a subject

Every page that shows a stored result (a region's insights, allocation and partner matches; a person's matches
and career paths) asks for the latest succeeded job of a kind about a subject, and whether a newer one waits.
With only the indexes on kind and on status, the database read every succeeded job of the province to find it
(on SQLite each of those rows up to its finished_at, behind results of several megabytes: ~100 ms at 100k).

Revision ID: 0015_jobs_latest
Revises: 0014_career_change
Create Date: 2026-12-03 17:25:00

Written by hand.
"""
from alembic import op

revision = "0015_jobs_latest"
down_revision = "0014_career_change"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_jobs_latest", "jobs", ["kind", "subject_id", "status", "finished_at", "id"])


def downgrade():
    op.drop_index("ix_jobs_latest", table_name="jobs")
