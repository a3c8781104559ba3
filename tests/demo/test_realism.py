"""The realism audit on the demo region: advice an advisor can repeat (issue 13, item 10).

Run with ``-s`` to see the counts: ``pytest -s -q tests/demo/test_realism.py``. Categories not yet at zero are
held at most at their last measured count, so they can only go down.
"""
from matchmaker.demo import load_demo
from matchmaker.models import User
from matchmaker.services import realism

#: the most each category may count on the demo region (0 = fixed for good)
CEILING = {
    "bridges_longer_than_work": 0,
    "steps_to_held_occupation": 0,
    "level_jumps_without_training": 0,
    "blocked_only_by_travelling_support": 0,
    "empty_without_reason": 0,
    "duplicate_paths": 0,
}
#: the least share of each target group with a feasible match or a viable path
FLOOR = 0.95


def test_the_demo_region_gives_advice_an_advisor_can_repeat(session):
    load_demo(session=session)
    admin = User(name="Auditor", email="auditor@example.org", role="admin")
    session.add(admin)
    session.commit()
    audit = realism.run(session=session, actor=admin)
    print("\n" + audit.report())
    for category in realism.CATEGORIES:
        assert audit.counts[category] <= CEILING[category], (category, audit.counts[category],
                                                              audit.examples.get(category))
    shares = audit.shares()
    assert set(shares) == set(realism.v.TARGET_GROUPS)
    assert all(share >= FLOOR for share in shares.values()), shares
