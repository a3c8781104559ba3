"""The advisor's and the job-seeker's flows in a real browser (Debian's Chromium through Playwright) on the demo
region: add a person with occupations found by name and skills ticked, see what fits and the career paths, print
the summary, change the person; a job-seeker downloads and erases their details. axe-core finds no WCAG 2.1 A/AA
violation on any page of the flows, and the person form works with the keyboard alone."""
from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import Person, User
from matchmaker.services import accounts
from tests.web.browser import PASSWORD
from tests.web.browser import sign_in as browser_sign_in
from tests.web.test_browser import (  # noqa: F401  (the demo site and Chromium set-up, shared fixtures)
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
    demo_site,
    sign_in,
)


def test_advisor_adds_a_person_sees_what_fits_prints_and_changes_them(page, demo_site):
    sign_in(page, demo_site, "advisor")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Caseload").click()
    page.get_by_role("link", name="Persoon toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Persoon toevoegen")
    assert_accessible(page)

    page.get_by_label("Naam", exact=True).fill("Ilse Hendriks")
    page.get_by_label("Gemeente").select_option(label="Hengelo (Twente)")
    page.get_by_label("Hoeveel uur per week wil de persoon werken?").fill("28")
    page.get_by_label("Voeg een beroep toe dat de persoon heeft gehad").fill("kok")
    page.get_by_role("button", name="Beroep zoeken").click()
    page.get_by_role("button", name="kok toevoegen", exact=True).click()
    expect(page.get_by_role("group", name="kok", exact=True)).to_be_visible()
    skills = page.get_by_role("group", name="Vaardigheden bij kok").get_by_role("checkbox")
    expect(skills.first).not_to_be_checked()  # proposed, confirmed by ticking
    assert skills.count() >= 5
    assert_accessible(page)  # the form with an occupation and its skills
    for index in range(4):
        skills.nth(index).check()
    page.get_by_label("Begonnen in (jaar)").fill("2016")
    page.get_by_label("Ja, de persoon geeft toestemming").check()
    page.get_by_label("Statushouder").check()
    page.get_by_role("button", name="Opslaan", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ilse Hendriks")
    expect(page.get_by_role("status").first).to_contain_text("Ilse Hendriks is toegevoegd aan je caseload.")
    expect(page.locator(".utrecht-data-list__item", has=page.get_by_text("Uren per week", exact=True))).to_contain_text("28")
    expect(page.get_by_role("heading", name="Wat past bij Ilse Hendriks")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Loopbaanpaden maken").click()
    expect(page).to_have_url(re.compile(r"#loopbaanpaden$"))
    expect(page.get_by_role("heading", name="Route 1")).to_be_visible()
    expect(page.locator(".mm-step").first).to_contain_text("Stap 1")
    assert_accessible(page)

    page.get_by_role("link", name="Samenvatting om af te drukken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat bij je past, Ilse Hendriks")
    assert "statushouder" not in page.locator("article").inner_text().lower()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()  # on paper only the summary
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Terug naar Ilse Hendriks").click()
    page.get_by_role("link", name="Gegevens wijzigen").click()
    page.get_by_label("Naam", exact=True).fill("")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)  # the form with its error summary and field errors
    page.get_by_role("link", name="Vul de naam van de persoon in.").click()
    expect(page.get_by_label("Naam", exact=True)).to_be_focused()
    page.get_by_label("Naam", exact=True).fill("Ilse Hendriks-de Wit")
    page.get_by_label("Hoeveel uur per week wil de persoon werken?").fill("20")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilse Hendriks-de Wit")
    expect(page.locator(".utrecht-data-list__item", has=page.get_by_text("Uren per week", exact=True))).to_contain_text("20")


def test_the_person_form_works_with_the_keyboard_alone(page, demo_site):
    sign_in(page, demo_site, "advisor")
    page.goto(demo_site.url + "/caseload/nieuw")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "name":
            break
    expect(page.get_by_label("Naam", exact=True)).to_be_focused()
    page.keyboard.type("Kees Koster")
    search = page.get_by_label("Voeg een beroep toe dat de persoon heeft gehad")
    for _ in range(60):  # on through the fields to the occupation search
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "occupation_q":
            break
    expect(search).to_be_focused()
    page.keyboard.type("keukenhulp")
    page.keyboard.press("Enter")  # Enter in the search box searches, it does not save
    add = page.get_by_role("button", name="keukenhulp toevoegen")
    expect(add).to_be_visible()
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="keukenhulp", exact=True)).to_be_visible()
    start = page.get_by_label("Begonnen in (jaar)")
    start.focus()
    page.keyboard.type("2020")
    box = page.get_by_role("group", name="Vaardigheden bij keukenhulp").get_by_role("checkbox").first
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.get_by_label("Gemeente").focus()
    page.keyboard.press("ArrowDown")  # the first municipality
    page.get_by_label("Naam", exact=True).focus()
    page.keyboard.press("Enter")  # Enter elsewhere saves
    expect(page.get_by_role("heading", level=1)).to_have_text("Kees Koster")


def test_job_seeker_downloads_and_erases_their_details(page, demo_site):
    with demo_site.app.app_context():
        person = Person(name="Rosa Wissel", municipality_code="GM0153", latitude=52.22, longitude=6.89,
                        consent_special_category=False, consent_share_with=[], target_groups=[],
                        accommodation_needs=[])
        db.session.add(person)
        db.session.flush()
        user = accounts.create_user(session=db.session, name=person.name, email="rosa@example.org", role="person",
                                    person_id=person.id)
        accounts.set_password(session=db.session, token=accounts.invite(session=db.session, user=user),
                              password=PASSWORD)
        db.session.commit()
        person_id, user_id = person.id, user.id
        db.session.remove()
    browser_sign_in(page, demo_site.url, "rosa@example.org", PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn gegevens").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Mijn gegevens downloaden").first.click()
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["person"]["name"] == "Rosa Wissel"

    page.get_by_role("link", name="Mijn gegevens wissen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens wissen")
    assert_accessible(page)
    page.get_by_role("button", name="Mijn gegevens voorgoed wissen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_label("Ik begrijp dat mijn gegevens voorgoed worden gewist").check()
    page.get_by_role("button", name="Mijn gegevens voorgoed wissen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je gegevens zijn gewist")
    assert_accessible(page)
    with demo_site.app.app_context():
        assert db.session.get(Person, person_id) is None
        assert not db.session.get(User, user_id).active
        db.session.remove()
