"""Rate limits (security/limits.py): guessed tokens slowed down per address, requests, computed reads and job
starts bounded per user, overload answered 429 with Retry-After in the error shape, never 500."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from matchmaker import create_app
from matchmaker.extensions import db as _db
from matchmaker.models import ApiToken, Job, User
from matchmaker.security.limits import EXPENSIVE_READS, JOB_CREATION
from matchmaker.security.tokens import hash_token
from tests.api.openapi_walk import endpoints
from tests.conftest import INTEGRATION, REDIS_URL
from tests.factories import token_for

GUESS = {"Authorization": "Bearer mm_guessed-token"}
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.7"}
#: the limits every test here starts from (each test may lower one)
LIMITS = {"RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_FAILED_AUTH": "10 per minute",
          "RATELIMIT_PER_CALLER": "1000 per minute", "RATELIMIT_EXPENSIVE_READS": "1000 per minute",
          "RATELIMIT_JOB_CREATION": "1000 per minute"}


@pytest.fixture
def limits_on(monkeypatch):
    for name, value in LIMITS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def app(limits_on, app):
    """The conftest's app (SQLite, and PostgreSQL under CI) with the limits on: they are read per request."""
    return app


def _assert_too_many(response, *words):
    assert response.status_code == 429, (response.status_code, response.get_json())
    body = response.get_json()
    assert body["code"] == 429 and body["status"] == "Too Many Requests"
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 60 * 60
    assert f"Probeer het over {seconds} seconden opnieuw" in body["message"]
    for word in words:
        assert word in body["message"], body["message"]


def test_guessed_tokens_are_slowed_down_per_address_and_a_right_guess_is_not_told_apart(client, world):
    statuses = [client.get("/api/v1/needs", headers=GUESS).status_code for _ in range(30)]
    assert statuses == [401] * 10 + [429] * 20
    _assert_too_many(client.get("/api/v1/needs", headers=GUESS), "ongeldig token", "10 per minuut")
    # a valid token from the same address is refused alike: a correct guess looks like a wrong one
    _assert_too_many(client.get("/api/v1/needs", headers=world.tokens["admin"]))
    # from another address the same valid token works, and its guesses have their own budget
    assert client.get("/api/v1/needs", headers=world.tokens["admin"], environ_base=ELSEWHERE).status_code == 200
    assert client.get("/api/v1/needs", headers=GUESS, environ_base=ELSEWHERE).status_code == 401
    # callers without a token are not counted as failed sign-ins (they get 401 without guessing anything)
    assert client.get("/api/v1/health").status_code == 200


def test_valid_tokens_do_not_use_up_their_address_budget(client, world):
    for _ in range(25):
        assert client.get("/api/v1/needs", headers=world.tokens["admin"]).status_code == 200
    assert client.get("/api/v1/needs", headers=GUESS).status_code == 401


def test_every_request_is_bounded_per_user_not_per_token(app, client, world):
    app.config["RATELIMIT_PER_CALLER"] = "4 per minute"
    employer, school = world.tokens["employer"], world.tokens["school"]
    assert [client.get("/api/v1/skills", headers=employer).status_code for _ in range(4)] == [200] * 4
    _assert_too_many(client.get("/api/v1/skills", headers=employer), "Te veel verzoeken", "4 per minuut")
    # another token of the same user shares the budget; another user has their own
    second = token_for(_db.session.scalar(select(User).join(ApiToken).where(
        ApiToken.token_hash == hash_token(employer["Authorization"].split(" ", 1)[1]))))
    _db.session.commit()
    assert client.get("/api/v1/skills", headers=second).status_code == 429
    assert client.get("/api/v1/skills", headers=school).status_code == 200


def test_computed_reads_are_bounded_per_user_and_cheap_reads_are_not(app, client, world):
    app.config["RATELIMIT_EXPENSIVE_READS"] = "3 per minute"
    employer = world.tokens["employer"]
    candidates = f"/api/v1/needs/{world.ids['own_need']}/candidates"
    transitions = f"/api/v1/occupations/{world.ids['occupation']}/transitions"
    assert [client.get(url, headers=employer).status_code for url in (candidates, transitions, candidates)] == [200] * 3
    _assert_too_many(client.get(candidates, headers=employer), "berekende resultaten", "3 per minuut")
    _assert_too_many(client.get(transitions, headers=employer))
    assert client.get(f"/api/v1/needs/{world.ids['own_need']}", headers=employer).status_code == 200
    assert client.get(candidates, headers=world.tokens["admin"]).status_code == 200


def test_job_starts_are_bounded_per_user_and_a_refused_one_stores_nothing(app, client, world, session):
    app.config["RATELIMIT_JOB_CREATION"] = "2 per minute"
    url = f"/api/v1/people/{world.ids['own_person']}/career-paths"
    advisor = world.tokens["advisor"]
    assert [client.post(url, headers=advisor, json={"k": k}).status_code for k in (1, 2)] == [202, 202]
    stored = session.scalar(select(func.count()).select_from(Job))
    _assert_too_many(client.post(url, headers=advisor, json={"k": 3}), "gestarte taken", "2 per minuut")
    # the limit is checked before the body is read: a bad body gets 429 too, and nothing is stored
    _assert_too_many(client.post(url, headers=advisor, json={"k": "many"}))
    assert session.scalar(select(func.count()).select_from(Job)) == stored
    coordinator = world.tokens["coordinator"]
    assert client.post("/api/v1/regions/twente/allocation", headers=coordinator, json={}).status_code == 202


def test_every_endpoint_that_starts_a_job_or_computes_is_in_the_limit_tables(app, client):
    spec = client.get("/api/openapi.json").json
    starting = {(e.method.upper(), e.path) for e in endpoints(spec)
                if "202" in spec["paths"][e.path][e.method]["responses"]}
    by_path = {rule.rule.replace("<id:", "{").replace("<", "{").replace(">", "}"): rule.endpoint
               for rule in app.url_map.iter_rules()}
    assert starting and {(method, by_path[path]) for method, path in starting} == {
        (method, endpoint) for endpoint, methods in JOB_CREATION.items() for method in methods}
    assert set(EXPENSIVE_READS) <= set(app.view_functions), "a computed read was renamed: update EXPENSIVE_READS"


def test_an_unreachable_limit_store_never_gives_500_and_limits_still_hold(monkeypatch, world_free_app_factory):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1/0")  # nothing listens there
    client = world_free_app_factory().test_client()
    statuses = [client.get("/api/v1/needs", headers=GUESS).status_code for _ in range(12)]
    assert 500 not in statuses
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]  # counted in memory meanwhile


@pytest.fixture
def world_free_app_factory(limits_on):
    """Apps of their own (SQLite in memory, no records), each as a separate API process would be."""
    made = []

    def make():
        application = create_app("test")
        with application.app_context():
            _db.create_all()
        made.append(application)
        return application

    yield make
    for application in made:
        with application.app_context():
            _db.engine.dispose()


@pytest.mark.integration
@pytest.mark.skipif(not INTEGRATION, reason="needs Redis (CI=true)")
def test_api_processes_share_their_counts_through_redis(monkeypatch, world_free_app_factory):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", REDIS_URL)
    first, second = world_free_app_factory(), world_free_app_factory()
    for limiter in first.extensions["limiter"]:
        limiter.reset()
    one, other = first.test_client(), second.test_client()
    statuses = [(one if n % 2 else other).get("/api/v1/needs", headers=GUESS).status_code for n in range(14)]
    assert statuses == [401] * 10 + [429] * 4
