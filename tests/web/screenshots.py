"""``make screenshots``: each role's start page on the demo region, as docs/screenshots/<role>.png.

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
                    context.close()
            finally:
                browser.close()
    return written


if __name__ == "__main__":
    for written_path in take(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(written_path)
