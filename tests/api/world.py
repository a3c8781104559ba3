"""A small world with one record of each kind and a user of each role, plus foreign owners."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import ApiToken, Need, WorkerChange, WorkExperience
from matchmaker.models.base import utcnow
from matchmaker.services.matches import pseudonym_code
from tests.exchange.world import exchange_records
from tests.factories import (
    InterestRequestFactory,
    JobFactory,
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PersonFactory,
    ProgrammeFactory,
    SkillFactory,
    UserFactory,
    token_for,
)


@dataclass
class World:
    tokens: dict  # role name -> headers; also "other_employer", "other_school", "other_advisor", "other_person"
    ids: dict  # own_* and foreign_* record ids


def build_world() -> World:
    skill = SkillFactory()
    occupation = OccupationFactory()
    employer, other_employer = OrganisationFactory(name="Own Employer"), OrganisationFactory(name="Foreign Employer")
    school = OrganisationFactory(name="Own School", kind="school", sector="education")
    other_school = OrganisationFactory(name="Foreign School", kind="school", sector="education")
    advisor, other_advisor = UserFactory(role="advisor"), UserFactory(role="advisor")
    person = PersonFactory(advisor_id=advisor.id, consent_special_category=True, target_groups=["returner"],
                           consent_share_with=[employer.id])
    other_person = PersonFactory(advisor_id=other_advisor.id, consent_share_with=[other_employer.id])
    users = {
        "admin": UserFactory(role="admin"),
        "coordinator": UserFactory(role="coordinator"),
        "advisor": advisor,
        "other_advisor": other_advisor,
        "employer": UserFactory(role="employer", organisation_id=employer.id),
        "other_employer": UserFactory(role="employer", organisation_id=other_employer.id),
        "school": UserFactory(role="school", organisation_id=school.id),
        "other_school": UserFactory(role="school", organisation_id=other_school.id),
        "person": UserFactory(role="person", person_id=person.id),
        "other_person": UserFactory(role="person", person_id=other_person.id),
    }
    ids = {
        "skill": skill.id,
        "occupation": occupation.id,
        "own_employer": employer.id,
        "foreign_employer": other_employer.id,
        "own_school": school.id,
        "foreign_school": other_school.id,
        "own_person": person.id,
        "foreign_person": other_person.id,
        "own_need": NeedFactory(organisation=employer, occupation=occupation).id,
        "foreign_need": NeedFactory(organisation=other_employer, occupation=occupation).id,
        "own_programme": ProgrammeFactory(organisation=school).id,
        "foreign_programme": ProgrammeFactory(organisation=other_school).id,
        "own_partner_request": PartnerRequestFactory(organisation=employer).id,
        "foreign_partner_request": PartnerRequestFactory(organisation=other_employer).id,
        "own_school_partner_request": PartnerRequestFactory(organisation=school, kind="internship_places").id,
        "foreign_school_partner_request": PartnerRequestFactory(organisation=other_school, kind="internship_places").id,
    }
    ids.update(exchange_records(employer, other_employer))
    # interest in a candidate: the own employer in the own person, forwarded to them; the foreign ones likewise
    for side, need, someone in (("own", ids["own_need"], person), ("foreign", ids["foreign_need"], other_person)):
        ids[f"{side}_interest_request"] = InterestRequestFactory(need=db.session.get(Need, need), person=someone).id
    ids["own_candidate"] = pseudonym_code(person.id, ids["own_need"])
    for side, someone, organisation in (("own", person, employer), ("foreign", other_person, other_employer)):
        db.session.add(WorkExperience(person_id=someone.id, occupation_id=occupation.id, organisation_id=organisation.id,
                                      employer_name=organisation.name, start_date=date(2015, 1, 1)))
        change = WorkerChange(person_id=someone.id, organisation_id=organisation.id, occupation_id=occupation.id,
                              kind="job_at_risk", reason="automation", status="open", worker_consent=True)
        db.session.add(change)
        db.session.flush()
        ids[f"{side}_worker_change"] = change.id
    for name, user in users.items():
        ids[f"job_by_{name}"] = JobFactory(created_by_id=user.id).id
    for someone in (person, other_person):  # career paths already asked for, so they can be read
        JobFactory(kind="career_paths", subject_type="person", subject_id=str(someone.id), result={"paths": []},
                   created_by_id=someone.advisor_id)
    ids["allocation_job"] = JobFactory(kind="allocation", created_by_id=users["coordinator"].id, finished_at=utcnow(),
                                       result={"region": "twente", "people": 0, "needs": 0}).id
    tokens = {name: token_for(user) for name, user in users.items()}
    tokens["anonymous"] = {}
    for name, user in users.items():  # each user's one token, as a record
        ids[f"user_by_{name}"] = user.id
        ids[f"token_by_{name}"] = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    db.session.commit()
    return World(tokens=tokens, ids=ids)
