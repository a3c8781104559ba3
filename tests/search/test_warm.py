"""gunicorn's workers build the search index as they start, so the first search does not wait for it."""
from __future__ import annotations

import re
import runpy
from pathlib import Path
from types import SimpleNamespace

from matchmaker import create_app
from matchmaker.services import catalogue as catalogue_module
from matchmaker.taxonomy.builtin import load_builtin_taxonomy
from tests.factories import UserFactory, token_for

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_a_worker_starting_builds_the_index_and_the_first_search_uses_it(app, client, session, monkeypatch):
    load_builtin_taxonomy(session=session)
    headers = token_for(UserFactory(role="advisor"))
    session.commit()
    catalogue_module._CACHE.clear()

    GUNICORN["post_worker_init"](SimpleNamespace(wsgi=app))

    assert len(catalogue_module._CACHE) == 1

    def built_again(_session):
        raise AssertionError("the first request built the index again")

    monkeypatch.setattr(catalogue_module, "_build", built_again)
    response = client.get("/api/v1/skills?q=koken", headers=headers)
    assert response.status_code == 200, response.json
    assert "kooktechnieken" in [item["label"] for item in response.json["items"]]


def test_a_worker_starting_before_the_database_is_migrated_still_starts(caplog):
    unmigrated = create_app("test")  # an empty in-memory database: no tables yet

    assert catalogue_module.warm(unmigrated) is False
    assert "The search index is not warmed" in caplog.text


def test_the_image_carries_the_settings_to_where_gunicorn_reads_them():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^COPY .*\bgunicorn\.conf\.py\b.* \./$", dockerfile, re.M)
    assert re.search(r"^WORKDIR /app$", dockerfile, re.M)
