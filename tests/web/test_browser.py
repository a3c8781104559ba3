"""End to end in a real browser (Debian's Chromium through Playwright) on the demo region: sign in, do the task, see
the result; axe-core finds no WCAG 2.1 A/AA violation on any page the tasks pass; signing in works with the
keyboard alone, and the caseload works without JavaScript."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveSite,
    axe_violations,
    build_demo_site,
    require_chromium,
    serving,
)
from tests.web.browser import sign_in as browser_sign_in


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    require_chromium()
    app, site_accounts = build_demo_site(tmp_path_factory.mktemp("web") / "demo.sqlite3")
    with serving(app) as url:
        yield LiveSite(url=url, accounts=site_accounts, app=app)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def sign_in(page, site, role: str) -> None:
    email, password = site.accounts[role]
    browser_sign_in(page, site.url, email, password)


def test_job_seeker_corrects_details_shares_and_sees_proposals(page, demo_site):
    page.goto(demo_site.url + "/")
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)
    sign_in(page, demo_site, "person")
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn gegevens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    assert_accessible(page)

    page.get_by_role("link", name="Mijn gegevens verbeteren").click()
    assert_accessible(page)
    page.get_by_label("Hoeveel uur per week wil je werken?").fill("veertig")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)  # the form with its error summary and field errors
    page.get_by_role("link", name=re.compile("Vul het aantal uren per week in")).click()
    expect(page.get_by_label("Hoeveel uur per week wil je werken?")).to_be_focused()
    page.get_by_label("Hoeveel uur per week wil je werken?").fill("20")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Je wijzigingen zijn opgeslagen.")
    expect(page.locator(".utrecht-data-list__item", has=page.get_by_text("Uren per week", exact=True))).to_contain_text("20")

    page.get_by_role("link", name="Wie mijn profiel mag zien").first.click()
    assert_accessible(page)
    page.get_by_label("Naam van de organisatie").fill("Deltion")  # htmx shows the results while typing
    share = page.get_by_role("button", name=re.compile(r"^Delen met .*Deltion"))
    expect(share.first).to_be_visible()
    school = share.first.inner_text().removeprefix("Delen met ")
    assert_accessible(page)
    share.first.click()
    expect(page.get_by_role("status").first).to_contain_text(f"Je deelt je profiel nu met {school}.")
    page.get_by_role("button", name=f"Stop met delen met {school}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Je deelt je profiel niet meer met {school}.")

    page.get_by_role("link", name="Terug naar mijn gegevens").click()
    page.get_by_role("link", name="Toestemming voor gevoelige gegevens").click()
    assert_accessible(page)

    page.get_by_role("link", name="Voorstellen voor mij").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorstellen voor mij")
    proposals = page.locator(".mm-proposal")
    expect(proposals.first).to_be_visible()
    assert proposals.first.locator("p").nth(1).inner_text().strip() != ""  # the explanation the API gives
    assert_accessible(page)


def test_advisor_finds_a_person_and_sees_what_fits(page, demo_site):
    sign_in(page, demo_site, "advisor")
    page.get_by_role("link", name="Mijn caseload").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    assert_accessible(page)
    rows = page.locator("#caseload-results tbody tr")
    everyone = rows.count()
    assert everyone > 0

    page.get_by_label("Doelgroep").select_option(label="Statushouder")  # htmx updates the list on change
    expect(page).to_have_url(re.compile(r"target_group=refugee_status_holder"))
    expect(rows.first).to_contain_text("statushouder")
    for cell in rows.locator("td:nth-child(4)").all_inner_texts():
        assert "statushouder" in cell
    name = rows.first.locator("th a").inner_text()
    page.get_by_label("Naam", exact=True).fill(name.split()[0])
    expect(rows.first.locator("th a")).to_have_text(re.compile(re.escape(name.split()[0])))
    assert_accessible(page)

    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name=f"Wat past bij {name}")).to_be_visible()
    expect(page.get_by_text("Statushouder").or_(page.get_by_text("statushouder")).first).to_be_visible()
    assert_accessible(page)


def test_sign_in_with_the_keyboard_alone(page, demo_site):
    email, password = demo_site.accounts["advisor"]
    page.goto(demo_site.url + "/inloggen")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")  # the skip link jumps over the header to the form
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Inloggen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site.url + "/start")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_the_caseload_filters_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in(page, demo_site, "advisor")
        page.goto(demo_site.url + "/caseload")
        page.get_by_label("Status").select_option(label="Werkende")
        page.get_by_role("button", name="Zoeken").click()
        expect(page).to_have_url(re.compile(r"status=worker"))
        statuses = page.locator("#caseload-results tbody td:nth-child(3)").all_inner_texts()
        assert statuses and set(statuses) == {"Werkende"}
    finally:
        context.close()


@pytest.mark.parametrize("role,extra", [
    ("admin", ["/beheer/gebruikers", "/caseload", "/werk-behouden", "/werk-behouden/1"]),
    ("coordinator", ["/regio/twente/werk-naar-werk"]), ("employer", ["/mijn-medewerkers"]), ("school", [])])
def test_every_role_start_page_is_accessible(page, demo_site, role, extra):
    sign_in(page, demo_site, role)
    assert_accessible(page)
    for path in extra:
        page.goto(demo_site.url + path)
        assert_accessible(page)


def test_public_pages_are_accessible(page, demo_site):
    for path, status in (("/toegankelijkheid", 200), ("/bestaat-niet", 404), ("/wachtwoord-instellen/onbekend", 404)):
        response = page.goto(demo_site.url + path)
        assert response.status == status
        assert_accessible(page)
    page.goto(demo_site.url + "/inloggen")
    page.get_by_label("E-mailadres").fill("niemand@example.org")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert").first).to_contain_text("klopt niet")
    assert_accessible(page)
