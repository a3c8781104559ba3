"""Work capacity through the API: a person's limits are special-category data; a need's demands default to its
occupation's (from its ESCO skills) and may be overridden; a limit blocks work in the person's own matches and
changes nothing in what an employer sees.

Jan is a bricklayer in Enschede who may no longer lift heavily. Bouwbedrijf Hengelo needs a bricklayer (the
occupation's essential skill "lift heavy weights" makes it demand heavy lifting) and a site planner (no demands).
"""
import pytest

from sqlalchemy import select

from matchmaker.models import Need, NeedSkill, OccupationSkill, Person, Skill
from matchmaker.services import data_versions
from tests.factories import (
    NeedFactory, OccupationFactory, OrganisationFactory, PersonFactory, SkillFactory, UserFactory, at, token_for,
)


@pytest.fixture
def site(session):
    lay, lift, plan = (SkillFactory(label_en=n, label_nl=nl) for n, nl in (
        ("lay bricks", "metselen"), ("lift heavy weights", "zware gewichten tillen"), ("plan work", "werk plannen")))
    bricklayer = OccupationFactory(label_en="bricklayer", label_nl="metselaar")
    planner = OccupationFactory(label_en="site planner", label_nl="werkvoorbereider")
    session.add_all([OccupationSkill(occupation_id=bricklayer.id, skill_id=lay.id, relation="essential"),
                     OccupationSkill(occupation_id=bricklayer.id, skill_id=lift.id, relation="essential"),
                     OccupationSkill(occupation_id=planner.id, skill_id=lay.id, relation="essential"),
                     OccupationSkill(occupation_id=planner.id, skill_id=plan.id, relation="optional")])
    employer = OrganisationFactory(name="Bouwbedrijf Hengelo", **at("GM0164"))
    advisor = UserFactory(role="advisor")
    jan = PersonFactory(name="Jan", skills=[lay, lift], advisor_id=advisor.id, **at("GM0153"))
    heavy = NeedFactory(organisation=employer, title="Metselaar", occupation=bricklayer, **at("GM0164"))
    light = NeedFactory(organisation=employer, title="Werkvoorbereider", occupation=planner, **at("GM0164"))
    session.add_all([NeedSkill(need_id=heavy.id, skill_id=lay.id, relation="essential"),
                     NeedSkill(need_id=heavy.id, skill_id=lift.id, relation="essential"),
                     NeedSkill(need_id=light.id, skill_id=lay.id, relation="essential")])
    session.commit()
    return {"jan": jan.id, "heavy": heavy.id, "light": light.id, "advisor": token_for(advisor),
            "employer": token_for(UserFactory(role="employer", organisation_id=employer.id)),
            "coordinator": token_for(UserFactory(role="coordinator")), "admin": token_for(UserFactory(role="admin"))}


def test_limits_need_consent_and_are_refused_without_changing_anything(client, session, site):
    url = f"/api/v1/people/{site['jan']}"
    refused = client.patch(url, json={"capacity_limits": ["heavy_lifting"]}, headers=site["advisor"])
    assert refused.status_code == 422 and "capacity_limits" in str(refused.json)
    assert session.get(Person, site["jan"]).capacity_limits == []
    wrong = client.patch(url, json={"consent": {"special_category": True}, "capacity_limits": ["lifting"],
                                    "capacity_max_hours": 90}, headers=site["advisor"])
    assert wrong.status_code == 422 and {"capacity_limits", "capacity_max_hours"} <= set(wrong.json["errors"]["json"])
    session.expire_all()
    assert session.get(Person, site["jan"]).consent_special_category is False
    stored = client.patch(url, json={"consent": {"special_category": True}, "capacity_limits": ["heavy_lifting"],
                                     "capacity_max_hours": 32}, headers=site["advisor"])
    assert stored.status_code == 200, stored.json
    assert stored.json["capacity_limits"] == ["heavy_lifting"] and stored.json["capacity_max_hours"] == 32
    assert stored.json["capacity_limits_labels"] == ["Zwaar tillen"]
    withdrawn = client.patch(url, json={"consent": {"special_category": False}}, headers=site["advisor"])
    assert withdrawn.json["capacity_limits"] == [] and withdrawn.json["capacity_max_hours"] is None


def test_only_the_person_their_advisor_and_admins_read_the_limits(client, session, site):
    session.get(Person, site["jan"]).consent_special_category = True
    session.get(Person, site["jan"]).capacity_limits = ["heavy_lifting"]
    session.commit()
    url = f"/api/v1/people/{site['jan']}"
    for who in ("advisor", "admin"):
        assert client.get(url, headers=site[who]).json["capacity_limits"] == ["heavy_lifting"]
    for who in ("employer", "coordinator"):
        assert client.get(url, headers=site[who]).status_code == 403
    other_advisor = token_for(UserFactory(role="advisor"))
    session.commit()
    assert client.get(url, headers=other_advisor).status_code == 404


def test_a_need_takes_its_occupations_demands_unless_it_states_its_own(client, site):
    url = f"/api/v1/needs/{site['heavy']}"
    body = client.get(url, headers=site["employer"]).json
    assert body["demands"] is None
    assert body["work_demands"] == [{"code": "heavy_lifting", "label": "Zwaar tillen"}]
    assert client.get(f"/api/v1/needs/{site['light']}", headers=site["employer"]).json["work_demands"] == []
    changed = client.patch(url, json={"demands": ["high_pace"]}, headers=site["employer"]).json
    assert changed["demands"] == ["high_pace"] and [d["code"] for d in changed["work_demands"]] == ["high_pace"]
    assert client.patch(url, json={"demands": []}, headers=site["employer"]).json["work_demands"] == []
    back = client.patch(url, json={"demands": None}, headers=site["employer"]).json
    assert [d["code"] for d in back["work_demands"]] == ["heavy_lifting"]
    bad = client.patch(url, json={"demands": ["lifting"]}, headers=site["employer"])
    assert bad.status_code == 422 and "demands" in bad.json["errors"]["json"]


def test_the_needs_list_shows_each_needs_demands_and_follows_a_change_of_its_occupations_skills(client, session, site):
    """The occupations' demands are kept per taxonomy version between requests: a new essential skill of the
    occupation (an import, which bumps the version) shows at once in the needs that take their demands from it."""
    def listed():
        return {need["id"]: [d["code"] for d in need["work_demands"]]
                for need in client.get("/api/v1/needs?limit=50", headers=site["employer"]).json["items"]}

    assert listed() == {site["heavy"]: ["heavy_lifting"], site["light"]: []}
    assert listed() == {site["heavy"]: ["heavy_lifting"], site["light"]: []}
    lift = session.scalar(select(Skill.id).where(Skill.label_en == "lift heavy weights"))
    session.add(OccupationSkill(occupation_id=session.get(Need, site["light"]).occupation_id, skill_id=lift,
                                relation="essential"))
    data_versions.bump(session=session, scope=data_versions.TAXONOMY, source="import")
    session.commit()
    assert listed() == {site["heavy"]: ["heavy_lifting"], site["light"]: ["heavy_lifting"]}


def test_a_limit_blocks_the_heavy_work_in_the_persons_matches_and_not_in_the_employers_list(client, session, site):
    advisor_url = f"/api/v1/people/{site['jan']}/matches?include_blocked=true"
    candidates = [client.get(f"/api/v1/needs/{n}/candidates", headers=site["employer"]).data
                  for n in (site["heavy"], site["light"])]
    first = client.get(advisor_url, headers=site["advisor"]).json["items"]
    assert {i["need"]["id"]: i["feasible"] for i in first} == {site["heavy"]: True, site["light"]: True}
    scores = {i["need"]["id"]: i["score"] for i in first}
    jan = session.get(Person, site["jan"])
    jan.consent_special_category, jan.capacity_limits = True, ["heavy_lifting"]
    session.commit()
    items = {i["need"]["id"]: i for i in client.get(advisor_url, headers=site["advisor"]).json["items"]}
    heavy, light = items[site["heavy"]], items[site["light"]]
    assert not heavy["feasible"] and light["feasible"]
    assert [c["name"] for c in heavy["constraints"] if not c["passed"]] == ["capacity"]
    assert "het werk vraagt zwaar tillen, en dat past niet bij wat je kunt" in heavy["explanation"]
    assert {n: i["score"] for n, i in items.items()} == scores  # a limit blocks; it never lowers a score
    assert [client.get(f"/api/v1/needs/{n}/candidates", headers=site["employer"]).data
            for n in (site["heavy"], site["light"])] == candidates
