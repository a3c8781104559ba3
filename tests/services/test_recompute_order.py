"""A recompute queues the region with the most people first, its partner matches before everything else, then its
open demand (which prepares the province's career-path region for every process)."""
from sqlalchemy import select

from matchmaker.models import Job
from matchmaker.services import region_jobs
from matchmaker.services.places import ensure_municipalities
from tests.factories import PersonFactory, at


def test_the_region_with_most_people_goes_first(session):
    ensure_municipalities(session=session)
    for _ in range(3):
        PersonFactory(**at("GM0193"))  # Zwolle
    PersonFactory(**at("GM0153"))  # Enschede, Twente
    session.commit()
    parent = region_jobs.start_recompute(session=session, actor=None)
    session.commit()
    children = session.execute(select(Job.subject_id, Job.kind).where(Job.parent_id == parent.id)
                               .order_by(Job.id)).all()
    assert children[:4] == [("regio-zwolle", "partner_matches"), ("regio-zwolle", "region_demand"),
                            ("regio-zwolle", "allocation"), ("regio-zwolle", "insights")]
    assert children[4:6] == [("twente", "allocation"), ("twente", "insights")]
    assert len(children) == len(set(children)) == 3 * len(region_jobs.REGION_KINDS)
