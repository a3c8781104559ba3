"""factory_boy factories for test data, bound to the Flask-SQLAlchemy session."""
from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from matchmaker.extensions import db
from matchmaker.models import (
    InterestRequest, Job, Need, Occupation, Organisation, PartnerRequest, Person, Programme, Skill, User,
)
from matchmaker.security import tokens


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class SkillFactory(BaseFactory):
    class Meta:
        model = Skill

    uri = factory.Sequence(lambda n: f"urn:test:skill:{n}")
    label_en = factory.Sequence(lambda n: f"skill {n}")
    label_nl = factory.Sequence(lambda n: f"vaardigheid {n}")
    skill_type = "skill/competence"


class OccupationFactory(BaseFactory):
    class Meta:
        model = Occupation

    uri = factory.Sequence(lambda n: f"urn:test:occupation:{n}")
    label_en = factory.Sequence(lambda n: f"occupation {n}")
    label_nl = factory.Sequence(lambda n: f"beroep {n}")
    isco_group = "9333"


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "employer"
    sector = "logistics"
    size = 40
    municipality_code = "GM0153"
    latitude = 52.2215
    longitude = 6.8937
    accommodations = factory.LazyFunction(list)
    lever_strengths = factory.LazyFunction(dict)
    lever_asks = factory.LazyFunction(list)


class ProgrammeFactory(BaseFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory, kind="school", sector="education")
    name = factory.Sequence(lambda n: f"Programme {n}")
    level = "mbo2"
    mode = "work_based"
    duration_months = 12
    start_months = factory.LazyFunction(lambda: [9])
    capacity = 20
    municipality_code = "GM0164"
    latitude = 52.2658
    longitude = 6.7931


class NeedFactory(BaseFactory):
    class Meta:
        model = Need

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "vacancy"
    title = factory.Sequence(lambda n: f"Need {n}")
    hours_per_week = 32
    headcount = 1
    municipality_code = "GM0153"
    latitude = 52.2215
    longitude = 6.8937
    months = factory.LazyFunction(list)
    accommodations = factory.LazyFunction(list)
    welcomes_groups = factory.LazyFunction(list)


class PersonFactory(BaseFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    municipality_code = "GM0153"
    latitude = 52.2215
    longitude = 6.8937
    travel_radius_km = 25
    hours_per_week = 32
    dutch_level = "B1"
    languages = factory.LazyFunction(list)
    available_months = factory.LazyFunction(list)
    target_groups = factory.LazyFunction(list)
    accommodation_needs = factory.LazyFunction(list)
    consent_share_with = factory.LazyFunction(list)


class PartnerRequestFactory(BaseFactory):
    class Meta:
        model = PartnerRequest

    organisation = factory.SubFactory(OrganisationFactory)
    direction = "seeks"
    kind = "staff_sharing"
    title = factory.Sequence(lambda n: f"Request {n}")
    months = factory.LazyFunction(lambda: [11, 12])


class InterestRequestFactory(BaseFactory):
    """An employer's interest in a person for one of its needs, forwarded to the person by their advisor."""

    class Meta:
        model = InterestRequest

    need = factory.SubFactory(NeedFactory)
    person = factory.SubFactory(PersonFactory)
    organisation_id = factory.LazyAttribute(lambda request: request.need.organisation_id)
    status = "forwarded"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"User {n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    role = "admin"


def token_for(user: User) -> dict:
    """Authorization headers for ``user``."""
    return {"Authorization": f"Bearer {tokens.issue(session=db.session, user=user)}"}


class JobFactory(BaseFactory):
    class Meta:
        model = Job

    kind = "region_demand"
    status = "succeeded"
    subject_type = "region"
    subject_id = "twente"
    params = factory.LazyFunction(dict)
    result = factory.LazyFunction(lambda: {"needs": 0})


def at(municipality_code: str) -> dict:
    """Location fields placing a record at a municipality's centre, e.g. ``NeedFactory(**at("GM0164"))``."""
    from matchmaker.services.places import MUNICIPALITIES

    lat, lon = next((lat, lon) for code, _, _, lat, lon in MUNICIPALITIES if code == municipality_code)
    return {"municipality_code": municipality_code, "latitude": lat, "longitude": lon}
