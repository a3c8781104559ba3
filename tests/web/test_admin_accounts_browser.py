"""In a real browser (Debian's Chromium through Playwright) on the demo region: the admin lists the accounts of one
role, gives an account another role with its organisation found by name (after a mistake found through the error
summary), and deactivates it after confirming. axe-core finds no WCAG 2.1 A/AA violation on any page of this flow."""
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


def test_the_admin_filters_by_role_changes_a_role_and_deactivates_an_account(page, demo_site):
    sign_in(page, demo_site, "admin")
    page.get_by_role("link", name="Gebruikers").first.click()
    page.get_by_label("Naam", exact=True).fill("Teun Tijdelijk")
    page.get_by_label("E-mailadres", exact=True).fill("teun@gemeente.example")
    page.get_by_label("Rol", exact=True).select_option(label="Loopbaanadviseur")
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_role("status").first).to_contain_text("Teun Tijdelijk is uitgenodigd.")

    page.get_by_label("Alleen accounts met de rol").select_option(label="Loopbaanadviseur")
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    accounts = page.get_by_role("table", name=re.compile("account"))
    expect(accounts).to_contain_text("Teun Tijdelijk")
    expect(accounts).not_to_contain_text("Demo beheerder")
    assert_accessible(page)

    accounts.get_by_role("link", name="Teun Tijdelijk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teun Tijdelijk")
    assert_accessible(page)
    page.get_by_label("Rol", exact=True).select_option(label="Werkgever")
    page.get_by_role("button", name="Rol opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Kies de organisatie waar deze gebruiker werkt.")
    assert_accessible(page)
    page.get_by_role("alert").first.get_by_role("link").first.click()
    expect(page.get_by_label("Zoek de organisatie op naam")).to_be_focused()
    page.get_by_label("Zoek de organisatie op naam").fill("klaverweide")
    page.get_by_label("Zoek de organisatie op naam").press("Enter")  # Enter in a search box searches
    page.get_by_label("Zorgcentrum De Klaverweide (werkgever)").check()
    page.get_by_role("button", name="Rol opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Teun Tijdelijk heeft nu de rol werkgever.")
    expect(page.locator("dl")).to_contain_text("Zorgcentrum De Klaverweide")
    assert_accessible(page)

    page.get_by_role("link", name="Dit account deactiveren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teun Tijdelijk deactiveren")
    assert_accessible(page)
    page.get_by_role("button", name="Teun Tijdelijk deactiveren").click()
    expect(page.get_by_role("status").first).to_contain_text("Teun Tijdelijk kan niet meer inloggen.")
    expect(page.locator(".utrecht-data-list__item", has_text="Kan inloggen")).to_contain_text("nee, gedeactiveerd")
    assert_accessible(page)
