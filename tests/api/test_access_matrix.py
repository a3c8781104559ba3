"""Every endpoint, every role, own and foreign records: granted means 2xx, refused means 401/403/404.

The matrix below is the access policy written as a table; a test fails when the OpenAPI document lists an
endpoint the table does not cover, so a new endpoint cannot ship without its row.
"""
from __future__ import annotations

import pytest

from tests.api.openapi_walk import endpoints
from tests.api.world import build_world

ROLES = ("anonymous", "admin", "coordinator", "advisor", "employer", "school", "person")
EVERYONE = {"admin", "coordinator", "advisor", "employer", "school", "person"}
STAFF = {"admin", "coordinator"}


def own_org_role(role, own):
    """Employers and schools may act on their own organisation's records; admin and coordinators on all."""
    return role in STAFF or (role in ("employer", "school") and own)


def own_employer_role(role, own):
    """An exchange record of an employer: admin, coordinators, and that employer."""
    return role in STAFF or (role == "employer" and own)


#: roles working for an organisation, and staff: they register for sessions and see (their) registrations
ORGANISED = STAFF | {"employer", "school"}


def caseload(role, own):
    """People: admin; the person's own advisor; the person themself."""
    return role == "admin" or (role in ("advisor", "person") and own)


def worker_change(role, own):
    """A worker's change: admin; the worker, their advisor, and their employer (recorded with consent)."""
    return role == "admin" or (role in ("advisor", "person", "employer") and own)


#: (method, path) -> (which record the role's "own"/"foreign" target is, who is granted)
MATRIX = {
    ("get", "/api/v1/health"): (None, lambda role, own: True),
    ("get", "/api/v1/vocabulary"): (None, lambda role, own: True),
    ("get", "/api/v1/organisations"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/organisations"): (None, lambda role, own: role in STAFF),
    ("get", "/api/v1/organisations/{organisation_id}"): ("organisation", lambda role, own: role in EVERYONE),
    ("patch", "/api/v1/organisations/{organisation_id}"): ("organisation", own_org_role),
    ("delete", "/api/v1/organisations/{organisation_id}"): ("organisation", lambda role, own: role in STAFF),
    ("get", "/api/v1/needs"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/needs"): (None, lambda role, own: role in STAFF | {"employer"}),
    ("get", "/api/v1/needs/{need_id}"): ("need", lambda role, own: role in EVERYONE),
    ("patch", "/api/v1/needs/{need_id}"): ("need", lambda role, own: role in STAFF or (role == "employer" and own)),
    ("delete", "/api/v1/needs/{need_id}"): ("need", lambda role, own: role in STAFF or (role == "employer" and own)),
    ("get", "/api/v1/programmes"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/programmes"): (None, lambda role, own: role in STAFF | {"school"}),
    ("get", "/api/v1/programmes/{programme_id}"): ("programme", lambda role, own: role in EVERYONE),
    ("patch", "/api/v1/programmes/{programme_id}"): ("programme", lambda role, own: role in STAFF or (role == "school" and own)),
    ("delete", "/api/v1/programmes/{programme_id}"): ("programme", lambda role, own: role in STAFF or (role == "school" and own)),
    ("get", "/api/v1/partner-requests"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/partner-requests"): (None, lambda role, own: role in STAFF | {"employer", "school"}),
    ("get", "/api/v1/partner-requests/{partner_request_id}"): ("partner_request", lambda role, own: role in EVERYONE),
    ("patch", "/api/v1/partner-requests/{partner_request_id}"): ("partner_request", own_org_role),
    ("delete", "/api/v1/partner-requests/{partner_request_id}"): ("partner_request", own_org_role),
    ("get", "/api/v1/people"): (None, lambda role, own: role in {"admin", "advisor", "person"}),
    ("post", "/api/v1/people"): (None, lambda role, own: role in {"admin", "advisor"}),
    ("get", "/api/v1/people/{person_id}"): ("person", caseload),
    ("patch", "/api/v1/people/{person_id}"): ("person", caseload),
    ("delete", "/api/v1/people/{person_id}"): ("person", caseload),
    ("get", "/api/v1/people/{person_id}/export"): ("person", caseload),
    ("get", "/api/v1/people/{person_id}/matches"): ("person", caseload),
    ("get", "/api/v1/people/{person_id}/career-paths"): ("person", caseload),
    ("post", "/api/v1/people/{person_id}/career-paths"): ("person", caseload),
    ("get", "/api/v1/needs/{need_id}/candidates"): ("need", lambda role, own: role in STAFF or (role == "employer" and own)),
    ("get", "/api/v1/occupations"): (None, lambda role, own: role in EVERYONE),
    ("get", "/api/v1/occupations/{occupation_id}"): ("occupation", lambda role, own: role in EVERYONE),
    ("get", "/api/v1/occupations/{occupation_id}/transitions"): ("occupation", lambda role, own: role in EVERYONE),
    ("get", "/api/v1/skills"): (None, lambda role, own: role in EVERYONE),
    ("get", "/api/v1/skills/{skill_id}"): ("skill", lambda role, own: role in EVERYONE),
    ("get", "/api/v1/jobs/{job_id}"): ("job", lambda role, own: role == "admin" or (own and role in EVERYONE)),
    ("post", "/api/v1/regions/recompute"): (None, lambda role, own: role in STAFF),
    ("post", "/api/v1/regions/{code}/recompute"): ("region", lambda role, own: role in STAFF),
    ("get", "/api/v1/regions"): (None, lambda role, own: role in EVERYONE),
    ("get", "/api/v1/regions/{code}"): ("region", lambda role, own: role in EVERYONE),
    ("get", "/api/v1/organisations/{organisation_id}/partners"): ("organisation", lambda role, own: role in EVERYONE - {"person"}),
    ("get", "/api/v1/regions/{code}/partners"): ("region", lambda role, own: role in STAFF),
    ("post", "/api/v1/regions/{code}/allocation"): ("region", lambda role, own: role in STAFF),
    ("get", "/api/v1/regions/{code}/allocation"): ("region", lambda role, own: role in STAFF),
    ("get", "/api/v1/regions/{code}/brokering"): ("region", lambda role, own: role in STAFF),
    ("get", "/api/v1/regions/{code}/brokering/{organisation_id}/{partner_id}"): ("pair", lambda role, own: role in STAFF),
    ("put", "/api/v1/regions/{code}/brokering/{organisation_id}/{partner_id}"): ("pair", lambda role, own: role in STAFF),
    ("get", "/api/v1/regions/{code}/insights"): ("region", lambda role, own: role in STAFF | {"employer", "school"}),
    ("get", "/api/v1/organisations/{organisation_id}/programme-demand"): ("organisation", lambda role, own: role in STAFF or (
        role == "school" and own)),
    ("get", "/api/v1/interest-requests"): (None, lambda role, own: role in {"admin", "advisor", "employer", "person"}),
    ("post", "/api/v1/interest-requests"): (None, lambda role, own: role == "employer"),
    # the parties: the employer, the person's advisor, the person once it is forwarded to them; and admins
    ("get", "/api/v1/interest-requests/{interest_request_id}"): ("interest_request", lambda role, own: role == "admin" or (
        own and role in ("advisor", "employer", "person"))),
    ("patch", "/api/v1/interest-requests/{interest_request_id}"): ("interest_request", lambda role, own: role == "admin" or (
        own and role in ("advisor", "employer", "person"))),
    ("get", "/api/v1/audit-events"): (None, lambda role, own: role == "admin"),
    ("get", "/api/v1/worker-changes"): (None, lambda role, own: role in {"admin", "advisor", "person", "employer"}),
    ("post", "/api/v1/worker-changes"): (None, lambda role, own: role in {"admin", "advisor", "person", "employer"}),
    ("get", "/api/v1/worker-changes/{change_id}"): ("worker_change", worker_change),
    ("patch", "/api/v1/worker-changes/{change_id}"): ("worker_change", worker_change),
    ("delete", "/api/v1/worker-changes/{change_id}"): ("worker_change", worker_change),
    ("get", "/api/v1/worker-changes/{change_id}/proposals"): ("worker_change", worker_change),
    ("get", "/api/v1/organisations/{organisation_id}/workers"): ("organisation", lambda role, own: role == "admin" or (
        role == "employer" and own)),
    ("get", "/api/v1/regions/{code}/worker-flows"): ("region", lambda role, own: role in STAFF),
    ("get", "/api/v1/users/me/tokens"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/users/me/tokens"): (None, lambda role, own: role in EVERYONE),
    ("get", "/api/v1/users/{user_id}/tokens"): ("user", lambda role, own: role == "admin" or (own and role in EVERYONE)),
    ("delete", "/api/v1/tokens/{token_id}"): ("token", lambda role, own: role == "admin" or (own and role in EVERYONE)),
    # the exchange: own/foreign records are the own and a foreign employer's
    ("get", "/api/v1/practice-cases"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/practice-cases"): (None, lambda role, own: role in STAFF | {"employer", "school"}),
    ("get", "/api/v1/practice-cases/{case_id}"): ("case", lambda role, own: role in EVERYONE),
    ("patch", "/api/v1/practice-cases/{case_id}"): ("case", own_employer_role),
    ("delete", "/api/v1/practice-cases/{case_id}"): ("case", own_employer_role),
    ("put", "/api/v1/practice-cases/{case_id}/publication"): ("case", own_employer_role),
    ("get", "/api/v1/sessions"): (None, lambda role, own: role in EVERYONE),
    ("post", "/api/v1/sessions"): (None, lambda role, own: role in STAFF | {"employer", "school"}),
    ("get", "/api/v1/sessions/{session_id}"): ("session", lambda role, own: role in EVERYONE),
    ("patch", "/api/v1/sessions/{session_id}"): ("session", own_employer_role),
    ("delete", "/api/v1/sessions/{session_id}"): ("session", own_employer_role),
    ("get", "/api/v1/sessions/{session_id}/registrations"): ("session", lambda role, own: role in ORGANISED),
    ("post", "/api/v1/sessions/{session_id}/registrations"): ("session", lambda role, own: role in ORGANISED),
    ("get", "/api/v1/registrations/{registration_id}"): ("registration", own_employer_role),
    ("delete", "/api/v1/registrations/{registration_id}"): ("registration", own_employer_role),
    ("put", "/api/v1/registrations/{registration_id}/attendance"): ("registration", lambda role, own: role in STAFF),
    ("get", "/api/v1/sme-questions"): (None, lambda role, own: role in STAFF | {"employer"}),
    ("post", "/api/v1/sme-questions"): (None, lambda role, own: role in STAFF | {"employer"}),
    ("get", "/api/v1/sme-questions/{question_id}"): ("question", own_employer_role),
    ("patch", "/api/v1/sme-questions/{question_id}"): ("question", own_employer_role),
    ("delete", "/api/v1/sme-questions/{question_id}"): ("question", own_employer_role),
    ("get", "/api/v1/sme-questions/{question_id}/matches"): ("question", own_employer_role),
    ("get", "/api/v1/progress-checks"): (None, lambda role, own: role in STAFF | {"employer"}),
    ("post", "/api/v1/progress-checks"): (None, lambda role, own: role in STAFF | {"employer"}),
    ("get", "/api/v1/exchange-monitor"): (None, lambda role, own: role in STAFF),
    ("get", "/api/v1/exchange-monitor/csv"): (None, lambda role, own: role in STAFF),
}

#: kinds of target that belong to an organisation or a caseload, so that a foreign variant exists
OWNED_KINDS = {"organisation", "need", "programme", "partner_request", "person", "job", "user", "token",
               "interest_request", "case", "session", "question", "registration",
               "worker_change"}


def _target(kind, role, own, ids):
    if kind is None:
        return {}
    if kind == "region":
        return {"code": "twente"}
    if kind == "pair":  # two organisations of the region
        return {"code": "twente", "organisation_id": ids["own_employer"], "partner_id": ids["foreign_employer"]}
    if kind not in OWNED_KINDS:
        return {f"{kind}_id": ids[kind]}
    side = "own" if own else "foreign"
    if kind == "organisation":
        return {"organisation_id": ids[f"{side}_school" if role == "school" else f"{side}_employer"]}
    if kind in ("job", "user", "token"):  # own: started by / the caller / the caller's; foreign: another advisor's
        return {f"{kind}_id": ids[f"{kind}_by_{role}" if own and role != "anonymous" else f"{kind}_by_other_advisor"]}
    if kind == "interest_request":  # own: about the own person and the own employer's need
        return {"interest_request_id": ids[f"{side}_interest_request"]}
    if kind == "partner_request" and role == "school":
        return {"partner_request_id": ids[f"{side}_school_partner_request"]}
    if kind == "worker_change":
        return {"change_id": ids[f"{side}_worker_change"]}
    return {f"{kind}_id": ids[f"{side}_{kind}"]}


def _post_body(path, role, ids):
    """A valid body for creating a record, so that refusals come from access rules, not validation."""
    own_org = ids["own_school"] if role == "school" else ids["own_employer"]
    if path == "/api/v1/organisations":
        return {"name": "New", "kind": "employer", "sector": "care", "municipality_code": "GM0193"}
    if path in ("/api/v1/regions/recompute", "/api/v1/regions/{code}/recompute", "/api/v1/regions/{code}/allocation",
                "/api/v1/people/{person_id}/career-paths", "/api/v1/users/me/tokens"):
        return {}
    if path == "/api/v1/regions/{code}/brokering/{organisation_id}/{partner_id}":
        return {"status": "contacted"}
    if path == "/api/v1/worker-changes":
        return {"person_id": ids["own_person"], "organisation_id": ids["own_employer"], "kind": "wish",
                "wish": "other_work", "worker_consent": True}
    if path == "/api/v1/people":
        return {"name": "Fatima El Amrani", "municipality_code": "GM0153", "travel_radius_km": 20}
    if path == "/api/v1/needs":
        return {"organisation_id": ids["own_employer"], "kind": "vacancy", "title": "Orderpicker",
                "hours_per_week": 32, "occupation_id": ids["occupation"]}
    if path == "/api/v1/programmes":
        return {"organisation_id": ids["own_school"], "name": "BBL Logistiek", "level": "mbo2", "mode": "work_based",
                "duration_months": 12}
    if path == "/api/v1/partner-requests":
        return {"organisation_id": own_org, "direction": "seeks", "kind": "staff_sharing", "title": "Winter staff",
                "months": [11, 12]}
    if path == "/api/v1/interest-requests":  # the own person is a candidate of the own employer's need
        return {"need_id": ids["own_need"], "candidate": ids["own_candidate"]}
    if path == "/api/v1/practice-cases":
        return {"organisation_id": own_org, "title": "Zelfroosteren", "levers": ["smarter_working"]}
    if path == "/api/v1/sessions":
        return {"host_id": own_org, "title": "Slimmer plannen", "format": "workshop", "levers": ["smarter_working"],
                "starts_at": "2099-03-01T14:00:00+00:00", "ends_at": "2099-03-01T16:00:00+00:00",
                "municipality_code": "GM0153", "capacity": 20}
    if path == "/api/v1/sessions/{session_id}/registrations":  # each role another organisation: none twice
        return {"organisation_id": {"admin": ids["foreign_school"], "coordinator": ids["foreign_employer"]}.get(
            role, own_org)}
    if path == "/api/v1/sme-questions":
        return {"organisation_id": ids["own_employer"], "question": "Hoe?", "levers": ["co_creation"]}
    if path == "/api/v1/practice-cases/{case_id}/publication":
        return {"published": True}
    if path == "/api/v1/registrations/{registration_id}/attendance":
        return {"attended": True}
    if path == "/api/v1/progress-checks":
        return {"organisation_id": ids["own_employer"], "scores": {
            "dynamic_management": 1, "flexible_organising": 2, "smarter_working": 0, "co_creation": 3}}
    raise AssertionError(f"no valid body known for POST {path}: add one to _post_body")



def test_the_matrix_covers_every_endpoint(client):
    listed = {(e.method, e.path) for e in endpoints(client.get("/api/openapi.json").json)}
    missing = listed - set(MATRIX)
    assert not missing, f"endpoints without an access-matrix row: {sorted(missing)}"
    assert not set(MATRIX) - listed, f"matrix rows for endpoints that do not exist: {sorted(set(MATRIX) - listed)}"


def _expected(granted: bool, role: str, status: int) -> bool:
    if granted:
        return 200 <= status < 300
    if role == "anonymous":
        return status == 401
    return status in (403, 404)


@pytest.mark.parametrize("method, path", sorted(MATRIX), ids=[f"{m.upper()} {p}" for m, p in sorted(MATRIX)])
def test_access(client, app, method, path):
    """Every role, on its own and on a foreign record; one world per endpoint, rebuilt after a granted DELETE."""
    kind, granted = MATRIX[(method, path)]
    world = build_world()
    mismatches = []
    for own in ((True, False) if kind in OWNED_KINDS else (True,)):
        for role in ROLES:
            url = path.format(**_target(kind, role, own, world.ids))
            body = _post_body(path, role, world.ids) if method in ("post", "put") else (
                {} if method == "patch" else None)
            response = client.open(url, method=method.upper(), headers=world.tokens[role], json=body)
            allowed = granted(role, own)
            if not _expected(allowed, role, response.status_code):
                mismatches.append(f"{role} {'own' if own else 'foreign'}: {response.status_code} "
                                  f"(expected {'2xx' if allowed else '401/403/404'}) {response.get_json()}")
            if method == "delete" and 200 <= response.status_code < 300:
                world = build_world()
    assert not mismatches, "\n".join(mismatches)
