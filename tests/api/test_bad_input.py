"""A corpus of bad input sent to every write and list endpoint the OpenAPI document lists.

Each request must get a 4xx JSON error (naming the field where one is at fault), never a 500, and the
database must be exactly as before.
"""
from __future__ import annotations

import json

import pytest

from tests.api.openapi_walk import database_snapshot, endpoints, existing_path_values

HUGE_INT = 2**64
TOO_BIG_IDS = (0, 2**63, 2**64, 10**20, 10**25)


def _raw_value_cases(prop: dict) -> list[tuple[str, str]]:
    """(description, raw JSON text of a value) pairs that no field of this type may accept."""
    kind = prop.get("type")
    if kind == "string" and "enum" not in prop:
        return [("NUL byte", json.dumps("a\x00b")), ("lone surrogate", '"\\ud800x"'),
                ("oversize", json.dumps("x" * 100_000)), ("a number", "12")]
    if kind == "string":
        return [("not in the vocabulary", '"no-such-choice"'), ("lone surrogate", '"\\udfff"')]
    if kind == "integer":
        return [("text", '"abc"'), ("above 2^64", str(HUGE_INT)), ("fraction", "1.5")]
    if kind == "number":
        return [("text", '"abc"'), ("infinite", "1e999")]
    if kind == "boolean":
        return [("text", '"maybe"')]
    if kind == "array":
        return [("a string", '"not-a-list"'), ("nulls", "[null]")]
    if kind == "object":
        return [("a string", '"not-an-object"')]
    return [("a nested list", "[[[]]]")]


def _assert_refused(response, field=None, location="json"):
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:300])
    body = response.get_json(silent=True)
    assert isinstance(body, dict) and body.get("message") is not None, response.get_data(as_text=True)[:300]
    if field is not None:
        assert field in json.dumps(body.get("errors", {})), body


def _write_endpoints(spec):
    return [e for e in endpoints(spec) if e.method in ("post", "put", "patch")]


def test_every_write_endpoint_refuses_bad_bodies_and_changes_nothing(client, spec, world):
    admin = world.tokens["admin"]
    values = existing_path_values()
    writes = _write_endpoints(spec)
    assert writes, "the OpenAPI document lists no write endpoint"
    before = database_snapshot()
    for endpoint in writes:
        url = endpoint.url(**values)

        def send(raw: str, content_type="application/json"):
            return client.open(url, method=endpoint.method.upper(), data=raw,
                               headers={**admin, "Content-Type": content_type})

        _assert_refused(send('{"name": '))  # malformed JSON
        _assert_refused(send('{"name": "x"}', "text/plain"), field="Content-Type", location="headers")
        _assert_refused(send("name=x", "application/x-www-form-urlencoded"))
        _assert_refused(send("[]"))
        _assert_refused(send('"just a string"'))
        _assert_refused(send('{"no_such_field": 1}'), field="no_such_field")
        _assert_refused(send(json.dumps({"padding": "x" * (2 * 1024 * 1024)})))  # oversize body
        for name, prop in endpoint.body_fields.items():
            if prop.get("readOnly"):
                continue
            for description, raw in _raw_value_cases(prop):
                response = send(f'{{"{name}": {raw}}}')
                assert response.status_code != 500, f"{endpoint} {name}: {description}"
                _assert_refused(response, field=name)
    assert database_snapshot() == before


def test_ids_out_of_range_in_paths_are_not_found(client, spec, world):
    admin = world.tokens["admin"]
    values = existing_path_values()
    for endpoint in endpoints(spec):
        id_params = [p for p in endpoint.params if p.endswith("_id")]
        for param in id_params:
            for bad in TOO_BIG_IDS:
                url = endpoint.url(**{**values, param: bad})
                body = {} if endpoint.method in ("post", "put", "patch") else None
                response = client.open(url, method=endpoint.method.upper(), headers=admin, json=body)
                assert response.status_code == 404, f"{endpoint} with {param}={bad}: {response.status_code}"


@pytest.mark.parametrize("query, field", [
    ("limit=-5", "limit"), ("limit=abc", "limit"), ("limit=0", "limit"), (f"limit={10**30}", "limit"),
    ("offset=-1", "offset"), ("offset=1.5", "offset"), ("q=a%00b", "q"), ("q=" + "x" * 5000, "q"),
])
def test_every_list_endpoint_refuses_bad_query_arguments(client, spec, world, query, field):
    admin = world.tokens["admin"]
    values = existing_path_values()
    lists = [e for e in endpoints(spec) if e.method == "get" and field in e.query_fields]
    assert lists, f"no list endpoint takes {field}"
    for endpoint in lists:
        response = client.get(f"{endpoint.url(**values)}?{query}", headers=admin)
        _assert_refused(response, field=field, location="query")


def test_unknown_query_parameters_are_refused_by_every_list_endpoint(client, spec, world):
    admin = world.tokens["admin"]
    values = existing_path_values()
    for endpoint in [e for e in endpoints(spec) if e.method == "get" and "limit" in e.query_fields]:
        _assert_refused(client.get(f"{endpoint.url(**values)}?colour=red", headers=admin), field="colour")


def test_refused_requests_answer_in_json_even_outside_the_api(client):
    response = client.get("/api/v1/no-such-resource")
    assert response.status_code == 404
    assert response.get_json()["code"] == 404
