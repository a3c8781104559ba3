"""The employer's pages through the Flask test client (forms posted as a browser without JavaScript posts them):
its needs, posting one with the occupation found by name and the skills ticked, changing one (an edit made on an
outdated version is refused and kept in the form), and closing one."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from babel.dates import format_date

from matchmaker.extensions import db
from matchmaker.models import Need, NeedSkill, OccupationSkill, Person, Skill
from matchmaker.services.open_needs import today
from tests.factories import NeedFactory, OccupationFactory, PersonFactory, ProgrammeFactory, SkillFactory
from tests.web.conftest import csrf_token


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def bakery_world(web_world):
    """An occupation (found by the name "bakker") with two needed skills and one useful one, and an open need of the
    bakery."""
    skills = [SkillFactory(label_nl=label) for label in ("deeg kneden", "brood bakken", "taarten versieren")]
    occupation = OccupationFactory(label_nl="bakker", label_en="baker")
    db.session.add_all([OccupationSkill(occupation_id=occupation.id, skill_id=skills[0].id, relation="essential"),
                        OccupationSkill(occupation_id=occupation.id, skill_id=skills[1].id, relation="essential"),
                        OccupationSkill(occupation_id=occupation.id, skill_id=skills[2].id, relation="optional")])
    need = NeedFactory(organisation=web_world.organisations["bakery"], title="Hulp in de bakkerij",
                       occupation=occupation, hours_per_week=24)
    db.session.add(NeedSkill(need_id=need.id, skill_id=skills[0].id, relation="essential"))
    other = NeedFactory(organisation=web_world.organisations["care"], title="Verzorgende")
    db.session.commit()
    return {"skills": [s.id for s in skills], "occupation": occupation.id, "need": need.id, "other": other.id}


def saved(need_id: int) -> Need:
    db.session.expire_all()
    return db.session.get(Need, need_id)


def test_the_employer_sees_its_own_needs_only(signed_in, bakery_world):
    page = text(signed_in("employer").get("/behoeften"))
    assert "Hulp in de bakkerij" in page and "Verzorgende" not in page
    assert "Vacature" in page  # the kind as a word, never its code


def test_another_employers_need_is_not_found(signed_in, bakery_world):
    client = signed_in("employer")
    assert client.get(f"/behoeften/{bakery_world['other']}").status_code == 404
    assert client.get(f"/behoeften/{bakery_world['other']}/wijzigen").status_code == 404


def test_other_roles_may_not_use_the_employer_pages(signed_in, bakery_world):
    assert signed_in("advisor").get("/behoeften").status_code == 403


def test_posting_a_seasonal_need_with_the_occupation_found_by_name_and_skills_ticked(signed_in, bakery_world):
    client = signed_in("employer")
    token = csrf_token(client, "/behoeften/nieuw")
    form = {"csrf_token": token, "title": "Zomerhulp", "kind": "seasonal_peak", "occupation_q": "bakker",
            "hours_per_week": "20", "headcount": "3", "months": ["6", "7"], "municipality_code": "GM0164"}
    found = client.post("/behoeften/nieuw", data={**form, "action": "find"})
    assert found.status_code == 200
    assert re.search(r'name="occupation_id" value="%d"' % bakery_world["occupation"], text(found))
    chosen = client.post("/behoeften/nieuw", data={**form, "occupation_id": bakery_world["occupation"],
                                                   "action": "occupation"})
    page = text(chosen)
    assert "deeg kneden" in page and "taarten versieren" in page
    # the needed skills start ticked, the useful extra one does not
    assert re.search(r'name="skills_essential" value="%d" checked' % bakery_world["skills"][0], page)
    assert not re.search(r'name="skills_optional" value="%d" checked' % bakery_world["skills"][2], page)
    response = client.post("/behoeften/nieuw", data={
        **form, "occupation_id": bakery_world["occupation"], "skills_shown": "1",
        "skills_essential": [bakery_world["skills"][1]], "skills_optional": [bakery_world["skills"][2]],
        "action": "save"})
    assert response.status_code == 303
    need = db.session.query(Need).filter_by(title="Zomerhulp").one()
    assert (need.kind, need.months, need.headcount, need.hours_per_week, need.municipality_code) == (
        "seasonal_peak", [6, 7], 3, 20, "GM0164")
    assert {(s.skill_id, s.relation) for s in need.skills} == {
        (bakery_world["skills"][1], "essential"), (bakery_world["skills"][2], "optional")}
    shown = text(client.get(response.headers["Location"]))
    assert "Uw behoefte Zomerhulp staat erop." in shown or "Zomerhulp" in shown
    assert "juni, juli" in shown and "Seizoenswerk" in shown


def test_a_need_without_skills_ticked_gets_the_occupations_needed_skills(signed_in, bakery_world):
    client = signed_in("employer")
    response = client.post("/behoeften/nieuw", data={
        "csrf_token": csrf_token(client, "/behoeften/nieuw"), "title": "Bakker", "kind": "vacancy",
        "occupation_id": bakery_world["occupation"], "hours_per_week": "36", "headcount": "1", "action": "save"})
    assert response.status_code == 303
    need = db.session.query(Need).filter_by(title="Bakker").one()
    assert {s.skill_id for s in need.skills} == set(bakery_world["skills"][:2])
    assert need.municipality_code == "GM0153"  # the bakery's place


def test_a_bad_need_names_each_field_and_saves_nothing(signed_in, bakery_world):
    client = signed_in("employer")
    response = client.post("/behoeften/nieuw", data={
        "csrf_token": csrf_token(client, "/behoeften/nieuw"), "title": "", "kind": "seasonal_peak",
        "hours_per_week": "veertig", "headcount": "0", "action": "save"})
    assert response.status_code == 422
    page = text(response)
    assert 'href="#title">' in page and 'href="#hours_per_week">' in page and 'href="#headcount">' in page
    assert 'href="#months">' in page
    assert 'value="veertig"' in page  # what was typed stays
    assert db.session.query(Need).count() == 2


def test_changing_a_need(signed_in, bakery_world):
    client = signed_in("employer")
    edit = f"/behoeften/{bakery_world['need']}/wijzigen"
    page = text(client.get(edit))
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": version, "title": "Bakkershulp", "kind": "vacancy",
        "occupation_id": bakery_world["occupation"], "skills_shown": "1",
        "skills_essential": [bakery_world["skills"][0], bakery_world["skills"][1]],
        "hours_per_week": "28", "headcount": "1", "action": "save"})
    assert response.status_code == 303
    need = saved(bakery_world["need"])
    assert (need.title, need.hours_per_week) == ("Bakkershulp", 28)
    assert {s.skill_id for s in need.skills} == set(bakery_world["skills"][:2])


def test_an_edit_on_an_outdated_version_is_refused_and_kept_in_the_form(signed_in, bakery_world):
    client = signed_in("employer")
    edit = f"/behoeften/{bakery_world['need']}/wijzigen"
    page = text(client.get(edit))
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    need = saved(bakery_world["need"])
    need.hours_per_week = 16  # someone else saves first
    db.session.commit()
    response = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": version, "title": "Mijn nieuwe titel", "kind": "vacancy",
        "hours_per_week": "24", "headcount": "2", "action": "save"})
    assert response.status_code == 409
    page = text(response)
    assert "Mijn nieuwe titel" in page  # the edit is still in the form
    assert re.search(r'name="version" value="%d"' % saved(bakery_world["need"]).version, page)  # now on the new one
    assert (saved(bakery_world["need"]).title, saved(bakery_world["need"]).hours_per_week) == ("Hulp in de bakkerij", 16)
    again = client.post(edit, data={
        "csrf_token": csrf_token(client, edit), "version": str(saved(bakery_world["need"]).version),
        "title": "Mijn nieuwe titel", "kind": "vacancy", "hours_per_week": "16", "headcount": "2", "action": "save"})
    assert again.status_code == 303
    assert (saved(bakery_world["need"]).title, saved(bakery_world["need"]).headcount) == ("Mijn nieuwe titel", 2)


def test_closing_a_need(signed_in, bakery_world):
    client = signed_in("employer")
    close = f"/behoeften/{bakery_world['need']}/sluiten"
    page = text(client.get(close))
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    refused = client.post(close, data={"csrf_token": csrf_token(client, close), "version": version})
    assert refused.status_code == 422 and 'href="#status">' in text(refused)
    response = client.post(close, data={"csrf_token": csrf_token(client, close), "version": version,
                                        "status": "filled"})
    assert response.status_code == 303
    assert saved(bakery_world["need"]).status == "filled"
    assert "Vervuld" in text(client.get("/behoeften"))


# -- candidates ----------------------------------------------------------------------------------------------


@pytest.fixture
def candidates_world(web_world, bakery_world):
    """The bakery's need asks three skills; Fatima (on the advisor's caseload, with sensitive details) has them all,
    Karin misses one that a programme teaches, and Lotte shared her profile with the bakery."""
    skills = bakery_world["skills"]
    need = saved(bakery_world["need"])
    db.session.add(NeedSkill(need_id=need.id, skill_id=skills[1], relation="essential"))
    db.session.add(NeedSkill(need_id=need.id, skill_id=skills[2], relation="essential"))
    own = db.session.get(Person, web_world.people["own"].id)
    own.skills = [db.session.get(Skill, s) for s in skills]
    karin = PersonFactory(name="Karin Klein", advisor_id=web_world.users["advisor"].id,
                          skills=[db.session.get(Skill, s) for s in skills[:2]])
    lotte = PersonFactory(name="Lotte Licht", skills=[db.session.get(Skill, s) for s in skills],
                          consent_share_with=[web_world.organisations["bakery"].id], email="lotte@example.org")
    ProgrammeFactory(name="Taarten en gebak", organisation=web_world.organisations["school"], duration_months=3,
                     skills=[db.session.get(Skill, skills[2])])
    db.session.commit()
    return {"karin": karin.id, "lotte": lotte.id}


def test_candidates_are_pseudonymised_cards_with_fit_gap_and_programme(signed_in, bakery_world, candidates_world):
    page = text(signed_in("employer").get(f"/behoeften/{bakery_world['need']}"))
    cards = re.findall(r'<li class="mm-card mm-candidate">(.*?)</li>', page, re.S)
    assert len(cards) == 3
    assert "Karin" not in page and "Fatima" not in page  # no names without consent
    assert "Lotte Licht" in page and "lotte@example.org" in page  # she shared her profile with the bakery
    karin = next(card for card in cards if "Taarten en gebak" in card)
    assert re.search(r"Kandidaat [0-9A-F]{6}", karin)
    assert "taarten versieren" in karin.split("Mist nog")[1]  # what is missing, and the programme that teaches it
    for sensitive in ("statushouder", "taalmaatje", "Statushouder", "Taalmaatje"):
        assert sensitive not in page


def test_a_closed_need_shows_no_candidates(signed_in, bakery_world, candidates_world):
    need = saved(bakery_world["need"])
    need.status = "closed"
    db.session.commit()
    page = text(signed_in("employer").get(f"/behoeften/{bakery_world['need']}"))
    assert "mm-candidate" not in page and "Gesloten" in page


def test_a_need_past_its_closing_date_shows_as_closed_on_that_date(signed_in, bakery_world, candidates_world):
    need = saved(bakery_world["need"])
    need.closes_on = today() - timedelta(days=1)
    db.session.commit()
    client = signed_in("employer")
    page = text(client.get(f"/behoeften/{bakery_world['need']}"))
    closed = format_date(need.closes_on, "long", locale="nl")
    assert "mm-candidate" not in page and f"Gesloten op {closed}" in page
    assert "Geef een latere sluitingsdatum" in page  # the way to open it again
    listed = text(client.get("/behoeften"))
    assert listed.index("<h2 class=\"utrecht-heading-2\">Gesloten</h2>") < listed.index(f"gesloten op {closed}")
    assert "Hulp in de bakkerij" not in text(client.get("/start"))  # the start page lists open needs only


# -- interest: employer -> advisor -> person -> employer -----------------------------------------------------


def _card_codes(page: str) -> list[str]:
    return re.findall(r'name="candidate" value="([0-9A-F]{6})"', page)


def test_interest_reaches_the_advisor_then_the_person_and_only_then_the_employer_sees_the_name(
        signed_in, bakery_world, candidates_world, web_world):
    employer = signed_in("employer")
    need_url = f"/behoeften/{bakery_world['need']}"
    page = text(employer.get(need_url))
    codes = _card_codes(page)
    assert len(codes) == 2  # Fatima and Karin; Lotte shared her profile already
    for code in codes:
        response = employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url),
                                                                 "candidate": code})
        assert response.status_code == 303
    page = text(employer.get(need_url))
    assert page.count("Je interesse: wacht op de adviseur.") == 2 and "Fatima" not in page

    advisor = signed_in("advisor")
    waiting = text(advisor.get("/interesse"))
    assert "Bakkerij De Korenschoof heeft interesse in Fatima El Amrani" in waiting
    assert "Bakkerij De Korenschoof heeft interesse in Karin Klein" in waiting
    request_id, version = re.search(
        r'action="/interesse/(\d+)">\s*<input type="hidden" name="csrf_token" value="[^"]+"><input type="hidden" '
        r'name="version" value="(\d+)">\s*<button[^>]*>Vraag het aan Fatima El Amrani', waiting).groups()
    forwarded = advisor.post(f"/interesse/{request_id}", data={
        "csrf_token": csrf_token(advisor, "/interesse"), "version": version, "status": "forwarded"})
    assert forwarded.status_code == 303
    assert "Je hebt het aan Fatima El Amrani gevraagd." in text(advisor.get("/interesse"))

    person = signed_in("person")
    mine = text(person.get("/mijn-gegevens/interesse"))
    assert "Bakkerij De Korenschoof: Hulp in de bakkerij" in mine and "Karin" not in mine
    assert "Fatima" not in text(employer.get(need_url))  # not before she agrees
    version = re.search(r'name="version" value="(\d+)"', mine).group(1)
    agreed = person.post(f"/mijn-gegevens/interesse/{request_id}", data={
        "csrf_token": csrf_token(person, "/mijn-gegevens/interesse"), "version": version, "status": "accepted"})
    assert agreed.status_code == 303
    assert "Bakkerij De Korenschoof ziet nu je naam en je contactgegevens." in text(person.get("/mijn-gegevens/interesse"))
    page = text(employer.get(need_url))
    assert "Fatima El Amrani" in page and "Je interesse: de persoon gaat akkoord." in page
    assert "Karin" not in page


def test_an_answer_on_an_outdated_page_changes_nothing(signed_in, bakery_world, candidates_world):
    employer = signed_in("employer")
    need_url = f"/behoeften/{bakery_world['need']}"
    code = _card_codes(text(employer.get(need_url)))[0]
    employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})
    advisor = signed_in("advisor")
    request_id = re.search(r'action="/interesse/(\d+)"', text(advisor.get("/interesse"))).group(1)
    response = advisor.post(f"/interesse/{request_id}", data={
        "csrf_token": csrf_token(advisor, "/interesse"), "version": "99", "status": "forwarded"})
    assert response.status_code == 303
    assert "Dit verzoek is intussen veranderd." in text(advisor.get("/interesse"))
    assert "Wacht op jou" in text(advisor.get("/interesse"))


def test_enter_in_a_box_searches_while_no_occupation_is_chosen_and_saves_after(signed_in, bakery_world):
    client = signed_in("employer")
    form = {"csrf_token": csrf_token(client, "/behoeften/nieuw"), "title": "Bakker", "kind": "vacancy",
            "occupation_q": "bakker", "hours_per_week": "36", "headcount": "1", "action": "enter"}
    found = client.post("/behoeften/nieuw", data=form)
    assert found.status_code == 200 and 'name="occupation_id"' in text(found)
    assert db.session.query(Need).filter_by(title="Bakker").count() == 0
    saved_now = client.post("/behoeften/nieuw", data={**form, "occupation_id": bakery_world["occupation"]})
    assert saved_now.status_code == 303
    assert db.session.query(Need).filter_by(title="Bakker").count() == 1


def test_the_employer_pages_speak_english_on_request(signed_in, bakery_world):
    client = signed_in("employer")
    page = text(client.get("/behoeften?lang=en"))
    assert "My needs" in page and "Vacancy" in page and "Mijn behoeften" not in page
    page = text(client.get(f"/behoeften/{bakery_world['need']}"))  # the choice is kept for the session
    assert "People who fit" in page and "Change this need" in page


def test_the_employer_withdraws_interest_nobody_answered(signed_in, bakery_world, candidates_world):
    employer = signed_in("employer")
    need_url = f"/behoeften/{bakery_world['need']}"
    code = _card_codes(text(employer.get(need_url)))[0]
    employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})
    page = text(employer.get(need_url))
    request_id, version = re.search(r'action="/behoeften/\d+/interesse/(\d+)/intrekken">\s*<input type="hidden" '
                                    r'name="csrf_token" value="[^"]+"><input type="hidden" name="version" '
                                    r'value="(\d+)">', page).groups()
    response = employer.post(f"{need_url}/interesse/{request_id}/intrekken", data={
        "csrf_token": csrf_token(employer, need_url), "version": version})
    assert response.status_code == 303
    page = text(employer.get(need_url))
    assert "is ingetrokken" in page and "Je interesse: ingetrokken door de werkgever." in page
    assert "Er wachten geen verzoeken op je." in text(signed_in("advisor").get("/interesse"))


def test_a_refusal_reads_in_plain_words_on_the_employers_pages(signed_in, bakery_world, candidates_world):
    """The person says no, then yes, then no again: the employer's start page and the need's card say so in words
    (Dutch, and English on request), never by the status's code."""
    employer = signed_in("employer")
    need_url = f"/behoeften/{bakery_world['need']}"
    code = _card_codes(text(employer.get(need_url)))[0]
    employer.post(f"{need_url}/interesse", data={"csrf_token": csrf_token(employer, need_url), "candidate": code})
    advisor = signed_in("advisor")
    waiting = text(advisor.get("/interesse"))
    request_id, version = re.search(r'action="/interesse/(\d+)">\s*<input type="hidden" name="csrf_token" '
                                    r'value="[^"]+"><input type="hidden" name="version" value="(\d+)">', waiting).groups()
    advisor.post(f"/interesse/{request_id}", data={"csrf_token": csrf_token(advisor, "/interesse"), "version": version,
                                                   "status": "forwarded"})
    person = signed_in("person")
    for answer in ("declined", "accepted", "declined"):
        mine = text(person.get("/mijn-gegevens/interesse"))
        version = re.search(r'name="version" value="(\d+)"', mine).group(1)
        assert person.post(f"/mijn-gegevens/interesse/{request_id}", data={
            "csrf_token": csrf_token(person, "/mijn-gegevens/interesse"), "version": version,
            "status": answer}).status_code == 303
    start = text(employer.get("/start"))
    assert f"Kandidaat {code} gaat niet in op je interesse voor Hulp in de bakkerij." in start
    card = text(employer.get(need_url))
    assert "Je interesse: afgewezen door de adviseur of de persoon." in card and "Fatima" not in card
    english = text(employer.get(f"{need_url}?lang=en"))
    assert "Your interest: declined by the advisor or the person." in english
    for page in (start, card):  # the English words are the codes themselves
        shown = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
        assert not re.search(r"\b(requested|forwarded|accepted|declined|withdrawn)\b", shown), shown
