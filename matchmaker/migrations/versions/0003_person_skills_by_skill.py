"""person_skills: index (skill_id, person_id) instead of (skill_id)

Who holds which of a need's skills is then read from the index alone (an index-only scan), without visiting
the table: the candidate prefilter counts, per person, the need's essential skills they hold.

Revision ID: 0003_person_skills_by_skill
Revises: 0002_jobs_region_snapshots
Create Date: 2026-11-22 21:00:00

Written by hand.
"""
from alembic import op

revision = "0003_person_skills_by_skill"
down_revision = "0002_jobs_region_snapshots"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person_skills", schema=None) as batch_op:
        batch_op.create_index("ix_person_skills_skill_id_person_id", ["skill_id", "person_id"], unique=False)
        batch_op.drop_index(batch_op.f("ix_person_skills_skill_id"))


def downgrade():
    with op.batch_alter_table("person_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_skills_skill_id"), ["skill_id"], unique=False)
        batch_op.drop_index("ix_person_skills_skill_id_person_id")
