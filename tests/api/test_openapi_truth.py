"""The OpenAPI document tells the truth about path ids and about the two person variants."""
from __future__ import annotations

from tests.api.openapi_walk import PATH_PARAM, _resolve


def _spec(client) -> dict:
    return client.get("/api/openapi.json").json


def test_every_record_id_in_a_path_is_an_integer(client):
    spec = _spec(client)
    seen = 0
    for path, operations in spec["paths"].items():
        parameters = [_resolve(spec, p) for p in operations.get("parameters", [])]
        for parameter in parameters:
            if parameter["in"] == "path" and parameter["name"].endswith("_id"):
                assert parameter["schema"]["type"] == "integer", (path, parameter)
                assert parameter["schema"]["minimum"] == 1
                seen += 1
        assert set(PATH_PARAM.findall(path)) <= {p["name"] for p in parameters}
    assert seen >= 10


def test_a_person_response_matches_exactly_one_variant(client):
    """PersonPrivate requires the special-category fields and consent, which Person (no other properties
    allowed) does not declare: an answer with them is only PersonPrivate, one without them only Person."""
    schemas = _spec(client)["components"]["schemas"]
    private, public = schemas["PersonPrivate"], schemas["Person"]
    only_private = {"target_groups", "accommodation_needs", "consent"}
    assert only_private <= set(private["required"])
    assert public["additionalProperties"] is False
    assert not only_private & set(public["properties"])
    assert set(public["properties"]) < set(private["properties"])


def test_a_path_id_that_is_not_a_number_is_no_record(client, session):
    from tests.factories import UserFactory, token_for

    headers = token_for(UserFactory(role="admin"))
    session.commit()
    assert client.get("/api/v1/needs/abc", headers=headers).status_code == 404
    assert client.get("/api/v1/needs/99999999999999999999", headers=headers).status_code == 404
