"""Versions, ETags and If-Match on every record users edit; skills added and removed as sets; lost races as 409/412.

The concurrent clients through a real server are in test_concurrent_writes.py.
"""
import pytest
from sqlalchemy import update

from matchmaker.extensions import db
from matchmaker.models import Need, Person
from matchmaker.services import versions
from tests.factories import (
    NeedFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PersonFactory,
    ProgrammeFactory,
    SkillFactory,
    UserFactory,
    token_for,
)

#: resource path -> (factory, a change the admin may make)
RESOURCES = {
    "organisations": (OrganisationFactory, {"description": "Familiebedrijf in de logistiek"}),
    "programmes": (ProgrammeFactory, {"description": "BBL, vier dagen werken en een dag school"}),
    "needs": (NeedFactory, {"title": "Orderpicker (nachtdienst)"}),
    "people": (PersonFactory, {"summary": "Zoekt werk in de buurt van Hengelo"}),
    "partner-requests": (PartnerRequestFactory, {"description": "Twee medewerkers in november en december"}),
}


@pytest.fixture
def admin(session):
    headers = token_for(UserFactory(role="admin"))
    session.commit()
    return headers


def _one(resource, session):
    factory, change = RESOURCES[resource]
    record = factory()
    session.commit()
    return f"/api/v1/{resource}/{record.id}", change


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_write_with_a_stale_etag_changes_nothing_and_answers_412(client, session, admin, resource):
    url, change = _one(resource, session)
    first = client.get(url, headers=admin)
    assert first.status_code == 200 and first.json["version"] == 1
    etag = first.headers["ETag"]
    assert client.get(url, headers={**admin, "If-None-Match": etag}).status_code == 304

    changed = client.patch(url, headers={**admin, "If-Match": etag}, json=change)
    assert changed.status_code == 200, changed.json
    assert changed.json["version"] == 2 and changed.headers["ETag"] not in (None, etag)
    assert client.get(url, headers=admin).headers["ETag"] == changed.headers["ETag"]

    field = next(iter(change))
    stale = client.patch(url, headers={**admin, "If-Match": etag}, json={field: "Iets anders"})
    assert stale.status_code == 412
    assert stale.json["errors"] == {"headers": {"If-Match": [stale.json["message"]]}}
    now = client.get(url, headers=admin).json
    assert (now[field], now["version"]) == (change[field], 2)

    assert client.delete(url, headers={**admin, "If-Match": etag}).status_code == 412
    assert client.get(url, headers=admin).status_code == 200
    assert client.delete(url, headers={**admin, "If-Match": changed.headers["ETag"]}).status_code == 204
    assert client.get(url, headers=admin).status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_write_without_if_match_is_still_allowed_and_counts(client, session, admin, resource):
    url, change = _one(resource, session)
    response = client.patch(url, headers=admin, json=change)
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2 and response.headers["ETag"]
    assert client.patch(url, headers={**admin, "If-Match": "*"}, json=change).status_code == 200
    assert client.delete(url, headers=admin).status_code == 204


def test_the_etag_names_the_record_not_just_the_version(client, session, admin):
    first, second = NeedFactory(), NeedFactory()
    session.commit()
    tags = {client.get(f"/api/v1/needs/{need.id}", headers=admin).headers["ETag"] for need in (first, second)}
    assert len(tags) == 2
    other = client.get(f"/api/v1/needs/{second.id}", headers=admin).headers["ETag"]
    response = client.patch(f"/api/v1/needs/{first.id}", headers={**admin, "If-Match": other}, json={"headcount": 3})
    assert response.status_code == 412


def test_changing_only_a_records_lists_counts_as_a_change(client, session, admin):
    lift, drive = SkillFactory(), SkillFactory()
    person, programme, need = PersonFactory(), ProgrammeFactory(), NeedFactory()
    network, employer = OrganisationFactory(kind="network"), OrganisationFactory()
    session.commit()
    changes = [(f"/api/v1/people/{person.id}", {"skill_ids": [lift.id]}),
               (f"/api/v1/programmes/{programme.id}", {"skill_ids": [lift.id, drive.id]}),
               (f"/api/v1/organisations/{employer.id}", {"network_ids": [network.id]}),
               (f"/api/v1/needs/{need.id}", {"skills": [{"skill_id": lift.id}]}),
               (f"/api/v1/needs/{need.id}", {"skills": [{"skill_id": lift.id, "relation": "optional"}]})]
    for url, change in changes:
        before = client.get(url, headers=admin)
        response = client.patch(url, headers={**admin, "If-Match": before.headers["ETag"]}, json=change)
        assert response.status_code == 200, (url, response.json)
        assert response.json["version"] == before.json["version"] + 1, url
    unchanged = client.get(f"/api/v1/people/{person.id}", headers=admin).json
    assert client.patch(f"/api/v1/people/{person.id}", headers=admin,
                        json={"skill_ids": [lift.id]}).json["version"] == unchanged["version"]


def test_skills_are_added_and_removed_as_a_set(client, session, admin):
    lift, drive, plan, cook = SkillFactory(), SkillFactory(), SkillFactory(), SkillFactory()
    person = PersonFactory(skills=[cook])
    session.commit()
    url = f"/api/v1/people/{person.id}"
    added = client.patch(url, headers=admin, json={"add_skill_ids": [lift.id, drive.id, cook.id]})
    assert added.status_code == 200, added.json
    assert added.json["skill_ids"] == sorted([lift.id, drive.id, cook.id]) and added.json["version"] == 2
    assert added.headers["ETag"] == client.get(url, headers=admin).headers["ETag"]

    removed = client.patch(url, headers={**admin, "If-Match": added.headers["ETag"]},
                           json={"remove_skill_ids": [cook.id, plan.id], "summary": "Heeft een rijbewijs C"})
    assert removed.status_code == 200, removed.json
    assert removed.json["skill_ids"] == sorted([lift.id, drive.id])
    assert removed.json["summary"] == "Heeft een rijbewijs C"
    assert client.get(url, headers=admin).json["version"] == removed.json["version"] > 2

    stale = client.patch(url, headers={**admin, "If-Match": added.headers["ETag"]}, json={"add_skill_ids": [plan.id]})
    assert stale.status_code == 412
    assert client.get(url, headers=admin).json["skill_ids"] == sorted([lift.id, drive.id])


@pytest.mark.parametrize("body, field", [
    ({"add_skill_ids": [999_999]}, "add_skill_ids"),
    ({"add_skill_ids": ["SKILL"]}, "add_skill_ids"),
    ({"add_skill_ids": [1], "remove_skill_ids": [1]}, "remove_skill_ids"),
    ({"add_skill_ids": [1], "skill_ids": [1]}, "skill_ids"),
])
def test_bad_skill_changes_name_the_field_and_change_nothing(client, session, admin, body, field):
    skill = SkillFactory()
    person = PersonFactory()
    session.commit()
    body = {key: [skill.id if value == 1 else value for value in values] for key, values in body.items()}
    response = client.patch(f"/api/v1/people/{person.id}", headers=admin, json=body)
    assert response.status_code == 422
    assert field in next(iter(response.json["errors"].values()))
    after = client.get(f"/api/v1/people/{person.id}", headers=admin).json
    assert (after["skill_ids"], after["version"]) == ([], 1)


def test_a_needs_skills_are_added_with_their_relation_and_removed(client, session, admin):
    lift, drive, plan = SkillFactory(), SkillFactory(), SkillFactory()
    need = NeedFactory()
    session.commit()
    url = f"/api/v1/needs/{need.id}"
    client.patch(url, headers=admin, json={"skills": [{"skill_id": lift.id}, {"skill_id": drive.id}]})
    response = client.patch(url, headers=admin, json={
        "add_skills": [{"skill_id": plan.id}, {"skill_id": drive.id, "relation": "optional"}],
        "remove_skill_ids": [lift.id]})
    assert response.status_code == 200, response.json
    assert [(s["id"], s["relation"]) for s in response.json["skills"]] == [(plan.id, "essential"),
                                                                          (drive.id, "optional")]
    assert response.json["version"] == 3
    both = client.patch(url, headers=admin, json={"add_skills": [{"skill_id": lift.id}], "skills": []})
    assert both.status_code == 422 and "skills" in both.json["errors"]["json"]


def _a_concurrent_write_lands_first(monkeypatch, model, record_id):
    """Right after this request has read the record (and checked If-Match), another writer changes it, as a
    concurrent request would that commits first."""
    real = versions.check

    def concurrent_then_check(precondition, record):
        db.session.execute(update(model).where(model.id == record_id).values(version=model.version + 1)
                           .execution_options(synchronize_session=False))
        real(precondition, record)

    monkeypatch.setattr(versions, "check", concurrent_then_check)


def test_a_write_that_loses_a_race_answers_409_without_if_match_and_412_with_it(client, session, admin, monkeypatch):
    need = NeedFactory(headcount=4)
    session.commit()
    url = f"/api/v1/needs/{need.id}"
    etag = client.get(url, headers=admin).headers["ETag"]
    _a_concurrent_write_lands_first(monkeypatch, Need, need.id)

    blind = client.patch(url, headers=admin, json={"headcount": 5})
    assert blind.status_code == 409, blind.json
    assert "not saved" in blind.json["message"]
    conditional = client.patch(url, headers={**admin, "If-Match": etag}, json={"headcount": 5})
    assert conditional.status_code == 412, conditional.json
    monkeypatch.undo()
    after = client.get(url, headers=admin)
    assert (after.json["headcount"], after.json["version"], after.headers["ETag"]) == (4, 1, etag)


def test_replacing_skills_while_someone_else_writes_answers_409_not_500(client, session, admin, monkeypatch):
    lift, drive = SkillFactory(), SkillFactory()
    person = PersonFactory(skills=[lift])
    session.commit()
    _a_concurrent_write_lands_first(monkeypatch, Person, person.id)
    response = client.patch(f"/api/v1/people/{person.id}", headers=admin, json={"skill_ids": [drive.id]})
    assert response.status_code == 409, response.json
    monkeypatch.undo()
    assert client.get(f"/api/v1/people/{person.id}", headers=admin).json["skill_ids"] == [lift.id]


def test_the_openapi_document_shows_etags_if_match_and_412(client):
    spec = client.get("/api/openapi.json").json
    for path in ("/api/v1/organisations/{organisation_id}", "/api/v1/programmes/{programme_id}",
                 "/api/v1/needs/{need_id}", "/api/v1/people/{person_id}",
                 "/api/v1/partner-requests/{partner_request_id}"):
        operations = spec["paths"][path]
        assert "ETag" in operations["get"]["responses"]["200"]["headers"], path
        assert {"$ref": "#/components/parameters/IF_NONE_MATCH"} in operations["get"]["parameters"], path
        for method in ("patch", "delete"):
            if_match = [p for p in operations[method]["parameters"] if p.get("name") == "If-Match"]
            assert if_match and if_match[0]["required"] is False, (path, method)
            assert "412" in operations[method]["responses"] and "428" not in operations[method]["responses"]
        assert "ETag" in operations["patch"]["responses"]["200"]["headers"], path


def test_a_sqlite_write_that_waits_too_long_answers_503_with_retry_after(client, session, admin, monkeypatch, tmp_path):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from matchmaker.services import needs

    holder = sqlite3.connect(tmp_path / "busy.sqlite3")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(tmp_path / "busy.sqlite3", timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        waiter.execute("INSERT INTO t VALUES (1)")
    holder.close(), waiter.close()

    def busy(**kwargs):
        raise OperationalError("UPDATE needs ...", {}, locked.value)

    need = NeedFactory()
    session.commit()
    monkeypatch.setattr(needs, "update", busy)
    response = client.patch(f"/api/v1/needs/{need.id}", headers=admin, json={"headcount": 2})
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert "nothing was saved" in response.json["message"]
