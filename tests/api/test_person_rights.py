"""The person's rights (issue 10, finding 2; GDPR art. 15, 17 and 20): erasure leaves nothing of the person that
any role can reach, and the person and their advisor download everything kept about them."""
from __future__ import annotations

import itertools

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import ApiToken, Job, Municipality, Need, NeedSkill, Organisation, Person, User
from matchmaker.services.matches import pseudonym
from tests.api.openapi_walk import PARAM_MODELS, endpoints
from tests.api.world import build_world
from tests.factories import JobFactory, SkillFactory, UserFactory, token_for

NAME, EMAIL, PHONE = "Aleida Vrijhof", "aleida.vrijhof@example.org", "+31 6 4411 2233"
ROLES = ("admin", "coordinator", "advisor", "other_advisor", "employer", "other_employer", "school", "other_school",
         "other_person")


def _someone_to_erase(client, session):
    """The world's own person, made easy to recognise, holding the skill the own employer's need asks for and
    sharing their profile with it; with career paths asked, a recompute of their region stored, and an older
    allocation naming them."""
    world = build_world()
    h, ids = world.tokens, world.ids
    person = session.get(Person, ids["own_person"])
    skill = SkillFactory(label_en="order picking", label_nl="orderpicken")
    session.add(NeedSkill(need_id=ids["own_need"], skill_id=skill.id, relation="essential"))
    session.get(Need, ids["own_need"]).accommodations = ["job_coach"]  # what the person needs: no hard block
    person.consent_share_with = []  # the world shares with the employer already: here the person gives it below
    session.commit()
    changed = client.patch(f"/api/v1/people/{person.id}", headers=h["advisor"], json={
        "name": NAME, "email": EMAIL, "phone": PHONE, "skill_ids": [skill.id], "accommodation_needs": ["job_coach"],
        "work_history": [{"occupation_id": ids["occupation"], "employer_name": "Jansen Fruit",
                          "start_date": "2019-04-01", "end_date": "2021-09-30"}],
        "consent": {"special_category": True, "share_with_organisations": [ids["own_employer"]]}})
    assert changed.status_code == 200, changed.json
    asked = client.post(f"/api/v1/people/{person.id}/career-paths", headers=h["person"], json={})
    assert asked.status_code == 202
    recompute = client.post("/api/v1/regions/twente/recompute", headers=h["coordinator"]).json
    assert client.get(recompute["url"], headers=h["coordinator"]).json["status"] == "succeeded"
    JobFactory(kind="allocation", subject_id="twente", created_by_id=session.scalar(
        select(User.id).where(User.role == "coordinator")),
        result={"region": "twente", "suggestions": [{"person_id": person.id, "suggestions": [
            {"need_id": ids["own_need"], "score": 0.9}]}], "per_need": []})
    session.commit()
    return world, person.id, asked.json["id"]


def _names_person(body, person_id: int) -> list[str]:
    """Where ``body`` names the person: their name, e-mail or phone anywhere, or their id as a person's id."""
    found = []
    text = repr(body).lower()
    found += [value for value in (NAME, EMAIL, PHONE) if value.lower() in text]

    def walk(value, path=""):
        if isinstance(value, dict):
            if value.get("person_id") == person_id:
                found.append(f"{path}.person_id")
            if value.get("type") == "person" and str(value.get("id")) == str(person_id):
                found.append(f"{path} (subject)")
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    walk(body)
    return found


def _path_values(session, person_id: int, old_jobs: list[int]) -> dict:
    """Every value to try per path parameter: the erased person's id and the jobs that were about them, and the
    records that exist."""
    from matchmaker.models import Occupation, Skill

    def ids(model):
        return list(session.scalars(select(model.id).order_by(model.id)))

    values = {name: ids(model) for name, model in PARAM_MODELS.items()}
    values.update({
        "person_id": [person_id, *ids(Person)],
        "job_id": sorted({*old_jobs, *ids(Job)}),
        "partner_id": ids(Organisation)[:3],
        "occupation_id": ids(Occupation)[:2], "skill_id": ids(Skill)[:2],
        "code": sorted(set(session.scalars(select(Municipality.region_code)))),
    })
    return values


def _get_urls(client, values: dict) -> list[str]:
    urls = []
    for endpoint in endpoints(client.get("/api/openapi.json").json):
        if endpoint.method != "get":
            continue
        params = endpoint.params
        for combination in itertools.product(*(values[p] for p in params)):
            urls.append(endpoint.url(**dict(zip(params, combination))))
    return urls


def test_erasure_leaves_nothing_of_the_person_that_any_role_can_reach(client, session):
    world, person_id, career_job = _someone_to_erase(client, session)
    h = world.tokens
    old_token = h["person"]
    employer_view = client.get(f"/api/v1/needs/{world.ids['own_need']}/candidates", headers=h["employer"]).json
    old_pseudonym = pseudonym(person_id, world.ids["own_need"])
    assert [c["shared_profile"]["name"] for c in employer_view["items"] if c["candidate"] == old_pseudonym] == [NAME], \
        employer_view
    old_jobs = list(session.scalars(select(Job.id).where(Job.subject_id == str(person_id))))
    values = _path_values(session, person_id, old_jobs)
    urls = _get_urls(client, values)
    # the walk sees the person before the erasure, so it would see them after
    seen_before = {url for url in urls for role in ("advisor", "employer", "admin")
                   if _names_person(client.get(url, headers=h[role]).json, person_id)}
    assert {f"/api/v1/people/{person_id}", f"/api/v1/needs/{world.ids['own_need']}/candidates",
            f"/api/v1/jobs/{career_job}"} <= seen_before

    assert client.delete(f"/api/v1/people/{person_id}", headers=h["advisor"]).status_code == 204

    leaks, old_token_answers = [], set()
    for url in urls:
        for role in ROLES:
            response = client.get(url, headers=h[role])
            assert response.status_code < 500, (url, role, response.json)
            named = _names_person(response.json, person_id)
            if url.startswith("/api/v1/audit-events"):
                # the audit log keeps, for admins, that this person id was read, changed and erased and by whom:
                # a number that no longer resolves and is never handed out again; never their data
                named = [where for where in named if not where.endswith("(subject)")]
            if named:
                leaks.append(f"{role} GET {url}: {named}")
        old = client.get(url, headers=old_token)
        if url not in ("/api/v1/health", "/api/v1/vocabulary", "/api/openapi.json"):  # public
            old_token_answers.add(old.status_code)
    assert leaks == []
    assert old_token_answers == {401}
    assert len(urls) >= 40


def test_erasure_deactivates_the_user_keeps_only_an_anonymous_consent_ledger_and_reuses_no_pseudonym(client, session):
    from matchmaker.models import ConsentRecord

    world, person_id, career_job = _someone_to_erase(client, session)
    h = world.tokens
    user_id = session.scalar(select(User.id).where(User.person_id == person_id))
    assert client.delete(f"/api/v1/people/{person_id}", headers=h["advisor"]).status_code == 204
    session.expire_all()
    user = session.get(User, user_id)
    assert (user.active, user.person_id, user.name) == (False, None, "")
    assert "@" not in user.email and "aleida" not in user.email
    assert all(token.revoked_at is not None for token in session.scalars(select(ApiToken).where(
        ApiToken.user_id == user_id)))
    about = select(Job).where(Job.subject_type == "person", Job.subject_id == str(person_id))
    assert session.scalars(about).all() == []
    assert session.get(Job, career_job) is None
    for job in session.scalars(select(Job).where(Job.kind == "allocation")):
        assert all(entry["person_id"] != person_id for entry in (job.result or {}).get("suggestions", []))
    # consent given, then withdrawn by the erasure: kept under a random subject, with nothing that points back
    ledger = session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
    assert [(r.event, r.special_category) for r in ledger] == [("recorded", True), ("withdrawn", False)]
    assert len({r.subject for r in ledger}) == 1 and len(ledger[0].subject) == 32
    assert ledger[0].share_with == [world.ids["own_employer"]]
    assert all(r.recorded_at.tzinfo is not None for r in ledger)
    row = repr([{c.name: getattr(r, c.name) for c in ConsentRecord.__table__.columns} for r in ledger])
    assert NAME not in row and EMAIL not in row and str(user_id) not in [r.subject for r in ledger]
    # a new person never takes the erased one's id, so never their pseudonym either
    newcomer = client.post("/api/v1/people", headers=h["admin"], json={
        "name": "Nieuwe Persoon", "municipality_code": "GM0153", "skill_ids": []}).json
    assert newcomer["id"] > person_id
    assert pseudonym(newcomer["id"], world.ids["own_need"]) != pseudonym(person_id, world.ids["own_need"])


def test_the_person_may_erase_themself_and_their_token_stops_working(client, session):
    world = build_world()
    h = world.tokens
    person_id = world.ids["own_person"]
    assert client.delete(f"/api/v1/people/{person_id}", headers=h["person"]).status_code == 204
    assert client.get(f"/api/v1/people/{person_id}", headers=h["person"]).status_code == 401
    assert client.get(f"/api/v1/people/{person_id}", headers=h["admin"]).status_code == 404


def test_the_person_their_advisor_and_admins_download_everything_kept_about_the_person(client, session):
    world, person_id, career_job = _someone_to_erase(client, session)
    h = world.tokens
    for role in ("person", "advisor", "admin"):
        response = client.get(f"/api/v1/people/{person_id}/export", headers=h[role])
        assert response.status_code == 200, (role, response.json)
        body = response.json
        person = body["person"]
        assert (person["name"], person["email"], person["phone"]) == (NAME, EMAIL, PHONE)
        assert person["accommodation_needs"] == ["job_coach"] and person["target_groups"] == ["returner"]
        assert [w["employer_name"] for w in person["work_history"]] == ["Jansen Fruit"]
        assert person["work_history"][0]["occupation_label"]
        assert [e["special_category"] for e in person["consent"]["history"]] == [True]
        assert [s["label"] for s in body["skills"]] == ["orderpicken"]
        assert [a["role"] for a in body["accounts"]] == ["person"]
        assert [r["job_id"] for r in body["career_paths"]][-1] == career_job  # every request, oldest first
        assert body["career_paths"][-1]["status"] == "succeeded" and body["career_paths"][-1]["paths"]
        assert body["exported_at"].endswith("+00:00")
    for role in ("coordinator", "employer", "school", "other_advisor", "other_person"):
        response = client.get(f"/api/v1/people/{person_id}/export", headers=h[role])
        assert response.status_code == 404, role
        assert NAME not in response.get_data(as_text=True)
    assert client.get(f"/api/v1/people/{person_id}/export").status_code == 401


def test_the_export_is_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/api/v1/people/{person_id}/export"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/PersonExport")
    assert {"person", "skills", "accounts", "career_paths", "exported_at"} <= set(
        spec["components"]["schemas"]["PersonExport"]["properties"])
    assert "404" in operation["responses"]
