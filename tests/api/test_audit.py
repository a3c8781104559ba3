"""The audit log: every read and change of special-category data, consent change and erasure is recorded with
who, when, what and which fields (never the values); admins read it through the API; nothing else changes it."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from matchmaker.models import ApiToken, AuditEvent
from matchmaker.models.audit import AuditLogIsAppendOnly
from matchmaker.services import audit
from tests.factories import NeedFactory, OccupationFactory, PersonFactory, SkillFactory, UserFactory, token_for

#: distinctive special-category values: none may appear in an audit event or a log line
SECRET_GROUP, SECRET_NEED = "refugee_status_holder", "quiet_workspace"


@pytest.fixture
def office(session):
    """An admin, an advisor with one consenting person, another advisor, and their tokens."""
    admin, advisor, other = UserFactory(role="admin"), UserFactory(role="advisor"), UserFactory(role="advisor")
    anna = PersonFactory(name="Anna Geheim", advisor_id=advisor.id, consent_special_category=True,
                         target_groups=[SECRET_GROUP], accommodation_needs=[SECRET_NEED])
    headers = {"admin": token_for(admin), "advisor": token_for(advisor), "other": token_for(other)}
    session.commit()
    return {"admin": admin, "advisor": advisor, "other": other, "anna": anna, "h": headers}


def events(client, office, **filters) -> list[dict]:
    response = client.get("/api/v1/audit-events", headers=office["h"]["admin"], query_string={"limit": 200, **filters})
    assert response.status_code == 200, response.json
    return response.json["items"]


def person_events(client, office, person_id) -> list[tuple]:
    """(actor id, action, fields) of a person's events, oldest first."""
    return [(e["actor"]["id"], e["action"], e["fields"])
            for e in reversed(events(client, office, subject_type="person", subject_id=person_id))]


SPECIAL = ["accommodation_needs", "capacity_limits", "capacity_max_hours", "target_groups"]


def test_reads_of_special_category_data_are_recorded_with_who_and_which_fields(client, office):
    anna, advisor = office["anna"], office["advisor"]
    assert client.get(f"/api/v1/people/{anna.id}", headers=office["h"]["advisor"]).status_code == 200
    assert client.get("/api/v1/people", headers=office["h"]["advisor"]).status_code == 200
    assert client.get(f"/api/v1/people/{anna.id}/matches", headers=office["h"]["advisor"]).status_code == 200
    assert person_events(client, office, anna.id) == [(advisor.id, "special_category.read", SPECIAL)] * 3
    [event] = events(client, office, subject_type="person", subject_id=anna.id, limit=1)
    assert event["actor"] == {"id": advisor.id, "role": "advisor"}
    assert event["subject"] == {"type": "person", "id": anna.id}
    when = datetime.fromisoformat(event["occurred_at"])
    assert when.utcoffset() == timedelta(0) and abs(datetime.now(timezone.utc) - when) < timedelta(minutes=5)


def test_refused_requests_record_nothing(client, office):
    anna = office["anna"]
    assert client.get(f"/api/v1/people/{anna.id}", headers=office["h"]["other"]).status_code == 404
    assert client.get("/api/v1/people", headers=office["h"]["other"]).json["total"] == 0
    response = client.patch(f"/api/v1/people/{anna.id}", headers=office["h"]["advisor"],
                            json={"target_groups": ["returner"], "skill_ids": [999999]})
    assert response.status_code == 422
    assert client.delete(f"/api/v1/people/{anna.id}", headers=office["h"]["other"]).status_code == 404
    assert person_events(client, office, anna.id) == []


def test_changes_consent_and_erasure_are_recorded_by_field_name(client, office):
    advisor, h = office["advisor"], office["h"]["advisor"]
    response = client.post("/api/v1/people", headers=h, json={
        "name": "Ilse", "municipality_code": "GM0153", "consent": {"special_category": True},
        "target_groups": [SECRET_GROUP]})
    assert response.status_code == 201, response.json
    ilse = response.json["id"]
    client.patch(f"/api/v1/people/{ilse}", headers=h, json={"name": "Ilse B"})  # no special-category change
    client.patch(f"/api/v1/people/{ilse}", headers=h, json={"accommodation_needs": [SECRET_NEED],
                                                            "target_groups": [SECRET_GROUP],
                                                            "capacity_limits": ["heavy_lifting"],
                                                            "capacity_max_hours": 24})
    client.patch(f"/api/v1/people/{ilse}", headers=h, json={"consent": {"special_category": False}})
    assert client.delete(f"/api/v1/people/{ilse}", headers=h).status_code == 204
    me = advisor.id
    assert person_events(client, office, ilse) == [
        (me, "consent.change", ["special_category"]), (me, "special_category.change", ["target_groups"]),
        (me, "special_category.read", SPECIAL),
        (me, "special_category.read", SPECIAL),
        (me, "special_category.change", ["accommodation_needs", "capacity_limits", "capacity_max_hours"]),
        (me, "special_category.read", SPECIAL),
        (me, "consent.change", ["special_category"]), (me, "special_category.change", SPECIAL),
        (me, "special_category.read", SPECIAL),
        (me, "person.erase", []),
    ]


def test_an_event_holds_names_never_values(client, office, session):
    anna, h = office["anna"], office["h"]["advisor"]
    email = anna.email
    client.get(f"/api/v1/people/{anna.id}", headers=h)
    client.patch(f"/api/v1/people/{anna.id}", headers=h, json={"accommodation_needs": ["job_coach", SECRET_NEED]})
    client.delete(f"/api/v1/people/{anna.id}", headers=h)
    rows = session.query(AuditEvent).all()
    dumped = json.dumps([{c.name: str(getattr(row, c.name)) for c in AuditEvent.__table__.columns} for row in rows])
    for value in (SECRET_GROUP, SECRET_NEED, "job_coach", "Anna", "Geheim", email):
        assert value not in dumped
    assert json.dumps(events(client, office)).count("Geheim") == 0


def test_admins_filter_and_page_the_log(client, office, session):
    anna, advisor, admin = office["anna"], office["advisor"], office["admin"]
    for _ in range(3):
        client.get(f"/api/v1/people/{anna.id}", headers=office["h"]["advisor"])
    client.get(f"/api/v1/people/{anna.id}", headers=office["h"]["admin"])
    reads = events(client, office, action="special_category.read")
    assert [e["actor"]["id"] for e in reads] == [admin.id, advisor.id, advisor.id, advisor.id]  # newest first
    assert [e["actor"]["id"] for e in events(client, office, actor_id=advisor.id)] == [advisor.id] * 3
    assert len(events(client, office, actor_role="admin", action="special_category.read")) == 1
    assert {e["action"] for e in events(client, office, actor_role="cli")} == {"token.issue"}  # the factory's tokens
    page = client.get("/api/v1/audit-events", headers=office["h"]["admin"],
                      query_string={"action": "special_category.read", "limit": 2, "offset": 1}).json
    assert (page["total"], len(page["items"]), page["items"][0]["id"]) == (4, 2, reads[1]["id"])
    last = datetime.fromisoformat(reads[0]["occurred_at"])
    # since / until, given in another zone than UTC: the same moment
    local = (last + timedelta(microseconds=1)).astimezone(timezone(timedelta(hours=1))).isoformat()
    assert events(client, office, action="special_category.read", since=local) == []
    assert len(events(client, office, action="special_category.read", until=local)) == 4
    naive_utc = (last - timedelta(days=1)).replace(tzinfo=None).isoformat()
    assert len(events(client, office, action="special_category.read", since=naive_utc)) == 4


@pytest.mark.parametrize("query, field", [("action=peek", "action"), ("since=yesterday", "since"),
                                          ("subject_type=organisation", "subject_type"), ("actor_id=0", "actor_id")])
def test_bad_filters_are_refused_naming_the_field(client, office, query, field):
    response = client.get(f"/api/v1/audit-events?{query}", headers=office["h"]["admin"])
    assert response.status_code == 422 and field in response.json["errors"]["query"]


def test_only_admins_read_the_log(client, office):
    response = client.get("/api/v1/audit-events", headers=office["h"]["advisor"])
    assert response.status_code == 403 and "beheerder" in response.json["message"]


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(app, office, session):
    audit.record(session=session, actor=office["admin"], action=audit.PERSON_ERASE, subject_type="person",
                 subject_ids=[1])
    session.commit()
    row = session.query(AuditEvent).filter_by(action=audit.PERSON_ERASE).one()
    row.fields = ["name"]
    with pytest.raises(AuditLogIsAppendOnly):
        session.flush()
    session.rollback()
    session.delete(session.query(AuditEvent).filter_by(action=audit.PERSON_ERASE).one())
    with pytest.raises(AuditLogIsAppendOnly):
        session.flush()
    session.rollback()
    for statement in (update(AuditEvent).values(actor_role="admin"), delete(AuditEvent),
                      delete(AuditEvent.__table__), update(AuditEvent.__table__).values(subject_id=2)):
        with pytest.raises(AuditLogIsAppendOnly):
            session.execute(statement)
        session.rollback()
    assert session.query(AuditEvent).filter_by(action=audit.PERSON_ERASE, subject_id=1).count() == 1


def test_the_database_refuses_updates_and_deletes_outside_the_purge(app, office, session, db):
    audit.record(session=session, actor=office["admin"], action=audit.PERSON_ERASE, subject_type="person",
                 subject_ids=[1])
    session.commit()
    statements = ["UPDATE audit_events SET actor_role = 'nobody'"]
    if db.engine.dialect.name == "postgresql":  # SQLite: deletes are guarded by the ORM only
        statements.append("DELETE FROM audit_events")
    for statement in statements:
        with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))
    assert session.query(AuditEvent).filter(AuditEvent.actor_role == "nobody").count() == 0
    assert session.query(AuditEvent).filter_by(action=audit.PERSON_ERASE).count() == 1


def _event_at(session, when: datetime, subject_id: int) -> None:
    session.add(AuditEvent(occurred_at=when, actor_id=None, actor_role="system", action=audit.PERSON_ERASE,
                           subject_type="person", subject_id=subject_id, fields=[]))


def test_the_purge_removes_only_events_older_than_the_retention(app, office, session):
    now = datetime.now(timezone.utc)
    app.config["AUDIT_RETENTION_DAYS"] = 30
    _event_at(session, now - timedelta(days=31), 101)
    _event_at(session, now - timedelta(days=29), 102)
    _event_at(session, now - timedelta(days=400), 103)
    session.commit()
    result = app.test_cli_runner().invoke(args=["purge-audit"])
    assert result.exit_code == 0, result.output
    assert "Removed 2 audit events older than 30 days." in result.output
    left = {e.subject_id for e in session.query(AuditEvent).filter_by(action=audit.PERSON_ERASE)}
    assert left == {102}
    result = app.test_cli_runner().invoke(args=["purge-audit", "--retention-days", "1"])
    assert "Removed 1 audit events" in result.output
    # the purge's permission ends with its transaction
    with pytest.raises(AuditLogIsAppendOnly):
        session.execute(delete(AuditEvent))
    session.rollback()


def test_the_nightly_task_purges_with_the_setting(app, office, session):
    from workers import tasks

    app.config["AUDIT_RETENTION_DAYS"] = 10
    _event_at(session, datetime.now(timezone.utc) - timedelta(days=11), 201)
    session.commit()
    assert tasks.purge_audit.delay().get() == {"removed": 1}
    assert app.extensions["celery"].conf.beat_schedule["purge-audit"]["task"] == "matchmaker.purge_audit"


def test_special_category_values_never_reach_the_log(client, office, session, caplog, db):
    anna, h = office["anna"], office["h"]["advisor"]
    skill = SkillFactory()
    NeedFactory(occupation=OccupationFactory(), accommodations=[SECRET_NEED], welcomes_groups=[SECRET_GROUP])
    session.commit()
    with caplog.at_level(logging.DEBUG):
        client.get(f"/api/v1/people/{anna.id}", headers=h)
        client.get("/api/v1/people", headers=h)
        client.get(f"/api/v1/people/{anna.id}/matches?include_blocked=true", headers=h)
        client.patch(f"/api/v1/people/{anna.id}", headers=h, json={"accommodation_needs": [SECRET_NEED, "job_coach"],
                                                                   "skill_ids": [skill.id]})
        client.patch(f"/api/v1/people/{anna.id}", headers=h, json={"consent": {"special_category": False}})
        client.delete(f"/api/v1/people/{anna.id}", headers=h)
        client.get("/api/v1/audit-events", headers=office["h"]["admin"])
        # a database error's message (logged with its traceback on a 500) names no parameter value
        with pytest.raises(DBAPIError) as failure:
            session.execute(text("SELECT no_such_column FROM people WHERE target_groups = :v"), {"v": SECRET_GROUP})
        session.rollback()
        logging.getLogger("matchmaker").exception("database error: %s", failure.value)
    assert caplog.records, "nothing was logged at all: the test would prove nothing"
    for value in (SECRET_GROUP, SECRET_NEED, "job_coach"):
        assert value not in caplog.text


def test_export_erasure_with_its_token_revocations_and_lapsed_consent_are_recorded(client, office, session):
    from tests.factories import OrganisationFactory

    anna, advisor, admin = office["anna"], office["advisor"], office["admin"]
    anna_user = UserFactory(role="person", person_id=anna.id)
    anna_headers = token_for(anna_user)
    firm = OrganisationFactory()
    anna.consent_share_with = [firm.id]
    session.commit()
    anna_token = session.scalar(select(ApiToken.id).where(ApiToken.user_id == anna_user.id))
    assert client.delete(f"/api/v1/organisations/{firm.id}", headers=office["h"]["admin"]).status_code == 204
    assert client.get(f"/api/v1/people/{anna.id}/export", headers=office["h"]["advisor"]).status_code == 200
    assert client.delete(f"/api/v1/people/{anna.id}", headers=office["h"]["advisor"]).status_code == 204
    assert client.get("/api/v1/needs", headers=anna_headers).status_code == 401
    assert person_events(client, office, anna.id) == [
        (admin.id, "consent.change", ["share_with_organisations"]),
        (advisor.id, "special_category.read", SPECIAL), (advisor.id, "person.erase", [])]
    revoked = events(client, office, subject_type="token", subject_id=anna_token, action="token.revoke")
    assert [(e["actor"]["id"], e["actor"]["role"]) for e in revoked] == [(advisor.id, "advisor")]
