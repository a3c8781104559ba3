"""A person's matches come from the ranking their region's recompute stored: the same needs, scores, checks and
words as computed live (a person with fewer feasible needs than asked gets the closest blocked ones, stored as
well), for the person, their advisor and admins only; the row goes with the person, a person changed since is
computed live until the refresh, and a change of the open needs makes the stored matches say they are stale."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from matchmaker import vocabulary as v
from matchmaker.models import NeedSkill, StoredMatches
from matchmaker.models.base import utcnow
from matchmaker.services import jobs, refresh, region_jobs
from matchmaker.services.places import MUNICIPALITIES
from tests.factories import (
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    PersonFactory,
    SkillFactory,
    UserFactory,
    at,
    token_for,
)

TWENTE = [code for code, _name, region, *_ in MUNICIPALITIES if region == "twente"]
ZWOLLE = [code for code, _name, region, *_ in MUNICIPALITIES if region == "regio-zwolle"]


def _world(session, n_needs=14):
    skills = [SkillFactory() for _ in range(8)]
    occupation = OccupationFactory()
    people = []
    for i in range(24):
        people.append(PersonFactory(
            skills=skills[i % 5: i % 5 + 1 + i % 4], **at(TWENTE[i % len(TWENTE)]),
            travel_radius_km=(10, 30, 60)[i % 3], hours_per_week=(16, 24, 32, 40)[i % 4],
            dutch_level=v.DUTCH_LEVELS[i % len(v.DUTCH_LEVELS)], consent_special_category=i % 2 == 0,
            accommodation_needs=[v.ACCOMMODATIONS[i % len(v.ACCOMMODATIONS)]] if i % 3 == 0 else [],
            target_groups=[v.TARGET_GROUPS[i % len(v.TARGET_GROUPS)]] if i % 2 == 0 else []))
    needs = []
    for i in range(n_needs):
        place = (TWENTE if i % 4 else ZWOLLE)[(2 * i) % 10]
        employer = OrganisationFactory(accommodations=[v.ACCOMMODATIONS[0]] if i % 5 == 0 else [], **at(place))
        need = NeedFactory(organisation=employer, occupation=occupation, **at(place),
                           hours_per_week=(8, 24, 32, 40)[i % 4], trains_on_job=i == 4,
                           welcomes_groups=[v.TARGET_GROUPS[0]] if i % 2 else [])
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential" if k < 2 else "optional")
                        for k, s in enumerate(skills[i % 6: i % 6 + 3]))
        needs.append(need)
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    return people, needs, admin


def _recompute(session, regions=("twente",)):
    job = region_jobs.start_recompute(session=session, actor=None, regions=list(regions))
    session.commit()
    jobs.dispatch(session=session, job=job)
    assert job.status == "succeeded", job.error


def _without_freshness(body):
    return {key: value for key, value in body.items() if key not in ("computed_at", "stale", "refresh_pending")}


def test_stored_matches_are_the_live_ones_blocked_ones_included(client, session):
    people, needs, admin = _world(session)
    queries = ("", "?limit=4", "?include_blocked=false", "?include_blocked=false&limit=2")
    live = {(p.id, q): client.get(f"/api/v1/people/{p.id}/matches{q}", headers=admin).json
            for p in people for q in queries}
    assert all("computed_at" not in body for body in live.values())
    assert any(not item["feasible"] for body in live.values() for item in body["items"])
    assert any(len([i for i in body["items"] if i["feasible"]]) >= 3 for body in live.values())
    _recompute(session)
    assert session.scalar(select(StoredMatches.person_id).limit(1)) is not None
    for (person_id, query), before in live.items():
        after = client.get(f"/api/v1/people/{person_id}/matches{query}", headers=admin).json
        assert after["stale"] is False and after["refresh_pending"] is False
        assert after["computed_at"], (person_id, query)  # every read from the stored ranking
        assert _without_freshness(after) == _without_freshness(before), (person_id, query)
    few = [p for p in people if len([i for i in live[(p.id, "")]["items"] if i["feasible"]]) < 10]
    assert few and all(len(live[(p.id, "")]["items"]) == 10 for p in few)  # the closest blocked ones fill the list
    more = client.get(f"/api/v1/people/{few[0].id}/matches?limit=12", headers=admin).json
    assert "computed_at" not in more and len(more["items"]) == 12  # more than stored: ranked now
    english = next(body for body in (client.get(f"/api/v1/people/{p.id}/matches?include_blocked=false&limit=2&lang=en",
                                                headers=admin).json for p in people) if body["items"])
    assert english["computed_at"] and "skill" in english["items"][0]["explanation"]


def test_only_the_person_their_advisor_and_admins_read_them_and_they_go_with_the_person(client, session):
    people, needs, admin = _world(session)
    _recompute(session)
    person = people[0]
    assert person.consent_special_category and session.get(StoredMatches, person.id) is not None
    coordinator = token_for(UserFactory(role="coordinator"))
    employer = token_for(UserFactory(role="employer", organisation_id=needs[0].organisation_id))
    session.commit()
    for token in (coordinator, employer):
        assert client.get(f"/api/v1/people/{person.id}/matches", headers=token).status_code == 404
    assert client.delete(f"/api/v1/people/{person.id}", headers=admin).status_code == 204
    session.expire_all()
    assert session.get(StoredMatches, person.id) is None


def test_a_changed_person_is_computed_live_and_changed_needs_make_them_stale_until_the_refresh(
        client, session, app, monkeypatch):
    people, needs, admin = _world(session)
    _recompute(session)
    person = people[1]
    url = f"/api/v1/people/{person.id}/matches?include_blocked=false&limit=5"
    app.config.update(AUTO_REFRESH=True)
    monkeypatch.setattr(refresh.Refresher, "wake", lambda self: None)
    assert client.patch(f"/api/v1/people/{person.id}", json={"hours_per_week": 40}, headers=admin).status_code == 200
    changed = client.get(url, headers=admin).json
    assert "computed_at" not in changed and changed["stale"] is False  # computed for this request
    refresh.run_due(session=session, now=utcnow() + timedelta(minutes=1))
    again = client.get(url, headers=admin).json
    assert again["computed_at"] and again["stale"] is False and _without_freshness(again) == _without_freshness(changed)

    assert client.patch(f"/api/v1/needs/{needs[1].id}", json={"title": "Nieuwe titel"},
                        headers=admin).status_code == 200
    waiting = client.get(url, headers=admin).json
    assert waiting["stale"] is True and waiting["refresh_pending"] is True
    refresh.run_due(session=session, now=utcnow() + timedelta(minutes=1))
    fresh = client.get(url, headers=admin).json
    assert fresh["stale"] is False and fresh["refresh_pending"] is False
    titles = {item["need"]["id"]: item["need"]["title"] for item in fresh["items"]}
    assert titles.get(needs[1].id, "Nieuwe titel") == "Nieuwe titel"
