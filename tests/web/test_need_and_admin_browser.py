"""In a real browser (Debian's Chromium through Playwright) on the demo region: the employer posts a seasonal peak
with its months and heads, Dutch level, adjustments, welcomed groups and closing date, all chosen by name; the
admin finds accounts, invites an employer whose organisation it finds by name, and opens a region from its start
page. axe-core finds no WCAG 2.1 A/AA violation on any page of these flows."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.test_browser import (  # noqa: F401  (the demo site and Chromium set-up, shared fixtures)
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
    demo_site,
    sign_in,
)


def test_the_employer_posts_a_seasonal_peak_with_every_detail_by_name(page, demo_site):
    sign_in(page, demo_site, "employer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn behoeften").click()
    page.get_by_role("link", name="Nieuwe behoefte plaatsen").click()
    page.get_by_label("Titel").fill("Extra handen in de zomer")
    page.get_by_label("Seizoenswerk").check()
    page.get_by_label("Uren per week").fill("30")
    page.get_by_label("Hoeveel mensen heb je nodig?").fill("4")
    page.get_by_label("Hoeveel Nederlands vraagt het werk?").select_option(label="Nederlands op A2-niveau")
    page.get_by_label("We leren het werk aan op de werkplek").check()
    page.get_by_label("Jobcoach").check()
    page.get_by_label("Aangepaste werktijden").check()
    page.get_by_label("Herintreder").check()
    page.get_by_label("Sluitingsdatum").fill("2027-05-31")
    page.get_by_role("button", name="Behoefte plaatsen").click()
    # no months for a seasonal peak: the summary says so and leads to the months
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_role("alert").first.get_by_role("link").first.click()
    expect(page.get_by_role("group", name="Maanden").get_by_role("checkbox").first).to_be_focused()
    page.get_by_label("juli").check()
    page.get_by_label("augustus").check()
    expect(page.get_by_label("Jobcoach")).to_be_checked()  # what was chosen stays
    page.get_by_role("button", name="Behoefte plaatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Extra handen in de zomer")
    facts = page.locator("dl").first
    for words in ("Seizoenswerk", "juli, augustus", "4", "Nederlands op A2-niveau", "jobcoach, aangepaste werktijden",
                  "herintreder", "31 mei 2027"):
        expect(facts).to_contain_text(words)
    assert_accessible(page)
    page.get_by_role("link", name="Deze behoefte wijzigen").click()
    expect(page.get_by_label("Herintreder")).to_be_checked()
    assert_accessible(page)


def test_the_admin_finds_accounts_invites_an_employer_and_opens_a_region(page, demo_site):
    sign_in(page, demo_site, "admin")
    page.get_by_role("link", name="Twente", exact=True).click()
    expect(page).to_have_url(re.compile(r"/regio/twente$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De regio in één oogopslag")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").click()

    page.get_by_role("link", name="Gebruikers").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruikers")
    assert_accessible(page)
    page.get_by_label("Zoek op naam of e-mailadres").fill("adviseur")
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    accounts = page.get_by_role("table", name=re.compile("account"))
    expect(accounts).to_contain_text("Demo adviseur Twente")
    expect(accounts).not_to_contain_text("Demo beheerder")
    assert_accessible(page)

    page.get_by_label("Naam", exact=True).fill("Petra Planner")
    page.get_by_label("E-mailadres", exact=True).fill("petra@klaverweide.example")
    page.get_by_label("Rol").select_option(label="Werkgever")
    page.get_by_label("Zoek de organisatie op naam").fill("klaverweide")
    page.get_by_label("Zoek de organisatie op naam").press("Enter")  # Enter in a search box searches
    page.get_by_label("Zorgcentrum De Klaverweide (werkgever)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_role("status").first).to_contain_text("Petra Planner is uitgenodigd.")
    expect(page.locator("#invitation-link")).to_contain_text("/wachtwoord-instellen/")
    assert_accessible(page)
