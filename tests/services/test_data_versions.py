"""Writes bump their region's data version, so results computed before them show as stale."""
from matchmaker.services import data_versions
from tests.factories import NeedFactory, OrganisationFactory, PartnerRequestFactory, UserFactory, at, token_for


def _version(session, region):
    return data_versions.current(session=session, scope=data_versions.region_scope(region))


def test_creating_changing_and_deleting_records_bumps_their_regions_once_per_flush(session):
    employer = OrganisationFactory(**at("GM0153"))  # Enschede, Twente
    session.commit()
    twente, zwolle = _version(session, "twente"), _version(session, "regio-zwolle")
    need = NeedFactory(organisation=employer, **at("GM0164"))
    session.commit()
    assert (_version(session, "twente"), _version(session, "regio-zwolle")) == (twente + 1, zwolle)
    need.municipality_code = "GM0193"  # moved to Zwolle: both regions changed
    session.commit()
    assert (_version(session, "twente"), _version(session, "regio-zwolle")) == (twente + 2, zwolle + 1)
    PartnerRequestFactory(organisation=employer)
    session.commit()
    assert _version(session, "twente") == twente + 3
    session.delete(need)
    session.commit()
    assert _version(session, "regio-zwolle") == zwolle + 2


def test_a_job_result_turns_stale_after_a_write_in_its_region(client, session):
    admin = UserFactory(role="admin")
    headers = token_for(admin)
    OrganisationFactory(**at("GM0153"))
    session.commit()
    job_url = client.post("/api/v1/regions/twente/recompute", headers=headers, json={}).json["url"]
    assert client.get(job_url, headers=headers).json["stale"] is False
    client.post("/api/v1/organisations", headers=headers, json={
        "name": "Nieuw", "kind": "employer", "sector": "care", "municipality_code": "GM0164"})
    assert client.get(job_url, headers=headers).json["stale"] is True
