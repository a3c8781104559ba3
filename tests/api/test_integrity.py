"""Integrity (issue 10, findings 1 and 8): foreign keys enforced on SQLite as on PostgreSQL, ids never reused,
deleting an organisation takes what it owns along and leaves every computed view answering without naming
what is gone, and every timestamp the API shows carries its zone."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from matchmaker import create_app
from matchmaker.extensions import db as _db
from matchmaker.models import ApiToken, Need, PartnerRequest, Programme, User
from matchmaker.services import jobs
from tests.api.ecosystem_world import HEINO, RAALTE, need, occupation, reset_isco, skills
from tests.factories import (
    JobFactory,
    OrganisationFactory,
    PartnerRequestFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    token_for,
)


def test_every_sqlite_connection_enforces_foreign_keys(tmp_path):
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path / 'fk.sqlite3'}"})
    with app.app_context():
        _db.create_all()
        for _ in range(3):  # new connections too, not only the first
            with _db.engine.connect() as connection:
                assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            _db.engine.dispose()
        _db.drop_all()


@pytest.mark.parametrize("path, body", [
    ("/api/v1/people", {"name": "Fatima El Amrani", "municipality_code": "GM0153"}),
    ("/api/v1/organisations", {"name": "Bakkerij Oost", "kind": "employer", "sector": "retail",
                               "municipality_code": "GM0153"}),
])
def test_the_id_of_a_deleted_record_is_never_handed_out_again(client, session, path, body):
    admin = token_for(UserFactory(role="admin"))
    session.commit()
    first = client.post(path, headers=admin, json=body).json["id"]
    assert client.delete(f"{path}/{first}", headers=admin).status_code == 204
    second = client.post(path, headers=admin, json=body).json["id"]
    assert second > first


def _world(session):
    """An employer and a school in Raalte, a logistics firm in Heino, and a person whose best match, career path
    and allocation run through the employer's need and the school's programme."""
    reset_isco()
    picking, team, forklift = skills("order picking", "working in a team", "drive forklift")
    # ISCO skill levels as in real life (order picker 1, forklift driver 2), so the course is a fitting step
    picker = occupation("order picker", [picking, team], isco_group="9321")
    driver = occupation("forklift driver", [picking, forklift], isco_group="8344")
    employer = OrganisationFactory(name="Jansen Fruit", sector="agriculture", **RAALTE)
    logistics = OrganisationFactory(name="Twente Logistics", sector="logistics", **HEINO)
    school = OrganisationFactory(name="Deltion Raalte", kind="school", sector="education", **RAALTE)
    owned_need = need(employer, picker, [picking, team], headcount=3, months=[4, 5, 6, 7, 8, 9], title="Picking")
    need(employer, driver, [picking, forklift], title="Forklift at Jansen")
    other_need = need(logistics, picker, [picking, team], headcount=3, months=[10, 11, 12, 1, 2, 3],
                      title="Winter peak")
    programme = ProgrammeFactory(organisation=school, name="Heftruck", duration_months=1, skills=[forklift],
                                 occupations=[driver], **RAALTE)
    PartnerRequestFactory(organisation=employer, title="Winter staff")
    advisor = UserFactory(role="advisor")
    person = PersonFactory(name="Sanne", skills=[picking, team], advisor_id=advisor.id, travel_radius_km=40,
                           consent_share_with=[employer.id, logistics.id], **RAALTE)
    users = {"admin": UserFactory(role="admin"), "coordinator": UserFactory(role="coordinator"), "advisor": advisor,
             "employer": UserFactory(role="employer", organisation_id=employer.id),
             "other_employer": UserFactory(role="employer", organisation_id=logistics.id),
             "school": UserFactory(role="school", organisation_id=school.id)}
    headers = {role: token_for(user) for role, user in users.items()}
    session.commit()
    return {"employer": employer, "logistics": logistics, "school": school, "owned_need": owned_need,
            "other_need": other_need, "programme": programme, "person": person, "users": users, "headers": headers}


def _refs(body, key: str) -> set[int]:
    """Every id a response names under ``key`` (a nested {"id": ...} or a plain id)."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k == key and isinstance(v, dict) and "id" in v:
                    found.add(v["id"])
                elif k == f"{key}_id" and isinstance(v, int):
                    found.add(v)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(body)
    return found


def test_deleting_an_organisation_takes_what_it_owns_and_every_view_keeps_answering(client, session):
    w = _world(session)
    h = w["headers"]
    person, employer, school = w["person"], w["employer"], w["school"]
    organisations = {employer.id, school.id}
    owned_needs = set(session.scalars(select(Need.id).where(Need.organisation_id == employer.id)))
    owned = {"organisation": organisations, "need": owned_needs, "programme": {w["programme"].id}}
    # results computed and stored while they exist
    recompute = client.post("/api/v1/regions/regio-zwolle/recompute", headers=h["coordinator"]).json
    assert client.get(recompute["url"], headers=h["coordinator"]).json["status"] == "succeeded"
    asked = client.post(f"/api/v1/people/{person.id}/career-paths", headers=h["advisor"], json={}).json
    paths = client.get(f"/api/v1/people/{person.id}/career-paths", headers=h["advisor"]).json
    assert _refs(paths, "need") & owned_needs
    views = {
        "matches": (f"/api/v1/people/{person.id}/matches?include_blocked=true", "advisor"),
        "candidates": (f"/api/v1/needs/{w['other_need'].id}/candidates", "other_employer"),
        "career paths": (f"/api/v1/people/{person.id}/career-paths", "advisor"),
        "career-path job": (f"/api/v1/jobs/{asked['id']}", "advisor"),
        "partners": (f"/api/v1/organisations/{w['logistics'].id}/partners", "coordinator"),
        "region partners": ("/api/v1/regions/regio-zwolle/partners", "coordinator"),
        "allocation": ("/api/v1/regions/regio-zwolle/allocation", "coordinator"),
        "insights": ("/api/v1/regions/regio-zwolle/insights", "coordinator"),
    }
    before = {name: client.get(url, headers=h[role]).json for name, (url, role) in views.items()}
    assert _refs(before["matches"], "need") & owned_needs
    assert _refs(before["partners"], "organisation") & organisations or \
        _refs(before["partners"], "counterpart") & organisations
    assert _refs(before["allocation"], "need") & owned_needs
    assert w["programme"].id in set().union(*(_refs(body, "programme") for body in before.values()))
    assert {"matches", "career paths", "partners", "insights"} <= {
        name for name, body in before.items() if "Jansen Fruit" in repr(body)}  # its name, shown while it exists

    for organisation in (employer, school):
        assert client.delete(f"/api/v1/organisations/{organisation.id}", headers=h["coordinator"]).status_code == 204
    session.expire_all()

    for model in (Need, Programme, PartnerRequest):
        assert not session.scalars(select(model).where(model.organisation_id.in_(organisations))).all()
    for name, (url, role) in views.items():
        response = client.get(url, headers=h[role])
        assert response.status_code == 200, (name, response.status_code, response.json)
        for kind, ids in owned.items():
            named = _refs(response.json, kind)
            if kind == "organisation":
                named |= _refs(response.json, "counterpart")
            assert not named & ids, f"{name} still names {kind} {named & ids}"
        assert "Jansen Fruit" not in response.get_data(as_text=True), name
    # its employer can no longer act: the token is refused, the user inactive and detached
    assert client.patch(f"/api/v1/needs/{next(iter(owned_needs))}", headers=h["employer"],
                        json={"headcount": 9}).status_code == 401
    employer_user = session.get(User, w["users"]["employer"].id)
    assert (employer_user.active, employer_user.organisation_id) == (False, None)
    assert all(t.revoked_at is not None for t in session.scalars(
        select(ApiToken).where(ApiToken.user_id == employer_user.id)))
    # consent to share with it lapsed with it; consent can be changed again
    assert client.get(f"/api/v1/people/{person.id}", headers=h["advisor"]).json["consent"][
        "share_with_organisations"] == [w["logistics"].id]
    assert client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"],
                        json={"consent": {"special_category": True}}).status_code == 200
    # recomputing afterwards works too
    recompute = client.post("/api/v1/regions/regio-zwolle/recompute", headers=h["coordinator"]).json
    assert client.get(recompute["url"], headers=h["coordinator"]).json["status"] == "succeeded"


def test_deleting_a_need_drops_it_from_stored_results_read_afterwards(client, session):
    w = _world(session)
    h = w["headers"]
    recompute = client.post("/api/v1/regions/regio-zwolle/recompute", headers=h["coordinator"]).json
    child = client.get(recompute["url"], headers=h["coordinator"]).json["result"]["regions"]["regio-zwolle"]
    allocation_job = child["allocation"]["job_id"]
    gone = w["owned_need"].id
    assert gone in _refs(client.get(f"/api/v1/jobs/{allocation_job}", headers=h["coordinator"]).json, "need")
    assert client.delete(f"/api/v1/needs/{gone}", headers=h["employer"]).status_code == 204
    for url in (f"/api/v1/jobs/{allocation_job}", "/api/v1/regions/regio-zwolle/allocation",
                "/api/v1/regions/regio-zwolle/partners"):
        response = client.get(url, headers=h["coordinator"])
        assert response.status_code == 200 and gone not in _refs(response.json, "need"), url


ZONED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _timestamps(body) -> list[str]:
    found = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and (key.endswith("_at") or key == "computed_at"):
            found.append(value)

    walk(body)
    return found


def test_every_timestamp_the_api_shows_carries_its_zone(client, session):
    w = _world(session)
    h = w["headers"]
    person = w["person"]
    client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={"consent": {"special_category": True}})
    asked = client.post(f"/api/v1/people/{person.id}/career-paths", headers=h["advisor"], json={}).json
    JobFactory(created_by_id=w["users"]["coordinator"].id)
    session.commit()
    bodies = [client.get(url, headers=h[role]).json for url, role in (
        (f"/api/v1/people/{person.id}", "advisor"), (f"/api/v1/people/{person.id}/export", "advisor"),
        (f"/api/v1/jobs/{asked['id']}", "advisor"), (f"/api/v1/organisations/{w['employer'].id}", "coordinator"),
        (f"/api/v1/needs/{w['owned_need'].id}", "coordinator"), (f"/api/v1/programmes/{w['programme'].id}", "school"),
        ("/api/v1/partner-requests", "coordinator"), ("/api/v1/regions/regio-zwolle/insights", "coordinator"))]
    stamps = [stamp for body in bodies for stamp in _timestamps(body)]
    assert len(stamps) >= 12
    assert [s for s in stamps if not ZONED.match(s)] == []
    assert all(s.endswith("+00:00") or s.endswith("Z") for s in stamps)
