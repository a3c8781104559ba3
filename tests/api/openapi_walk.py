"""Walk the API's own OpenAPI document: every endpoint, its parameters and its request-body fields.

The access-matrix and bad-input tests are driven from here, so an endpoint added later is covered without
anyone remembering to list it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    ApiToken, ExchangeSession, InterestRequest, Need, Occupation, Organisation, PartnerRequest, Person, PracticeCase,
    Programme, SessionRegistration, Skill, SmeQuestion, User, WorkerChange,
)

PATH_PARAM = re.compile(r"\{(\w+)\}")


@dataclass
class Endpoint:
    method: str
    path: str  # OpenAPI template, e.g. /api/v1/needs/{need_id}
    body_fields: dict = field(default_factory=dict)  # name -> OpenAPI property
    query_fields: dict = field(default_factory=dict)

    @property
    def params(self) -> list[str]:
        return PATH_PARAM.findall(self.path)

    def url(self, **values) -> str:
        return PATH_PARAM.sub(lambda m: str(values[m.group(1)]), self.path)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _resolve(spec: dict, schema: dict) -> dict:
    """``schema`` with its ``$ref`` (``#/components/<kind>/<name>``) followed."""
    while "$ref" in schema:
        _, _, kind, name = schema["$ref"].split("/")
        schema = spec["components"][kind][name]
    return schema


def endpoints(spec: dict) -> list[Endpoint]:
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            endpoint = Endpoint(method, path)
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                endpoint.body_fields = _resolve(spec, body["schema"]).get("properties", {})
            for parameter in operation.get("parameters", []):
                parameter = _resolve(spec, parameter)
                if parameter.get("in") == "query":
                    endpoint.query_fields[parameter["name"]] = parameter.get("schema", {})
            found.append(endpoint)
    return found


#: path parameter -> the model whose id it takes
PARAM_MODELS = {
    "organisation_id": Organisation,
    "programme_id": Programme,
    "need_id": Need,
    "person_id": Person,
    "partner_request_id": PartnerRequest,
    "interest_request_id": InterestRequest,
    "occupation_id": Occupation,
    "skill_id": Skill,
    "user_id": User,
    "token_id": ApiToken,
    "case_id": PracticeCase,
    "session_id": ExchangeSession,
    "question_id": SmeQuestion,
    "registration_id": SessionRegistration,
    "change_id": WorkerChange,
}


def existing_path_values() -> dict:
    """For each path parameter, a value naming an existing record (any one)."""
    values = {"code": "twente"}
    for name, model in PARAM_MODELS.items():
        record = db.session.query(model).order_by(model.id).first()
        if record is not None:
            values[name] = record.id
    # a pair of organisations (brokering): the second one
    second = db.session.scalars(select(Organisation.id).order_by(Organisation.id).offset(1).limit(1)).first()
    if second is not None:
        values["partner_id"] = second
    return values


def database_snapshot() -> dict:
    """Every row of every table, to prove a refused request changed nothing."""
    from matchmaker.models import Base

    snapshot = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "api_tokens":
            continue
        rows = db.session.execute(table.select()).all()
        snapshot[table.name] = sorted(repr(tuple(row)) for row in rows)
    return snapshot
