from matchmaker.models import OccupationSkill, SkillBroader, SkillGroup
from tests.factories import OccupationFactory, SkillFactory, UserFactory, token_for


def _kitchen(session):
    """kitchen assistant -> cook: 2 of cook's 3 essentials held, the third a sibling of one held."""
    wash, veg, menus, stock, care = (SkillFactory(label_en=n, label_nl=None) for n in
                                     ("wash dishes", "prepare vegetables", "plan menus", "manage kitchen stock", "wash patients"))
    assistant = OccupationFactory(label_en="kitchen assistant", label_nl=None, isco_group="9412")
    cook = OccupationFactory(label_en="cook", label_nl=None, isco_group="5120")
    porter = OccupationFactory(label_en="kitchen porter", label_nl=None, isco_group="9412")
    nurse = OccupationFactory(label_en="nurse", label_nl=None, isco_group="2221")
    links = [(assistant, wash, "essential"), (assistant, veg, "essential"), (assistant, stock, "optional"),
             (cook, veg, "essential"), (cook, menus, "essential"), (cook, stock, "essential"),
             (porter, wash, "essential"), (nurse, care, "essential")]
    session.add_all(OccupationSkill(occupation_id=o.id, skill_id=s.id, relation=r) for o, s, r in links)
    session.add_all([SkillGroup(uri="urn:test:group:kitchen", label_en="kitchen work"),
                     SkillBroader(narrower_uri=wash.uri, broader_uri="urn:test:group:kitchen"),
                     SkillBroader(narrower_uri=menus.uri, broader_uri="urn:test:group:kitchen")])
    session.commit()
    return assistant, cook, porter, nurse


def test_transitions_are_ordered_explained_and_asymmetric(client, session):
    assistant, cook, porter, nurse = _kitchen(session)
    headers = token_for(UserFactory(role="advisor"))
    session.commit()
    body = client.get(f"/api/v1/occupations/{assistant.id}/transitions", headers=headers).json
    assert [d["occupation"]["label"] for d in body["destinations"]][:2] == ["kitchen porter", "cook"]
    assert body["destinations"][0]["similarity"] == 1.0  # the porter's only essential skill is washing dishes
    first = body["destinations"][1]
    assert round(first["similarity"], 3) == 0.833  # veg 1 + stock 1 + menus 0.5 (sibling of wash) of 3
    assert [s["label"] for s in first["shared_skills"]] == ["prepare vegetables", "manage kitchen stock"]
    assert first["near_skills"][0]["label"] == "plan menus" and first["near_skills"][0]["like"]["label"] == "wash dishes"
    assert first["missing_skills"] == []
    assert "heeft al 2 van de 3 vaardigheden die nodig zijn als cook" in first["explanation"]
    # the facts name occupations and skills as concepts, by id and by their label in the reader's language
    veg, stock = (s["id"] for s in first["shared_skills"])
    assert first["facts"][0] == {"code": "transition.shared", "params": {
        "source": {"concept": "occupation", "id": assistant.id, "label": "kitchen assistant"},
        "target": {"concept": "occupation", "id": cook.id, "label": "cook"}, "shared": 2, "total": 3,
        "skills": [{"concept": "skill", "id": veg, "label": "prepare vegetables"},
                   {"concept": "skill", "id": stock, "label": "manage kitchen stock"}]}}
    english = client.get(f"/api/v1/occupations/{assistant.id}/transitions?lang=en", headers=headers).json
    assert "gives 2 of the 3 essential skills for cook" in english["destinations"][1]["explanation"]
    similarities = [d["similarity"] for d in body["destinations"]]
    assert similarities == sorted(similarities, reverse=True)
    back = client.get(f"/api/v1/occupations/{cook.id}/transitions", headers=headers).json
    to_assistant = next(d for d in back["destinations"] if d["occupation"]["id"] == assistant.id)
    assert to_assistant["similarity"] < first["similarity"]


def test_transitions_honour_limit_and_min_similarity_and_flag_viable_moves(client, session):
    assistant, cook, porter, nurse = _kitchen(session)
    headers = token_for(UserFactory(role="employer"))
    session.commit()
    body = client.get(f"/api/v1/occupations/{assistant.id}/transitions?min_similarity=0.5&limit=5", headers=headers).json
    labels = [d["occupation"]["label"] for d in body["destinations"]]
    assert labels == ["kitchen porter", "cook"]
    assert 0 < body["viable_threshold"] <= 1
    assert all(d["viable"] == (d["similarity"] >= body["viable_threshold"]) for d in body["destinations"])
    assert "nurse" not in labels


def test_transitions_of_an_unknown_occupation_is_404_and_bad_arguments_422(client, session):
    _kitchen(session)
    headers = token_for(UserFactory(role="admin"))
    session.commit()
    assert client.get("/api/v1/occupations/999999/transitions", headers=headers).status_code == 404
    response = client.get("/api/v1/occupations/1/transitions?min_similarity=2", headers=headers)
    assert response.status_code == 422 and "min_similarity" in response.json["errors"]["query"]
