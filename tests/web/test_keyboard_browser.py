"""Each role's main flow with the keyboard alone, in a real browser on the demo region: from the start page, Tab to a
link or button and press Enter (Space for a box, arrow keys in a list), never the mouse, and see the result."""
from __future__ import annotations

from tests.web.browser import employer_need  # noqa: I001

import re

from playwright.sync_api import expect

from tests.web.test_browser import (  # noqa: F401  (the demo site and Chromium set-up, shared fixtures)
    browser_context_args,
    browser_type_launch_args,
    demo_site,
    sign_in,
)

#: Tab presses before giving up on reaching an element
MOST_TABS = 150


def focused_text(page) -> str:
    """What the focused element says: its text, or for a field its label."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        if (!e) return "";
        const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
        return (label || e.getAttribute("aria-label") || e.innerText || e.value || "").trim();
    }""")


def tab_to(page, text: str | re.Pattern, *, within: str = "body") -> None:
    """Press Tab until the focused element inside ``within`` says ``text`` (a whole text, or a pattern)."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        said = focused_text(page)
        inside = page.evaluate("(selector) => !!document.activeElement.closest(selector)", within)
        if inside and (text.search(said) if isinstance(text, re.Pattern) else said == text):
            return
    raise AssertionError(f"{text!r} is not reachable with Tab on {page.url}")


#: how long a page may take after Enter (a region's first view computes its figures; the test machine is shared)
PAGE_TIMEOUT_MS = 90_000


def follow(page, text: str | re.Pattern, *, within: str = "body") -> None:
    """Tab to the link or button that says ``text`` and press Enter: the next page."""
    tab_to(page, text, within=within)
    with page.expect_navigation(timeout=PAGE_TIMEOUT_MS):
        page.keyboard.press("Enter")


def test_the_coordinator_runs_the_allocation_with_the_keyboard(page, demo_site):
    sign_in(page, demo_site, "coordinator")
    follow(page, "Twente", within="main")
    expect(page.get_by_role("heading", level=1)).to_have_text("De regio in één oogopslag")
    follow(page, "Verdeling", within="nav")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verdeling")
    tab_to(page, "Voorstellen per persoon", within="main")
    page.keyboard.press("ArrowUp")  # from 3 to 2
    expect(page.get_by_label("Voorstellen per persoon")).to_have_value("2")
    follow(page, "Verdeling maken", within="main form")
    expect(page.get_by_role("status").first).to_contain_text("De verdeling is klaar.")
    follow(page, "Voortgang", within="nav")
    expect(page.get_by_role("table", name="Voortgang per maand")).to_be_visible()


def test_the_employer_reads_a_need_and_why_a_candidate_fits_with_the_keyboard(page, demo_site):
    sign_in(page, demo_site, "employer")
    follow(page, "Mijn behoeften", within="nav")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn behoeften")
    follow(page, employer_need(demo_site), within="main table")
    card = page.locator(".mm-candidate").first
    expect(card).to_be_visible()
    tab_to(page, "Waarom deze kandidaat?", within=".mm-candidate")
    page.keyboard.press("Enter")  # a <details>: Enter opens it
    expect(page.locator(".mm-candidate details[open]").first).to_be_visible()
    tab_to(page, re.compile(r"^Interesse"), within=".mm-candidate")
    expect(page.locator(".mm-candidate").first.get_by_role("button", name=re.compile("^Interesse"))).to_be_focused()


def test_the_school_reads_demand_with_the_keyboard(page, demo_site):
    sign_in(page, demo_site, "school")
    follow(page, "Vraag en je opleidingen", within="nav")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/vraag-en-aanbod$"))
    expect(page.get_by_role("table").first).to_be_visible()


def test_the_job_seeker_reads_what_is_proposed_with_the_keyboard(page, demo_site):
    sign_in(page, demo_site, "person")
    follow(page, "Voorstellen voor mij", within="nav")
    expect(page).to_have_url(re.compile(r"/mijn-voorstellen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorstellen voor mij")
    follow(page, "Mijn gegevens", within="nav")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")


def test_the_admin_opens_a_region_with_the_keyboard(page, demo_site):
    sign_in(page, demo_site, "admin")
    follow(page, "Regio Zwolle", within="main")
    expect(page).to_have_url(re.compile(r"/regio/regio-zwolle$"))
    follow(page, "Kaart", within="nav")
    expect(page.get_by_role("table", name="Per gemeente")).to_be_visible()


def test_a_network_reads_the_sessions_with_the_keyboard(page, demo_site):
    sign_in(page, demo_site, "partner")
    follow(page, "Bijeenkomsten", within="main")
    expect(page).to_have_url(re.compile(r"/uitwisseling/bijeenkomsten$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
