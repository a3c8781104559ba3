"""A worker's change through the API: who records it, who sees it, the proposed moves in their order and within the
worker's limits, the employer's own workers, and the coordinator's flows.

Jan (Enschede) is a bricklayer at Bouwbedrijf Ter Horst (Hengelo) who may no longer lift heavily. Ter Horst needs a
caretaker (trains on the job) and another bricklayer; Afbouw Wennink (Borne), in the network Bouwpact with Ter Horst,
needs a tile fitter; Bouwgroep Oost (Enschede), in no network, needs a bricklayer and a tile fitter.
"""
import pytest
from sqlalchemy import update

from matchmaker.models import NeedSkill, OccupationSkill, Person, WorkerChange, WorkExperience, network_memberships
from tests.factories import (
    NeedFactory, OccupationFactory, OrganisationFactory, PersonFactory, SkillFactory, UserFactory, at, token_for,
)

URL = "/api/v1/worker-changes"


@pytest.fixture
def site(session):
    from datetime import date

    lay, lift, repair, tiles, build = (SkillFactory(label_en=en, label_nl=nl) for en, nl in (
        ("lay bricks", "metselen"), ("lift heavy weights", "zware gewichten tillen"),
        ("carry out minor repairs", "kleine reparaties uitvoeren"), ("lay tiles", "tegels zetten"),
        ("manage building services", "gebouwbeheer")))
    bricklayer = OccupationFactory(label_en="bricklayer", label_nl="metselaar")
    caretaker = OccupationFactory(label_en="building caretaker", label_nl="huismeester")
    tiler = OccupationFactory(label_en="tile fitter", label_nl="tegelzetter")
    essentials = {bricklayer: (lay, lift), caretaker: (repair, build), tiler: (tiles, lay)}
    session.add_all(OccupationSkill(occupation_id=o.id, skill_id=s.id, relation="essential")
                    for o, skills in essentials.items() for s in skills)
    terhorst = OrganisationFactory(name="Bouwbedrijf Ter Horst", sector="construction", **at("GM0164"))
    wennink = OrganisationFactory(name="Afbouw Wennink", sector="construction", **at("GM0147"))
    oost = OrganisationFactory(name="Bouwgroep Oost", sector="construction", **at("GM0153"))
    pact = OrganisationFactory(name="Bouwpact", kind="network", sector="public_social", **at("GM0164"))
    session.flush()
    session.execute(network_memberships.insert(), [{"network_id": pact.id, "member_id": o.id}
                                                   for o in (terhorst, wennink)])
    needs = {}
    for key, org, occupation, trains in (("caretaker", terhorst, caretaker, True), ("heavy", terhorst, bricklayer, False),
                                         ("tiles", wennink, tiler, False), ("oost_heavy", oost, bricklayer, False),
                                         ("oost_tiles", oost, tiler, False)):
        need = NeedFactory(organisation=org, title=f"{key}", occupation=occupation, trains_on_job=trains,
                           municipality_code=org.municipality_code, latitude=org.latitude, longitude=org.longitude)
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential") for s in essentials[occupation])
        needs[key] = need.id
    advisor = UserFactory(role="advisor")
    jan = PersonFactory(name="Jan Brouwer", skills=[lay, lift, repair, tiles], advisor_id=advisor.id, status="worker",
                        consent_special_category=True, capacity_limits=["heavy_lifting"],
                        consent_share_with=[terhorst.id], hours_per_week=38, **at("GM0153"))
    loner = PersonFactory(name="Piet", skills=[lay, lift], advisor_id=advisor.id, **at("GM0153"))
    session.add_all([WorkExperience(person_id=jan.id, occupation_id=bricklayer.id, organisation_id=terhorst.id,
                                    employer_name=terhorst.name, start_date=date(1992, 8, 1)),
                     WorkExperience(person_id=loner.id, occupation_id=bricklayer.id, organisation_id=terhorst.id,
                                    employer_name=terhorst.name, start_date=date(2001, 8, 1))])
    session.commit()
    tokens = {"advisor": token_for(advisor), "admin": token_for(UserFactory(role="admin")),
              "employer": token_for(UserFactory(role="employer", organisation_id=terhorst.id)),
              "other_employer": token_for(UserFactory(role="employer", organisation_id=oost.id)),
              "coordinator": token_for(UserFactory(role="coordinator")),
              "person": token_for(UserFactory(role="person", person_id=jan.id))}
    session.commit()
    return {"jan": jan.id, "piet": loner.id, "terhorst": terhorst.id, "wennink": wennink.id, "needs": needs, **tokens}


def record(client, site, who="employer", **body):
    data = {"person_id": site["jan"], "organisation_id": site["terhorst"], "kind": "capacity", "worker_consent": True}
    return client.post(URL, json={**data, **body}, headers=site[who])


def test_the_employer_records_a_change_only_with_consent_and_for_a_worker_who_shares_their_profile(client, session,
                                                                                                 site):
    refused = record(client, site, worker_consent=False)
    assert refused.status_code == 422 and "worker_consent" in refused.json["errors"]["json"]
    assert "toestemming" in refused.json["errors"]["json"]["worker_consent"][0]
    assert record(client, site, person_id=site["piet"]).status_code == 404  # Piet does not share his profile
    assert record(client, site, who="other_employer").status_code == 403
    assert session.query(WorkerChange).count() == 0
    made = record(client, site)
    assert made.status_code == 201, made.json
    assert made.json["kind"] == {"code": "capacity", "label": "Het werk vraagt te veel"}
    assert made.json["occupation"]["label"] == "metselaar"
    assert client.get(f"{URL}/{made.json['id']}", headers=site["employer"]).headers["ETag"]
    bad = record(client, site, kind="job_at_risk")
    assert bad.status_code == 422 and "reason" in bad.json["errors"]["json"]
    not_working = client.post(URL, json={"person_id": site["piet"], "organisation_id": site["wennink"], "kind": "wish",
                                         "wish": "other_work"}, headers=site["advisor"])
    assert not_working.status_code == 422 and "organisation_id" in not_working.json["errors"]["json"]


def test_internal_moves_come_first_and_none_asks_what_the_worker_may_no_longer_do(client, site):
    change = record(client, site).json["id"]
    body = client.get(f"{URL}/{change}/proposals", headers=site["advisor"]).json
    items = body["items"]
    assert [(i["tier"]["code"], i["need"]["title"]) for i in items] == [
        ("internal", "caretaker"), ("network", "tiles"), ("elsewhere", "oost_tiles")]
    for item in items:  # every proposal against every limit: the need's demands and Jan's limits never meet
        need = client.get(f"/api/v1/needs/{item['need']['id']}", headers=site["advisor"]).json
        assert not {"heavy_lifting"} & {d["code"] for d in need["work_demands"]}
    caretaker = items[0]
    assert caretaker["explanation"].startswith("Bij dezelfde werkgever: caretaker. Wat je meeneemt: 1 van de 2")
    assert "De werkgever leidt op tijdens het werk." in caretaker["explanation"]
    assert "Dit werk vraagt niet om zwaar tillen." in caretaker["explanation"]
    assert "3 stappen gevonden: 1 bij dezelfde werkgever, 1 bij partners." == body["explanation"]
    assert client.get(f"{URL}/{change}/proposals?lang=en", headers=site["person"]).json["items"][0]["explanation"] \
        .startswith("At the same employer: caretaker.")


def test_the_employer_sees_the_moves_with_consent_but_never_the_limits(client, session, site):
    change = record(client, site).json["id"]
    advisor = client.get(f"{URL}/{change}/proposals", headers=site["advisor"]).json["items"]
    employer = client.get(f"{URL}/{change}/proposals", headers=site["employer"]).json["items"]
    assert [i["need"]["id"] for i in employer] == [i["need"]["id"] for i in advisor]
    text = str(employer).lower()
    assert "tillen" not in text and "fits_limits" not in text and "heavy_lifting" not in text
    assert client.patch(f"{URL}/{change}", json={"worker_consent": False}, headers=site["person"]).status_code == 200
    assert client.get(f"{URL}/{change}/proposals", headers=site["employer"]).status_code == 404
    assert client.get(URL, headers=site["employer"]).json["items"] == []
    assert client.get(f"{URL}/{change}/proposals", headers=site["coordinator"]).status_code == 403


def test_the_employer_lists_its_own_workers_and_the_partners_that_could_take_over_staff(client, site):
    record(client, site)
    url = f"/api/v1/organisations/{site['terhorst']}/workers"
    body = client.get(url, headers=site["employer"]).json
    assert [w["person"]["name"] for w in body["workers"]] == ["Jan Brouwer"] and body["not_shared"] == 1
    assert [c["kind"]["code"] for c in body["workers"][0]["changes"]] == ["capacity"]
    assert [(p["organisation"]["name"], p["network"], p["open_needs"]) for p in body["partners"]] == [
        ("Afbouw Wennink", "Bouwpact", 1)]
    assert "tillen" not in str(body).lower()
    for who in ("other_employer", "coordinator", "advisor"):
        assert client.get(url, headers=site[who]).status_code == 403


def test_flows_add_up_to_the_moves_and_do_not_depend_on_anyones_limits(client, session, site):
    change = record(client, site).json["id"]
    flows = []
    for limits in (["heavy_lifting"], []):
        session.execute(update(Person).where(Person.id == site["jan"]).values(capacity_limits=limits))
        session.commit()
        flows.append(client.get("/api/v1/regions/twente/worker-flows", headers=site["coordinator"]).data)
    assert flows[0] == flows[1]  # nothing about Jan's limits shows
    body = client.get("/api/v1/regions/twente/worker-flows", headers=site["coordinator"]).json
    served = client.get(f"{URL}/{change}/proposals", headers=site["advisor"]).json["items"]  # Jan has no limits now
    assert body["workers"] == 1 and body["moves"] == len(served) == 5  # without limits: the heavy work too
    per_cell = {}
    for item in served:
        key = ("construction", "construction", item["tier"]["code"])
        per_cell[key] = per_cell.get(key, 0) + 1
    for flow in body["flows"]:
        true = per_cell.pop((flow["from_sector"]["code"], flow["to_sector"]["code"], flow["tier"]["code"]))
        assert flow["moves"] == ({"count": None, "suppressed": True} if true < 3 else {"count": true,
                                                                                       "suppressed": False})
    assert not per_cell
    assert "Aantallen onder de 3 staan er niet bij." in body["explanation"]
    assert client.get("/api/v1/regions/twente/worker-flows", headers=site["employer"]).status_code == 403
    assert client.get("/api/v1/regions/nergens/worker-flows", headers=site["coordinator"]).status_code == 404


def test_flows_are_computed_once_per_data_version_and_follow_a_new_change(client, site, monkeypatch):
    from matchmaker.services import worker_changes

    computed = []
    propose = worker_changes.engine.propose_moves
    monkeypatch.setattr(worker_changes.engine, "propose_moves",
                        lambda *args, **kwargs: computed.append(1) or propose(*args, **kwargs))
    assert record(client, site).status_code == 201
    flows = client.get("/api/v1/regions/twente/worker-flows", headers=site["coordinator"])
    again = client.get("/api/v1/regions/twente/worker-flows", headers=site["coordinator"])
    assert flows.json == again.json and len(computed) == 1  # the second read comes from what the first stored
    assert flows.json["workers"] == 1
    second = record(client, site, who="advisor", person_id=site["piet"]).json["id"]
    after = client.get("/api/v1/regions/twente/worker-flows", headers=site["coordinator"]).json
    assert after["workers"] == 2 and len(computed) == 3  # a new change: both computed again
    closed = client.patch(f"{URL}/{second}", json={"status": "resolved"}, headers=site["advisor"])
    assert closed.status_code == 200, closed.json
    assert client.get("/api/v1/regions/twente/worker-flows", headers=site["coordinator"]).json["workers"] == 1
