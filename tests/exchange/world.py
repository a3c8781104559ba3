"""The exchange's records for the API's small world (tests/api/world.py): an employer's own and a foreign published
case, coming sessions hosted by each, a network's past session where both hold a place, and each one's question."""
from __future__ import annotations

from datetime import timedelta

from matchmaker.extensions import db
from matchmaker.models import ExchangeSession, PracticeCase, SessionRegistration, SmeQuestion
from matchmaker.models.base import utcnow
from tests.factories import OrganisationFactory


def _case(organisation) -> PracticeCase:
    return PracticeCase(organisation_id=organisation.id, status="published", published_at=utcnow(),
                        title=f"Zelfroosteren bij {organisation.name}", levers=["smarter_working"], barriers=["time"],
                        problem="Roosters kostten veel tijd.", approach="Teams roosteren zelf.", sector="logistics",
                        size=40, municipality_code="GM0153")


def _session(host, days: int) -> ExchangeSession:
    starts = utcnow() + timedelta(days=days)
    return ExchangeSession(host_id=host.id, title=f"Bijeenkomst van {host.name}", format="workshop",
                           levers=["smarter_working"], sectors=[], starts_at=starts,
                           ends_at=starts + timedelta(hours=2), municipality_code="GM0153", venue="Kennispark",
                           capacity=10)


def exchange_records(employer, other_employer) -> dict[str, int]:
    network = OrganisationFactory(name="Own Network", kind="network", sector="public_social")
    records = {"own_case": _case(employer), "foreign_case": _case(other_employer),
               "own_session": _session(employer, 20), "foreign_session": _session(other_employer, 21),
               "past_session": _session(network, -2)}
    for organisation, side in ((employer, "own"), (other_employer, "foreign")):
        records[f"{side}_question"] = SmeQuestion(
            organisation_id=organisation.id, question="Hoe laten we teams zelf roosteren?",
            levers=["smarter_working"], barriers=["time"], sector="logistics", size=40, municipality_code="GM0153")
    db.session.add_all(records.values())
    db.session.flush()
    for organisation, side in ((employer, "own"), (other_employer, "foreign")):
        records[f"{side}_registration"] = SessionRegistration(
            session_id=records["past_session"].id, organisation_id=organisation.id, status="confirmed")
    db.session.add_all([records["own_registration"], records["foreign_registration"]])
    db.session.flush()
    return {name: record.id for name, record in records.items()}
