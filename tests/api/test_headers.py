"""Protective headers on every response; the API docs page without a CDN and without inline script; 405 with
Allow; authentication before validation."""
from __future__ import annotations

import re

import pytest

from matchmaker import create_app
from tests.api.openapi_walk import endpoints, existing_path_values

METHODS = ("get", "post", "patch", "delete")


@pytest.fixture
def values(world):
    """A value naming an existing record for every path parameter."""
    return {**existing_path_values(), "person_id": world.ids["own_person"], "job_id": world.ids["job_by_admin"]}


def _assert_protected(response, what):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, what
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy, what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "no-referrer", what
    assert "Strict-Transport-Security" not in headers, what  # not outside production


def test_every_api_answer_is_protected_and_not_stored(client, spec, world, values):
    for endpoint in endpoints(spec):
        if endpoint.method != "get":
            continue
        for headers in (world.tokens["admin"], {}):  # granted, and refused (401)
            response = client.get(endpoint.url(**values), headers=headers)
            assert response.status_code < 500, (str(endpoint), response.status_code)
            _assert_protected(response, str(endpoint))
            assert response.headers.get("Cache-Control") == "no-store", str(endpoint)
    for url in ("/api/v1/no-such-thing", "/api/openapi.json", "/api/docs"):
        _assert_protected(client.get(url), url)


def test_strict_transport_security_in_production_only():
    production = create_app("production", {"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "RATELIMIT_ENABLED": False})
    response = production.test_client().get("/api/docs")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_docs_page_loads_only_its_own_scripts_and_each_one_answers(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses and not [a for a in addresses if "//" in a or ":" in a], addresses  # no other host
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) >= 3
    for attributes, inline in scripts:
        assert not inline.strip(), "inline script: the Content-Security-Policy blocks it"
        (src,) = re.findall(r'src="([^"]+)"', attributes)
        response = client.get(src)
        assert response.status_code == 200 and "javascript" in response.content_type, src
    for href in re.findall(r'href="([^"]+)"', html):
        assert client.get(href).status_code == 200, href
    initializer = client.get(re.findall(r'src="([^"]+initializer[^"]*)"', html)[0]).get_data(as_text=True)
    assert '"/api/openapi.json"' in initializer and "SwaggerUIBundle(" in initializer
    assert client.get("/api/openapi.json").status_code == 200


def test_method_not_allowed_says_which_methods_are(client, spec, world, values):
    admin = world.tokens["admin"]
    for path, operations in spec["paths"].items():
        documented = {method for method in operations if method in METHODS}
        url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
        for method in set(METHODS) - documented:
            if _another_route(spec, url, method, path):
                continue  # e.g. GET /regions/recompute is GET /regions/<code>
            response = client.open(url, method=method.upper(), headers=admin)
            assert response.status_code == 405, (method, path, response.status_code)
            allowed = {m.strip().lower() for m in response.headers["Allow"].split(",")}
            assert documented <= allowed, (method, path, response.headers["Allow"])
            assert response.get_json()["code"] == 405


def _another_route(spec, url, method, path) -> bool:
    return any(method in operations and re.fullmatch(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(other)), url)
               for other, operations in spec["paths"].items() if other != path)


def test_anonymous_callers_get_401_before_any_validation(client, spec, values):
    for endpoint in endpoints(spec):
        if endpoint.path in ("/api/v1/health", "/api/v1/vocabulary"):  # public
            continue
        url = endpoint.url(**values)
        if endpoint.method == "get":
            response = client.get(f"{url}?limit=banana&colour=red")
        else:
            response = client.open(url, method=endpoint.method.upper(), json={"no_such_field": [1, 2, 3]})
        assert response.status_code == 401, (str(endpoint), response.status_code, response.get_json())
        assert "errors" not in response.get_json(), str(endpoint)  # no field names of the endpoint
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
