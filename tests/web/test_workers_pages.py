"""The pages for keeping people at work, without JavaScript: the advisor's workers with a change and a worker's
moves, the employer's own workers, the coordinator's flows; in Dutch, limits only where they may be read."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Organisation, User, WorkerChange
from tests.api.test_worker_changes import site  # noqa: F401  (the fixture: Jan the bricklayer at Ter Horst)
from tests.web.conftest import PASSWORD, csrf_token, with_password


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def pages(app, site):  # noqa: F811
    terhorst = db.session.get(Organisation, site["terhorst"])
    users = {role: with_password(db.session.scalar(select(User).where(*where).limit(1))) for role, where in (
        ("advisor", (User.role == "advisor",)), ("coordinator", (User.role == "coordinator",)),
        ("employer", (User.role == "employer", User.organisation_id == terhorst.id)))}
    change = WorkerChange(person_id=site["jan"], organisation_id=terhorst.id, kind="capacity", status="open",
                          worker_consent=True, occupation_id=None)
    db.session.add(change)
    db.session.commit()

    def signed_in(role: str):
        client = app.test_client()
        response = client.post("/inloggen", data={"csrf_token": csrf_token(client), "email": users[role].email,
                                                  "password": PASSWORD})
        assert response.status_code == 303
        return client
    return {"signed_in": signed_in, "change": change.id}


def test_the_advisor_sees_the_workers_and_a_workers_moves_internal_first(pages):
    advisor = pages["signed_in"]("advisor")
    listed = advisor.get("/werk-behouden")
    assert listed.status_code == 200 and "Werk behouden" in text(listed) and "Jan Brouwer" in text(listed)
    assert f'href="/werk-behouden/{pages["change"]}"' in listed.get_data(as_text=True)
    page = text(advisor.get(f"/werk-behouden/{pages['change']}"))
    assert "Stappen voor Jan Brouwer" in page and "Werkt bij Bouwbedrijf Ter Horst" in page
    headings = [h for h in ("Bij dezelfde werkgever", "Bij een partner", "Elders in de buurt")
                if h in page]
    assert headings == ["Bij dezelfde werkgever", "Bij een partner", "Elders in de buurt"]
    assert page.index("Bij dezelfde werkgever") < page.index("Bij een partner")
    assert "Dit werk vraagt niet om zwaar tillen." in page


def test_the_employer_sees_its_workers_and_their_moves_but_not_the_limits(pages):
    employer = pages["signed_in"]("employer")
    mine = text(employer.get("/mijn-medewerkers"))
    assert "Mijn medewerkers" in mine and "Jan Brouwer" in mine and "Afbouw Wennink (Bouwpact)" in mine
    moves = text(employer.get(f"/werk-behouden/{pages['change']}"))
    assert "Stappen voor Jan Brouwer" in moves and "tillen" not in moves
    assert employer.get("/werk-behouden").status_code == 403
    assert employer.get("/regio/twente/werk-naar-werk").status_code == 403


def test_the_coordinator_sees_flows_with_small_counts_left_out(pages):
    coordinator = pages["signed_in"]("coordinator")
    page = text(coordinator.get("/regio/twente/werk-naar-werk"))
    assert "Van werk naar werk in Twente" in page and "minder dan 3" in page and "Bouw" in page
    assert coordinator.get("/regio/nergens/werk-naar-werk").status_code == 404
    assert coordinator.get(f"/werk-behouden/{pages['change']}").status_code == 403
