"""Partner matches and insights are read from the region's latest recompute, with a stale marker; the first
read of a region computes and stores one; imports start a recompute of every region."""
from __future__ import annotations

import shutil

from sqlalchemy import func, select

from matchmaker import create_app
from matchmaker.models import Job
from matchmaker.services import jobs
from matchmaker.taxonomy import builtin
from tests.api.ecosystem_world import RAALTE, seasonal_world
from tests.factories import NeedFactory, OrganisationFactory, UserFactory, token_for
from tests.taxonomy.test_builtin_loader import FIXTURE


def _jobs(session, kind: str) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Job).where(Job.kind == kind))


def _seasonal_world():
    farm, logistics, _winter = seasonal_world()
    return farm, logistics


def test_results_of_a_recompute_are_served_and_turn_stale_when_the_region_changes(client, session):
    farm, logistics = _seasonal_world()
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    recompute = client.post("/api/v1/regions/regio-zwolle/recompute", headers=coordinator).json
    run = client.get(recompute["url"], headers=coordinator).json
    children = run["result"]["regions"]["regio-zwolle"]
    assert {kind: child["status"] for kind, child in children.items()} == {
        "region_demand": "succeeded", "allocation": "succeeded", "partner_matches": "succeeded",
        "insights": "succeeded", "stored_candidates": "succeeded", "stored_matches": "succeeded"}
    assert children["partner_matches"]["summary"]["by_kind"]["seasonal_sharing"] == 1

    mine = client.get(f"/api/v1/organisations/{farm.id}/partners?type=seasonal_sharing", headers=coordinator).json
    region = client.get("/api/v1/regions/regio-zwolle/partners", headers=coordinator).json
    insights = client.get("/api/v1/regions/regio-zwolle/insights", headers=coordinator).json
    assert mine["job_id"] == region["job_id"] == children["partner_matches"]["job_id"]
    assert insights["job_id"] == children["insights"]["job_id"]
    assert mine["items"][0]["counterpart"]["id"] == logistics.id and mine["computed_at"]
    assert (mine["stale"], region["stale"], insights["stale"]) == (False, False, False)
    assert sum(s["demand"] for s in insights["shortages"]) == 6
    assert _jobs(session, "partner_matches") == 1 and _jobs(session, "insights") == 1  # nothing recomputed

    NeedFactory(organisation=farm, headcount=1, **RAALTE)  # a new need in the region
    session.commit()
    mine = client.get(f"/api/v1/organisations/{farm.id}/partners", headers=coordinator).json
    region = client.get("/api/v1/regions/regio-zwolle/partners", headers=coordinator).json
    insights = client.get("/api/v1/regions/regio-zwolle/insights", headers=coordinator).json
    assert (mine["stale"], region["stale"], insights["stale"]) == (True, True, True)
    assert sum(s["demand"] for s in insights["shortages"]) == 6  # the stored result, until the next recompute
    assert client.get("/api/v1/regions/twente/insights", headers=coordinator).json["stale"] is False

    client.post("/api/v1/regions/regio-zwolle/recompute", headers=coordinator)
    insights = client.get("/api/v1/regions/regio-zwolle/insights", headers=coordinator).json
    assert insights["stale"] is False and insights["job_id"] != children["insights"]["job_id"]


def test_partner_matches_go_stale_when_a_neighbouring_region_changes(client, session):
    _seasonal_world()
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    assert client.get("/api/v1/regions/regio-zwolle/partners", headers=coordinator).json["stale"] is False
    OrganisationFactory(name="Across the border")  # Enschede, twente: a possible partner of Zwolle's firms
    session.commit()
    assert client.get("/api/v1/regions/regio-zwolle/partners", headers=coordinator).json["stale"] is True


def test_the_first_read_computes_and_stores_once_then_reads_the_stored_result(client, session):
    farm, _ = _seasonal_world()
    employer = token_for(UserFactory(role="employer", organisation_id=farm.id))
    coordinator = token_for(UserFactory(role="coordinator"))
    session.commit()
    assert _jobs(session, "partner_matches") == 0
    first = client.get(f"/api/v1/organisations/{farm.id}/partners", headers=employer).json
    assert _jobs(session, "partner_matches") == 1 and first["stale"] is False
    second = client.get(f"/api/v1/organisations/{farm.id}/partners", headers=employer).json
    region = client.get("/api/v1/regions/regio-zwolle/partners", headers=coordinator).json
    assert _jobs(session, "partner_matches") == 1
    assert second == first and region["job_id"] == first["job_id"]
    # the job was made by nobody: an employer cannot read the whole region's list through /jobs
    assert client.get(f"/api/v1/jobs/{first['job_id']}", headers=employer).status_code == 404

    for _ in range(2):
        assert client.get("/api/v1/regions/regio-zwolle/insights", headers=employer).status_code == 200
    assert _jobs(session, "insights") == 1

    newcomer = OrganisationFactory(name="Nieuw Bedrijf", **RAALTE)  # not in the stored result yet
    session.commit()
    body = client.get(f"/api/v1/organisations/{newcomer.id}/partners", headers=employer).json
    assert body["organisation"]["name"] == "Nieuw Bedrijf" and body["stale"] is False
    assert _jobs(session, "partner_matches") == 2


def test_an_organisation_without_a_municipality_has_its_matches_computed_on_request(client, session):
    _seasonal_world()
    coordinator = token_for(UserFactory(role="coordinator"))
    loose = OrganisationFactory(name="Zonder Gemeente", municipality_code=None, latitude=52.4, longitude=6.3)
    session.commit()
    body = client.get(f"/api/v1/organisations/{loose.id}/partners", headers=coordinator).json
    assert body["organisation"]["id"] == loose.id and body["job_id"] is None and body["stale"] is False
    assert _jobs(session, "partner_matches") == 0


def test_importing_a_taxonomy_recomputes_every_region(app, session, tmp_path, monkeypatch):
    monkeypatch.setattr(builtin, "DATA_DIR", tmp_path)
    shutil.copy(FIXTURE, tmp_path / "builtin_taxonomy.json")
    result = app.test_cli_runner().invoke(args=["import-builtin-taxonomy"])
    assert result.exit_code == 0, result.output
    assert "Results refreshed for every region" in result.output
    session.expire_all()
    parent = session.scalar(select(Job).where(Job.kind == "recompute_regions"))
    assert parent.status == "succeeded" and parent.created_by_id is None
    assert parent.result["jobs"] == 18 and parent.result["succeeded"] == 18


def test_an_import_with_the_queue_down_succeeds_and_says_the_refresh_waits(tmp_path, monkeypatch):
    monkeypatch.setattr(builtin, "DATA_DIR", tmp_path)
    shutil.copy(FIXTURE, tmp_path / "builtin_taxonomy.json")
    app = create_app("test", {"REDIS_URL": "redis://127.0.0.1:5149/0",
                              "DATABASE_URL": f"sqlite:///{tmp_path / 'queue-down.sqlite3'}"})
    from matchmaker.extensions import db
    from matchmaker.services.places import ensure_municipalities

    with app.app_context():
        db.create_all()
        ensure_municipalities(session=db.session)
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["import-builtin-taxonomy"])
        assert result.exit_code == 0, result.output
        assert "Taxonomy data version is now 1" in result.output
        assert "Results refresh queued for later" in result.output
        parent = db.session.scalar(select(Job).where(Job.kind == "recompute_regions"))
        assert parent.status == "queued" and parent.dispatched_at is None
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.parent_id == parent.id)) == 18
        assert jobs.kind_of("partner_matches").queue == jobs.BULK
        db.session.remove()
        db.drop_all()
