"""The exchange's pages through the Flask test client, as a browser without JavaScript uses them: an employer asks
a question and reads its matches in Dutch; writes a practice case and publishes it; registers for a full session
and lands on the waiting list; a network's user hosts a session; the coordinator reads the monitor and downloads
its CSV; forms with mistakes answer 422 with the error beside the field and keep what was typed."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import ExchangeSession, PracticeCase, ProgressCheck, SessionRegistration, SmeQuestion
from matchmaker.models.base import utcnow
from tests.factories import OrganisationFactory, UserFactory
from tests.web.conftest import csrf_token, sign_in, with_password


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def exchange_world(web_world):
    """A pioneer's published case on smarter working, a network with a user, and a coming session with one place
    that another SME holds already."""
    network = OrganisationFactory(name="Werkgeversnetwerk Twente Inclusief", kind="network", sector="public_social")
    pioneer = OrganisationFactory(name="Wijkzorg Almelo", sector="care", size=60, pioneer=True,
                                  lever_strengths={"smarter_working": 3})
    other = OrganisationFactory(name="Thuiszorg Oost", sector="care", size=20)
    case = PracticeCase(organisation_id=pioneer.id, status="published", published_at=utcnow(),
                        title="Zelfroosteren in de wijkzorg", levers=["smarter_working"], barriers=["time"],
                        problem="Roosters kostten veel tijd.", approach="Teams roosteren zelf.", sector="care",
                        size=60, municipality_code="GM0153", open_to_visit=True)
    starts = utcnow() + timedelta(days=10)
    session = ExchangeSession(host_id=network.id, title="Slimmer werken met digitale planning", format="workshop",
                              levers=["smarter_working"], sectors=[], starts_at=starts,
                              ends_at=starts + timedelta(hours=2), municipality_code="GM0153", venue="Kennispark",
                              capacity=1)
    db.session.add_all([case, session])
    db.session.flush()
    db.session.add(SessionRegistration(session_id=session.id, organisation_id=other.id, status="confirmed"))
    partner = with_password(UserFactory(name="Netwerkcoördinator", email="netwerk@example.org", role="partner",
                                        organisation_id=network.id))
    db.session.commit()
    return {"case": case.id, "session": session.id, "partner": partner.email}


def test_an_employer_asks_and_reads_what_can_help_in_dutch(signed_in, exchange_world):
    client = signed_in("employer")
    assert "Uitwisseling" in text(client.get("/start"))
    token = csrf_token(client, "/uitwisseling/mijn-vragen/nieuw")
    asked = client.post("/uitwisseling/mijn-vragen/nieuw", data={
        "csrf_token": token, "question": "Onze planner is uren kwijt aan roosters.", "levers": "smarter_working",
        "barriers": "time"})
    assert asked.status_code == 303
    page = text(client.get(asked.headers["Location"]))
    assert "Zelfroosteren in de wijkzorg" in page
    assert "Wijkzorg Almelo werkte ook aan slimmer werken. Ook zij hadden te maken met te weinig tijd." in page
    assert "Wijkzorg Almelo loopt voorop in slimmer werken" in page
    # the only session is full: no session with a free place is offered
    assert "Er is nu geen bijeenkomst op deze hefbomen met een vrije plaats." in page
    assert "smarter_working" not in page


def test_a_question_without_a_lever_is_refused_beside_the_field_and_kept(signed_in, exchange_world):
    client = signed_in("employer")
    token = csrf_token(client, "/uitwisseling/mijn-vragen/nieuw")
    refused = client.post("/uitwisseling/mijn-vragen/nieuw", data={"csrf_token": token, "question": "Hoe begin ik?"})
    assert refused.status_code == 422
    page = text(refused)
    assert 'href="#levers"' in page and "Kies ten minste één hefboom waar je mee aan de slag wilt." in page and "Hoe begin ik?" in page
    assert db.session.scalar(select(SmeQuestion.id)) is None


def test_an_employer_writes_and_publishes_a_practice_case(signed_in, exchange_world):
    client = signed_in("employer")
    token = csrf_token(client, "/uitwisseling/praktijkvoorbeelden/nieuw")
    saved = client.post("/uitwisseling/praktijkvoorbeelden/nieuw", data={
        "csrf_token": token, "title": "Brood bakken in vaste teams", "levers": ["dynamic_management"],
        "problem": "Veel verloop.", "approach": "Vaste teams met een eigen planning.", "turnover_change_pct": "-15",
        "open_to_visit": "1"})
    assert saved.status_code == 303
    case = db.session.scalar(select(PracticeCase).where(PracticeCase.title == "Brood bakken in vaste teams"))
    assert case.status == "draft" and case.turnover_change_pct == -15 and case.open_to_visit
    assert "Alleen je eigen organisatie kan het lezen" in text(client.get(saved.headers["Location"]))
    published = client.post(f"/uitwisseling/praktijkvoorbeelden/{case.id}/publiceren", data={"csrf_token": token})
    assert published.status_code == 303
    db.session.expire_all()
    assert db.session.get(PracticeCase, case.id).status == "published"
    assert "Brood bakken in vaste teams" in text(signed_in("advisor").get("/uitwisseling/praktijkvoorbeelden"))


def test_a_bad_percentage_is_refused_and_the_form_keeps_what_was_typed(signed_in, exchange_world):
    client = signed_in("employer")
    token = csrf_token(client, "/uitwisseling/praktijkvoorbeelden/nieuw")
    refused = client.post("/uitwisseling/praktijkvoorbeelden/nieuw", data={
        "csrf_token": token, "title": "Vaste teams", "levers": "co_creation", "absence_change_pct": "veel"})
    assert refused.status_code == 422
    assert 'href="#absence_change_pct"' in text(refused) and 'value="veel"' in text(refused)


def test_registering_for_a_full_session_puts_you_on_the_waiting_list_and_cancelling_works(signed_in, exchange_world):
    client = signed_in("employer")
    url = f"/uitwisseling/bijeenkomsten/{exchange_world['session']}"
    assert "De bijeenkomst is vol." in text(client.get(url))
    token = csrf_token(client, url)
    answer = client.post(f"{url}/aanmelden", data={"csrf_token": token}, follow_redirects=True)
    assert "Je staat op de wachtlijst." in text(answer)
    registration = db.session.scalar(select(SessionRegistration).where(SessionRegistration.status == "waiting"))
    assert registration is not None
    cancelled = client.post(f"/uitwisseling/aanmeldingen/{registration.id}/afmelden", data={"csrf_token": token},
                            follow_redirects=True)
    assert "Je bent afgemeld." in text(cancelled)
    db.session.expire_all()
    assert db.session.get(SessionRegistration, registration.id).status == "cancelled"


def test_a_network_hosts_a_session_and_sees_who_registered(app, exchange_world):
    client = app.test_client()
    assert sign_in(client, exchange_world["partner"]).status_code == 303
    assert "Thuiszorg Oost" in text(client.get(f"/uitwisseling/bijeenkomsten/{exchange_world['session']}"))
    token = csrf_token(client, "/uitwisseling/bijeenkomsten/nieuw")
    when = (utcnow() + timedelta(days=30)).strftime("%Y-%m-%d")
    form = {"csrf_token": token, "title": "Cocreatie met het mbo", "format": "round_table", "starts_at": f"{when}T15:00",
            "ends_at": f"{when}T14:00", "municipality_code": "GM0153", "capacity": "20", "levers": "co_creation"}
    refused = client.post("/uitwisseling/bijeenkomsten/nieuw", data=form)
    assert refused.status_code == 422 and 'href="#ends_at"' in text(refused)
    hosted = client.post("/uitwisseling/bijeenkomsten/nieuw", data={**form, "ends_at": f"{when}T17:00"})
    assert hosted.status_code == 303
    record = db.session.scalar(select(ExchangeSession).where(ExchangeSession.title == "Cocreatie met het mbo"))
    assert record.starts_at.astimezone().hour is not None and (record.ends_at - record.starts_at) == timedelta(hours=2)
    assert "Er heeft zich nog niemand aangemeld." in text(client.get(hosted.headers["Location"]))


def test_an_employer_fills_in_a_progress_check(signed_in, exchange_world):
    client = signed_in("employer")
    token = csrf_token(client, "/uitwisseling/voortgang")
    scores = {"score_dynamic_management": "1", "score_flexible_organising": "2", "score_smarter_working": "0"}
    refused = client.post("/uitwisseling/voortgang", data={"csrf_token": token, **scores})
    assert refused.status_code == 422 and 'href="#score_co_creation"' in text(refused)
    saved = client.post("/uitwisseling/voortgang", data={"csrf_token": token, **scores, "score_co_creation": "3"},
                        follow_redirects=True)
    assert "Je eerdere metingen" in text(saved)
    assert db.session.scalar(select(ProgressCheck)).scores == {
        "dynamic_management": 1, "flexible_organising": 2, "smarter_working": 0, "co_creation": 3}


def test_the_coordinator_reads_the_monitor_and_downloads_it(signed_in, exchange_world):
    client = signed_in("coordinator")
    page = text(client.get("/uitwisseling/monitor"))
    assert "Monitor van de uitwisseling" in page and "praktijkvoorbeelden gepubliceerd" in page
    exported = client.get("/uitwisseling/monitor.csv")
    assert exported.mimetype == "text/csv" and exported.get_data(as_text=True).startswith("Onderdeel,Code,Naam")
    assert signed_in("employer").get("/uitwisseling/monitor").status_code == 403
    assert signed_in("person").get("/uitwisseling").status_code == 403


def test_the_host_notes_who_came_after_the_session(app, exchange_world):
    record = db.session.get(ExchangeSession, exchange_world["session"])
    record.starts_at, record.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
    db.session.commit()
    client = app.test_client()
    sign_in(client, exchange_world["partner"])
    url = f"/uitwisseling/bijeenkomsten/{exchange_world['session']}"
    token = csrf_token(client, url)
    registration = db.session.scalar(select(SessionRegistration))
    page = client.post(f"/uitwisseling/aanmeldingen/{registration.id}/aanwezig",
                       data={"csrf_token": token, "attended": "1"}, follow_redirects=True)
    assert "Genoteerd: Thuiszorg Oost was er." in text(page)
    db.session.expire_all()
    assert db.session.get(SessionRegistration, registration.id).attended is True
