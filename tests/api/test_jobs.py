"""Jobs: the record a worker keeps, the API that reads it, and the rules that make redelivery harmless.

These run with Celery in-process (no REDIS_URL); tests/integration runs the same against real workers.
"""
from datetime import date, timedelta

import pytest
import sqlalchemy.exc
from sqlalchemy import func, select

from matchmaker import create_app
from matchmaker.errors import InvalidInput
from matchmaker.models import Job, RegionSnapshot
from matchmaker.models.base import utcnow
from matchmaker.services import data_versions, jobs, region_jobs
from tests.factories import NeedFactory, OccupationFactory, UserFactory, token_for


def _needs(occupation):
    NeedFactory(occupation=occupation, headcount=3, months=[6, 7])              # Enschede, twente
    NeedFactory(occupation=occupation, headcount=2, municipality_code="GM0164")  # Hengelo, all year
    NeedFactory(occupation=None, headcount=4, months=[12], municipality_code="GM0141")
    NeedFactory(occupation=occupation, headcount=9, status="filled")
    NeedFactory(occupation=occupation, headcount=7, closes_on=date.today() - timedelta(days=1))
    NeedFactory(occupation=occupation, headcount=5, municipality_code="GM0193")  # Zwolle: other region


def _one_region_job(session, region="twente", **params):
    """A recompute of ``region`` reduced to its region_demand child."""
    parent = region_jobs.start_recompute(session=session, actor=None, regions=[region])
    child = session.scalar(select(Job).where(Job.parent_id == parent.id, Job.kind == "region_demand"))
    for other in session.scalars(select(Job).where(Job.parent_id == parent.id, Job.id != child.id)):
        session.delete(other)
    child.params = params
    session.commit()
    return parent, child


def test_region_recompute_over_http_stores_demand_per_occupation_and_month(client, session):
    occupation = OccupationFactory()
    _needs(occupation)
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    response = client.post("/api/v1/regions/twente/recompute", headers=admin)
    assert response.status_code == 202, response.json
    job = client.get(response.json["url"], headers=admin).json
    assert (job["status"], job["kind"], job["subject"]) == ("succeeded", "recompute_regions",
                                                              {"type": "region", "id": "twente"})
    assert job["progress"] == 1.0 and job["stale"] is False and job["error"] == ""
    child_id = job["result"]["regions"]["twente"]["region_demand"]["job_id"]
    assert job["result"]["regions"]["twente"]["region_demand"]["summary"] == {
        "open_needs": 3, "total_headcount": 9, "occupations": 1, "peak_month": 12}
    child = client.get(f"/api/v1/jobs/{child_id}", headers=admin).json
    assert child["attempts"] == 1 and child["parent_id"] == job["id"]
    assert child["result"]["demand"] == [
        {"occupation_id": occupation.id, "headcount_by_month": [2, 2, 2, 2, 2, 5, 5, 2, 2, 2, 2, 2]},
        {"occupation_id": None, "headcount_by_month": [0] * 11 + [4]},
    ]
    snapshot = session.get(RegionSnapshot, "twente")
    assert (snapshot.job_id, snapshot.open_needs, snapshot.total_headcount) == (child_id, 3, 9)


def test_recompute_of_all_regions_fans_out_one_job_per_region_and_gathers(client, session):
    _needs(OccupationFactory())
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    response = client.post("/api/v1/regions/recompute", headers=coordinator, json={})
    assert response.status_code == 202
    job = client.get(response.json["url"], headers=coordinator).json
    assert job["status"] == "succeeded"
    # per region: demand, allocation, partner matches, insights, stored need candidates and person matches
    assert job["result"]["jobs"] == 18 and job["result"]["succeeded"] == 18
    assert all(set(r) == set(region_jobs.REGION_KINDS) for r in job["result"]["regions"].values())
    assert set(region_jobs.REGION_KINDS) == {"region_demand", "allocation", "partner_matches", "insights",
                                             "stored_candidates", "stored_matches"}
    totals = {code: r["region_demand"]["summary"]["total_headcount"] for code, r in job["result"]["regions"].items()}
    assert totals == {"twente": 9, "regio-zwolle": 5, "stedendriehoek": 0}
    assert session.scalar(select(func.count()).select_from(RegionSnapshot)) == 3


def test_only_admins_and_coordinators_start_recomputes_and_unknown_regions_are_404(client, session):
    advisor = token_for(UserFactory(role="advisor"))
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    assert client.post("/api/v1/regions/twente/recompute", headers=advisor).status_code == 403
    assert client.post("/api/v1/regions/atlantis/recompute", headers=admin).status_code == 404
    response = client.post("/api/v1/regions/recompute", headers=admin, json={"regions": ["atlantis"]})
    assert response.status_code == 422 and "regions" in response.json["errors"]["json"]
    assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_hold_seconds_is_a_test_hook_refused_unless_enabled(client, session):
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    response = client.post("/api/v1/regions/twente/recompute", headers=admin, json={"hold_seconds": 1})
    assert response.status_code == 422 and "hold_seconds" in response.json["errors"]["json"]
    response = client.post("/api/v1/regions/twente/recompute", headers=admin, json={"hold_seconds": 999})
    assert response.status_code == 422
    assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_job_is_visible_to_its_creator_and_admins_only(client, session):
    creator, other = UserFactory(role="coordinator"), UserFactory(role="coordinator")
    creator_h, other_h, admin_h = token_for(creator), token_for(other), token_for(UserFactory(role="admin"))
    session.commit()
    url = client.post("/api/v1/regions/twente/recompute", headers=creator_h).json["url"]
    assert client.get(url, headers=creator_h).status_code == 200
    assert client.get(url, headers=admin_h).status_code == 200
    assert client.get(url, headers=other_h).status_code == 404
    assert client.get("/api/v1/jobs/999999", headers=admin_h).status_code == 404
    assert client.get(url).status_code == 401


def test_result_is_stale_once_the_region_data_changes(client, session):
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    url = client.post("/api/v1/regions/twente/recompute", headers=admin).json["url"]
    assert client.get(url, headers=admin).json["stale"] is False
    data_versions.bump(session=session, scope="region:regio-zwolle")
    session.commit()
    assert client.get(url, headers=admin).json["stale"] is False  # another region's data
    data_versions.bump(session=session, scope="region:twente", source="needs edited")
    session.commit()
    assert client.get(url, headers=admin).json["stale"] is True
    fresh = client.get(client.post("/api/v1/regions/twente/recompute", headers=admin).json["url"], headers=admin).json
    assert fresh["stale"] is False and fresh["data_version"] == 1


def test_running_a_job_twice_leaves_the_same_state_and_a_finished_job_is_not_rerun(app, session):
    _needs(OccupationFactory())
    parent, child = _one_region_job(session)
    assert jobs.run(session=session, job_id=child.id) == "succeeded"
    before = (session.get(RegionSnapshot, "twente").demand, session.get(Job, child.id).result)
    assert jobs.run(session=session, job_id=child.id, redelivered=True) == "already-finished"
    assert session.get(Job, child.id).attempts == 1
    # a forced second run (as after a crash between commit and ack) replaces, never appends
    session.get(Job, child.id).status = "running"
    session.commit()
    assert jobs.run(session=session, job_id=child.id, redelivered=True) == "succeeded"
    assert session.scalar(select(func.count()).select_from(RegionSnapshot)) == 1
    assert (session.get(RegionSnapshot, "twente").demand, session.get(Job, child.id).result) == before


def test_a_fresh_duplicate_message_leaves_a_running_job_to_its_worker(app, session):
    _, child = _one_region_job(session)
    child.status, child.attempts = "running", 1
    session.commit()
    assert jobs.run(session=session, job_id=child.id) == "running-elsewhere"
    assert jobs.run(session=session, job_id=child.id, redelivered=True) == "succeeded"
    assert session.get(Job, child.id).attempts == 2


def test_a_poison_job_fails_after_three_attempts_with_the_reason(app, session):
    _, child = _one_region_job(session)
    child.status, child.attempts = "running", 3  # three workers died running it
    session.commit()
    assert jobs.run(session=session, job_id=child.id, redelivered=True) == "failed"
    job = session.get(Job, child.id)
    assert job.status == "failed" and job.attempts == 3
    assert job.error == "Gave up after 3 attempts; last: the worker stopped while running it (killed or lost)"
    parent = session.get(Job, child.parent_id)
    assert parent.status == "failed" and f"job {child.id}" in parent.error


def test_a_failing_job_function_fails_the_job_with_its_reason_not_the_worker(app, session, monkeypatch):
    _, child = _one_region_job(session)

    def broken(*, session, job, progress):
        raise InvalidInput("Region has no municipalities.")

    monkeypatch.setitem(jobs._KINDS, "region_demand", jobs.JobKind(
        name="region_demand", queue=jobs.BULK, scopes=lambda job: [], run=broken))
    assert jobs.run(session=session, job_id=child.id) == "failed"
    assert session.get(Job, child.id).error == "Region has no municipalities."


def test_transient_database_errors_propagate_for_a_retry_and_are_noted(app, session, monkeypatch):
    _, child = _one_region_job(session)

    def database_away(*, session, job, progress):
        raise sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setitem(jobs._KINDS, "region_demand", jobs.JobKind(
        name="region_demand", queue=jobs.BULK, scopes=lambda job: [], run=database_away))
    with pytest.raises(sqlalchemy.exc.OperationalError):
        jobs.run(session=session, job_id=child.id)
    job = session.get(Job, child.id)
    assert (job.status, job.attempts) == ("running", 1)
    assert job.error.startswith("OperationalError: database or broker unavailable; retrying")


def test_broker_down_answers_503_with_retry_after_and_keeps_the_job_queued(session):
    # a real broker URL on a port where nothing listens; the app must not fall back to in-process tasks
    app = create_app("test", {"REDIS_URL": "redis://127.0.0.1:5109/0", "DATABASE_URL": "sqlite://"})
    from matchmaker.extensions import db
    from matchmaker.services.places import ensure_municipalities

    with app.app_context():
        db.create_all()
        ensure_municipalities(session=db.session)
        admin = token_for(UserFactory(role="admin"))
        db.session.commit()
        client = app.test_client()
        response = client.post("/api/v1/regions/twente/recompute", headers=admin)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert "is bewaard" in response.json["message"]
        rows = db.session.execute(select(Job.kind, Job.status, Job.dispatched_at).order_by(Job.id)).all()
        assert rows == [("recompute_regions", "queued", None), ("partner_matches", "queued", None),
                        ("region_demand", "queued", None), ("allocation", "queued", None),
                        ("insights", "queued", None), ("stored_candidates", "queued", None),
                        ("stored_matches", "queued", None)]
        # beat's sweep finds the stored job once the grace period passed, and tries again (still down)
        counts = jobs.sweep(session=db.session, now=utcnow() + timedelta(minutes=5))
        assert counts["dispatched"] == 0
        assert db.session.scalar(select(Job.status).where(Job.parent_id.is_(None))) == "queued"
        db.session.remove()
        db.drop_all()


def test_sweep_dispatches_stored_jobs_and_requeues_lost_ones(app, session):
    _needs(OccupationFactory())
    stored = region_jobs.start_recompute(session=session, actor=None, regions=["twente"])
    session.commit()
    assert jobs.sweep(session=session)["dispatched"] == 0  # just created: the API is still dispatching it
    counts = jobs.sweep(session=session, now=utcnow() + timedelta(minutes=2))
    assert counts["dispatched"] == 1
    assert session.get(Job, stored.id).status == "succeeded"  # in-process Celery ran it at once

    _, lost = _one_region_job(session, region="regio-zwolle")
    lost.status, lost.attempts, lost.started_at = "running", 1, utcnow() - timedelta(hours=1)
    session.get(Job, lost.parent_id).status = "running"
    session.get(Job, lost.parent_id).dispatched_at = utcnow()
    session.commit()
    counts = jobs.sweep(session=session)
    assert counts["requeued"] == 1 and counts["dispatched"] == 1
    assert (session.get(Job, lost.id).status, session.get(Job, lost.id).attempts) == ("succeeded", 2)
    assert session.get(Job, lost.parent_id).status == "succeeded"


def test_nightly_schedule_and_task_routing(app):
    celery = app.extensions["celery"]
    schedule = celery.conf.beat_schedule
    assert schedule["nightly-recompute"]["task"] == "matchmaker.nightly_recompute"
    assert schedule["sweep-jobs"]["task"] == "matchmaker.sweep_jobs"
    assert "matchmaker.run_job" in celery.tasks and celery.tasks["matchmaker.run_job"].max_retries == 2
    assert celery.conf.task_acks_late and celery.conf.task_reject_on_worker_lost
    assert celery.conf.worker_prefetch_multiplier == 1
    options = celery.conf.broker_transport_options
    assert celery.conf.task_soft_time_limit < celery.conf.task_time_limit < options["visibility_timeout"]
    assert {kind.queue for kind in jobs.kinds().values()} <= {"interactive", "bulk"}
    assert jobs.kind_of("region_demand").queue == "bulk"


def test_nightly_recompute_task_recomputes_every_region(app, session):
    result = app.extensions["celery"].tasks["matchmaker.nightly_recompute"].apply().get()
    job = session.get(Job, result["job_id"])
    assert job.status == "succeeded" and job.created_by_id is None
    assert sorted(job.result["regions"]) == ["regio-zwolle", "stedendriehoek", "twente"]
