"""The advisor's page of a person: what fits now, what almost fits with what blocks it and what would unblock it,
and the career paths drawn as steps over the real employers and schools."""
from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import NeedSkill, OccupationSkill
from tests.factories import (
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    SkillFactory,
    at,
)
from tests.web.conftest import csrf_token


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def orchard(web_world):
    """Sanne picks fruit around Raalte (30 km); a harvest there fits, a forklift job in Deventer needs a course
    she can follow, and the same harvest work in Enschede is too far."""
    session = db.session
    pick_fruit, pick_orders, team, handle, drive = (SkillFactory(label_nl=n, label_en=n) for n in (
        "fruit plukken", "orders verzamelen", "samenwerken", "goederen voorzichtig hanteren", "heftruck rijden"))
    picker = OccupationFactory(label_nl="fruitplukker", label_en="fruit picker", isco_group="9211")
    forklift = OccupationFactory(label_nl="heftruckchauffeur", label_en="forklift operator", isco_group="8344")
    links = [(picker, pick_fruit), (picker, team), (picker, handle), (forklift, drive), (forklift, handle),
             (forklift, pick_orders)]
    session.add_all(OccupationSkill(occupation_id=o.id, skill_id=s.id, relation="essential") for o, s in links)
    farm = OrganisationFactory(name="Fruitteelt Jansen", sector="agriculture_food", **at("GM0177"))
    dc = OrganisationFactory(name="Distributiecentrum Deventer", sector="logistics", **at("GM0150"))
    far_farm = OrganisationFactory(name="Kwekerij Verweg", sector="agriculture_food", **at("GM0153"))
    sanne = PersonFactory(name="Sanne Smit", skills=[pick_fruit, team, handle],
                          advisor_id=web_world.users["advisor"].id, travel_radius_km=30, **at("GM0177"))
    harvest = NeedFactory(organisation=farm, title="Oogstmedewerker", kind="seasonal_peak", occupation=picker,
                          months=[5, 6, 7, 8], headcount=6, **at("GM0177"))
    far = NeedFactory(organisation=far_farm, title="Plukker kwekerij", occupation=picker, **at("GM0153"))
    forklift_need = NeedFactory(organisation=dc, title="Heftruckchauffeur", occupation=forklift, **at("GM0150"))
    for need, skills in ((harvest, (pick_fruit, team, handle)), (far, (pick_fruit, team, handle)),
                         (forklift_need, (drive, handle, pick_orders))):
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential") for s in skills)
    ProgrammeFactory(name="Heftruckcertificaat", duration_months=1, skills=[drive, pick_orders],
                     occupations=[forklift], **at("GM0150"))
    session.commit()
    return sanne


def test_feasible_first_then_almost_with_what_blocks_and_what_unblocks(signed_in, orchard):
    page = text(signed_in("advisor").get(f"/caseload/{orchard.id}"))
    now, almost = page.split("Werk dat nu past")[1].split("Werk dat bijna past")
    assert "Oogstmedewerker" in now and "Fruitteelt Jansen" in now
    assert "Plukker kwekerij" not in now and "Plukker kwekerij" in almost
    cards = {re.search(r"<h3[^>]*>([^<]+)</h3>", card).group(1): card for card in almost.split('class="mm-proposal"')[1:]}
    far = cards["Plukker kwekerij"]
    assert "verder dan je 30 km" in far
    assert re.search(r"Dit kan als je \d+ km wilt reizen in plaats van 30 km\.", far), far
    forklift = cards["Heftruckchauffeur"]
    assert re.search(r"Dit kan als je (heftruck rijden en orders verzamelen|orders verzamelen en heftruck rijden) leert, "
                     r"bijvoorbeeld bij Heftruckcertificaat van ", forklift), forklift


def test_the_api_gives_the_same_unblock_sentences(app, web_world, orchard):
    from matchmaker.services import matches

    result = matches.person_matches(session=db.session, actor=web_world.users["advisor"], person_id=orchard.id,
                                    limit=10, include_blocked=True)
    far = next(item for item in result["items"] if item["need"]["title"] == "Plukker kwekerij")
    blocked = [c for c in far["constraints"] if not c["passed"]]
    assert [c["name"] for c in blocked] == ["distance"]
    assert blocked[0]["unblock"]["facts"][0]["code"] == "unblock.distance"
    assert all("unblock" not in c for c in far["constraints"] if c["passed"])


def test_career_paths_are_drawn_as_steps_with_the_real_employer_and_school(signed_in, orchard):
    client = signed_in("advisor")
    url = f"/caseload/{orchard.id}"
    assert "Er zijn nog geen routes gemaakt voor deze persoon." in text(client.get(url))
    response = client.post(f"{url}/loopbaanpaden", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{url}#loopbaanpaden")
    page = text(client.get(url)).split('id="loopbaanpaden"')[1]
    assert "Route 1" in page
    first = page.split("Route 1")[1].split("</ol>")[0]
    assert "Stap 1: werk" in first and "Fruitteelt Jansen" in first and "mei, juni, juli, augustus" in first
    training = [step for step in page.split('class="mm-step mm-step--training"')[1:]]
    assert training, page
    assert "Heftruckcertificaat" in training[0] and "1 maand" in training[0] and "heftruck rijden" in training[0]
    assert "Distributiecentrum Deventer" in page


def test_the_person_page_is_only_for_their_advisor(signed_in, web_world, orchard):
    assert signed_in("other_advisor").get(f"/caseload/{orchard.id}").status_code == 404
    client = signed_in("other_advisor")
    response = client.post(f"/caseload/{orchard.id}/loopbaanpaden", data={"csrf_token": csrf_token(client, "/caseload")})
    assert response.status_code == 404


def test_a_one_page_summary_to_hand_to_the_person_without_sensitive_details(signed_in, web_world, orchard):
    client = signed_in("advisor")
    url = f"/caseload/{orchard.id}"
    assert f'href="{url}/samenvatting"' in text(client.get(url))
    client.post(f"{url}/loopbaanpaden", data={"csrf_token": csrf_token(client, url)})
    page = text(client.get(f"{url}/samenvatting"))
    assert "Wat bij je past, Sanne Smit" in page
    assert "Je adviseur: Anna Adviseur, anna@gemeente.example." in page
    fits = page.split("Werk dat nu bij je past")[1].split("Werk dat bijna past")[0]
    assert "Oogstmedewerker" in fits and "Fruitteelt Jansen" in fits
    assert "Dit kan als je" in page.split("Werk dat bijna past")[1]
    assert "Een route voor jou" in page and "Werk: Oogstmedewerker</strong>, Fruitteelt Jansen, Raalte" in page
    assert "(1 maand)" in page


def test_the_summary_leaves_out_sensitive_details(signed_in, web_world):
    own = web_world.people["own"]
    page = text(signed_in("advisor").get(f"/caseload/{own.id}/samenvatting"))
    assert "Wat bij je past, Fatima El Amrani" in page
    assert "statushouder" not in page.lower() and "taalmaatje" not in page.lower()
    assert signed_in("other_advisor").get(f"/caseload/{own.id}/samenvatting").status_code == 404


def test_an_adjustment_the_employer_lacks_shows_on_the_page_but_not_on_the_summary(signed_in, orchard):
    person = db.session.get(type(orchard), orchard.id)
    person.consent_special_category, person.accommodation_needs = True, ["wheelchair_access"]
    db.session.commit()
    client = signed_in("advisor")
    page = text(client.get(f"/caseload/{orchard.id}"))
    assert "Dit kan als de werkgever rolstoeltoegang biedt." in page
    summary = text(client.get(f"/caseload/{orchard.id}/samenvatting"))
    assert "rolstoel" not in summary.lower()
    assert "Plukker kwekerij" in summary  # the match itself stays, with what the person can do about it


def test_what_fits_is_stored_as_facts_and_computed_again_only_when_the_data_changes(signed_in, web_world, orchard):
    from matchmaker.models import Job
    from matchmaker.services import people, person_rights

    def stored():
        db.session.expire_all()
        return db.session.query(Job).filter_by(kind="person_matches", subject_id=str(orchard.id)).all()

    client = signed_in("advisor")
    first = text(client.get(f"/caseload/{orchard.id}"))
    [job] = stored()
    assert "explanation" not in str(job.result) and "facts" in str(job.result)  # sentences are written when read
    assert text(client.get(f"/caseload/{orchard.id}?lang=en")) != first  # …in the reader's language
    assert [j.id for j in stored()] == [job.id]  # read again, not computed again
    people.update(session=db.session, actor=web_world.users["advisor"], person_id=orchard.id,
                  data={"travel_radius_km": 60})
    db.session.commit()
    response = client.get(f"/caseload/{orchard.id}?lang=nl")
    now = text(response).split("Werk dat nu past")[1].split("Werk dat bijna past")[0]
    assert "Plukker kwekerij" in now  # 46 km is within 60 km now
    [again] = stored()
    assert again.id != job.id
    person_rights.erase(session=db.session, actor=web_world.users["advisor"], person_id=orchard.id)
    db.session.commit()
    assert stored() == []


def test_the_person_sees_the_routes_their_advisor_made_without_a_button_to_make_them(app, signed_in, web_world, orchard):
    from tests.web.conftest import PASSWORD, sign_in, with_password
    from tests.factories import UserFactory

    with_password(UserFactory(name="Sanne Smit", email="sanne@example.org", role="person", person_id=orchard.id))
    db.session.commit()
    person = app.test_client()
    sign_in(person, "sanne@example.org", PASSWORD)
    before = text(person.get("/mijn-voorstellen"))
    assert "Je adviseur kan routes voor je maken" in before and "Loopbaanpaden maken" not in before
    advisor = signed_in("advisor")
    url = f"/caseload/{orchard.id}"
    advisor.post(f"{url}/loopbaanpaden", data={"csrf_token": csrf_token(advisor, url)})
    after = text(person.get("/mijn-voorstellen"))
    assert "Route 1" in after and "Fruitteelt Jansen" in after and "Routes opnieuw maken" not in after
