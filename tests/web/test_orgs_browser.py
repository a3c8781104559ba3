"""The employer's and the school's flows in a real browser (Debian's Chromium through Playwright) on the demo region:
sign in, post a need (with a mistake first, found through the error summary), see the candidates of a need, show
interest in one, see it reach the advisor's page (here an admin's, who sees every caseload) and pass it on, see the
partner suggestions, close a need; the school reads the demand against its programmes. axe-core finds no WCAG 2.1
A/AA violation on any page of these flows, nor on the job-seeker's page where interest is answered."""
from __future__ import annotations

from tests.web.browser import employer_need  # noqa: I001

import re

from playwright.sync_api import expect

from tests.web.test_browser import (  # noqa: F401  (the demo site and Chromium set-up, shared fixtures)
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
    demo_site,
    sign_in,
)


def test_the_employer_posts_a_need_sees_candidates_and_shows_interest(page, demo_site):
    sign_in(page, demo_site, "employer")
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn behoeften").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn behoeften")
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe behoefte plaatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe behoefte plaatsen")
    assert_accessible(page)
    page.get_by_label("Vacature").check()
    page.get_by_label("Zoek het beroep op naam").fill("magazijnmedewerker")
    page.get_by_label("Zoek het beroep op naam").press("Enter")  # Enter in the search box searches
    page.get_by_label("magazijnmedewerker", exact=True).check()
    page.get_by_role("button", name="Vaardigheden tonen").click()
    expect(page.get_by_role("group", name="Vaardigheden die het werk vraagt")).to_be_visible()
    assert_accessible(page)  # the form with the occupation's skills to tick
    page.get_by_label("Uren per week").fill("32")
    page.get_by_label("Uren per week").press("Enter")  # elsewhere Enter saves; the title is still empty
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Vul een titel in")).click()
    expect(page.get_by_label("Titel")).to_be_focused()
    page.get_by_label("Titel").fill("Magazijnhulp voor de drukte")
    page.get_by_role("button", name="Behoefte plaatsen").click()
    expect(page.get_by_role("status").first).to_contain_text("Je behoefte Magazijnhulp voor de drukte is geplaatst.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Magazijnhulp voor de drukte")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn behoeften").click()
    need = employer_need(demo_site)
    page.get_by_role("link", name=need).click()
    cards = page.locator(".mm-candidate")
    expect(cards.first).to_be_visible()
    candidate = cards.first.get_by_role("heading", level=3).inner_text()
    assert re.fullmatch(r"Kandidaat [0-9A-F]{6}", candidate)  # no name
    expect(cards.first).to_contain_text("Hoe goed het past")
    assert_accessible(page)
    cards.first.get_by_role("button", name=f"Interesse in {candidate}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Je interesse in {candidate} is verstuurd.")
    expect(page.locator(".mm-candidate", has_text=candidate)).to_contain_text("Je interesse: wacht op de adviseur.")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Partners voor jou").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners voor jou")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn behoeften").click()
    page.get_by_role("link", name="Magazijnhulp voor de drukte").click()
    page.get_by_role("link", name="Deze behoefte sluiten").click()
    assert_accessible(page)
    page.get_by_label("Ik heb iemand gevonden: de behoefte is vervuld").check()
    page.get_by_role("button", name="Behoefte sluiten").click()
    expect(page.get_by_role("status").first).to_contain_text("Magazijnhulp voor de drukte is gesloten.")
    expect(page.get_by_role("table", name=re.compile("behoefte")).last).to_contain_text("Magazijnhulp voor de drukte")

    # the request waits on the advisor's page: an admin sees every caseload, and passes it on
    page.get_by_role("button", name="Uitloggen").click()
    sign_in(page, demo_site, "admin")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Interesse van werkgevers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interesse van werkgevers")
    request = page.locator(".mm-result", has_text=need)
    expect(request).to_be_visible()
    assert_accessible(page)
    request.get_by_role("button", name=re.compile(r"^Vraag het aan ")).click()
    expect(page.get_by_role("status").first).to_contain_text("Die beslist op de eigen pagina.")
    assert_accessible(page)


def test_the_job_seekers_interest_page_is_accessible(page, demo_site):
    sign_in(page, demo_site, "person")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkgevers die je willen leren kennen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkgevers die je willen leren kennen")
    assert_accessible(page)


def test_the_school_reads_demand_against_its_programmes(page, demo_site):
    sign_in(page, demo_site, "school")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vraag en je opleidingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vraag en je opleidingen")
    programmes = page.get_by_role("table", name="Plaatsen in je opleidingen en open plaatsen voor het werk waar ze toe leiden")
    expect(programmes).to_be_visible()
    assert programmes.locator("tbody tr").count() > 0
    expect(page.get_by_role("heading", name="Vaardigheden die werkgevers vragen en die geen opleiding leert")).to_be_visible()
    expect(page.get_by_role("heading", name="Werkgevers met stages en leerbanen")).to_be_visible()
    expect(page.get_by_role("heading", name="Partners en opleidingen om samen te maken")).to_be_visible()
    assert_accessible(page)
