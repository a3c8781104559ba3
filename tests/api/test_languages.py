"""Dutch by default, English on request (?lang= on every endpoint, or Accept-Language), errors included."""
from __future__ import annotations

from tests.factories import OrganisationFactory, UserFactory, token_for


def test_lang_is_accepted_and_documented_on_every_endpoint(client, session):
    headers = token_for(UserFactory(role="admin"))
    OrganisationFactory(sector="agriculture_food")
    session.commit()
    for lang in ("nl", "en"):  # an endpoint whose query arguments are strict
        response = client.get(f"/api/v1/organisations?limit=5&lang={lang}", headers=headers)
        assert response.status_code == 200, response.json
        assert response.headers["Content-Language"] == lang
    item = client.get("/api/v1/organisations", headers=headers).json["items"][0]
    assert (item["sector"], item["sector_label"]) == ("agriculture_food", "Landbouw en voedsel")
    item = client.get("/api/v1/organisations?lang=en", headers=headers).json["items"][0]
    assert item["sector_label"] == "Agriculture and food"
    spec = client.get("/api/openapi.json").json
    assert spec["components"]["parameters"]["Lang"]["schema"]["enum"] == ["nl", "en"]
    for path, item in spec["paths"].items():
        assert {"$ref": "#/components/parameters/Lang"} in item.get("parameters", []), path


def test_accept_language_chooses_and_dutch_is_the_default(client):
    assert client.get("/api/v1/vocabulary").headers["Content-Language"] == "nl"
    assert client.get("/api/v1/vocabulary", headers={"Accept-Language": "de-DE,de;q=0.9"}).json["sector"][0] == {
        "code": "care", "label": "Zorg"}
    english = client.get("/api/v1/vocabulary", headers={"Accept-Language": "en-GB,en;q=0.8,nl;q=0.5"}).json
    assert english["sector"][0] == {"code": "care", "label": "Care"}
    assert client.get("/api/v1/vocabulary?lang=nl", headers={"Accept-Language": "en"}).json["sector"][0]["label"] == "Zorg"


def test_the_vocabulary_lists_every_value_with_a_label_in_both_languages(client):
    from matchmaker import vocabulary as v

    for lang in ("nl", "en"):
        body = client.get(f"/api/v1/vocabulary?lang={lang}").json
        for name, values in (("sector", v.SECTORS), ("accommodation", v.ACCOMMODATIONS),
                             ("target_group", v.TARGET_GROUPS), ("lever", v.LEVERS), ("need_kind", v.NEED_KINDS),
                             ("programme_mode", v.PROGRAMME_MODES), ("education_level", v.EDUCATION_LEVELS),
                             ("dutch_level", v.DUTCH_LEVELS), ("partner_request_kind", v.PARTNER_REQUEST_KINDS)):
            assert [entry["code"] for entry in body[name]] == list(values)
            assert all(entry["label"] and "_" not in entry["label"] for entry in body[name]), (lang, name)


def test_errors_speak_the_readers_language_and_name_the_field(client, session):
    headers = token_for(UserFactory(role="admin"))
    session.commit()
    dutch = client.post("/api/v1/organisations", headers=headers, json={"name": "Bakkerij Jansen"})
    assert dutch.status_code == 422
    assert dutch.json["message"] == "Sommige velden kloppen niet: zie errors."
    assert dutch.json["errors"]["json"]["sector"] == ["Sector: vul dit veld in."]
    english = client.post("/api/v1/organisations?lang=en", headers=headers, json={"name": "Bakkerij Jansen"})
    assert english.json["errors"]["json"]["sector"] == ["Sector: fill in this field."]
    wrong = client.post("/api/v1/organisations", headers=headers,
                        json={"name": "Bakkerij Jansen", "kind": "employer", "sector": "bakery"})
    assert wrong.json["errors"]["json"]["sector"][0].startswith(
        "Sector: kies een van: Zorg (care), Techniek en industrie (manufacturing)")
    missing = client.get("/api/v1/needs/999999/candidates", headers=headers)
    assert (missing.status_code, missing.json["message"]) == (404, "Er is geen vacature met nummer 999999.")
    missing = client.get("/api/v1/needs/999999/candidates?lang=en", headers=headers)
    assert missing.json["message"] == "No need with id 999999."
    nobody = client.get("/api/v1/organisations")
    assert (nobody.status_code, nobody.json["message"]) == (
        401, "Er is een geldig token nodig (Authorization: Bearer <token>).")


def test_errors_name_fields_values_and_records_in_words_not_codes(client, session):
    """An advisor reads the refusal aloud: no ``consent.special_category``, no ``knowledge_exchange``, no ``admin``."""
    school = OrganisationFactory(kind="school", sector="education")
    advisor, school_user = UserFactory(role="advisor"), UserFactory(role="school", organisation_id=school.id)
    headers, school_headers = token_for(advisor), token_for(school_user)
    session.commit()

    sensitive = client.post("/api/v1/people", headers=headers, json={
        "name": "Kees", "municipality_code": "GM0153", "target_groups": ["returner"],
        "consent": {"special_category": False}})
    assert sensitive.status_code == 422
    assert sensitive.json["message"] == ("Gevoelige gegevens (doelgroepen) kunnen alleen worden bewaard als er "
                                         "toestemming voor gevoelige gegevens is.")
    english = client.post("/api/v1/people?lang=en", headers=headers, json={
        "name": "Kees", "municipality_code": "GM0153", "target_groups": ["returner"],
        "consent": {"special_category": False}})
    assert english.json["message"] == "Sensitive data (target groups) can only be stored once consent for sensitive " \
                                      "data is given."

    lever = client.post("/api/v1/partner-requests", headers=school_headers, json={
        "organisation_id": school.id, "direction": "seeks", "kind": "staff_sharing", "title": "Docenten gezocht",
        "lever": "co_creation"})
    assert lever.status_code == 422, lever.json
    assert lever.json["errors"]["json"]["lever"] == [lever.json["message"]]
    assert "knowledge_exchange" in lever.json["message"]  # the code to send, beside its label
    assert "staff_sharing" not in lever.json["message"] and "niet bij " in lever.json["message"]

    role = client.post("/api/v1/regions/twente/allocation", headers=school_headers)
    assert role.status_code == 403
    assert "(school)" in role.json["message"] and "beheerder" in role.json["message"], role.json["message"]
    assert "admin" not in role.json["message"]

    missing = client.get("/api/v1/occupations/999999", headers=headers)
    assert missing.json["message"] == "Er is geen beroep met nummer 999999."
    assert client.get("/api/v1/occupations/999999?lang=en", headers=headers).json["message"] == \
        "No occupation with id 999999."
