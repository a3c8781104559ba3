"""Notices of interest requests through the test client: the advisor sees an employer's interest on the start page and
the caseload without looking for it, the person sees it once passed on, the employer sees the answer (a name only
when the person agreed). A notice is new until its page is opened or it is marked read; what waits for an answer
stays counted."""
from __future__ import annotations

import re

from matchmaker.extensions import db
from matchmaker.models import Notice
from tests.web.conftest import csrf_token
from tests.web.test_employer_pages import (  # noqa: F401  (fixtures)
    _card_codes, bakery_world, candidates_world, text,
)

WAITING_ADVISOR = "1 verzoek van een werkgever wacht op je"
NOTICE_ADVISOR = "Bakkerij De Korenschoof heeft interesse in Fatima El Amrani voor Hulp in de bakkerij."


def _interest_in_fatima(employer, need_url: str, advisor) -> tuple[str, str]:
    """The employer shows interest in each candidate until the advisor's page shows Fatima; her request's id and
    version there."""
    for code in _card_codes(text(employer.get(need_url))):
        employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})
        found = re.search(r'action="/interesse/(\d+)">\s*<input type="hidden" name="csrf_token" value="[^"]+">'
                          r'<input type="hidden" name="version" value="(\d+)">\s*<button[^>]*>Vraag het aan Fatima',
                          text(advisor.get("/interesse")))
        if found:
            return found.groups()
    raise AssertionError("Fatima is not among the candidates")


def test_interest_is_noticed_by_the_advisor_then_the_person_then_the_employer(
        signed_in, bakery_world, candidates_world):
    employer, advisor, person = signed_in("employer"), signed_in("advisor"), signed_in("person")
    need_url = f"/behoeften/{bakery_world['need']}"
    code = _card_codes(text(employer.get(need_url)))[0]
    employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})

    start = text(advisor.get("/start"))
    assert WAITING_ADVISOR in start and "Nieuw voor jou (1)" in start
    assert "heeft interesse in" in start  # who, for which need, with a link to pass it on
    assert WAITING_ADVISOR in text(advisor.get("/caseload"))
    assert "wacht op je" not in text(signed_in("other_advisor").get("/start"))  # not their caseload
    advisor.get("/interesse")  # opened: no longer new, still waiting for an answer
    start = text(advisor.get("/start"))
    assert "Nieuw voor jou" not in start and WAITING_ADVISOR in start


def test_the_person_and_then_the_employer_are_told_and_the_name_appears_only_after_yes(
        signed_in, bakery_world, candidates_world):
    employer, advisor, person = signed_in("employer"), signed_in("advisor"), signed_in("person")
    need_url = f"/behoeften/{bakery_world['need']}"
    request_id, version = _interest_in_fatima(employer, need_url, advisor)
    assert "wil je graag ontmoeten" not in text(person.get("/start"))  # not before the advisor passes it on
    advisor.post(f"/interesse/{request_id}", data={"csrf_token": csrf_token(advisor, "/interesse"), "version": version,
                                                   "status": "forwarded"})

    start = text(person.get("/start"))
    assert "1 werkgever wil je graag ontmoeten: zeg ja of nee" in start
    assert "Bakkerij De Korenschoof wil je graag ontmoeten voor Hulp in de bakkerij." in start
    mine = text(person.get("/mijn-gegevens/interesse"))
    assert "Nieuw voor jou" not in text(person.get("/start"))
    version = re.search(r'name="version" value="(\d+)"', mine).group(1)
    person.post(f"/mijn-gegevens/interesse/{request_id}", data={
        "csrf_token": csrf_token(person, "/mijn-gegevens/interesse"), "version": version, "status": "accepted"})

    start = text(employer.get("/start"))
    assert ("Fatima El Amrani gaat akkoord met je interesse voor Hulp in de bakkerij. Je ziet nu de naam en de "
            "contactgegevens.") in start
    assert f'href="{need_url}">Bekijk Fatima El Amrani</a>' in start
    employer.get(need_url)  # seen where the name now shows
    assert "Nieuw voor jou" not in text(employer.get("/start"))

    # she takes her yes back: the employer is told, without her name
    mine = text(person.get("/mijn-gegevens/interesse"))
    version = re.search(r'name="version" value="(\d+)"', mine).group(1)
    person.post(f"/mijn-gegevens/interesse/{request_id}", data={
        "csrf_token": csrf_token(person, "/mijn-gegevens/interesse"), "version": version, "status": "declined"})
    start = text(employer.get("/start"))
    assert re.search(r"Kandidaat [0-9A-F]{6} gaat niet in op je interesse voor Hulp in de bakkerij\.", start)
    assert "Fatima" not in start


def test_a_withdrawn_request_is_no_longer_news_for_the_advisor(signed_in, bakery_world, candidates_world):
    employer, advisor = signed_in("employer"), signed_in("advisor")
    need_url = f"/behoeften/{bakery_world['need']}"
    code = _card_codes(text(employer.get(need_url)))[0]
    employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})
    assert "Nieuw voor jou (1)" in text(advisor.get("/start"))
    page = text(employer.get(need_url))
    request_id, version = re.search(r'action="/behoeften/\d+/interesse/(\d+)/intrekken">\s*<input type="hidden" '
                                    r'name="csrf_token" value="[^"]+"><input type="hidden" name="version" '
                                    r'value="(\d+)">', page).groups()
    employer.post(f"{need_url}/interesse/{request_id}/intrekken", data={
        "csrf_token": csrf_token(employer, need_url), "version": version})
    start = text(advisor.get("/start"))
    assert "Nieuw voor jou" not in start and "wacht op je" not in start


def test_marking_notices_read_needs_the_form_and_keeps_what_waits(signed_in, bakery_world, candidates_world):
    employer, advisor = signed_in("employer"), signed_in("advisor")
    need_url = f"/behoeften/{bakery_world['need']}"
    code = _card_codes(text(employer.get(need_url)))[0]
    employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})
    refused = advisor.post("/meldingen/gelezen", data={})  # no CSRF token: refused, nothing changed
    assert refused.status_code == 400
    assert db.session.query(Notice).filter(Notice.read_at.is_(None)).count() == 1
    coordinator = signed_in("coordinator")
    assert coordinator.post("/meldingen/gelezen", data={
        "csrf_token": csrf_token(coordinator, "/start")}).status_code == 403  # a role without notices
    response = advisor.post("/meldingen/gelezen", data={"csrf_token": csrf_token(advisor, "/start")})
    assert response.status_code == 303
    start = text(advisor.get("/start"))
    assert "Nieuw voor jou" not in start and WAITING_ADVISOR in start


def test_a_bad_answer_changes_nothing_and_says_why_in_dutch(signed_in, bakery_world, candidates_world):
    employer, advisor = signed_in("employer"), signed_in("advisor")
    need_url = f"/behoeften/{bakery_world['need']}"
    request_id, version = _interest_in_fatima(employer, need_url, advisor)
    response = advisor.post(f"/interesse/{request_id}", data={
        "csrf_token": csrf_token(advisor, "/interesse"), "version": version, "status": "accepted"})
    assert response.status_code == 303
    page = text(advisor.get("/interesse"))
    assert "kan alleen nog worden" in page  # the reason, in Dutch
    assert "Vraag het aan Fatima El Amrani" in page  # still waiting
    assert db.session.query(Notice).filter_by(status="forwarded").count() == 0
