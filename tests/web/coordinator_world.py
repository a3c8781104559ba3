"""A small Twente for the coordinator's pages: one occupation in demand at two employers, people who fit or do not,
a school, partner requests, and target groups for the admin-only figures."""
from __future__ import annotations

from dataclasses import dataclass

from matchmaker.extensions import db
from tests.api.ecosystem_world import ENSCHEDE, HENGELO, need, occupation, reset_isco, skills
from tests.factories import OrganisationFactory, PartnerRequestFactory, PersonFactory, ProgrammeFactory


@dataclass
class Twente:
    occupation: object
    warehouse: object
    cargo: object
    school: object
    needs: list
    people: list


def small_twente() -> Twente:
    reset_isco()
    picking, scanning, forklift = skills("orderpicken", "scannen", "heftruck rijden")
    occ = occupation("orderpicker", [picking, scanning], [forklift])
    warehouse = OrganisationFactory(name="Magazijn De Twentse Poort", kind="employer", sector="logistics", **ENSCHEDE)
    cargo = OrganisationFactory(name="Hengelo Cargo", kind="employer", sector="logistics", **HENGELO)
    school = OrganisationFactory(name="ROC Logistiek Oost", kind="school", sector="education", **HENGELO)
    ProgrammeFactory(organisation=school, name="Logistiek medewerker", skills=[picking, scanning], occupations=[occ],
                     capacity=3, **HENGELO)
    needs = [need(warehouse, occ, [picking, scanning], [forklift], headcount=6, title="Orderpickers winter"),
             need(cargo, occ, [picking, scanning], headcount=2, title="Orderpicker dagdienst")]
    PartnerRequestFactory(organisation=cargo, title="Seizoenskrachten gezocht")
    PartnerRequestFactory(organisation=warehouse, direction="offers", title="Seizoenskrachten over")
    PartnerRequestFactory(organisation=school, direction="offers", kind="co_creation", title="Samen opleiden",
                          months=[])
    people = [PersonFactory(name=f"Kandidaat {i}", skills=[picking, scanning] if i < 4 else [picking],
                            hours_per_week=32, travel_radius_km=30,
                            consent_special_category=True, target_groups=["older_worker"] if i % 2 else [],
                            **(ENSCHEDE if i % 2 else HENGELO))
              for i in range(8)]
    db.session.commit()
    return Twente(occupation=occ, warehouse=warehouse, cargo=cargo, school=school, needs=needs, people=people)
