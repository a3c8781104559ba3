"""The demo region's workers with a change (issue 14): each has at least one viable move, no move asks what a limit
rules out (every move checked against every limit), internal moves come first, every sector has such a worker,
and a region's flows add up to the moves."""
from sqlalchemy import select, update

from matchmaker import vocabulary as v
from matchmaker.demo import load_demo
from matchmaker.models import Need, Person, User, WorkerChange
from matchmaker.services import worker_changes
from matchmaker.services.places import MUNICIPALITIES, REGIONS
from matchmaker.services.work_capacity import need_demands


def test_every_demo_worker_gets_moves_that_respect_their_limits_internal_first(app, session):
    load_demo(session=session)
    admin = User(name="Auditor", email="auditor@example.org", role="admin")
    session.add(admin)
    session.commit()
    changes = list(session.scalars(select(WorkerChange).order_by(WorkerChange.id)))
    assert {c.organisation.sector for c in changes} == set(v.SECTORS)
    assert {c.kind for c in changes} == set(v.WORKER_CHANGE_KINDS)
    assert {c.reason for c in changes} >= set(v.JOB_RISK_REASONS)
    checked = 0
    with app.test_request_context("/"):
        for change in changes:
            person = change.person
            items = worker_changes.proposals(session=session, actor=admin, change_id=change.id)["items"]
            assert items, f"{person.name} has no viable move"
            tiers = [v_tier(i) for i in items]
            assert tiers == sorted(tiers), (person.name, tiers)
            for item in items:
                need = session.get(Need, item["need"]["id"])
                assert not set(need_demands(session, need)) & set(person.capacity_limits), (person.name, need.title)
                assert not person.capacity_max_hours or need.hours_per_week <= person.capacity_max_hours
                checked += 1
        bricklayer = next(c for c in changes if c.person.name == "Henk Brouwer")
        first = worker_changes.proposals(session=session, actor=admin, change_id=bricklayer.id)["items"][0]
        assert first["tier"]["code"] == "internal" and "zwaar tillen" in first["explanation"]
        assert checked >= 3 * len(changes)

        # flows: with nobody's limits recorded, the moves served are those the flows count
        session.execute(update(Person).values(capacity_limits=[], capacity_max_hours=None))
        session.commit()
        region_of = {m[0]: m[2] for m in MUNICIPALITIES}
        for code in REGIONS:
            flows = worker_changes.region_flows(session=session, actor=admin, code=code)
            here = [c for c in changes if region_of[c.organisation.municipality_code] == code]
            served = sum(len(worker_changes.proposals(session=session, actor=admin, change_id=c.id)["items"])
                         for c in here)
            assert flows["moves"] == served and flows["workers"] == len({c.person_id for c in here})
            shown = sum(f["moves"]["count"] or 0 for f in flows["flows"])
            hidden = [f for f in flows["flows"] if f["moves"]["suppressed"]]
            assert served - shown <= 2 * len(hidden)  # each hidden cell holds 1 or 2


def v_tier(item) -> int:
    return ("internal", "network", "elsewhere").index(item["tier"]["code"])
