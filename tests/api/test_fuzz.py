"""Fuzzing the API from its own OpenAPI document (schemathesis), in-process through the WSGI app.

Every operation is called with each role's token (admin, coordinator, advisor, employer, school, person) and
with generated requests: valid ones whose path parameters name real records of a small seeded region (each
role's own and someone else's), and invalid ones (negative mode, random ids). Every response must be below 500,
carry a status code the document declares for the operation, and match the declared schema and content type.
Operations that delete run last, so the reads before them meet the records they were given.

The run prints what it did, e.g. ``fuzz [sqlite]: 1,234 requests, 0 failures``; with CI=true it runs on
PostgreSQL too (the ``app`` fixture). ``FUZZ_EXAMPLES`` (per operation, role and mode) scales it.
"""
from __future__ import annotations

import os
import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matchmaker.extensions import db
from matchmaker.models import NeedSkill, OccupationSkill, Person
from tests.api.world import build_world
from tests.factories import SkillFactory

ROLES = ("admin", "coordinator", "advisor", "employer", "school", "person")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: generated requests per operation, role and mode (valid with real ids / invalid); hypothesis stops earlier where
#: an operation has fewer distinct requests
EXAMPLES = {GenerationMode.POSITIVE: int(os.environ.get("FUZZ_EXAMPLES", 4)),
            GenerationMode.NEGATIVE: max(1, int(os.environ.get("FUZZ_EXAMPLES", 4)) // 2)}
#: at least this many requests per run
MIN_REQUESTS = 1000


def seeded_region():
    """build_world's records (own and foreign ones of each role) with skills that tie people, needs, occupations
    and programmes together, so computed views (matches, candidates, partners, paths) have something to say."""
    world = build_world()
    ids = world.ids
    more = [SkillFactory() for _ in range(3)]
    skill_ids = [ids["skill"], *(s.id for s in more)]
    for skill_id in skill_ids[:3]:
        db.session.add(OccupationSkill(occupation_id=ids["occupation"], skill_id=skill_id, relation="essential"))
    for need in ("own_need", "foreign_need"):
        db.session.add_all(NeedSkill(need_id=ids[need], skill_id=s, relation="essential") for s in skill_ids[:2])
        db.session.add(NeedSkill(need_id=ids[need], skill_id=skill_ids[3], relation="optional"))
    for person in ("own_person", "foreign_person"):
        db.session.get(Person, ids[person]).skills = [db.session.get(type(more[0]), s) for s in skill_ids[:2]]
    db.session.commit()
    return world


def path_bindings(ids: dict) -> list[dict]:
    """Path parameter values naming real records: each role's own and others' (three sets)."""
    choices = {
        "organisation_id": [ids["own_employer"], ids["foreign_employer"], ids["own_school"]],
        # the other organisation of a pair to broker
        "partner_id": [ids["foreign_employer"], ids["own_school"], ids["own_employer"]],
        "need_id": [ids["own_need"], ids["foreign_need"]],
        "person_id": [ids["own_person"], ids["foreign_person"]],
        "programme_id": [ids["own_programme"], ids["foreign_programme"]],
        "partner_request_id": [ids["own_partner_request"], ids["foreign_partner_request"],
                               ids["own_school_partner_request"]],
        "interest_request_id": [ids["own_interest_request"], ids["foreign_interest_request"]],
        "occupation_id": [ids["occupation"]],
        "skill_id": [ids["skill"]],
        "job_id": [ids[f"job_by_{role}"] for role in ROLES] + [ids["allocation_job"]],
        "code": ["twente", "regio-zwolle", "stedendriehoek"],
        "user_id": [ids[f"user_by_{role}"] for role in ROLES],
        # tokens of users the fuzzer does not sign in with: revoking one must not lock the run out
        "token_id": [value for key, value in ids.items() if key.startswith("token_by_other")],
        "case_id": [ids["own_case"], ids["foreign_case"]],
        "session_id": [ids["own_session"], ids["foreign_session"], ids["past_session"]],
        "question_id": [ids["own_question"], ids["foreign_question"]],
        "registration_id": [ids["own_registration"], ids["foreign_registration"]],
        "change_id": [ids["own_worker_change"], ids["foreign_worker_change"]],
    }
    return [{name: values[k % len(values)] for name, values in choices.items()} for k in range(3)]


def _deletes_last(operation) -> tuple:
    return (operation.method.upper() == "DELETE", operation.path, operation.method)


@pytest.fixture
def fuzz_region(app):
    return seeded_region()


def test_fuzzing_the_openapi_document_finds_no_server_error_and_no_schema_violation(app, fuzz_region, capsys):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=_deletes_last)
    bindings = path_bindings(fuzz_region.ids)
    requests, statuses, seconds, failures = Counter(), Counter(), Counter(), []

    for operation in operations:
        params = [p.name for p in operation.path_parameters]
        bound = [{name: b[name] for name in params} for b in bindings] if params else [None]
        for role in ROLES:
            headers = fuzz_region.tokens[role]
            for mode, examples in EXAMPLES.items():
                strategies = ([operation.as_strategy(generation_mode=mode, path_parameters=b) for b in bound]
                              if mode == GenerationMode.POSITIVE else [operation.as_strategy(generation_mode=mode)])

                @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                          phases=[Phase.generate], suppress_health_check=list(HealthCheck))
                @given(case=st.one_of(strategies))
                def call(case):
                    case.headers = {**(case.headers or {}), **headers}
                    started = time.perf_counter()
                    response = case.call()
                    seconds[operation.label] += time.perf_counter() - started
                    requests[operation.label] += 1
                    statuses[f"{response.status_code // 100}xx"] += 1
                    case.validate_response(response, checks=CHECKS)

                try:
                    call()
                except Unsatisfiable:  # nothing invalid to send (no parameters, no body)
                    continue
                except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collected, reported below
                    failures.append(f"{operation.label} as {role} ({mode.value}): {error}")

    total = sum(requests.values())
    backend = db.engine.dialect.name
    with capsys.disabled():
        print(f"\nfuzz [{backend}]: {total:,} requests over {len(requests)} operations x {len(ROLES)} roles, "
              f"{len(failures)} failures; statuses {dict(sorted(statuses.items()))}")
        print("slowest: " + ", ".join(f"{label} {s:.1f} s" for label, s in seconds.most_common(5)))
        for failure in failures:
            print("  " + failure[:2000])
    assert not failures, f"{len(failures)} failures, the first: {failures[0]}"
    assert total >= MIN_REQUESTS
    assert statuses["5xx"] == 0
