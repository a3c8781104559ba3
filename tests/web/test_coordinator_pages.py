"""The network coordinator's pages through the Flask test client (forms posted as a browser without JavaScript posts
them), on a small Twente: the region chosen by name, its shortages, unused potential and how fresh the figures are."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, update

from matchmaker.extensions import db
from matchmaker.models import Brokering, Job, Need, Person
from matchmaker.services import jobs
from tests.web.conftest import csrf_token
from tests.web.coordinator_world import small_twente


def text(response) -> str:
    return response.get_data(as_text=True)


def main_text_of(page: str) -> str:
    body = page.split('id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def main_text(response) -> str:
    """What the page's main part says, as words (no tags)."""
    return main_text_of(text(response))


@pytest.fixture
def twente(web_world):
    return small_twente()


def test_the_start_page_opens_a_region_by_its_name(signed_in, twente):
    client = signed_in("coordinator")
    start = text(client.get("/start"))
    link = re.search(r'<a class="utrecht-link" href="([^"]+)">Twente</a>', start)
    assert link and link.group(1) == "/regio/twente"
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert "Regio Twente" in main_text(page) and "De regio in één oogopslag" in main_text(page)


def test_the_region_page_shows_the_shortage_unused_potential_and_freshness(signed_in, twente):
    words = main_text(signed_in("coordinator").get("/regio/twente"))
    # 8 places asked; the 4 people with both skills fit now; the school trains 3
    assert "Orderpicker 8 4 3 4 1" in words
    assert "10 mensen in de regio" in words  # the 8 of the world and two people on the advisors' caseloads
    # the two without any skill: the school's programme teaches what the need asks
    assert "2 van de 10 mensen hebben geen voorstel dat past." in words
    assert "Vaardigheden die een opleiding kan leren 2" in words
    assert re.search(r"Berekend op \d{1,2} \w+ 20\d\d, \d\d:\d\d\. Sindsdien is er niets veranderd", words)
    # the coordinator reads no figure per target group, and is told why
    assert "Cijfers per doelgroep zie je niet" in words
    assert "Oudere werknemer" not in words


def test_only_admins_see_the_figures_per_target_group_with_small_groups_suppressed(signed_in, twente):
    words = main_text(signed_in("admin").get("/regio/twente"))
    assert "Alleen beheerders zien deze tabel." in words
    # 4 older workers: fewer than 5, so neither their number nor their barriers are shown
    assert "Oudere werknemer minder dan 5 –" in words


def test_what_the_coordinator_reads_does_not_change_with_special_category_data(signed_in, twente, session):
    client = signed_in("coordinator")
    seen = []
    for groups, needs in ((["refugee_status_holder"], ["wheelchair_access"]), ([], [])):
        session.execute(update(Person).values(consent_special_category=bool(groups), target_groups=groups,
                                              accommodation_needs=needs))
        session.commit()
        jobs.run_now(session=session, kind="insights", subject_type="region", subject_id="twente")
        seen.append(main_text(client.get("/regio/twente")).split("Hoe vers deze cijfers zijn")[0])
    assert seen[0] == seen[1]


def test_a_changed_need_marks_the_figures_stale_and_computing_again_refreshes_them(signed_in, twente, session):
    client = signed_in("coordinator")
    assert "Sindsdien is er niets veranderd" in main_text(client.get("/regio/twente"))
    token = csrf_token(client, "/regio/twente")
    session.get(Need, twente.needs[0].id).headcount = 7  # an employer asks for one place more
    session.commit()
    stale = main_text(client.get("/regio/twente"))
    assert "Daarna zijn de gegevens veranderd." in stale
    before = session.scalar(select(func.count(Job.id)).where(Job.kind == "insights"))
    answer = client.post("/regio/twente/opnieuw-berekenen", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/regio/twente")
    fresh = main_text(client.get("/regio/twente"))
    assert "De cijfers zijn opnieuw berekend." in fresh
    assert "Sindsdien is er niets veranderd" in fresh
    assert session.scalar(select(func.count(Job.id)).where(Job.kind == "insights")) == before + 1


def test_computing_again_without_the_form_token_changes_nothing(signed_in, twente, session):
    client = signed_in("coordinator")
    client.get("/regio/twente")
    before = session.scalar(select(func.count(Job.id)))
    assert client.post("/regio/twente/opnieuw-berekenen", data={}).status_code == 400
    assert session.scalar(select(func.count(Job.id))) == before


@pytest.mark.parametrize("role", ["advisor", "employer", "school", "person"])
def test_other_roles_may_not_open_a_region_page(signed_in, twente, role):
    assert signed_in(role).get("/regio/twente").status_code == 403


def test_an_unknown_region_is_a_dutch_not_found_page(signed_in, twente):
    response = signed_in("coordinator").get("/regio/atlantis")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text(response)


def test_the_region_page_in_english_on_request(signed_in, twente):
    words = main_text(signed_in("coordinator").get("/regio/twente?lang=en"))
    assert "The region at a glance" in words and "Shortages per occupation" in words


# -- partners to broker -------------------------------------------------------------------------------------


def _pair_form(page: str, first, second) -> str:
    return f'action="/regio/twente/koppelen/{min(first.id, second.id)}/{max(first.id, second.id)}"'


def test_the_pairs_to_broker_each_once_best_first_with_their_reasons(signed_in, twente):
    response = signed_in("coordinator").get("/regio/twente/koppelen")
    words = main_text(response)
    assert "3 paren" in words
    first = words.index("1. Hengelo Cargo (Hengelo) en ROC Logistiek Oost (Hengelo)")
    second = words.index("2. Magazijn De Twentse Poort (Enschede) en Hengelo Cargo (Hengelo)")
    assert first < second < words.index("3. Magazijn De Twentse Poort (Enschede) en ROC Logistiek Oost (Hengelo)")
    assert "Antwoord op een vraag, werkgever en school · minder dan 1 km uit elkaar · Status: voorgesteld" in words
    assert "ROC Logistiek Oost (Hengelo) biedt cocreatie aan." in words and "nog 1 reden" in words
    assert words.count("Hengelo Cargo (Hengelo) en ROC Logistiek Oost") == 1


def test_setting_a_status_without_javascript(signed_in, twente, session):
    client = signed_in("coordinator")
    page = text(client.get("/regio/twente/koppelen"))
    assert _pair_form(page, twente.cargo, twente.warehouse) in page
    url = f"/regio/twente/koppelen/{min(twente.cargo.id, twente.warehouse.id)}/{max(twente.cargo.id, twente.warehouse.id)}"
    answer = client.post(url, data={"csrf_token": csrf_token(client, "/regio/twente/koppelen"), "status": "contacted",
                                    "version": "0", "back": "/regio/twente/koppelen?status=proposed"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/regio/twente/koppelen?status=proposed")
    words = main_text(client.get("/regio/twente/koppelen?status=contacted"))
    assert "Opgeslagen: Magazijn De Twentse Poort en Hengelo Cargo staan nu op ‘contact gelegd’." in words
    assert "1 paar" in words and "Status: contact gelegd" in words and "Contact gelegd: 1" in words
    saved = session.scalars(select(Brokering)).one()
    assert (saved.status, saved.version, saved.updated_by_id) == ("contacted", 1, twente_user(session, "coord"))


def twente_user(session, prefix: str) -> int:
    from matchmaker.models import User
    return session.scalars(select(User.id).where(User.email.startswith(prefix))).one()


def test_setting_a_status_with_htmx_answers_with_the_pair_alone(signed_in, twente, session):
    client = signed_in("coordinator")
    token = csrf_token(client, "/regio/twente/koppelen")
    a, b = sorted((twente.cargo.id, twente.school.id))
    answer = client.post(f"/regio/twente/koppelen/{a}/{b}", data={"status": "agreed", "version": "0"},
                         headers={"HX-Request": "true", "X-CSRFToken": token})
    assert answer.status_code == 200
    card = text(answer)
    assert f'id="pair-{a}-{b}"' in card and "<html" not in card
    assert "staan nu op ‘afgesproken’" in card and 'value="agreed" selected' in card and 'name="version" value="1"' in card


def test_a_status_set_on_an_outdated_page_changes_nothing_and_says_so(signed_in, twente, session):
    client = signed_in("coordinator")
    token = csrf_token(client, "/regio/twente/koppelen")
    a, b = sorted((twente.cargo.id, twente.warehouse.id))
    url = f"/regio/twente/koppelen/{a}/{b}"
    assert client.post(url, data={"csrf_token": token, "status": "contacted", "version": "0"}).status_code == 303
    late = client.post(url, data={"csrf_token": token, "status": "declined", "version": "0"})
    assert late.status_code == 303
    assert "Iemand anders heeft deze status net veranderd." in main_text(client.get("/regio/twente/koppelen"))
    assert session.scalars(select(Brokering.status)).one() == "contacted"


def test_an_unknown_status_changes_nothing(signed_in, twente, session):
    client = signed_in("coordinator")
    a, b = sorted((twente.cargo.id, twente.warehouse.id))
    answer = client.post(f"/regio/twente/koppelen/{a}/{b}", data={
        "csrf_token": csrf_token(client, "/regio/twente/koppelen"), "status": "klaar", "version": "0"})
    assert answer.status_code == 303
    assert "Kies een status uit de lijst." in main_text(client.get("/regio/twente/koppelen"))
    assert session.scalar(select(func.count()).select_from(Brokering)) == 0


@pytest.mark.parametrize("role", ["advisor", "employer"])
def test_other_roles_may_not_broker(signed_in, twente, session, role):
    client = signed_in(role)
    a, b = sorted((twente.cargo.id, twente.warehouse.id))
    assert client.get("/regio/twente/koppelen").status_code == 403
    assert client.post(f"/regio/twente/koppelen/{a}/{b}", data={
        "csrf_token": csrf_token(client, "/start"), "status": "agreed"}).status_code == 403
    assert session.scalar(select(func.count()).select_from(Brokering)) == 0


# -- allocation -------------------------------------------------------------------------------------------------


def test_running_the_allocation_without_javascript_shows_needs_organisations_and_reasons(signed_in, twente, session):
    client = signed_in("coordinator")
    before = main_text(client.get("/regio/twente/verdeling"))
    assert "Voor deze regio is nog geen verdeling gemaakt." in before
    answer = client.post("/regio/twente/verdeling", data={
        "csrf_token": csrf_token(client, "/regio/twente/verdeling"), "k": "2"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/regio/twente/verdeling")
    job = session.scalars(select(Job).where(Job.kind == "allocation")).one()
    assert (job.status, job.params, job.subject_id) == ("succeeded", {"k": 2}, "twente")
    words = main_text(client.get("/regio/twente/verdeling"))
    assert "De verdeling is klaar." in words
    assert "In Twente: 10 mensen en 2 open vacatures met 8 plekken." in words
    # by organisation: the warehouse in Enschede, then Cargo in Hengelo; each with its places and why
    cargo = words.index("Orderpicker dagdienst Hengelo Cargo (Hengelo) 2 2")
    warehouse = words.index("Orderpickers winter Magazijn De Twentse Poort (Enschede) 6")
    assert cargo < warehouse
    assert "Alle plekken zijn gevuld" in words[cargo:warehouse]
    assert "Kandidaat" not in words  # no person is named


def test_a_need_with_places_left_says_what_stands_in_the_way(signed_in, twente, session):
    from tests.api.ecosystem_world import need, skills

    forklift, = skills("heftruck rijden")
    need(twente.cargo, twente.occupation, [forklift], headcount=1, title="Heftruckchauffeur")
    session.commit()
    jobs.run_now(session=session, kind="allocation", subject_type="region", subject_id="twente")
    words = main_text(signed_in("coordinator").get("/regio/twente/verdeling"))
    row = words[words.index("Heftruckchauffeur Hengelo Cargo (Hengelo) 1 0 0"):]
    assert row.startswith("Heftruckchauffeur Hengelo Cargo (Hengelo) 1 0 0 – Niemand in de regio kan deze plek nu "
                          "nemen. Wat het meest in de weg staat: vaardigheden die geen opleiding leert. Orderpicker")


def test_an_unknown_number_of_suggestions_starts_nothing(signed_in, twente, session):
    client = signed_in("coordinator")
    answer = client.post("/regio/twente/verdeling", data={
        "csrf_token": csrf_token(client, "/regio/twente/verdeling"), "k": "9"})
    assert answer.status_code == 303
    assert "Kies hoeveel voorstellen ieder krijgt: 1 tot en met 5." in main_text(client.get("/regio/twente/verdeling"))
    assert session.scalar(select(func.count(Job.id)).where(Job.kind == "allocation")) == 0


def test_while_the_allocation_runs_the_page_says_so_and_htmx_reloads_when_it_is_done(signed_in, twente, session):
    client = signed_in("coordinator")
    job = jobs.create(session=session, kind="allocation", subject_type="region", subject_id="twente", params={"k": 3})
    session.commit()
    words = main_text(client.get("/regio/twente/verdeling"))
    assert "De verdeling is nog bezig." in words
    waiting = client.get("/regio/twente/verdeling/status", headers={"HX-Request": "true"})
    assert waiting.status_code == 200 and 'hx-trigger="every 2s"' in text(waiting) and "HX-Refresh" not in waiting.headers
    jobs.run(session=session, job_id=job.id)
    done = client.get("/regio/twente/verdeling/status", headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"
    assert "De verdeling is nog bezig" not in main_text(client.get("/regio/twente/verdeling"))


def test_the_average_fit_of_a_need_counts_the_people_given_a_place_there_and_no_one_erased(signed_in, twente,
                                                                                            session):
    from matchmaker.services import stored_results

    job = jobs.run_now(session=session, kind="allocation", subject_type="region", subject_id="twente")

    def shown() -> dict[str, str]:
        """Per need's title, the average fit the page shows."""
        words = main_text(signed_in("coordinator").get("/regio/twente/verdeling"))
        return {title: re.search(re.escape(title) + r" .*? (\d+%|–) ", words).group(1)
                for title in ("Orderpicker dagdienst", "Orderpickers winter")}

    def given(result: dict) -> dict[int, list[float]]:
        """Per need, the fits of the people whose first suggestion it is."""
        found: dict[int, list[float]] = {}
        for entry in result["suggestions"]:
            if entry["suggestions"]:
                found.setdefault(entry["suggestions"][0]["need_id"], []).append(entry["suggestions"][0]["score"])
        return found

    def percent(scores: list[float]) -> str:
        return f"{int(sum(scores) / len(scores) * 100)}%" if scores else "–"

    titles = dict(session.execute(select(Need.id, Need.title)).all())
    before = given(job.result)
    assert shown() == {titles[need_id]: percent(scores) for need_id, scores in before.items()}
    # erased: the person's fit leaves the stored average with their suggestions
    need_id, scores = max(before.items(), key=lambda item: len(item[1]))
    person_id = next(e["person_id"] for e in job.result["suggestions"]
                     if e["suggestions"] and e["suggestions"][0]["need_id"] == need_id)
    stored_results.erase_person(session, person_id)
    session.commit()
    session.refresh(job)
    after = given(job.result)
    assert len(after[need_id]) == len(scores) - 1
    assert shown()[titles[need_id]] == percent(after[need_id])


def test_only_admins_see_the_allocation_per_target_group(signed_in, twente, session):
    jobs.run_now(session=session, kind="allocation", subject_type="region", subject_id="twente")
    assert "Deel van elke doelgroep met een voorstel" not in main_text(signed_in("coordinator").get(
        "/regio/twente/verdeling"))
    admin = main_text(signed_in("admin").get("/regio/twente/verdeling"))
    assert "Deel van elke doelgroep met een voorstel" in admin and "Oudere werknemer minder dan 5" in admin


def test_long_lists_come_in_pages(signed_in, twente, monkeypatch):
    from matchmaker.web import coordinator

    monkeypatch.setattr(coordinator, "PAIRS_PER_PAGE", 1)
    page = text(signed_in("coordinator").get("/regio/twente/koppelen?pagina=2&status=proposed"))
    assert "3 paren – pagina 2 van 3" in main_text_of(page) and "2. Magazijn De Twentse Poort" in main_text_of(page)
    assert 'rel="prev" href="/regio/twente/koppelen?pagina=1&amp;status=proposed"' in page
    assert 'rel="next" href="/regio/twente/koppelen?pagina=3&amp;status=proposed"' in page




# -- clusters and brokers ---------------------------------------------------------------------------------------


def test_clusters_and_brokers_as_readable_lists(signed_in, twente):
    words = main_text(signed_in("coordinator").get("/regio/twente/netwerk"))
    assert "6 organisaties, waarvan 6 met een andere verbonden." in words
    # the warehouse links the logistics cluster with the web world's organisations in Enschede
    brokers = words[words.index("Verbinders"):words.index("Groepen organisaties")]
    assert "Magazijn De Twentse Poort (Enschede) verbindt het cluster zorg rond Enschede met het cluster logistiek " \
           "rond Hengelo" in brokers
    assert "Het cluster logistiek rond Hengelo 3 organisaties · sector: logistiek Hengelo Cargo (Hengelo) " \
           "Magazijn De Twentse Poort (Enschede) ROC Logistiek Oost (Hengelo)" in words


# -- progress and the map ---------------------------------------------------------------------------------------


def test_progress_per_month_as_a_chart_with_the_same_numbers_in_a_table(signed_in, twente, session, app):
    from datetime import date

    from matchmaker.web.coordinator import month_label

    jobs.run_now(session=session, kind="allocation", subject_type="region", subject_id="twente")
    client = signed_in("coordinator")
    client.post("/regio/twente/opnieuw-berekenen", data={"csrf_token": csrf_token(client, "/regio/twente")})
    page = text(client.get("/regio/twente/voortgang"))
    with app.test_request_context("/"):
        this_month = month_label(date.today().strftime("%Y-%m"))
    words = main_text_of(page)
    # 2 needs posted, the allocation's suggestions this month, 3 partner requests
    row = re.search(rf"Voortgang per maand Maand Vragen geplaatst Matches voorgesteld Samenwerkingen voorgesteld "
                    rf"{re.escape(this_month)} 2 (\d+) 3", words)
    assert row and int(row.group(1)) > 0
    chart = page.split('<svg viewBox="0 0 640', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in page and "Voortgang per maand in Twente" in chart
    bars = re.findall(r'<rect class="mm-series-(\d)"[^>]*height="([\d.]+)"><title>([^<]+)</title>', chart)
    assert [(series, title) for series, _, title in bars] == [
        ("0", "Vragen geplaatst: 2"), ("1", f"Matches voorgesteld: {row.group(1)}"),
        ("2", "Samenwerkingen voorgesteld: 3")]
    heights = {title: float(height) for _, height, title in bars}
    assert heights["Vragen geplaatst: 2"] / heights["Samenwerkingen voorgesteld: 3"] == pytest.approx(2 / 3)


def test_a_month_without_an_allocation_says_so_instead_of_zero_matches(signed_in, twente, session, app):
    from datetime import date, datetime, timezone

    from matchmaker.web.coordinator import month_label

    today = date.today()
    earlier = date(today.year - 1, today.month, 1)  # a year ago: needs were posted, no allocation ran
    session.execute(update(Need).values(created_at=datetime(earlier.year, earlier.month, 5, tzinfo=timezone.utc)))
    session.commit()
    jobs.run_now(session=session, kind="allocation", subject_type="region", subject_id="twente")
    client = signed_in("coordinator")
    client.post("/regio/twente/opnieuw-berekenen", data={"csrf_token": csrf_token(client, "/regio/twente")})
    page = text(client.get("/regio/twente/voortgang"))
    words = main_text_of(page)
    assert "In een maand zonder verdeling staat er 'geen verdeling'." in words
    with app.test_request_context("/"):
        then, now = month_label(earlier.strftime("%Y-%m")), month_label(today.strftime("%Y-%m"))
    assert f"{then} 2 geen verdeling 0" in words  # needs posted, nothing worked out that month
    assert re.search(rf"{re.escape(now)} 0 [1-9]\d* 3", words)  # this month's allocation proposed matches
    assert "Matches voorgesteld: geen verdeling" in page  # the chart's bar says it too


def test_the_map_draws_the_regions_municipalities_with_a_table_beside_it(signed_in, twente):
    page = text(signed_in("coordinator").get("/regio/twente/kaart"))
    words = main_text_of(page)
    assert "Enschede 1 4 0 6" in words  # the warehouse's need; four organisations; six people
    assert "Hengelo 1 2 1 minder dan 5" in words  # four people there: too few to count
    assert "Almelo 0 0 0 0" in words
    circles = dict((name, float(r)) for r, name in re.findall(
        r'<circle class="mm-map__place" cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"><title>([^:]+):', page))
    assert len(circles) == 14 and set(circles) >= {"Enschede", "Hengelo", "Almelo", "Losser"}
    assert circles["Enschede"] == circles["Hengelo"] > circles["Almelo"]
    x = {name: float(v) for v, name in re.findall(r'<circle class="mm-map__place" cx="([\d.]+)"[^>]*><title>([^:]+):',
                                                  page)}
    assert x["Losser"] > x["Enschede"] > x["Almelo"]  # east is to the right


def test_the_allocation_page_shows_a_need_renamed_after_the_allocation_ran(signed_in, twente, session):
    job = jobs.run_now(session=session, kind="allocation", subject_type="region", subject_id="twente")
    coordinator = signed_in("coordinator")
    assert "Orderpicker dagdienst" in main_text(coordinator.get("/regio/twente/verdeling"))
    need_id = next(row["need_id"] for row in job.result["per_need"]
                   if session.get(Need, row["need_id"]).title == "Orderpicker dagdienst")
    session.get(Need, need_id).title = "Orderpicker vroege dienst"
    session.commit()
    words = main_text(coordinator.get("/regio/twente/verdeling"))
    assert "Orderpicker vroege dienst" in words and "Orderpicker dagdienst" not in words
