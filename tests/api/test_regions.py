from tests.factories import NeedFactory, OrganisationFactory, PersonFactory, ProgrammeFactory, UserFactory, token_for

URL = "/api/v1/regions"


def test_every_role_lists_the_regions_with_municipalities_and_counts(client, session):
    zwolle_org = OrganisationFactory(municipality_code="GM0193")
    NeedFactory(organisation=zwolle_org, municipality_code="GM0193")
    NeedFactory(organisation=zwolle_org, municipality_code="GM0166", status="filled")
    NeedFactory(organisation=zwolle_org, municipality_code="GM0153")
    ProgrammeFactory(municipality_code="GM0164")  # its school is in Enschede (twente)
    PersonFactory(municipality_code="GM0193")
    PersonFactory(municipality_code="GM0141")
    PersonFactory(municipality_code=None, latitude=52.0, longitude=5.0)  # outside every region
    session.commit()
    for role in ("admin", "coordinator", "advisor", "employer", "school", "person"):
        headers = token_for(UserFactory(role=role))
        session.commit()
        response = client.get(URL, headers=headers)
        assert response.status_code == 200, response.json
        regions = {r["code"]: r for r in response.json["items"]}
        assert response.json["total"] == 3
        assert set(regions) == {"twente", "regio-zwolle", "stedendriehoek"}
    assert regions["regio-zwolle"]["counts"] == {
        "organisations": 1, "programmes": 0, "needs": 2, "open_needs": 1, "people": 1}
    assert regions["twente"]["counts"] == {
        "organisations": 1, "programmes": 1, "needs": 1, "open_needs": 1, "people": 1}
    assert regions["stedendriehoek"]["counts"] == dict.fromkeys(
        ("organisations", "programmes", "needs", "open_needs", "people"), 0)
    assert len(regions["twente"]["municipalities"]) == 14
    assert {"code": "GM0193", "name": "Zwolle", "latitude": 52.5125, "longitude": 6.0914} in \
        regions["regio-zwolle"]["municipalities"]
    assert [m["name"] for m in regions["stedendriehoek"]["municipalities"]] == ["Deventer", "Olst-Wijhe"]


def test_search_and_pages(client, session):
    headers = token_for(UserFactory(role="person"))
    session.commit()
    codes = lambda qs: [r["code"] for r in client.get(f"{URL}?{qs}", headers=headers).json["items"]]  # noqa: E731
    assert codes("q=kampen") == ["regio-zwolle"]
    assert codes("q=TWENTE") == ["twente"]
    assert codes("limit=1&offset=2") == ["stedendriehoek"]
    response = client.get(f"{URL}?limit=-5", headers=headers)
    assert response.status_code == 422 and "limit" in response.json["errors"]["query"]


def test_one_region_and_unknown_codes(client, session):
    headers = token_for(UserFactory(role="employer"))
    OrganisationFactory(municipality_code="GM0150")
    session.commit()
    response = client.get(f"{URL}/stedendriehoek", headers=headers)
    assert response.status_code == 200
    assert response.json["name"] == "Stedendriehoek en Noordwest-Veluwe"
    assert response.json["counts"]["organisations"] == 1
    for code in ("atlantis", "TWENTE", "twente%00", "x" * 500):
        response = client.get(f"{URL}/{code}", headers=headers)
        assert response.status_code == 404, code
        assert response.json["message"]
    assert client.get(f"{URL}/twente").status_code == 401


def test_the_counts_follow_every_change_and_the_calendar(client, session, monkeypatch):
    """The counts are kept between requests while nothing changes: a new person, a need filled, a person who moves
    and a need whose closing date passed show on the next read."""
    from datetime import timedelta

    from matchmaker.services import open_needs

    headers = token_for(UserFactory(role="coordinator"))
    employer = OrganisationFactory(municipality_code="GM0153")
    filled_later = NeedFactory(organisation=employer, municipality_code="GM0153")
    NeedFactory(organisation=employer, municipality_code="GM0153", closes_on=open_needs.today())
    mover = PersonFactory(municipality_code="GM0153")
    session.commit()

    def counts(code: str) -> dict:
        return client.get(f"{URL}/{code}", headers=headers).json["counts"]

    assert counts("twente") == {"organisations": 1, "programmes": 0, "needs": 2, "open_needs": 2, "people": 1}
    PersonFactory(municipality_code="GM0164")
    filled_later.status = "filled"
    session.commit()
    assert counts("twente") == {"organisations": 1, "programmes": 0, "needs": 2, "open_needs": 1, "people": 2}
    mover.municipality_code = "GM0193"  # to Zwolle
    session.commit()
    assert (counts("twente")["people"], counts("regio-zwolle")["people"]) == (1, 1)
    tomorrow = open_needs.today() + timedelta(days=1)
    monkeypatch.setattr(open_needs, "today", lambda: tomorrow)  # the closing date passed: no data changed
    assert counts("twente")["open_needs"] == 0
