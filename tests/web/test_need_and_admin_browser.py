"""In a real browser (Debian's Chromium through Playwright) on the demo region: the employer posts a seasonal peak
with its months and heads, Dutch level, what the work asks of the body, adjustments, welcomed groups and closing
date, all chosen by name; the admin finds accounts, invites an employer whose organisation it finds by name, and
opens a region from its start page; the school adds a programme, changes its skills and the occupation it leads to (found by name), and deletes
it. axe-core finds no WCAG 2.1 A/AA violation on any page of these flows."""
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


def test_the_employer_posts_a_seasonal_peak_with_every_detail_by_name(page, demo_site):
    sign_in(page, demo_site, "employer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn behoeften").click()
    page.get_by_role("link", name="Nieuwe behoefte plaatsen").click()
    page.get_by_label("Titel").fill("Extra handen in de zomer")
    page.get_by_label("Seizoenswerk").check()
    page.get_by_label("Uren per week").fill("30")
    page.get_by_label("Hoeveel mensen heb je nodig?").fill("4")
    page.get_by_label("Hoeveel Nederlands vraagt het werk?").select_option(label="Nederlands op A2-niveau")
    page.get_by_label("We leren het werk aan op de werkplek").check()
    page.get_by_label("Jobcoach").check()
    page.get_by_label("Aangepaste werktijden").check()
    page.get_by_label("Herintreder").check()
    page.get_by_label("Zwaar tillen").check()
    page.get_by_label("Buiten werken").check()
    page.get_by_label("Sluitingsdatum").fill("2027-05-31")
    page.get_by_role("button", name="Behoefte plaatsen").click()
    # no months for a seasonal peak: the summary says so and leads to the months
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_role("alert").first.get_by_role("link").first.click()
    expect(page.get_by_role("group", name="Maanden").get_by_role("checkbox").first).to_be_focused()
    page.get_by_label("juli").check()
    page.get_by_label("augustus").check()
    expect(page.get_by_label("Jobcoach")).to_be_checked()  # what was chosen stays
    page.get_by_role("button", name="Behoefte plaatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Extra handen in de zomer")
    facts = page.locator("dl").first
    for words in ("Seizoenswerk", "juli, augustus", "4", "Nederlands op A2-niveau", "jobcoach, aangepaste werktijden",
                  "herintreder", "zwaar tillen, buiten werken", "31 mei 2027"):
        expect(facts).to_contain_text(words)
    assert_accessible(page)
    page.get_by_role("link", name="Deze behoefte wijzigen").click()
    expect(page.get_by_label("Herintreder")).to_be_checked()
    expect(page.get_by_label("Zwaar tillen")).to_be_checked()
    assert_accessible(page)


def test_the_admin_finds_accounts_invites_an_employer_and_opens_a_region(page, demo_site):
    sign_in(page, demo_site, "admin")
    page.get_by_role("link", name="Twente", exact=True).click()
    expect(page).to_have_url(re.compile(r"/regio/twente$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De regio in één oogopslag")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").click()

    page.get_by_role("link", name="Gebruikers").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruikers")
    assert_accessible(page)
    page.get_by_label("Zoek op naam of e-mailadres").fill("adviseur")
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    accounts = page.get_by_role("table", name=re.compile("account"))
    expect(accounts).to_contain_text("Demo adviseur Twente")
    expect(accounts).not_to_contain_text("Demo beheerder")
    assert_accessible(page)

    page.get_by_label("Naam", exact=True).fill("Petra Planner")
    page.get_by_label("E-mailadres", exact=True).fill("petra@klaverweide.example")
    page.get_by_label("Rol", exact=True).select_option(label="Werkgever")
    page.get_by_label("Zoek de organisatie op naam").fill("klaverweide")
    page.get_by_label("Zoek de organisatie op naam").press("Enter")  # Enter in a search box searches
    page.get_by_label("Zorgcentrum De Klaverweide (werkgever)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_role("status").first).to_contain_text("Petra Planner is uitgenodigd.")
    expect(page.locator("#invitation-link")).to_contain_text("/wachtwoord-instellen/")
    assert_accessible(page)


def _account(site, *, user_id: int | None = None, person_id: int | None = None) -> tuple[str, str]:
    """E-mail and password of a user (the candidate's advisor), or of the person's own account (made when missing):
    set through an invitation link, as a new user does."""
    from matchmaker.extensions import db
    from matchmaker.models import Person, User
    from matchmaker.services import accounts
    from tests.web.browser import PASSWORD

    with site.app.app_context():
        if user_id is not None:
            user = db.session.get(User, user_id)
        else:
            person = db.session.get(Person, person_id)
            user = db.session.query(User).filter_by(person_id=person_id).first() or accounts.create_user(
                session=db.session, name=person.name, email=f"persoon{person_id}@demo.example", role="person",
                person_id=person_id)
        accounts.set_password(session=db.session, token=accounts.invite(session=db.session, user=user),
                              password=PASSWORD)
        db.session.commit()
        found = (user.email, PASSWORD)
        db.session.remove()
    return found


def _request_of(site, need_title: str, candidate: str):
    """The interest request the employer just made: (person id, person name, the person's advisor's user id)."""
    from matchmaker.extensions import db
    from matchmaker.models import InterestRequest, Need, Person, User
    from matchmaker.services.matches import pseudonym_code

    with site.app.app_context():
        employer = db.session.query(User).filter_by(email=site.accounts["employer"][0]).one()
        need = db.session.query(Need).filter_by(title=need_title, organisation_id=employer.organisation_id).one()
        request = next(r for r in db.session.query(InterestRequest).filter_by(need_id=need.id)
                       if pseudonym_code(r.person_id, need.id) == candidate[-6:])
        person = db.session.get(Person, request.person_id)
        found = (person.id, person.name, person.advisor_id)
        db.session.remove()
    return found


def test_interest_reaches_the_advisor_the_person_and_the_employer_without_looking_for_it(page, demo_site):
    from tests.web.browser import sign_in as sign_in_as

    sign_in(page, demo_site, "employer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn behoeften").click()
    need = employer_need(demo_site)
    page.get_by_role("link", name=need).click()
    button = page.locator(".mm-candidate").get_by_role("button", name=re.compile(r"^Interesse in Kandidaat")).first
    candidate = re.search(r"Kandidaat [0-9A-F]{6}", button.inner_text()).group(0)
    button.click()
    expect(page.get_by_role("status").first).to_contain_text(f"Je interesse in {candidate} is verstuurd.")
    person_id, name, advisor_id = _request_of(demo_site, need, candidate)
    person_account = _account(demo_site, person_id=person_id)  # the person has an account of their own
    page.get_by_role("button", name="Uitloggen").click()

    if advisor_id is not None:  # the advisor sees it on the start page and passes it on
        sign_in_as(page, demo_site.url, *_account(demo_site, user_id=advisor_id))
        expect(page.get_by_role("status").first).to_contain_text("wacht op je")
        notices = page.get_by_role("region", name=re.compile("Nieuw voor jou"))
        expect(notices).to_contain_text(f"heeft interesse in {name} voor {need}.")
        assert_accessible(page)
        notices.get_by_role("link", name="Geef het door of niet").first.click()
        page.locator(".mm-result", has_text=name).get_by_role("button", name=f"Vraag het aan {name}").first.click()
        expect(page.get_by_role("status").first).to_contain_text(f"Je hebt het aan {name} gevraagd.")
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").click()
        expect(page.get_by_role("region", name=re.compile("Nieuw voor jou"))).to_have_count(0)
        page.get_by_role("button", name="Uitloggen").click()

    sign_in_as(page, demo_site.url, *person_account)
    expect(page.get_by_role("status").first).to_contain_text("wil je graag ontmoeten: zeg ja of nee")
    notices = page.get_by_role("region", name=re.compile("Nieuw voor jou"))
    expect(notices).to_contain_text(f"wil je graag ontmoeten voor {need}.")
    assert_accessible(page)
    notices.get_by_role("link", name="Zeg ja of nee").first.click()
    page.locator(".mm-result", has_text=need).get_by_role(
        "button", name=re.compile(r"^Ja, .* mag mijn naam zien")).click()
    expect(page.get_by_role("status").first).to_contain_text("ziet nu je naam en je contactgegevens.")
    page.get_by_role("button", name="Uitloggen").click()

    sign_in(page, demo_site, "employer")
    notices = page.get_by_role("region", name=re.compile("Nieuw voor jou"))
    expect(notices).to_contain_text(f"{name} gaat akkoord met je interesse voor {need}.")
    assert_accessible(page)
    notices.get_by_role("link", name=f"Bekijk {name}").click()
    expect(page.locator(".mm-candidate", has_text=name)).to_contain_text("de persoon gaat akkoord")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").click()
    expect(page.get_by_role("region", name=re.compile("Nieuw voor jou"))).to_have_count(0)


def test_the_school_adds_a_programme_with_skills_found_by_name_and_changes_it(page, demo_site):
    sign_in(page, demo_site, "school")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn opleidingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn opleidingen")
    assert_accessible(page)
    page.get_by_role("link", name="Opleiding toevoegen").click()
    page.get_by_label("Naam van de opleiding").fill("Winkelmedewerker brood")
    page.get_by_label("Niveau", exact=True).select_option(label="Mbo niveau 2")
    page.get_by_label("Werkend leren (BBL)").check()
    page.get_by_label("Hoeveel maanden duurt de opleiding?").fill("12")
    page.get_by_label("Plaatsen per start").fill("15")
    page.get_by_role("group", name="Startmaanden").get_by_label("september").check()
    page.get_by_label("Zoek de vaardigheden die ze leert op naam").fill("klant")
    page.get_by_label("Zoek de vaardigheden die ze leert op naam").press("Enter")  # Enter in the search box searches
    found = page.get_by_role("group", name="Gevonden voor klant")
    found.get_by_label("klanten helpen in de winkel").check()
    assert_accessible(page)
    page.get_by_label("Zoek een vaardigheid op naam").fill("brood")
    page.get_by_role("group", name="Vaardigheden die ze leert").get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("group", name=re.compile("Aangevinkt")).get_by_label("klanten helpen in de winkel")
           ).to_be_checked()  # what was ticked stays ticked
    page.get_by_label("brood en banket bakken").check()
    page.get_by_label("Plaatsen per start").fill("veel")
    page.get_by_role("button", name="Opleiding toevoegen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is een probleem")
    assert_accessible(page)
    page.get_by_role("alert").first.get_by_role("link").first.click()
    expect(page.get_by_label("Plaatsen per start")).to_be_focused()
    page.get_by_label("Plaatsen per start").fill("15")
    page.get_by_label("Plaatsen per start").press("Enter")  # elsewhere Enter saves
    expect(page.get_by_role("status").first).to_contain_text("De opleiding Winkelmedewerker brood is toegevoegd.")
    row = page.get_by_role("row", name=re.compile("Winkelmedewerker brood"))
    expect(row).to_contain_text("15")
    expect(row).to_contain_text("2")  # skills taught
    assert_accessible(page)

    row.get_by_role("link").click()
    expect(page.get_by_label("brood en banket bakken")).to_be_checked()
    page.get_by_label("brood en banket bakken").uncheck()
    page.get_by_label("Plaatsen per start").fill("18")
    # the occupation it leads to, found by name
    page.get_by_label("Zoek een beroep op naam").fill("bakkerij")
    page.get_by_label("Zoek een beroep op naam").press("Enter")
    page.get_by_role("group", name="Gevonden voor bakkerij").get_by_label("Verkoopmedewerker bakkerij").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opleiding opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Je wijzigingen in Winkelmedewerker brood zijn opgeslagen.")
    row = page.get_by_role("row", name=re.compile("Winkelmedewerker brood"))
    expect(row.get_by_role("cell").nth(-2)).to_have_text("1")  # skills taught
    expect(row.get_by_role("cell").last).to_have_text(re.compile("verkoopmedewerker bakkerij", re.I))
    expect(row).to_contain_text("18")

    # deleting it, after confirming
    row.get_by_role("link").click()
    page.get_by_role("link", name="Deze opleiding verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winkelmedewerker brood verwijderen")
    assert_accessible(page)
    page.get_by_role("button", name="Winkelmedewerker brood verwijderen").click()
    expect(page.get_by_role("status").first).to_contain_text("De opleiding Winkelmedewerker brood is verwijderd.")
    expect(page.get_by_role("row", name=re.compile("Winkelmedewerker brood"))).to_have_count(0)
    assert_accessible(page)
