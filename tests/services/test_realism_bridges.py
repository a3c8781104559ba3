"""The realism audit's bridges longer than the work: a fault, unless the person wants a career change."""
from matchmaker.models import Person
from matchmaker.services import realism


def _count(career_change: bool) -> int:
    audit = realism.Audit()
    person = Person(id=7, name="Sanne", career_change=career_change)
    answer = {"facts": [{"code": "matches.summary"}], "items": [{
        "need": {"id": 3}, "feasible": False,
        "gap_bridge": [{"duration_months": 12.0, "programme": {"name": "MBO Kok"}}]}]}
    realism._audit_matches(audit, person, answer, {3: [6, 7, 8, 9]}, {}, {}, 1)  # four months of summer work
    return audit.counts["bridges_longer_than_work"]


def test_a_year_long_programme_for_four_months_of_work_counts_unless_the_person_wants_a_new_trade():
    assert _count(career_change=False) == 1
    assert _count(career_change=True) == 0
