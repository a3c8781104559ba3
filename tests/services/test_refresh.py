"""Results refresh themselves: an edit schedules one debounced recompute of its region, the views say it is on
the way, and once it ran they are current again with the edit in them."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.models import Job, RefreshRequest
from matchmaker.models.base import utcnow
from matchmaker.services import refresh, region_jobs
from tests.api.ecosystem_world import seasonal_world
from tests.factories import UserFactory, token_for


@pytest.fixture
def woken(app, monkeypatch):
    """AUTO_REFRESH on, without the background thread: the test runs :func:`refresh.run_due` itself."""
    app.config.update(AUTO_REFRESH=True, REFRESH_DELAY_SECONDS=10)
    calls = []
    monkeypatch.setattr(refresh.Refresher, "wake", lambda self: calls.append(utcnow()))
    return calls


def _world():
    farm, _logistics, winter = seasonal_world()
    return farm, winter


def _waiting(session) -> dict[str, RefreshRequest]:
    session.expire_all()
    return {r.region_code: r for r in session.scalars(select(RefreshRequest))}


def _views(client, headers, farm_id):
    return {"partners": client.get(f"/api/v1/organisations/{farm_id}/partners", headers=headers).json,
            "insights": client.get("/api/v1/regions/regio-zwolle/insights", headers=headers).json,
            "allocation": client.get("/api/v1/regions/regio-zwolle/allocation", headers=headers).json}


def test_an_edit_schedules_one_debounced_refresh_and_the_views_are_current_after_it(client, session, woken):
    farm, winter = _world()
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    assert set(_waiting(session)) == {"regio-zwolle"}  # the world's records were changes too
    client.post("/api/v1/regions/regio-zwolle/recompute", headers=coordinator)
    assert _waiting(session) == {} and woken  # the recompute covers them
    woken.clear()
    before = _views(client, coordinator, farm.id)
    assert all(not view["stale"] and not view["refresh_pending"] for view in before.values())

    edited = utcnow()
    assert client.patch(f"/api/v1/needs/{winter.id}", json={"title": "Winterpiek magazijn"},
                        headers=coordinator).status_code == 200
    waiting = _waiting(session)
    assert set(waiting) == {"regio-zwolle"} and len(woken) == 1
    due = waiting["regio-zwolle"].due_at
    assert timedelta(seconds=9) <= due - edited <= timedelta(seconds=11)
    stale = _views(client, coordinator, farm.id)
    assert all(view["stale"] and view["refresh_pending"] for view in stale.values())

    client.patch(f"/api/v1/needs/{winter.id}", json={"headcount": 4}, headers=coordinator)
    assert _waiting(session)["regio-zwolle"].due_at == due and len(woken) == 1  # joined the waiting refresh

    assert refresh.run_due(session=session, now=due - timedelta(seconds=1)) is not None  # not due yet
    assert set(_waiting(session)) == {"regio-zwolle"}
    assert refresh.run_due(session=session, now=due) is None
    assert _waiting(session) == {}
    recomputes = session.scalars(select(Job).where(Job.kind == region_jobs.RECOMPUTE).order_by(Job.id)).all()
    assert len(recomputes) == 2 and recomputes[-1].created_by_id is None
    assert recomputes[-1].status == "succeeded" and recomputes[-1].params["regions"] == ["regio-zwolle"]

    after = _views(client, coordinator, farm.id)
    assert all(not view["stale"] and not view["refresh_pending"] for view in after.values())
    assert all(after[name]["job_id"] != before[name]["job_id"] for name in ("partners", "insights", "allocation"))
    labels = {n["label"] for m in after["partners"]["items"] for n in m["evidence"]["needs"]}
    assert "Winterpiek magazijn" in labels and "Winter peak" not in labels


def test_a_busy_region_keeps_its_refresh_waiting_until_its_recompute_finished(session, woken, app):
    _world()
    session.commit()
    running = region_jobs.start_recompute(session=session, actor=None, regions=["regio-zwolle"])
    refresh.note_changed(session, ["regio-zwolle"])
    session.commit()
    later = utcnow() + timedelta(seconds=60)
    assert refresh.run_due(session=session, now=later) == 10  # asks again after the delay
    assert set(_waiting(session)) == {"regio-zwolle"}
    running.status = "succeeded"
    for child in session.scalars(select(Job).where(Job.parent_id == running.id)):
        child.status = "succeeded"
    session.commit()
    refresh.run_due(session=session, now=later)
    assert _waiting(session) == {}


def test_a_rolled_back_write_schedules_nothing(session, woken):
    farm, winter = _world()
    session.commit()
    session.execute(RefreshRequest.__table__.delete())
    session.commit()
    woken.clear()
    winter.title = "Not kept"
    session.flush()
    assert set(_waiting_in_transaction(session)) == {"regio-zwolle"}
    session.rollback()
    assert _waiting(session) == {} and not woken


def _waiting_in_transaction(session):
    return set(session.scalars(select(RefreshRequest.region_code)))


def test_off_nothing_is_stored(session, app):
    app.config["AUTO_REFRESH"] = False
    _world()
    session.commit()
    assert _waiting(session) == {}
