"""A skill without a Dutch label (ESCO's Dutch download may be partial) reads as its English label with its Dutch
skill group beside it, in every response and page that names it; in English, as its English label."""
from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.models import SkillBroader, SkillGroup
from tests.factories import SkillFactory, token_for

DUTCH = "use welding equipment (werken met metaal)"


@pytest.fixture
def welding(web_world):
    session = db.session
    group = SkillGroup(uri="urn:test:group:metal", label_en="working with metal", label_nl="werken met metaal")
    weld = SkillFactory(label_nl=None, label_en="use welding equipment")
    session.add_all([group, SkillBroader(narrower_uri=weld.uri, broader_uri=group.uri)])
    web_world.people["own"].skills = [weld]
    session.commit()
    return weld


def _text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_person_page_names_the_skill_with_its_dutch_group(welding, web_world, signed_in):
    advisor = signed_in("advisor")
    person = web_world.people["own"]
    assert DUTCH in _text(advisor.get(f"/caseload/{person.id}"))
    english = _text(advisor.get(f"/caseload/{person.id}?lang=en"))
    assert "use welding equipment" in english and "werken met metaal" not in english


def test_the_api_names_the_skill_with_its_dutch_group_wherever_it_appears(welding, web_world, client):
    headers = token_for(web_world.users["advisor"])
    db.session.commit()
    person = client.get(f"/api/v1/people/{web_world.people['own'].id}", headers=headers).json
    assert DUTCH in [skill["label"] for skill in person["skills"]], person["skills"]
    assert client.get(f"/api/v1/skills/{welding.id}", headers=headers).json["label"] == DUTCH
    found = client.get("/api/v1/skills?q=welding", headers=headers).json["items"]
    assert [item["label"] for item in found] == [DUTCH]
    english = client.get(f"/api/v1/skills/{welding.id}?lang=en", headers=headers).json
    assert english["label"] == "use welding equipment"
