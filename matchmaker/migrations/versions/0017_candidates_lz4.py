"""stored_candidates.items: compressed with lz4 instead of pglz on PostgreSQL

A region's stored candidates are large JSON (Twente at 100k: 10,868 rows, 432 MB of JSON text, 41 KB a row),
rewritten by every recompute. Compressing them with pglz took PostgreSQL ~15 s of each Twente job (inserting the
rows: 23-25 s with pglz, 10-13 s with lz4, ~8 s parsing the JSON alone; load ~5), and lz4 stores them smaller
(47 MB instead of 100 MB). Rows written from now on; every job rewrites its region's rows. Needs PostgreSQL 14
built with lz4 (Debian's and the official images are); elsewhere the column stays as it is. SQLite does not
compress: nothing to do there.

Revision ID: 0017_candidates_lz4
Revises: 0016_derived_uncompressed
Create Date: 2026-12-03 20:00:00

Written by hand.
"""
from alembic import op

revision = "0017_candidates_lz4"
down_revision = "0016_derived_uncompressed"
branch_labels = None
depends_on = None


def _compression(method: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or bind.dialect.server_version_info < (14,):
        return
    # a server built without lz4 refuses it (feature_not_supported): the column keeps pglz
    op.execute(f"""DO $$ BEGIN
        EXECUTE 'ALTER TABLE stored_candidates ALTER COLUMN items SET COMPRESSION {method}';
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$""")


def upgrade():
    _compression("lz4")


def downgrade():
    _compression("pglz")
