"""Web page tests: a small world of users with passwords, and helpers to sign in through the pages."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from matchmaker.extensions import db as _db
from matchmaker.services import accounts
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

PASSWORD = "lange zin als wachtwoord"


def with_password(user, password: str = PASSWORD):
    """Give ``user`` a password the way a person does: through an invitation link."""
    accounts.set_password(session=_db.session, token=accounts.invite(session=_db.session, user=user), password=password)
    return user


@dataclass
class WebWorld:
    users: dict
    people: dict
    organisations: dict


@pytest.fixture
def web_world(app) -> WebWorld:
    bakery = OrganisationFactory(name="Bakkerij De Korenschoof", kind="employer", municipality_code="GM0153")
    care = OrganisationFactory(name="Zorggroep Twentse Zon", kind="employer", sector="care")
    school = OrganisationFactory(name="ROC Twente Oost", kind="school", sector="education")
    advisor = with_password(UserFactory(name="Anna Adviseur", email="anna@gemeente.example", role="advisor"))
    other_advisor = with_password(UserFactory(name="Bert Adviseur", email="bert@gemeente.example", role="advisor"))
    own = PersonFactory(name="Fatima El Amrani", advisor_id=advisor.id, consent_special_category=True,
                        target_groups=["refugee_status_holder"], accommodation_needs=["language_buddy"])
    older = PersonFactory(name="Gerrit Jansen", advisor_id=advisor.id, status="worker", municipality_code="GM0193",
                          latitude=52.5168, longitude=6.0830, consent_special_category=True,
                          target_groups=["older_worker"])
    foreign = PersonFactory(name="Henk Vreemd", advisor_id=other_advisor.id)
    users = {
        "advisor": advisor,
        "other_advisor": other_advisor,
        "admin": with_password(UserFactory(name="Beheer", email="beheer@example.org", role="admin")),
        "person": with_password(UserFactory(name=own.name, email="fatima@example.org", role="person",
                                            person_id=own.id)),
        "employer": with_password(UserFactory(name="Bakker", email="bakker@example.org", role="employer",
                                              organisation_id=bakery.id)),
        "school": with_password(UserFactory(name="Stagebureau", email="stage@example.org", role="school",
                                            organisation_id=school.id)),
        "coordinator": with_password(UserFactory(name="Coördinator", email="coord@example.org", role="coordinator")),
    }
    _db.session.commit()
    return WebWorld(users=users, people={"own": own, "older": older, "foreign": foreign},
                    organisations={"bakery": bakery, "care": care, "school": school})


def csrf_token(client, path: str = "/inloggen") -> str:
    """The CSRF token a page's forms carry (the same for the whole session)."""
    page = client.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/inloggen", data={"csrf_token": csrf_token(client), "email": email, "password": password})


@pytest.fixture
def signed_in(app, web_world):
    """A test client signed in as the user of a role: ``signed_in("advisor")``."""
    def as_role(role: str):
        client = app.test_client()
        response = sign_in(client, web_world.users[role].email)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client
    return as_role
