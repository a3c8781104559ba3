"""``make screenshots``: each role's start page and its main pages on the demo region, as
docs/screenshots/<role>.png and docs/screenshots/<role>-<page>.png, with docs/screenshots/README.md linking them.

Usage: ``python -m tests.web.screenshots [FOLDER]`` (default docs/screenshots). Runs the app on a free port of
127.0.0.1 with a fresh demo region in a temporary SQLite file, and Debian's Chromium through Playwright. Every page
is reached as a user reaches it: by clicking links and buttons from the role's start page, never by typing an id.
A page longer than :data:`MAX_HEIGHT` is cut off there (the files stay small).
"""
from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from playwright.sync_api import sync_playwright

from matchmaker import vocabulary as v
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, build_demo_site, require_chromium, serving, sign_in

VIEWPORT = {"width": 1280, "height": 900}
#: the longest part of a page a screenshot keeps, in CSS pixels
MAX_HEIGHT = 1600


def menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name, exact=True).click()


def region_page(page, name: str) -> None:
    page.get_by_role("navigation", name="Pagina's van deze regio").get_by_role("link", name=name, exact=True).click()


# -- how to get to each page from the one before it (the first from the role's start page) ----------------------

def advisor_person(page) -> None:
    """The first person of the advisor's caseload, with their career paths made."""
    menu(page, "Caseload")
    page.locator("#caseload-results tbody th a").first.click()
    page.get_by_role("button", name="Loopbaanpaden maken").click()
    page.wait_for_url("**#loopbaanpaden")


def advisor_summary(page) -> None:
    page.get_by_role("link", name="Samenvatting om af te drukken").click()


def advisor_moves(page) -> None:
    """The moves proposed for the first worker with a change."""
    page.locator("main table tbody a").first.click()


def employer_candidates(page) -> None:
    """The first open need's page: its candidates as cards."""
    page.locator("main table tbody a").first.click()
    page.locator(".mm-candidate").first.wait_for()


def coordinator_region(page) -> None:
    page.get_by_role("main").get_by_role("link", name="Twente", exact=True).click()


def coordinator_allocation(page) -> None:
    region_page(page, "Verdeling")
    page.get_by_role("button", name="Verdeling maken").click()
    page.get_by_text("De verdeling is klaar.").wait_for()


def from_menu(name: str) -> Callable:
    """Go to the page of the main menu's link ``name``."""
    return lambda page: menu(page, name)


def from_region_menu(name: str) -> Callable:
    """Go to the page of the region menu's link ``name``."""
    return lambda page: region_page(page, name)


@dataclass(frozen=True)
class Shot:
    """One page after a role's start page: ``docs/screenshots/<role>-<name>.png``, what it shows (for the README),
    and how to get there from the page before it."""

    name: str
    shows: str
    go: Callable
    #: only the screen from this element down (a CSS selector), instead of the whole page
    part: str | None = None


#: the pages after each role's start page, in the order a user walks them
MORE: dict[str, tuple[Shot, ...]] = {
    "advisor": (
        Shot("person", "a person's page: profile, consent, work that fits and almost fits", advisor_person),
        Shot("career-paths", "the person's career paths drawn as steps", lambda page: None, part="#loopbaanpaden"),
        Shot("summary", "the printable one-page summary for the person", advisor_summary),
        Shot("workers", "keeping people at work: workers with a change", from_menu("Werk behouden")),
        Shot("moves", "a worker's moves: internal, in the network, elsewhere", advisor_moves),
        Shot("exchange", "the exchange: practice cases and sessions", from_menu("Uitwisseling")),
    ),
    "employer": (
        Shot("needs", "the employer's needs by status", from_menu("Mijn behoeften")),
        Shot("candidates", "an open need with its pseudonymised candidate cards", employer_candidates),
        Shot("partners", "partner suggestions with the reason", from_menu("Partners voor jou")),
    ),
    "school": (Shot("demand", "regional demand against the school's programmes", from_menu("Vraag en je opleidingen")),),
    "coordinator": (
        Shot("region", "the region at a glance: shortages and unused potential", coordinator_region),
        Shot("brokering", "partners to broker, each with a status", from_region_menu("Partners koppelen")),
        Shot("allocation", "the allocation per need, with organisation and why", coordinator_allocation),
        Shot("progress", "progress per month: chart and table", from_region_menu("Voortgang")),
        Shot("map", "the map of the region's municipalities, with the table beside it", from_region_menu("Kaart")),
    ),
    "person": (
        Shot("details", "the job-seeker's own profile", from_menu("Mijn gegevens")),
        Shot("proposals", "what is proposed to the job-seeker", from_menu("Voorstellen voor mij")),
    ),
}
#: what each role's start page is called in the README
ROLE_NAMES = {"admin": "administrator", "advisor": "career advisor", "coordinator": "network coordinator",
              "employer": "employer", "school": "school", "person": "job-seeker", "partner": "network or partner"}


def _snap(page, path: Path, part: str | None = None) -> None:
    if part:
        page.locator(part).first.evaluate("element => element.scrollIntoView()")
        page.screenshot(path=str(path))
        return
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": min(height, MAX_HEIGHT)})


def readme(shots: list[tuple[str, str, str]]) -> str:
    """docs/screenshots/README.md: every screenshot with what it shows, by role."""
    lines = ["# Screenshots", "", "Each role's pages on the demo region, in Dutch as users see them. Made again with "
             "`make screenshots` (`tests/web/screenshots.py`: the demo region in a temporary database, Chromium, "
             f"{VIEWPORT['width']} pixels wide; a long page is cut off after {MAX_HEIGHT} pixels)."]
    role = None
    for shot_role, file, shows in shots:
        if shot_role != role:
            role = shot_role
            lines += ["", f"## {ROLE_NAMES.get(role, role).capitalize()}", ""]
        lines += [f"- [{shows}]({file})"]
    return "\n".join(lines) + "\n"


def take(folder: Path) -> list[Path]:
    require_chromium()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    listed: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        app, site_accounts = build_demo_site(Path(scratch) / "demo.sqlite3")
        with serving(app) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for role in (r for r in v.ROLES if r in site_accounts):
                    context = browser.new_context(locale="nl-NL", viewport=VIEWPORT)
                    page = context.new_page()
                    sign_in(page, url, *site_accounts[role])
                    steps = [(f"{role}.png", "the start page", None, None)]
                    steps += [(f"{role}-{s.name}.png", s.shows, s.go, s.part) for s in MORE.get(role, ())]
                    for file, shows, go, part in steps:
                        if go is not None:
                            go(page)
                            page.wait_for_load_state("networkidle")
                        _snap(page, folder / file, part)
                        written.append(folder / file)
                        listed.append((role, file, shows))
                    context.close()
            finally:
                browser.close()
    (folder / "README.md").write_text(readme(listed), encoding="utf-8")
    return written


if __name__ == "__main__":
    for written_path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(written_path)
