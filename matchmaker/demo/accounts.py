"""One demo account per role, so that every page can be tried: the demo's advisors and coordinator, and an admin,
an employer, a school and a job-seeker added here. Idempotent: a second run finds the same accounts."""
from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.models import Need, Organisation, Person, Programme, User
from matchmaker.services import accounts, open_needs

ADMIN_EMAIL = "admin@demo.matchmaker.local"
ADVISOR_EMAIL = "advisor.twente@demo.matchmaker.local"
COORDINATOR_EMAIL = "coordinator@demo.matchmaker.local"
EMPLOYER_EMAIL = "werkgever@demo.matchmaker.local"
SCHOOL_EMAIL = "school@demo.matchmaker.local"
PERSON_EMAIL = "werkzoekende@demo.matchmaker.local"
PARTNER_EMAIL = "netwerk@demo.matchmaker.local"


def _first(session: Session, query):
    found = session.scalar(query.limit(1))
    if found is None:
        raise LookupError("the demo region is not loaded (run `matchmaker demo` first)")
    return found


def demo_accounts(*, session: Session) -> list[User]:
    """The demo account of each role (in :data:`vocabulary.ROLES` order), created when missing."""
    advisor = _first(session, select(User).where(User.email == ADVISOR_EMAIL))
    coordinator = _first(session, select(User).where(User.email == COORDINATOR_EMAIL))
    admin = accounts.create_user(session=session, name="Demo beheerder", email=ADMIN_EMAIL, role="admin")
    employer_org = _first(session, select(Organisation).where(
        Organisation.kind == "employer", exists().where(Need.organisation_id == Organisation.id, open_needs.is_open()))
        .order_by(Organisation.name, Organisation.id))
    school_org = _first(session, select(Organisation).where(
        Organisation.kind == "school", exists().where(Programme.organisation_id == Organisation.id))
        .order_by(Organisation.name, Organisation.id))
    employer = accounts.create_user(session=session, name="Demo werkgever", email=EMPLOYER_EMAIL,
                                    role="employer", organisation_id=employer_org.id)
    school = accounts.create_user(session=session, name="Demo school", email=SCHOOL_EMAIL,
                                  role="school", organisation_id=school_org.id)
    existing_person_user = session.scalar(select(User).where(User.email == PERSON_EMAIL))
    if existing_person_user is None:
        # a job-seeker on the Twente advisor's caseload who consented to keep their sensitive details
        person = _first(session, select(Person).where(Person.advisor_id == advisor.id, Person.status == "job_seeker",
                                                      Person.consent_special_category.is_(True)).order_by(Person.id))
        existing_person_user = accounts.create_user(session=session, name=person.name, email=PERSON_EMAIL,
                                                    role="person", person_id=person.id)
    # a network that hosts sessions in the exchange
    network = _first(session, select(Organisation).where(Organisation.kind == "network")
                     .order_by(Organisation.name, Organisation.id))
    partner = accounts.create_user(session=session, name="Demo netwerk", email=PARTNER_EMAIL, role="partner",
                                   organisation_id=network.id)
    by_role = {user.role: user for user in (admin, coordinator, advisor, employer, school, existing_person_user,
                                            partner)}
    return [by_role[role] for role in v.ROLES]
