"""The network coordinator's pages through the Flask test client (forms posted as a browser without JavaScript posts
them), on a small Twente: the region chosen by name, its shortages, unused potential and how fresh the figures are."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from matchmaker.extensions import db
from matchmaker.models import Job, Need, Person
from matchmaker.services import jobs
from tests.web.conftest import csrf_token
from tests.web.coordinator_world import small_twente


def text(response) -> str:
    return response.get_data(as_text=True)


def main_text(response) -> str:
    """What the page's main part says, as words (no tags)."""
    body = text(response).split('id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


@pytest.fixture
def twente(web_world):
    return small_twente()


def test_the_start_page_opens_a_region_by_its_name(signed_in, twente):
    client = signed_in("coordinator")
    start = text(client.get("/start"))
    link = re.search(r'<a class="utrecht-link" href="([^"]+)">Twente</a>', start)
    assert link and link.group(1) == "/regio/twente"
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert "Regio Twente" in main_text(page) and "De regio in één oogopslag" in main_text(page)


def test_the_region_page_shows_the_shortage_unused_potential_and_freshness(signed_in, twente):
    words = main_text(signed_in("coordinator").get("/regio/twente"))
    # 8 places asked; the 4 people with both skills fit now; the school trains 3
    assert "Orderpicker 8 4 3 4 1" in words
    assert "10 mensen in de regio" in words  # the 8 of the world and two people on the advisors' caseloads
    # the two without any skill: the school's programme teaches what the need asks
    assert "2 van de 10 mensen hebben geen voorstel dat past." in words
    assert "Vaardigheden die een opleiding kan leren 2" in words
    assert re.search(r"Berekend op \d{1,2} \w+ 20\d\d, \d\d:\d\d\. Sindsdien is er niets veranderd", words)
    # the coordinator reads no figure per target group, and is told why
    assert "Cijfers per doelgroep zie je niet" in words
    assert "Oudere werknemer" not in words


def test_only_admins_see_the_figures_per_target_group_with_small_groups_suppressed(signed_in, twente):
    words = main_text(signed_in("admin").get("/regio/twente"))
    assert "Alleen beheerders zien deze tabel." in words
    # 4 older workers: fewer than 5, so neither their number nor their barriers are shown
    assert "Oudere werknemer minder dan 5 –" in words


def test_what_the_coordinator_reads_does_not_change_with_special_category_data(signed_in, twente, session):
    client = signed_in("coordinator")
    seen = []
    for groups, needs in ((["refugee_status_holder"], ["wheelchair_access"]), ([], [])):
        session.execute(update(Person).values(consent_special_category=bool(groups), target_groups=groups,
                                              accommodation_needs=needs))
        session.commit()
        jobs.run_now(session=session, kind="insights", subject_type="region", subject_id="twente")
        seen.append(main_text(client.get("/regio/twente")).split("Hoe vers deze cijfers zijn")[0])
    assert seen[0] == seen[1]


def test_a_changed_need_marks_the_figures_stale_and_computing_again_refreshes_them(signed_in, twente, session):
    client = signed_in("coordinator")
    assert "Sindsdien is er niets veranderd" in main_text(client.get("/regio/twente"))
    token = csrf_token(client, "/regio/twente")
    session.get(Need, twente.needs[0].id).headcount = 7  # an employer asks for one place more
    session.commit()
    stale = main_text(client.get("/regio/twente"))
    assert "Daarna zijn de gegevens veranderd." in stale
    before = session.scalar(select(func.count(Job.id)).where(Job.kind == "insights"))
    answer = client.post("/regio/twente/opnieuw-berekenen", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/regio/twente")
    fresh = main_text(client.get("/regio/twente"))
    assert "De cijfers zijn opnieuw berekend." in fresh
    assert "Sindsdien is er niets veranderd" in fresh
    assert session.scalar(select(func.count(Job.id)).where(Job.kind == "insights")) == before + 1


def test_computing_again_without_the_form_token_changes_nothing(signed_in, twente, session):
    client = signed_in("coordinator")
    client.get("/regio/twente")
    before = session.scalar(select(func.count(Job.id)))
    assert client.post("/regio/twente/opnieuw-berekenen", data={}).status_code == 400
    assert session.scalar(select(func.count(Job.id))) == before


@pytest.mark.parametrize("role", ["advisor", "employer", "school", "person"])
def test_other_roles_may_not_open_a_region_page(signed_in, twente, role):
    assert signed_in(role).get("/regio/twente").status_code == 403


def test_an_unknown_region_is_a_dutch_not_found_page(signed_in, twente):
    response = signed_in("coordinator").get("/regio/atlantis")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text(response)


def test_the_region_page_in_english_on_request(signed_in, twente):
    words = main_text(signed_in("coordinator").get("/regio/twente?lang=en"))
    assert "The region at a glance" in words and "Shortages per occupation" in words
