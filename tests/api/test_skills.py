import pytest

from matchmaker.models import OccupationSkill, SkillBroader, SkillGroup
from tests.factories import OccupationFactory, SkillFactory, UserFactory, token_for


def _skill(label_nl, label_en, alt_nl="", alt_en="", **kwargs):
    return SkillFactory(label_nl=label_nl, label_en=label_en, alt_labels_nl=alt_nl, alt_labels_en=alt_en, **kwargs)


@pytest.fixture
def skills(session):
    weld = _skill("lassen", "weld", alt_en="welding\njoin metal", alt_nl="metaal verbinden")
    _skill("laswerk inspecteren", "inspect welds")
    _skill("puntlassen", "spot welding", alt_nl="weerstandslassen")
    metals = _skill("metaalkunde", "metallurgy", skill_type="knowledge")
    session.add_all([
        SkillGroup(uri="urn:group:S6", code="S6", label_en="handling and moving", label_nl="hanteren en verplaatsen"),
        SkillGroup(uri="urn:group:S6.1", code="S6.1", label_en="working with metals", label_nl=None),
        SkillBroader(narrower_uri=weld.uri, broader_uri="urn:group:S6.1"),
        SkillBroader(narrower_uri="urn:group:S6.1", broader_uri="urn:group:S6"),
    ])
    welder = OccupationFactory(label_nl="lasser", label_en="welder")
    fitter = OccupationFactory(label_nl="constructiebankwerker", label_en="metal fitter")
    session.add_all([OccupationSkill(occupation=welder, skill=weld, relation="essential"),
                     OccupationSkill(occupation=fitter, skill=weld, relation="optional"),
                     OccupationSkill(occupation=welder, skill=metals, relation="optional")])
    headers = token_for(UserFactory(role="school"))
    session.commit()
    return {"weld": weld, "metals": metals, "welder": welder, "fitter": fitter, "headers": headers}


def labels(client, headers, qs):
    response = client.get(f"/api/v1/skills?{qs}", headers=headers)
    assert response.status_code == 200, response.json
    return [s["label"] for s in response.json["items"]]


def test_search_in_dutch_and_english_incl_alternative_labels_exact_and_prefix_first(client, skills):
    h = skills["headers"]
    assert labels(client, h, "q=lassen") == ["lassen", "puntlassen"]
    assert labels(client, h, "q=las") == ["lassen", "laswerk inspecteren", "puntlassen"]
    assert labels(client, h, "q=weld") == ["lassen", "laswerk inspecteren", "puntlassen"]
    # "welding" and "welds" share a stem: the exact alternative label first, then the two stem matches
    assert labels(client, h, "q=Welding") == ["lassen", "laswerk inspecteren", "puntlassen"]
    assert labels(client, h, "q=lassen tig") == []
    assert labels(client, h, "q=metaal verbinden") == ["lassen"]
    assert labels(client, h, "q=weerstand") == ["puntlassen"]


def test_filters_by_skill_type_and_occupation(client, skills):
    h = skills["headers"]
    assert labels(client, h, "skill_type=knowledge") == ["metaalkunde"]
    assert labels(client, h, f"occupation={skills['welder'].id}") == ["lassen", "metaalkunde"]
    assert labels(client, h, f"occupation={skills['fitter'].id}&q=weld") == ["lassen"]
    assert client.get("/api/v1/skills?occupation=999999", headers=h).status_code == 404


def test_one_skill_with_the_occupations_that_need_it_and_its_broader_groups(client, skills):
    body = client.get(f"/api/v1/skills/{skills['weld'].id}", headers=skills["headers"]).json
    assert body["alt_labels_en"] == ["welding", "join metal"] and body["alt_labels_nl"] == ["metaal verbinden"]
    assert body["occupation_count"] == 2
    assert [(o["label"], o["relation"]) for o in body["occupations"]] == [("lasser", "essential"),
                                                                         ("constructiebankwerker", "optional")]
    assert [(b["kind"], b["code"], b["label"]) for b in body["broader"]] == [
        ("skill_group", "S6.1", "working with metals"), ("skill_group", "S6", "hanteren en verplaatsen")]


def test_a_skill_needed_by_many_occupations_lists_the_first_50_and_counts_all(client, skills, session):
    weld = skills["weld"]
    for n in range(60):
        session.add(OccupationSkill(occupation=OccupationFactory(label_nl=f"beroep {n:02d}"), skill=weld,
                                    relation="optional"))
    session.commit()
    body = client.get(f"/api/v1/skills/{weld.id}", headers=skills["headers"]).json
    assert body["occupation_count"] == 62
    assert len(body["occupations"]) == 50
    assert body["occupations"][0]["label"] == "lasser"
    assert body["occupations"][1]["label"] == "beroep 00"


@pytest.mark.parametrize("role", ["admin", "coordinator", "advisor", "employer", "school", "person"])
def test_every_authenticated_role_reads_skills_and_nobody_writes(client, skills, session, role):
    h = token_for(UserFactory(role=role))
    session.commit()
    assert client.get("/api/v1/skills?q=weld", headers=h).json["total"] == 3
    assert client.get(f"/api/v1/skills/{skills['weld'].id}", headers=h).status_code == 200
    assert client.patch(f"/api/v1/skills/{skills['weld'].id}", headers=h, json={}).status_code == 405
    assert client.get("/api/v1/skills/999999", headers=h).status_code == 404
    assert client.get("/api/v1/skills").status_code == 401
