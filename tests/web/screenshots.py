"""``make screenshots``: each role's start page on the demo region, as docs/screenshots/<role>.png, and a role's
main pages beyond it as docs/screenshots/<role>-<page>.png (the advisor's person page and printable summary).

Usage: ``python -m tests.web.screenshots [FOLDER]`` (default docs/screenshots). Runs the app on a free port of
127.0.0.1 with a fresh demo region in a temporary SQLite file, and Debian's Chromium through Playwright.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from matchmaker import vocabulary as v
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, build_demo_site, require_chromium, serving, sign_in

VIEWPORT = {"width": 1280, "height": 900}


def advisor_person(page, url: str) -> None:
    """The first person of the advisor's caseload, with their career paths made."""
    page.goto(f"{url}/caseload")
    page.locator("#caseload-results tbody th a").first.click()
    page.get_by_role("button", name="Loopbaanpaden maken").click()
    page.wait_for_url("**#loopbaanpaden")


def advisor_summary(page, url: str) -> None:
    page.get_by_role("link", name="Samenvatting om af te drukken").click()


#: more pages per role, after its start page: (file name suffix, how to get there from the previous page)
MORE = {"advisor": (("person", advisor_person), ("summary", advisor_summary))}


def take(folder: Path) -> list[Path]:
    require_chromium()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        app, site_accounts = build_demo_site(Path(scratch) / "demo.sqlite3")
        with serving(app) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for role in v.ROLES:
                    context = browser.new_context(locale="nl-NL", viewport=VIEWPORT)
                    page = context.new_page()
                    sign_in(page, url, *site_accounts[role])
                    path = folder / f"{role}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                    for name, show in MORE.get(role, ()):
                        show(page, url)
                        path = folder / f"{role}-{name}.png"
                        page.screenshot(path=str(path), full_page=True)
                        written.append(path)
                    context.close()
            finally:
                browser.close()
    return written


if __name__ == "__main__":
    for written_path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(written_path)
