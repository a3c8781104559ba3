"""Fixtures shared by the API tests that walk the OpenAPI document over the small world of tests/api/world.py."""
from __future__ import annotations

import pytest

from tests.api.world import build_world


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").json
