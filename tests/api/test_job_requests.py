"""Asking for a job that is queued or running already returns that job; recomputes at once are bounded."""
from __future__ import annotations

import pytest
import sqlalchemy.exc
from sqlalchemy import func, select

from matchmaker.models import Job, User
from matchmaker.services import career_paths, jobs, region_jobs


def _jobs(session) -> int:
    return session.scalar(select(func.count()).select_from(Job))


def _user(session, world, role) -> User:
    from matchmaker.models import ApiToken
    from matchmaker.security.tokens import hash_token

    token = world.tokens[role]["Authorization"].split(" ", 1)[1]
    return session.scalar(select(User).join(ApiToken).where(ApiToken.token_hash == hash_token(token)))


def test_asking_again_for_queued_career_paths_returns_the_same_job(client, session, world):
    """The broker was down (or the workers are busy): the job waits. Asking again must not queue a second one."""
    advisor = _user(session, world, "advisor")
    waiting, created = career_paths.request(session=session, actor=advisor, person_id=world.ids["own_person"], k=3)
    session.commit()
    assert created and waiting.status == "queued"
    before = _jobs(session)
    url = f"/api/v1/people/{world.ids['own_person']}/career-paths"
    again = client.post(url, headers=world.tokens["advisor"], json={"k": 3})
    assert again.status_code == 200 and again.json["id"] == waiting.id and again.json["status"] == "queued"
    assert _jobs(session) == before
    # other inputs, or another user asking, are another job
    assert client.post(url, headers=world.tokens["advisor"], json={"k": 4}).status_code == 202
    assert client.post(url, headers=world.tokens["admin"], json={"k": 3}).status_code == 202
    # once the waiting job has finished, asking again starts a new one
    waiting.status = "running"
    session.commit()
    assert client.post(url, headers=world.tokens["advisor"], json={"k": 3}).json["id"] == waiting.id
    waiting.status = "failed"
    session.commit()
    fresh = client.post(url, headers=world.tokens["advisor"], json={"k": 3})
    assert fresh.status_code == 202 and fresh.json["id"] != waiting.id


def test_asking_again_for_a_running_allocation_returns_the_same_job(client, session, world):
    coordinator = _user(session, world, "coordinator")
    from matchmaker.services import allocation

    running, _ = allocation.start(session=session, actor=coordinator, code="twente", k=2)
    running.status = "running"
    session.commit()
    again = client.post("/api/v1/regions/twente/allocation", headers=world.tokens["coordinator"], json={"k": 2})
    assert again.status_code == 200 and again.json["id"] == running.id


def test_the_database_holds_one_unfinished_job_per_request(session, world):
    """What decides between two concurrent identical requests: the unique index over unfinished jobs."""
    advisor = _user(session, world, "advisor")
    asked = dict(kind="career_paths", subject_type="person", subject_id=str(world.ids["own_person"]),
                 params={"k": 5}, actor=advisor)
    key = jobs.request_key(**asked)
    jobs.create(session=session, request_key=key, **asked)
    session.commit()
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        jobs.create(session=session, request_key=key, **asked)
    session.rollback()
    session.execute(Job.__table__.update().where(Job.request_key == key).values(status="succeeded"))
    jobs.create(session=session, request_key=key, **asked)  # a finished one no longer counts
    session.commit()


def test_recomputes_at_once_are_bounded_and_the_same_one_is_returned_first(app, client, session, world):
    app.config["RECOMPUTE_MAX_CONCURRENT"] = 2
    coordinator, admin = world.tokens["coordinator"], world.tokens["admin"]
    user = _user(session, world, "coordinator")
    nightly = region_jobs.start_recompute(session=session, actor=None)  # the scheduler's, still queued
    mine, _ = region_jobs.request_recompute(session=session, actor=user, regions=["twente"])
    session.commit()
    before = _jobs(session)
    refused = client.post("/api/v1/regions/regio-zwolle/recompute", headers=coordinator)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == str(jobs.RETRY_AFTER_SECONDS)
    assert "Er wachten of lopen al 2 herberekeningen" in refused.json["message"]
    assert refused.json["code"] == 429
    assert _jobs(session) == before  # nothing stored
    # asking for the very same recompute again is answered with it, bound or not
    same = client.post("/api/v1/regions/twente/recompute", headers=coordinator)
    assert same.status_code == 200 and same.json["id"] == mine.id
    assert client.post("/api/v1/regions/recompute", headers=admin, json={}).status_code == 429
    nightly.status = "succeeded"
    session.commit()
    started = client.post("/api/v1/regions/recompute", headers=admin, json={})
    assert started.status_code == 202, started.json
