"""Results refresh themselves: an edit schedules one debounced recompute of its region, the views say it is on
the way, and once it ran they are current again with the edit in them."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from matchmaker.models import Job, RefreshRequest
from matchmaker.models.base import utcnow
from matchmaker.services import data_versions, jobs, open_needs, refresh, region_jobs
from tests.api.ecosystem_world import ENSCHEDE, seasonal_world
from tests.factories import NeedFactory, OrganisationFactory, UserFactory, token_for


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
    answered = utcnow()
    waiting = _waiting(session)
    assert set(waiting) == {"regio-zwolle"} and len(woken) == 1
    due = waiting["regio-zwolle"].due_at
    assert edited + timedelta(seconds=10) <= due <= answered + timedelta(seconds=10)
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


# --- closing dates: a need closes the day after its closing date, without a write ------------------------------

def _versions(session) -> dict[str, int]:
    session.expire_all()
    return {code: data_versions.current(session=session, scope=data_versions.region_scope(code))
            for code in ("regio-zwolle", "twente")}


def _noted(session) -> date:
    return date.fromordinal(data_versions.current(session=session, scope=data_versions.CLOSING_DATES))


def _recompute(session) -> None:
    job = region_jobs.start_recompute(session=session, actor=None)
    session.commit()
    jobs.dispatch(session=session, job=job)


def test_a_passed_closing_date_refreshes_its_region_once_per_dutch_day(session, woken):
    day = date(2027, 3, 1)  # a hand-set "today": nothing here reads the clock's date
    _farm, winter = _world()
    winter.closes_on = day  # open through 1 March, closed from 2 March
    mall = OrganisationFactory(name="Winkelcentrum Enschede", **ENSCHEDE)
    NeedFactory(organisation=mall, closes_on=day + timedelta(days=5), **ENSCHEDE)
    NeedFactory(organisation=mall, closes_on=day, status="closed", **ENSCHEDE)  # closed by hand: bumped then
    session.commit()
    session.execute(RefreshRequest.__table__.delete())
    session.commit()
    start = _versions(session)

    assert open_needs.note_closed_by_date(session, day) == []  # first round, nothing computed: nothing to refresh
    session.commit()
    assert _noted(session) == day and _versions(session) == start and _waiting(session) == {}

    assert open_needs.note_closed_by_date(session, day + timedelta(days=1)) == ["regio-zwolle"]
    session.commit()
    assert _versions(session) == {**start, "regio-zwolle": start["regio-zwolle"] + 1}
    assert set(_waiting(session)) == {"regio-zwolle"}  # its automatic refresh, as after an edit
    assert open_needs.note_closed_by_date(session, day + timedelta(days=1)) == []  # once per day
    assert open_needs.note_closed_by_date(session, day + timedelta(days=2)) == []  # nothing closed on 2 March
    session.commit()
    assert _versions(session) == {**start, "regio-zwolle": start["regio-zwolle"] + 1}

    # days nobody noted (the service was down) are caught up: Enschede's need closed on 6 March
    assert open_needs.note_closed_by_date(session, day + timedelta(days=9)) == ["twente"]
    session.commit()
    assert _noted(session) == day + timedelta(days=9)
    assert open_needs.note_closed_by_date(session, day + timedelta(days=8)) == []  # a day before the noted one


def test_the_first_round_on_a_database_computed_today_refreshes_nothing(session, woken):
    """The demo as `matchmaker demo` makes it: its results computed today already leave out every need closed
    before today, so the first round refreshes nothing (a recompute of every region would hold up real edits)."""
    _farm, winter = _world()
    winter.closes_on = open_needs.today() - timedelta(days=1)
    session.commit()
    _recompute(session)
    start = _versions(session)
    assert refresh.run_due(session=session) is None
    assert _noted(session) == open_needs.today()
    assert _versions(session) == start and _waiting(session) == {}
    assert len(session.scalars(select(Job).where(Job.kind == region_jobs.RECOMPUTE)).all()) == 1


def test_the_first_round_checks_the_needs_closed_since_the_results_were_computed(session, woken):
    """A database whose results are older than the first round (installed while it ran): the needs closed since
    they were computed count, those closed before did not count in them."""
    farm, winter = _world()
    winter.closes_on = open_needs.today()
    NeedFactory(organisation=OrganisationFactory(**ENSCHEDE), closes_on=open_needs.today() - timedelta(days=1),
                **ENSCHEDE)
    session.commit()
    _recompute(session)
    start = _versions(session)
    assert open_needs.note_closed_by_date(session, open_needs.today() + timedelta(days=2)) == ["regio-zwolle"]
    session.commit()
    assert _versions(session) == {**start, "regio-zwolle": start["regio-zwolle"] + 1}


def test_the_day_after_a_closing_date_the_stored_results_leave_the_need_out(client, session, woken, monkeypatch):
    farm, winter = _world()
    winter.closes_on = open_needs.today()  # its last day
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    client.post("/api/v1/regions/regio-zwolle/recompute", headers=coordinator)
    before = _views(client, coordinator, farm.id)
    assert "Winter peak" in {n["label"] for m in before["partners"]["items"] for n in m["evidence"]["needs"]}
    assert winter.id in {row["need_id"] for row in before["allocation"]["per_need"]}
    assert refresh.run_due(session=session) is None  # today: nothing closed

    tomorrow = open_needs.today() + timedelta(days=1)
    monkeypatch.setattr(open_needs, "today", lambda: tomorrow)
    assert refresh.run_due(session=session, now=datetime.combine(tomorrow, time(0, 5), open_needs.LOCAL_TIME)) is None
    refreshed = session.scalars(select(Job).where(Job.kind == region_jobs.RECOMPUTE).order_by(Job.id)).all()[-1]
    assert refreshed.created_by_id is None and refreshed.params["regions"] == ["regio-zwolle"]
    assert refreshed.status == "succeeded"

    after = _views(client, coordinator, farm.id)
    assert all(not view["stale"] and not view["refresh_pending"] for view in after.values())
    assert all(after[name]["job_id"] != before[name]["job_id"] for name in ("partners", "insights", "allocation"))
    assert "Winter peak" not in {n["label"] for m in after["partners"]["items"] for n in m["evidence"]["needs"]}
    assert winter.id not in {row["need_id"] for row in after["allocation"]["per_need"]}
