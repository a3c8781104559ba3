"""The exchange in a real browser (Debian's Chromium through Playwright) on the demo region: an employer asks a
question (first with a mistake) and reads what can help, opens a practice case and a session and registers, fills
in a progress check; a network's user hosts a session; the coordinator reads the monitor. axe-core finds no WCAG
2.1 A/AA violation on any page of these flows."""
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


def test_an_employer_asks_reads_its_matches_and_registers(page, demo_site):
    sign_in(page, demo_site, "employer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uitwisseling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leer van elkaar")
    assert_accessible(page)

    page.get_by_role("link", name="Mijn vragen").first.click()
    page.get_by_role("link", name="Stel een vraag").click()
    page.get_by_label("Waar loop je tegenaan?").fill("Onze planner is uren kwijt aan roosters en ruilverzoeken.")
    page.get_by_role("button", name="Laat zien wat me kan helpen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)  # the form with its error summary and the error beside the levers
    page.get_by_role("link", name=re.compile("Kies ten minste één hefboom")).click()
    expect(page.get_by_label("Dynamisch management")).to_be_focused()  # the first lever: the field's start
    page.get_by_label("Slimmer werken").check()
    page.get_by_label("Te weinig tijd").check()
    page.get_by_role("button", name="Laat zien wat me kan helpen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat je kan helpen")
    cases = page.locator(".mm-proposal", has_text="werkte ook aan slimmer werken")
    expect(cases.first).to_be_visible()
    expect(page.locator(".mm-proposal", has_text="plaatsen vrij").first).to_be_visible()
    expect(page.locator(".mm-proposal", has_text="loopt voorop in slimmer werken").first).to_be_visible()
    assert_accessible(page)

    cases.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Wat het opleverde")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Bijeenkomsten").first.click()
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hefboom").select_option(label="Slimmer werken")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"lever=smarter_working"))
    page.get_by_role("table").locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("button", name="Meld mijn organisatie aan").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile("aangemeld|wachtlijst"))
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mijn voortgang").first.click()
    for lever in ("Dynamisch management", "Flexibel organiseren", "Slimmer werken", "Cocreatie"):
        page.get_by_role("group", name=lever).get_by_label("2: we proberen het uit").check()
    page.get_by_role("button", name="Bewaar mijn antwoorden").click()
    expect(page.get_by_role("table", name="Scores van 0 tot en met 4 per hefboom")).to_be_visible()
    assert_accessible(page)


def test_a_network_hosts_a_session(page, demo_site):
    sign_in(page, demo_site, "partner")
    assert_accessible(page)  # the partner's start page
    page.get_by_role("link", name="Organiseer een bijeenkomst").first.click()
    page.get_by_label("Titel").fill("Samen opleiden in de techniek")
    page.get_by_label("Rondetafelgesprek").check()
    page.get_by_role("button", name="Publiceer de bijeenkomst").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_label("Begint").fill("2031-03-04T15:00")
    page.get_by_label("Eindigt").fill("2031-03-04T17:00")
    page.get_by_label("Gemeente", exact=True).select_option(label="Hengelo")
    page.get_by_label("Hoeveel organisaties kunnen komen?").fill("25")
    page.get_by_label("Cocreatie").check()
    page.get_by_role("button", name="Publiceer de bijeenkomst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen opleiden in de techniek")
    expect(page.get_by_text("25 van de 25 plaatsen vrij")).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_reads_the_monitor(page, demo_site):
    sign_in(page, demo_site, "coordinator")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uitwisseling").click()
    page.get_by_role("link", name="Monitor").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitor van de uitwisseling")
    expect(page.get_by_role("table", name=re.compile("per hefboom"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Praktijkvoorbeelden").first.click()
    expect(page.locator(".mm-card").first).to_be_visible()
    assert_accessible(page)
