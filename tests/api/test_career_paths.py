"""Career paths on a small world: Sanne picks fruit around Raalte in summer; a year-end peak in order
picking 20 km away follows it (a seasonal chain), and a forklift course opens the forklift job."""
import dataclasses

import numpy as np
import pytest
from scipy import sparse

from matchmaker.models import NeedSkill, OccupationSkill
from matchmaker.services import career_paths
from matchmaker.services.engine_inputs import clear_process_caches
from tests.factories import (
    NeedFactory,
    OccupationFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    SkillFactory,
    UserFactory,
    at,
    token_for,
)



@pytest.fixture
def world(session):
    pick_fruit, pick_orders, team, handle, drive = (SkillFactory(label_en=n, label_nl=None) for n in (
        "pick fruit", "pick orders", "work in a team", "handle goods carefully", "drive forklift"))
    picker = OccupationFactory(label_en="fruit picker", label_nl=None, isco_group="9211")
    order_picker = OccupationFactory(label_en="order picker", label_nl=None, isco_group="9333")
    forklift = OccupationFactory(label_en="forklift operator", label_nl=None, isco_group="8344")
    links = [(picker, pick_fruit, "essential"), (picker, team, "essential"), (picker, handle, "essential"),
             (order_picker, pick_orders, "essential"), (order_picker, team, "essential"),
             (order_picker, handle, "essential"), (forklift, drive, "essential"), (forklift, handle, "essential"),
             (forklift, pick_orders, "essential")]
    session.add_all(OccupationSkill(occupation_id=o.id, skill_id=s.id, relation=r) for o, s, r in links)
    farm = OrganisationFactory(name="Fruitteelt Jansen", sector="agriculture_food", **at("GM0177"))
    dc = OrganisationFactory(name="Distributiecentrum Deventer", sector="logistics", **at("GM0150"))
    advisor, other_advisor = UserFactory(role="advisor"), UserFactory(role="advisor")
    sanne = PersonFactory(name="Sanne", skills=[pick_fruit, team, handle], advisor_id=advisor.id,
                          travel_radius_km=30, **at("GM0177"))
    harvest = NeedFactory(organisation=farm, title="Oogstmedewerker", kind="seasonal_peak", occupation=picker,
                          months=[5, 6, 7, 8], headcount=6, **at("GM0177"))
    peak = NeedFactory(organisation=dc, title="Orderpicker eindejaarspiek", kind="seasonal_peak", occupation=order_picker,
                       months=[10, 11, 12], headcount=8, trains_on_job=True, **at("GM0150"))
    forklift_need = NeedFactory(organisation=dc, title="Heftruckchauffeur", occupation=forklift, **at("GM0150"))
    for need, skills in ((harvest, (pick_fruit, team, handle)), (peak, (pick_orders, team, handle)),
                         (forklift_need, (drive, handle, pick_orders))):
        session.add_all(NeedSkill(need_id=need.id, skill_id=s.id, relation="essential") for s in skills)
    ProgrammeFactory(name="Heftruckcertificaat", duration_months=1, skills=[drive], occupations=[forklift], **at("GM0150"))
    headers = {"advisor": token_for(advisor), "other_advisor": token_for(other_advisor),
               "employer": token_for(UserFactory(role="employer", organisation_id=dc.id))}
    session.commit()
    return {"sanne": sanne, "harvest": harvest, "peak": peak, "headers": headers, "advisor": advisor,
            "order_picker": order_picker, "picker": picker, "skills": (pick_fruit, pick_orders, team, handle)}


def test_asking_for_career_paths_answers_202_with_a_job_and_the_paths_follow(client, world):
    url = f"/api/v1/people/{world['sanne'].id}/career-paths"
    advisor = world["headers"]["advisor"]
    assert client.get(url, headers=advisor).status_code == 404  # nothing asked yet
    response = client.post(url, headers=advisor, json={"k": 5})
    assert response.status_code == 202
    job = client.get(response.json["url"], headers=advisor).json
    assert job["status"] == "succeeded" and job["kind"] == "career_paths"
    body = client.get(url, headers=advisor).json
    assert body["job"]["id"] == response.json["id"] and body["paths"]
    assert all(step["explanation"] for path in body["paths"] for step in path["steps"])
    costs = [path["cost"] for path in body["paths"]]
    assert costs == sorted(costs)


def test_the_harvest_then_year_end_peak_chain_is_proposed_and_explained(client, world):
    url = f"/api/v1/people/{world['sanne'].id}/career-paths"
    advisor = world["headers"]["advisor"]
    client.post(url, headers=advisor, json={"k": 10})
    paths = client.get(url, headers=advisor).json["paths"]
    chain = next(p for p in paths if [s["need"] and s["need"]["id"] for s in p["steps"]][:2]
                 == [world["harvest"].id, world["peak"].id])
    assert [s["move"] for s in chain["steps"]][:2] == ["start", "seasonal chain"]
    assert chain["steps"][0]["months"] == [5, 6, 7, 8] and chain["steps"][1]["months"] == [10, 11, 12]
    assert "Daarna het volgende seizoen" in chain["steps"][1]["explanation"]
    assert chain["steps"][1]["facts"][0]["code"] == "step.seasonal"
    carried = {s["label"] for s in chain["steps"][1]["skills_carried"]}
    assert carried == {"work in a team", "handle goods carefully"}


def test_career_paths_are_for_the_persons_advisor_only(client, world):
    url = f"/api/v1/people/{world['sanne'].id}/career-paths"
    assert client.post(url, headers=world["headers"]["other_advisor"], json={}).status_code == 404
    assert client.post(url, headers=world["headers"]["employer"], json={}).status_code == 404
    assert client.post(url, headers={}, json={}).status_code == 401
    response = client.post(url, headers=world["headers"]["advisor"], json={"k": 0})
    assert response.status_code == 422 and "k" in response.json["errors"]["json"]


def _ask(client, world, person_id, **params) -> list[dict]:
    url = f"/api/v1/people/{person_id}/career-paths"
    assert client.post(url, headers=world["headers"]["advisor"], json=params).status_code == 202
    return client.get(url, headers=world["headers"]["advisor"]).json["paths"]


def _needs_in(paths) -> set[int]:
    return {step["need"]["id"] for path in paths for step in path["steps"] if step["need"]}


def test_paths_are_the_same_from_a_cold_and_a_warm_cache_and_follow_a_new_need(client, world, session):
    sanne = world["sanne"].id
    clear_process_caches()
    cold = _ask(client, world, sanne, k=10)
    assert career_paths._PREPARED  # the province's prepared region is kept for the next request
    warm = _ask(client, world, sanne, k=10)
    assert warm == cold and cold
    # a new year-end peak in Raalte itself, where Sanne lives, at another employer: the cached region is stale
    pick_fruit, pick_orders, team, handle = world["skills"]
    shop = OrganisationFactory(name="Webwinkel Raalte", sector="logistics", **at("GM0177"))
    nearby = NeedFactory(organisation=shop, title="Orderpicker Raalte", kind="seasonal_peak",
                         occupation=world["order_picker"], months=[10, 11, 12], headcount=3, trains_on_job=True,
                         **at("GM0177"))
    session.add_all(NeedSkill(need_id=nearby.id, skill_id=s.id, relation="essential") for s in (pick_orders, team, handle))
    session.commit()
    after = _ask(client, world, sanne, k=10)
    assert nearby.id in _needs_in(after) and nearby.id not in _needs_in(cold)
    chain = next(p for p in after if [s["need"] and s["need"]["id"] for s in p["steps"]][:2]
                 == [world["harvest"].id, nearby.id])
    assert chain["steps"][1]["move"] == "seasonal chain"
    clear_process_caches()
    assert not career_paths._PREPARED
    assert _ask(client, world, sanne, k=10) == after


def test_a_shortage_step_is_offered_only_to_people_with_no_such_opening_in_reach(client, world):
    """Six fruit pickers are wanted in Raalte: Sanne, who lives there, is offered that harvest; Lotte in Losser
    (55 km away, 15 km radius) is offered fruit picking as work the province is short of. Both from one cache."""
    pick_fruit, _, team, handle = world["skills"]
    lotte = PersonFactory(name="Lotte", skills=[pick_fruit, team, handle], advisor_id=world["advisor"].id,
                          travel_radius_km=15, **at("GM0168"))
    sanne = world["sanne"].id

    def shortage(paths):
        return {step["occupation"]["label"] for path in paths for step in path["steps"]
                if step["kind"] == "job" and step["need"] is None}

    first = _ask(client, world, sanne, k=10)
    region = next(iter(career_paths._PREPARED.values()))
    assert "fruit picker" not in shortage(first) and world["harvest"].id in _needs_in(first)
    far = _ask(client, world, lotte.id, k=10)
    assert "fruit picker" in shortage(far) and not _needs_in(far)
    assert "Werk als fruit picker (de regio zoekt mensen voor dit werk; er is nog geen plek binnen je bereik)" \
        in next(p for p in far if shortage([p]))["steps"][0]["explanation"]
    assert _ask(client, world, sanne, k=10) == first
    assert list(career_paths._PREPARED.values()) == [region]  # one region for both: nothing of either person in it


def test_no_path_says_what_stands_in_the_way(client, world, session):
    """Kees lives beside Sanne and knows what she knows, but can work 4 hours a week: every need asks more. Without
    a path the answer says so."""
    kees = PersonFactory(name="Kees", skills=list(world["skills"]), advisor_id=world["advisor"].id,
                         travel_radius_km=30, hours_per_week=4, **at("GM0177"))
    session.commit()
    url = f"/api/v1/people/{kees.id}/career-paths"
    assert client.post(url, headers=world["headers"]["advisor"], json={}).status_code == 202
    body = client.get(url, headers=world["headers"]["advisor"]).json
    assert body["paths"] == []
    assert body["facts"] == [{"code": "paths.none", "params": {"barrier": "hours"}}]
    assert body["explanation"] == "Er past nu geen loopbaanpad. Wat het meest in de weg staat: de uren."


def _same(a, b) -> bool:
    if sparse.issparse(a):
        return (sparse.issparse(b) and a.dtype == b.dtype and a.shape == b.shape and (a != b).nnz == 0
                and a.indices.dtype == b.indices.dtype)
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and a and isinstance(a[0], (np.ndarray, sparse.spmatrix)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return tuple(a) == tuple(b) if isinstance(a, tuple) else a == b


def test_the_province_as_stored_for_every_process_reads_back_equal_and_gives_the_same_paths(
        client, world, session, monkeypatch):
    """What a fresh worker reads from the shared store (arrays, no pickle) is the prepared province itself: every
    array of the region and of the open demand, the names and the rows, and so the same paths."""
    first = _ask(client, world, world["sanne"].id, k=10)
    (province,) = career_paths._PREPARED.values()
    assert len(province.region.pair_job) and province.demand.programme_rows  # the forklift course teaches a need
    payload = province.dump()
    assert payload[:2] == b"PK"  # an .npz archive
    again = career_paths.Prepared.load(payload)
    assert again is not province and _same(again.region, province.region)
    assert _same(again.demand, province.demand)
    monkeypatch.setattr(career_paths, "prepared", lambda session, table: again)
    assert _ask(client, world, world["sanne"].id, k=10) == first
