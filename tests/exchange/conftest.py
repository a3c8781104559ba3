"""The demo region on a SQLite file, loaded once for the exchange's tests of this package."""
from __future__ import annotations

import pytest

from matchmaker import create_app
from matchmaker.demo import load_demo
from matchmaker.extensions import db
from matchmaker.services.places import ensure_municipalities


@pytest.fixture(scope="package")
def demo_app(tmp_path_factory):
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"})
    with app.app_context():
        db.create_all()
        ensure_municipalities(session=db.session)
        load_demo(session=db.session)
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()
