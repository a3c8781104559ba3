"""The app on a real port with the demo region, for the browser tests and the screenshots.

A SQLite file with the demo region (built-in taxonomy, seed 2026) and a password for each role's demo account;
a threaded werkzeug server on 127.0.0.1 and a free port. Chromium is Debian's (/usr/bin/chromium), never one
that Playwright downloads.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import make_server

from matchmaker import create_app
from matchmaker.demo import load_demo
from matchmaker.demo.accounts import demo_accounts
from matchmaker.extensions import db
from matchmaker.services import accounts
from matchmaker.services.places import ensure_municipalities

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "demo wachtwoord voor de test"


@dataclass
class LiveSite:
    url: str
    #: role -> (e-mail, password) of the demo account
    accounts: dict
    app: object


def require_chromium() -> None:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make browser` installs Debian's Chromium (apt-get).")


def build_demo_site(database: Path):
    """The app on a SQLite file holding the demo region, and each role's demo account with :data:`PASSWORD`."""
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
        ensure_municipalities(session=db.session)
        load_demo(session=db.session)
        site_accounts = {}
        for user in demo_accounts(session=db.session):
            accounts.set_password(session=db.session, token=accounts.invite(session=db.session, user=user),
                                  password=PASSWORD)
            site_accounts[user.role] = (user.email, PASSWORD)
        db.session.commit()
        db.session.remove()
    return app, site_accounts


@contextmanager
def serving(app):
    """``app`` on 127.0.0.1 and a free port, in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now: rule id, impact, and the first few targets."""
    # evaluated through the DevTools protocol: the page's Content-Security-Policy (no inline script) stays in force
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [node["target"] for node in v["nodes"][:3]]} for v in found]


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/start")


def employer_need(site) -> str:
    """The title of the demo employer's first open need (by title, as its needs table lists them)."""
    from sqlalchemy import select

    from matchmaker.models import Need, User
    from matchmaker.services import open_needs

    with site.app.app_context():
        employer = db.session.scalar(select(User).where(User.email == site.accounts["employer"][0]))
        return db.session.scalar(select(Need.title).where(Need.organisation_id == employer.organisation_id,
                                                          open_needs.is_open()).order_by(Need.title).limit(1))
