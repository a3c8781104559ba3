"""The demo region's workers with a change (issue 14): each has at least one viable move, no move asks what a limit
rules out (every move checked against every limit), internal moves come first, partners come from shared networks
and from partner matches (with the reason named), every sector has such a worker; and the coordinator's flows add
up, cell by cell, to the moves they count, which are the moves computed without anyone's limits. Counting the moves
computed with limits instead would let a coordinator tell whether a worker has limits: the second test shows it
does on this very region, which is why the flows are limit-blind (README, "Work-capacity limits and the flows")."""
from collections import Counter

from sqlalchemy import select, update

from matchmaker import vocabulary as v
from matchmaker.demo import load_demo
from matchmaker.models import Need, Organisation, Person, User, WorkerChange
from matchmaker.services import worker_changes
from matchmaker.services.places import MUNICIPALITIES, REGIONS
from matchmaker.services.work_capacity import need_demands

REGION_OF = {m[0]: m[2] for m in MUNICIPALITIES}


def _demo(session) -> tuple[User, list[WorkerChange]]:
    load_demo(session=session)
    admin = User(name="Auditor", email="auditor@example.org", role="admin")
    session.add(admin)
    session.commit()
    return admin, list(session.scalars(select(WorkerChange).order_by(WorkerChange.id)))


def _served(session, admin, change) -> list[dict]:
    return worker_changes.proposals(session=session, actor=admin, change_id=change.id)["items"]


def test_every_demo_worker_gets_moves_that_respect_their_limits_internal_first(app, session):
    admin, changes = _demo(session)
    assert {c.organisation.sector for c in changes} == set(v.SECTORS)
    assert {c.kind for c in changes} == set(v.WORKER_CHANGE_KINDS)
    assert {c.reason for c in changes} >= set(v.JOB_RISK_REASONS)
    checked = 0
    with app.test_request_context("/"):
        served = {change.person.name: _served(session, admin, change) for change in changes}
        for change in changes:
            person, items = change.person, served[change.person.name]
            assert items, f"{person.name} has no viable move"
            tiers = [v_tier(i) for i in items]
            assert tiers == sorted(tiers), (person.name, tiers)
            for item in items:  # every proposal against every limit
                need = session.get(Need, item["need"]["id"])
                assert not set(need_demands(session, need)) & set(person.capacity_limits), (person.name, need.title)
                assert not person.capacity_max_hours or need.hours_per_week <= person.capacity_max_hours
                if person.capacity_limits or person.capacity_max_hours:
                    assert "Dit werk vraagt niet om" in item["explanation"] or "Het vraagt niet meer dan" in \
                        item["explanation"]
                checked += 1
        assert checked >= 3 * len(changes)
        first = served["Henk Brouwer"][0]
        assert first["tier"]["code"] == "internal" and "Dit werk vraagt niet om zwaar tillen." in first["explanation"]

        # partners from partner matches, the reason named: a talent pipeline for the care worker, complementary
        # seasons for the harvester, besides the partners in a shared network
        assert any("een partner waar mensen uit het werk bij jouw werkgever doorgroeien naar werk dat moeilijk te "
                   "vervullen is" in i["explanation"] for i in served["Marieke Jansen"] if i["tier"]["code"] == "network")
        assert any("een partner met drukke maanden buiten die van jouw werkgever" in i["explanation"]
                   for i in served["Piotr Nowak"] if i["tier"]["code"] == "network")
        assert any("partner in Bouwpact Twente" in i["explanation"] for i in served["Henk Brouwer"])
        fruit = session.scalar(select(Organisation).where(Organisation.name == "Fruitbedrijf Oosterhof"))
        partners = worker_changes.organisation_workers(session=session, actor=admin, organisation_id=fruit.id)["partners"]
        by_name = {p["organisation"]["name"]: p for p in partners}
        assert by_name["Distributiecentrum Zwolle-Noord"]["reason"]["code"] == "seasonal_sharing"
        assert by_name["Distributiecentrum Zwolle-Noord"]["network"] is None
        assert any(p["network"] == "Seizoenspool IJsseldelta" for p in partners)


def _cells(session, admin, changes) -> Counter:
    """(from sector, to sector, tier) → the moves served to advisors, counted as the flows count them."""
    cells: Counter = Counter()
    for change in changes:
        for item in _served(session, admin, change):
            target = session.get(Organisation, item["need"]["organisation"]["id"])
            cells[(change.organisation.sector, target.sector, item["tier"]["code"])] += 1
    return cells


def _visible(cells: Counter) -> dict:
    """What a coordinator would read of ``cells``: the count, or "fewer than 3"."""
    return {cell: (n if n >= worker_changes.MIN_COUNT else "fewer") for cell, n in cells.items()}


def _flows(session, admin) -> dict:
    return {code: worker_changes.region_flows(session=session, actor=admin, code=code) for code in REGIONS}


def test_the_flows_add_up_to_the_moves_they_count_and_counting_limits_would_reveal_them(app, session):
    admin, changes = _demo(session)
    with app.test_request_context("/"):
        published = _flows(session, admin)
        with_limits = {code: _cells(session, admin, [c for c in changes
                                                     if REGION_OF[c.organisation.municipality_code] == code])
                       for code in REGIONS}

        # counting the moves computed with limits would show a coordinator whether a worker has limits: take one
        # worker's limits away and some cell they could read changes
        limited = [c for c in changes if c.person.capacity_limits or c.person.capacity_max_hours]
        assert len(limited) >= 4
        revealing = []
        for change in limited:
            person = change.person
            kept = (list(person.capacity_limits), person.capacity_max_hours)
            person.capacity_limits, person.capacity_max_hours = [], None
            session.commit()
            code = REGION_OF[change.organisation.municipality_code]
            here = [c for c in changes if REGION_OF[c.organisation.municipality_code] == code]
            if _visible(_cells(session, admin, here)) != _visible(with_limits[code]):
                revealing.append(person.name)
            assert _flows(session, admin) == published  # what coordinators do read never moves
            person.capacity_limits, person.capacity_max_hours = kept
            session.commit()
        assert revealing, "no worker's limits would show in flows counted with limits"

        # so the flows count the moves computed without anyone's limits: those add up, cell by cell
        session.execute(update(Person).values(capacity_limits=[], capacity_max_hours=None))
        session.commit()
        assert _flows(session, admin) == published
        for code in REGIONS:
            here = [c for c in changes if REGION_OF[c.organisation.municipality_code] == code]
            blind = _cells(session, admin, here)
            flows = published[code]
            assert flows["moves"] == sum(blind.values())
            assert flows["workers"] == len({c.person_id for c in here})
            assert len(flows["flows"]) == len(blind)
            for flow in flows["flows"]:
                cell = (flow["from_sector"]["code"], flow["to_sector"]["code"], flow["tier"]["code"])
                true = blind.pop(cell)
                assert flow["moves"] == ({"count": true, "suppressed": False} if true >= worker_changes.MIN_COUNT
                                         else {"count": None, "suppressed": True})
            assert not blind


def v_tier(item) -> int:
    return ("internal", "network", "elsewhere").index(item["tier"]["code"])
