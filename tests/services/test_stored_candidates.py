"""A need's candidates come from the store its region's recompute filled: the same people, scores and words as
computed live, with pseudonyms and shared profiles applied for the reader; nothing of special-category data is
stored, and a need changed since is computed live until its refresh."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, text, update

from matchmaker import vocabulary as v
from matchmaker.models import NeedSkill, Person, StoredCandidates
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


def _world(session):
    skills = [SkillFactory() for _ in range(8)]
    occupation = OccupationFactory()
    for i in range(40):
        PersonFactory(skills=skills[i % 5: i % 5 + 1 + i % 4], **at(TWENTE[i % len(TWENTE)]),
                      travel_radius_km=(10, 30, 60)[i % 3], hours_per_week=(16, 24, 32, 40)[i % 4],
                      dutch_level=v.DUTCH_LEVELS[i % len(v.DUTCH_LEVELS)], consent_special_category=i % 2 == 0,
                      accommodation_needs=[v.ACCOMMODATIONS[i % len(v.ACCOMMODATIONS)]] if i % 3 == 0 else [],
                      target_groups=[v.TARGET_GROUPS[i % len(v.TARGET_GROUPS)]] if i % 2 == 0 else [])
    needs = []
    for i in range(6):
        employer = OrganisationFactory(accommodations=[], **at(TWENTE[(2 * i) % len(TWENTE)]))
        need = NeedFactory(organisation=employer, occupation=occupation, **at(TWENTE[(2 * i) % len(TWENTE)]),
                           hours_per_week=(8, 24, 32)[i % 3], trains_on_job=i == 4,
                           welcomes_groups=[v.TARGET_GROUPS[0]] if i % 2 else [])
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential" if k < 2 else "optional")
                        for k, s in enumerate(skills[i: i + 3]))
        needs.append(need)
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    return needs, admin


def _recompute(session, regions=("twente",)):
    job = region_jobs.start_recompute(session=session, actor=None, regions=list(regions))
    session.commit()
    jobs.dispatch(session=session, job=job)
    assert job.status == "succeeded", job.error


def test_stored_candidates_are_the_live_ones_with_the_readers_pseudonyms(client, session):
    needs, admin = _world(session)
    live = [client.get(f"/api/v1/needs/{n.id}/candidates?limit=10", headers=admin).json for n in needs]
    assert all("computed_at" not in body for body in live) and sum(len(b["items"]) for b in live) > 10
    _recompute(session)
    stored = [client.get(f"/api/v1/needs/{n.id}/candidates?limit=10", headers=admin).json for n in needs]
    assert all(body["computed_at"] and body["stale"] is False for body in stored)
    for before, after in zip(live, stored):
        assert [i["candidate"] for i in after["items"]] == [i["candidate"] for i in before["items"]]
        assert after["items"] == before["items"]
        assert after["people_considered"] <= before["people_considered"]
    fewer = client.get(f"/api/v1/needs/{needs[0].id}/candidates?limit=3", headers=admin).json
    assert fewer["items"] == stored[0]["items"][:3] and fewer["computed_at"]


def test_nothing_of_special_category_data_is_stored(client, session):
    needs, admin = _world(session)
    _recompute(session)
    with_data = {row.need_id: row.items for row in session.scalars(select(StoredCandidates))}
    text = json.dumps(with_data)
    assert not any(group in text for group in v.TARGET_GROUPS)
    assert not any(adjustment in text for adjustment in v.ACCOMMODATIONS)
    session.execute(update(Person).values(consent_special_category=False, target_groups=[], accommodation_needs=[]))
    session.commit()
    _recompute(session)
    session.expire_all()
    assert {row.need_id: row.items for row in session.scalars(select(StoredCandidates))} == with_data


def test_a_changed_need_is_computed_live_until_its_refresh_and_people_gone_are_left_out(client, session, app,
                                                                                     monkeypatch):
    needs, admin = _world(session)
    _recompute(session)
    need = max(needs, key=lambda n: len(session.get(StoredCandidates, n.id).items))
    url = f"/api/v1/needs/{need.id}/candidates?limit=10"
    app.config.update(AUTO_REFRESH=True)
    monkeypatch.setattr(refresh.Refresher, "wake", lambda self: None)
    assert client.patch(f"/api/v1/needs/{need.id}", json={"hours_per_week": 16}, headers=admin).status_code == 200
    changed = client.get(url, headers=admin).json
    assert "computed_at" not in changed and changed["stale"] is False  # computed for this request
    refresh.run_due(session=session, now=utcnow() + timedelta(minutes=1))
    again = client.get(url, headers=admin).json
    assert again["computed_at"] and again["stale"] is False and again["items"] == changed["items"]

    gone = again["items"][0]["candidate"]
    first = session.get(StoredCandidates, need.id).items[0]["person_id"]
    session.delete(session.get(Person, first))
    session.commit()
    after = client.get(url, headers=admin).json
    assert gone not in [i["candidate"] for i in after["items"]] and after["computed_at"]



def test_each_needs_best_people_are_those_of_one_sort_of_every_pair_ties_and_all():
    """The batches pass on only the pairs that beat a need's k-th best so far: the result is still each need's
    k best of all pairs (score descending, then the earlier person), and every feasible pair is counted."""
    from types import SimpleNamespace

    import numpy as np

    from matchmaker.services.stored_candidates import best_per_need

    rng = np.random.default_rng(7)
    n_people, n_needs, k = 600, 40, 5
    batches, every = [], []
    for start in range(0, n_people, 64):
        people = np.repeat(np.arange(start, min(start + 64, n_people)), 12)
        needs = rng.integers(0, n_needs, len(people))
        unique = np.unique(people * n_needs + needs)
        people, needs = unique // n_needs, unique % n_needs
        score = rng.choice(np.array([0.25, 0.5, 0.75, 1.0]), len(people)).astype(np.float32)  # many ties
        batches.append(SimpleNamespace(people=people, needs=needs, score=score))
        every += zip(needs.tolist(), (-score).tolist(), people.tolist())
    expected = {}
    for need, minus, person in sorted(every):
        expected.setdefault(need, [])
        if len(expected[need]) < k:
            expected[need].append((person, -minus))
    people, needs, scores, feasible = best_per_need(iter(batches), n_needs, k)
    found = {}
    for person, need, score in zip(people.tolist(), needs.tolist(), scores.tolist()):
        found.setdefault(need, []).append((person, score))
    assert found == expected
    assert feasible.tolist() == np.bincount([need for need, _, _ in every], minlength=n_needs).tolist()


def test_postgresql_compresses_the_stored_candidates_with_lz4(app, session):
    """Each recompute rewrites megabytes of candidates per region: PostgreSQL compresses them with lz4 (the
    migrations' schema), which costs it a fraction of pglz's time."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite does not compress
    method = session.execute(text("SELECT attcompression FROM pg_attribute WHERE attname = 'items' "
                                  "AND attrelid = 'stored_candidates'::regclass")).scalar()
    assert method == "l"
