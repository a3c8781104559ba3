"""The network coordinator's flow in a real browser (Debian's Chromium through Playwright) on the demo region: sign
in, open a region by its name and read it, set the status of a pair to broker, run the allocation and see its result; axe-core finds no WCAG 2.1 A/AA violation on any page of the flow."""
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


def test_the_coordinator_opens_a_region_and_reads_it(page, demo_site):
    sign_in(page, demo_site, "coordinator")
    page.get_by_role("link", name="Twente", exact=True).click()
    expect(page).to_have_url(re.compile(r"/regio/twente$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De regio in één oogopslag")
    expect(page.get_by_role("table", name="Tekorten per beroep")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Berekend op "))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opnieuw berekenen").click()
    expect(page.get_by_role("status").first).to_contain_text("opnieuw berekend")
    assert_accessible(page)

    page.get_by_role("navigation", name="Pagina's van deze regio").get_by_role("link", name="Partners koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners koppelen")
    assert_accessible(page)
    first = page.locator(".mm-pair").first
    names = first.get_by_role("heading", level=3).inner_text()
    first.get_by_label("Status van dit paar").select_option(label="Contact gelegd")
    first.get_by_role("button", name="Status opslaan").click()  # htmx swaps this pair's card
    card = page.locator(".mm-pair").first
    expect(card.get_by_role("status")).to_contain_text("staan nu op ‘contact gelegd’")
    expect(card).to_contain_text("Status: contact gelegd")
    assert card.get_by_role("heading", level=3).inner_text() == names
    assert_accessible(page)
    page.get_by_label("Status", exact=True).select_option(label="Contact gelegd")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"status=contacted"))
    expect(page.locator(".mm-pair")).to_have_count(1)

    page.get_by_role("navigation", name="Pagina's van deze regio").get_by_role("link", name="Verdeling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verdeling")
    assert_accessible(page)
    page.get_by_label("Voorstellen per persoon").select_option("2")
    page.get_by_role("button", name="Verdeling maken").click()
    expect(page.get_by_role("status").first).to_contain_text("De verdeling is klaar.")
    needs = page.get_by_role("table", name=re.compile(r"vragen"))
    expect(needs).to_be_visible()
    expect(needs.locator("tbody tr").first.locator("td").nth(5)).not_to_be_empty()  # why, in words
    assert_accessible(page)

    page.get_by_role("navigation", name="Pagina's van deze regio").get_by_role("link", name="Clusters en verbinders").click()
    expect(page.get_by_role("heading", name="Verbinders", level=2)).to_be_visible()
    expect(page.locator(".mm-cluster").first).to_contain_text("organisaties")
    assert_accessible(page)

    page.get_by_role("navigation", name="Pagina's van deze regio").get_by_role("link", name="Voortgang").click()
    expect(page.get_by_role("img", name="Voortgang per maand in Twente")).to_be_visible()
    progress = page.get_by_role("table", name="Voortgang per maand")
    expect(progress).to_be_visible()
    # the demo's year of needs and partner requests: a trend, month by month, in the chart and the table beside it
    assert progress.locator("tbody tr").count() >= 10
    posted = [int(cell) for cell in progress.locator("tbody tr td:nth-of-type(1)").all_inner_texts()]
    assert sum(posted[-3:]) > sum(posted[:3])
    expect(page.locator(".mm-chart__svg rect")).to_have_count(3 * progress.locator("tbody tr").count())
    assert_accessible(page)
    page.get_by_role("navigation", name="Pagina's van deze regio").get_by_role("link", name="Kaart").click()
    expect(page.get_by_role("img", name="Kaart van de gemeenten in Twente")).to_be_visible()
    expect(page.get_by_role("table", name="Per gemeente").locator("tbody tr")).to_have_count(14)
    assert_accessible(page)
