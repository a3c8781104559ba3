"""One transaction per write request: commit on success, roll back on any error."""
from contextlib import contextmanager

from matchmaker.extensions import db


@contextmanager
def committed():
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
