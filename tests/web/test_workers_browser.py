"""Keeping people at work in a real browser (Debian's Chromium through Playwright) on the demo region: the advisor
enters what work may no longer ask of a worker on the person's page and records a change in their work; the employer,
with the worker's consent, records a change for one of its workers; each makes a mistake first, finds it through the
error summary, and lands on the proposed moves. axe-core finds no WCAG 2.1 A/AA violation on any page of these flows.
The forms need no JavaScript: the advisor's change is also recorded with JavaScript off."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.services import accounts
from tests.web.browser import PASSWORD, sign_in as browser_sign_in
from tests.web.test_browser import (  # noqa: F401  (the demo site and Chromium set-up, shared fixtures)
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
    demo_site,
    sign_in,
)


def test_the_advisor_enters_limits_and_records_a_change_then_sees_the_moves(page, demo_site):
    sign_in(page, demo_site, "advisor")
    page.get_by_role("link", name="Mijn caseload").first.click()
    page.get_by_label("Naam", exact=True).fill("Ingrid Mulder")
    page.get_by_role("link", name="Ingrid Mulder").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingrid Mulder")
    expect(page.locator(".utrecht-data-list__item", has_text="Wat werk niet meer mag vragen")).to_contain_text(
        "de hele dag staan of lopen")
    assert_accessible(page)

    page.get_by_role("link", name="Vastleggen wat werk niet meer mag vragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat werk niet meer mag vragen van Ingrid Mulder")
    expect(page.get_by_label("De hele dag staan of lopen")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Meeste uren per week die de persoon kan werken").fill("veertig")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)  # the form with its error summary and the field's error
    page.get_by_role("link", name=re.compile("Vul het meeste aantal uren per week in")).click()
    expect(page.get_by_label("Meeste uren per week die de persoon kan werken")).to_be_focused()
    page.get_by_label("Meeste uren per week die de persoon kan werken").fill("32")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Wat werk niet meer mag vragen van Ingrid Mulder is opgeslagen.")
    expect(page.locator(".utrecht-data-list__item", has_text="Meeste uren per week")).to_contain_text("32")
    assert_accessible(page)

    page.get_by_role("link", name="Verandering in het werk vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verandering in het werk van Ingrid Mulder vastleggen")
    expect(page.get_by_label("Bouwmarkt Hellendoorn")).to_be_checked()  # her one employer, by name
    assert_accessible(page)
    page.get_by_label("De baan verdwijnt misschien").check()
    page.get_by_role("button", name="Vastleggen en stappen tonen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_role("link", name="Kies waarom de baan misschien verdwijnt.").click()
    expect(page.get_by_label("Automatisering")).to_be_focused()
    page.get_by_label("De digitale omslag").check()
    page.get_by_role("button", name="Vastleggen en stappen tonen").click()

    expect(page.get_by_role("status").first).to_contain_text("De verandering voor Ingrid Mulder is vastgelegd.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stappen voor Ingrid Mulder")
    moves = page.locator(".mm-result")
    expect(moves.first).to_be_visible()
    for text in moves.all_inner_texts():  # every move within her limits, and saying so
        assert "Dit werk vraagt niet om de hele dag staan of lopen." in text
        assert "Het vraagt niet meer dan 32 uur per week." in text
    assert_accessible(page)


def _employer_of(site, name: str) -> tuple[str, str]:
    """An employer account for the organisation ``name`` on the live site (the demo has one employer account)."""
    email = "hr@" + re.sub(r"[^a-z]", "", name.lower()) + ".example"
    with site.app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
        user = accounts.create_user(session=db.session, name=f"HR {name}", email=email, role="employer",
                                    organisation_id=organisation.id)
        accounts.set_password(session=db.session, token=accounts.invite(session=db.session, user=user),
                              password=PASSWORD)
        db.session.commit()
        db.session.remove()
    return email, PASSWORD


def test_the_employer_records_a_change_with_the_workers_consent_and_sees_the_moves(page, demo_site):
    browser_sign_in(page, demo_site.url, *_employer_of(demo_site, "Hotel De Holterberg"))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn medewerkers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn medewerkers")
    expect(page.get_by_role("heading", name="Partners die medewerkers kunnen overnemen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Verandering vastleggen voor Yusuf Demir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verandering in het werk van Yusuf Demir vastleggen")
    expect(page.locator("main")).not_to_contain_text("nachtdienst")  # his limits stay with his advisor
    assert_accessible(page)
    page.get_by_label("Een wens van de medewerker").check()
    page.get_by_label("Ander werk").check()
    page.get_by_role("button", name="Vastleggen en stappen tonen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Vink aan dat de medewerker het goedvindt")).click()
    consent = page.get_by_label("De medewerker vindt het goed dat dit wordt vastgelegd en dat de werkgever de stappen ziet")
    expect(consent).to_be_focused()
    consent.check()
    page.get_by_role("button", name="Vastleggen en stappen tonen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Stappen voor Yusuf Demir")
    expect(page.locator(".mm-result").first).to_be_visible()
    text = page.locator("main").inner_text()
    assert "Dit werk vraagt niet om" not in text and "nachtdienst" not in text  # the employer never reads the limits
    assert_accessible(page)


def test_the_advisor_records_a_change_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, demo_site, "advisor")
        page.get_by_role("link", name="Mijn caseload").first.click()
        page.get_by_label("Naam", exact=True).fill("Sandra Kuipers")
        page.get_by_role("button", name="Zoeken").click()
        page.get_by_role("link", name="Sandra Kuipers").first.click()
        page.get_by_role("link", name="Verandering in het werk vastleggen").click()
        page.get_by_label("Een wens van de medewerker").check()
        page.get_by_label("Ander werk").check()
        page.get_by_role("button", name="Vastleggen en stappen tonen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Stappen voor Sandra Kuipers")
        expect(page.locator(".mm-result").first).to_be_visible()
    finally:
        context.close()


def test_the_employer_sees_which_partners_could_take_over_staff_and_why(page, demo_site):
    browser_sign_in(page, demo_site.url, *_employer_of(demo_site, "Fruitbedrijf Oosterhof"))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn medewerkers").click()
    partners = page.locator(".mm-result")
    expect(partners.filter(has_text="Distributiecentrum Zwolle-Noord")).to_contain_text(
        "(partnermatch: personeel delen tussen seizoenen)")  # a partner match, outside any network
    expect(partners.filter(has_text="Seizoenspool IJsseldelta").first).to_be_visible()  # a network partner
    expect(page.locator("main")).to_contain_text("Piotr Nowak")
    assert_accessible(page)
