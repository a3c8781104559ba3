import pytest

from matchmaker.models import OccupationGroup, OccupationSkill
from tests.factories import OccupationFactory, SkillFactory, UserFactory, token_for


def _occupation(label_nl, label_en, alt_nl="", alt_en="", **kwargs):
    return OccupationFactory(label_nl=label_nl, label_en=label_en, alt_labels_nl=alt_nl, alt_labels_en=alt_en,
                             **kwargs)


@pytest.fixture
def kitchen(session):
    group = OccupationGroup(uri="urn:isco:5120", code="5120", label_en="Cooks")
    session.add(group)
    cook = _occupation("kok", "cook", alt_nl="keukenkok\nchef-kok", alt_en="chef de partie", isco_group="5120",
                       sector="hospitality", broader_uri="urn:isco:5120", starter=True)
    _occupation("hulpkok", "kitchen assistant", isco_group="9412", sector="hospitality")
    _occupation("koksmaat", "cook's mate", isco_group="9412", sector="hospitality")
    _occupation("afwasser", "dishwasher", alt_nl="spoelkeukenmedewerker", isco_group="9412", sector="hospitality")
    _occupation("bakker", "baker", alt_en="Bread maker", isco_group="7512", sector="agriculture_food")
    _occupation("verpleegkundige", "nurse", isco_group="2221", sector="care")
    knife, hygiene = SkillFactory(label_nl="messen gebruiken"), SkillFactory(label_nl="hygiëne bewaken")
    session.add_all([OccupationSkill(occupation=cook, skill=knife, relation="essential"),
                     OccupationSkill(occupation=cook, skill=hygiene, relation="optional")])
    headers = token_for(UserFactory(role="employer"))
    session.commit()
    return {"cook": cook, "knife": knife, "hygiene": hygiene, "headers": headers}


def labels(client, headers, qs):
    response = client.get(f"/api/v1/occupations?{qs}", headers=headers)
    assert response.status_code == 200, response.json
    return [o["label"] for o in response.json["items"]]


def test_kok_finds_the_cook_first_then_prefix_matches_then_the_rest(client, kitchen):
    assert labels(client, kitchen["headers"], "q=kok") == ["kok", "koksmaat", "hulpkok"]
    assert labels(client, kitchen["headers"], "q=KOK")[0] == "kok"


def test_search_matches_english_and_alternative_labels_case_insensitively(client, kitchen):
    h = kitchen["headers"]
    assert labels(client, h, "q=cook") == ["kok", "koksmaat"]
    assert labels(client, h, "q=chef de partie") == ["kok"]
    assert labels(client, h, "q=keukenkok") == ["kok"]
    assert labels(client, h, "q=bread MAKER") == ["bakker"]
    assert labels(client, h, "q=spoelkeuken") == ["afwasser"]
    assert labels(client, h, "q=Dishwasher") == ["afwasser"]
    assert labels(client, h, "q=%25") == []
    assert labels(client, h, "q=_") == []


def test_exact_alternative_label_ranks_before_partial_matches(client, kitchen):
    # "chef-kok" is an alternative label of kok only; "kok" matches three labels
    assert labels(client, kitchen["headers"], "q=chef-kok") == ["kok"]
    assert labels(client, kitchen["headers"], "q=keuken") == ["kok", "afwasser"]


def test_filters_by_isco_group_sector_and_starter(client, kitchen):
    h = kitchen["headers"]
    assert labels(client, h, "isco_group=9412") == ["afwasser", "hulpkok", "koksmaat"]
    assert labels(client, h, "sector=care") == ["verpleegkundige"]
    assert labels(client, h, "starter=true") == ["kok"]
    assert labels(client, h, "sector=hospitality&q=kok&limit=1") == ["kok"]
    assert client.get("/api/v1/occupations?sector=space", headers=h).status_code == 422


def test_one_occupation_with_its_skills_labels_and_broader_group(client, kitchen):
    cook = kitchen["cook"]
    body = client.get(f"/api/v1/occupations/{cook.id}", headers=kitchen["headers"]).json
    assert (body["label_nl"], body["label_en"]) == ("kok", "cook")
    assert body["alt_labels_nl"] == ["keukenkok", "chef-kok"] and body["alt_labels_en"] == ["chef de partie"]
    assert [s["label"] for s in body["essential_skills"]] == ["messen gebruiken"]
    assert [s["label"] for s in body["optional_skills"]] == ["hygiëne bewaken"]
    assert body["broader"] == {"kind": "isco_group", "id": None, "uri": "urn:isco:5120", "code": "5120",
                               "label": "Cooks"}


def test_broader_occupation_is_linked_by_id(client, kitchen, session):
    chef = _occupation("chef", "head chef", broader_uri=kitchen["cook"].uri)
    session.commit()
    body = client.get(f"/api/v1/occupations/{chef.id}", headers=kitchen["headers"]).json
    assert body["broader"]["kind"] == "occupation" and body["broader"]["id"] == kitchen["cook"].id


@pytest.mark.parametrize("role", ["admin", "coordinator", "advisor", "employer", "school", "person"])
def test_every_authenticated_role_reads_occupations_and_nobody_writes(client, kitchen, session, role):
    h = token_for(UserFactory(role=role))
    session.commit()
    assert client.get("/api/v1/occupations?q=kok", headers=h).json["total"] == 3
    assert client.get(f"/api/v1/occupations/{kitchen['cook'].id}", headers=h).status_code == 200
    assert client.post("/api/v1/occupations", headers=h, json={"label_en": "x"}).status_code == 405
    assert client.delete(f"/api/v1/occupations/{kitchen['cook'].id}", headers=h).status_code == 405


def test_unknown_occupation_is_404_and_anonymous_callers_401(client, kitchen):
    assert client.get("/api/v1/occupations/999999", headers=kitchen["headers"]).status_code == 404
    assert client.get("/api/v1/occupations").status_code == 401
