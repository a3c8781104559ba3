"""Search by words: organisations, programmes and people by name; the built-in taxonomy by Dutch words."""
import pytest

from matchmaker.taxonomy.builtin import load_builtin_taxonomy
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, token_for


def names(client, headers, path):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json["items"]]


def test_organisations_by_words_of_their_name_any_order_accents_aside_best_first(client, session):
    for name in ("Bloemkroon Hoveniers", "Café De Kroon", "Kroonenberg Bouw", "Kroon", "Zorg Zwolle"):
        OrganisationFactory(name=name)
    headers = token_for(UserFactory(role="coordinator"))
    session.commit()

    assert names(client, headers, "/api/v1/organisations?q=kroon") == [
        "Kroon", "Kroonenberg Bouw", "Café De Kroon", "Bloemkroon Hoveniers"]
    assert names(client, headers, "/api/v1/organisations?q=kroon%20cafe") == ["Café De Kroon"]
    assert names(client, headers, "/api/v1/organisations?q=CAFÉ") == ["Café De Kroon"]
    assert names(client, headers, "/api/v1/organisations?q=zwolle%20bouw") == []


def test_people_by_name_only_within_what_the_caller_may_see(client, session):
    advisor, other_advisor = UserFactory(role="advisor"), UserFactory(role="advisor")
    session.flush()
    PersonFactory(name="Zoë van Dijk", advisor_id=advisor.id)
    PersonFactory(name="Zoe Dijkstra", advisor_id=other_advisor.id)
    headers, employer = token_for(advisor), token_for(UserFactory(role="employer"))
    session.commit()

    assert names(client, headers, "/api/v1/people?q=dijk%20zoe") == ["Zoë van Dijk"]
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    # a name that starts with the words typed comes before one that only has them
    assert names(client, admin, "/api/v1/people?q=zoe%20dijk") == ["Zoe Dijkstra", "Zoë van Dijk"]
    assert names(client, admin, "/api/v1/people?q=zoe%20van%20dijk") == ["Zoë van Dijk"]
    assert client.get("/api/v1/people?q=zoe", headers=employer).status_code == 403


@pytest.fixture
def builtin(session):
    load_builtin_taxonomy(session=session)
    headers = token_for(UserFactory(role="advisor"))
    session.commit()
    return headers


def labels(client, headers, path):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.json
    return [item["label"] for item in response.json["items"]]


def test_koken_finds_cooking_skills_and_the_cook_on_the_builtin_taxonomy(client, builtin):
    skills = labels(client, builtin, "/api/v1/skills?q=koken")
    assert "kooktechnieken" in skills
    assert "kok" in labels(client, builtin, "/api/v1/occupations?q=koken")
    english = labels(client, {**builtin, "Accept-Language": "en"}, "/api/v1/skills?q=koken")
    assert english and all(label.isascii() for label in english)  # the same skills, labelled in English
    assert len(english) == len(skills)
