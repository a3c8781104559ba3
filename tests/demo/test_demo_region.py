"""The demo region: what a coordinator opening the demo expects to find, loaded once and the same every time."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from matchmaker import vocabulary as v
from matchmaker.demo import load_demo
from matchmaker.models import (
    Base,
    DataVersion,
    Need,
    Occupation,
    OccupationSkill,
    Organisation,
    PartnerRequest,
    Person,
    Programme,
    User,
    network_memberships,
)
from matchmaker.security import tokens
from matchmaker.services.places import MUNICIPALITIES
from matchmaker.taxonomy.esco import EscoFormatError
from tests.demo.taxonomy import build_small_taxonomy
from tests.taxonomy.esco_files import WELDER, write_esco

TOWN = {code: name for code, name, _region, _lat, _lon in MUNICIPALITIES}
TAXONOMY_TABLES = {"occupations", "skills", "occupation_skills", "occupation_groups", "skill_groups",
                   "skill_broader", "skill_relations", "municipalities"}


@pytest.fixture
def taxonomy(session):
    occupations = build_small_taxonomy(session)
    session.commit()
    return occupations


@pytest.fixture
def demo(session, taxonomy):
    report = load_demo(session=session)
    session.commit()
    return report


def employers(session):
    return session.scalars(select(Organisation).where(Organisation.kind == "employer")).all()


def test_the_region_has_employers_schools_networks_and_partners_in_many_places(session, demo):
    firms = employers(session)
    assert len(firms) >= 150
    assert len({firm.municipality_code for firm in firms}) >= 15
    assert {"care", "manufacturing", "construction", "logistics", "agriculture_food", "hospitality", "retail",
            "education"} <= {firm.sector for firm in firms}
    assert 8 <= sum(firm.pioneer for firm in firms) <= 12
    assert all(set(firm.lever_strengths) == set(v.LEVERS) for firm in firms)
    assert sum(bool(firm.accommodations) for firm in firms) == len(firms)
    assert len({firm.name for firm in firms}) == len(firms)
    networks = session.scalars(select(Organisation).where(Organisation.kind == "network")).all()
    assert len(networks) >= 3 and "Werkgeversnetwerk Twente Inclusief" in {n.name for n in networks}
    assert all(network.members for network in networks)
    assert len(session.execute(select(network_memberships)).all()) >= 100
    assert len(session.scalars(select(Organisation).where(Organisation.kind == "social_partner")).all()) >= 3
    for firm in firms[:20]:  # placed inside its municipality: a small jitter around the town centre
        _code, _name, _region, lat, lon = next(m for m in MUNICIPALITIES if m[0] == firm.municipality_code)
        assert abs(firm.latitude - lat) <= 0.02 and abs(firm.longitude - lon) <= 0.03
    assert demo.loaded and demo.counts["employers"] == len(firms)


def test_schools_offer_programmes_in_every_mode_that_teach_their_occupations_skills(session, demo):
    schools = session.scalars(select(Organisation).where(Organisation.kind == "school")).all()
    assert len(schools) >= 8
    programmes = session.scalars(select(Programme)).all()
    assert len(programmes) >= 60
    assert {p.mode for p in programmes} == set(v.PROGRAMME_MODES)
    assert all(p.duration_months > 0 and p.start_months and p.capacity > 0 for p in programmes)
    short = {p.name for p in programmes if p.mode == "short_course"}
    assert {"Heftruckcertificaat", "VCA Basisveiligheid", "Hygiënecode horeca", "Taal op de werkvloer",
            "Zorg instroom"} <= short
    forklift = next(p for p in programmes if p.name == "Heftruckcertificaat")
    assert [o.isco_group for o in forklift.occupations] == ["8344"]  # forklift operator, by label or ISCO group
    assert "operate forklift" in {s.label_en for s in forklift.skills}
    bbl = next(p for p in programmes if p.name == "Mbo-Verpleegkundige")
    essential = {row.skill_id for row in session.scalars(select(OccupationSkill).where(
        OccupationSkill.occupation_id == bbl.occupations[0].id, OccupationSkill.relation == "essential"))}
    assert essential <= {s.id for s in bbl.skills}


def test_people_cover_every_target_group_with_consent_and_advisors(session, demo):
    people = session.scalars(select(Person)).all()
    assert len(people) >= 500
    groups = Counter(group for person in people for group in person.target_groups)
    assert all(groups[group] >= 30 for group in v.TARGET_GROUPS), groups
    special = [p for p in people if p.target_groups or p.accommodation_needs]
    assert all(p.consent_special_category and p.consent_events and p.advisor_id for p in special)
    assert all(p.consent_events[0].special_category for p in special)
    needs = Counter(a for p in people for a in p.accommodation_needs)
    assert {"wheelchair_access", "job_coach", "language_buddy", "quiet_workspace"} <= set(needs)
    refugees = [p for p in people if "refugee_status_holder" in p.target_groups]
    assert Counter(p.dutch_level for p in refugees).most_common(1)[0][0] in ("A2", "B1")
    assert all("nl" not in p.languages[:1] for p in refugees)
    assert any(p.consent_share_with for p in people)
    firm_ids = {firm.id for firm in employers(session)}
    assert all(set(p.consent_share_with) <= firm_ids for p in people)
    assert sum(bool(p.work_history) for p in people) > 400 and sum(bool(p.skills) for p in people) > 400
    assert all(p.travel_radius_km > 0 and p.hours_per_week > 0 and p.education_level in v.EDUCATION_LEVELS
               for p in people)
    advisors = session.scalars(select(User).where(User.role == "advisor")).all()
    assert {a.email for a in advisors} >= {"advisor.twente@demo.matchmaker.local",
                                           "advisor.zwolle@demo.matchmaker.local",
                                           "advisor.deventer@demo.matchmaker.local"}
    caseloads = Counter(p.advisor_id for p in people if p.advisor_id)
    assert all(caseloads[a.id] >= 30 for a in advisors)
    assert not any(group in p.summary for p in people for group in ("statushouder", "beperking", "refugee"))


def test_a_person_knows_most_essential_skills_of_their_past_occupations(session, demo):
    person = next(p for p in session.scalars(select(Person).order_by(Person.id)) if len(p.work_history) >= 2)
    essential = {row.skill_id for row in session.scalars(select(OccupationSkill).where(
        OccupationSkill.occupation_id.in_([w.occupation_id for w in person.work_history]),
        OccupationSkill.relation == "essential"))}
    owned = {s.id for s in person.skills}
    assert len(owned & essential) >= len(essential) // 2


def test_needs_of_every_kind_with_their_occupations_essential_skills(session, demo):
    needs = session.scalars(select(Need)).all()
    assert len(needs) >= 250
    kinds = Counter(n.kind for n in needs)
    assert all(kinds[kind] >= 10 for kind in v.NEED_KINDS), kinds
    assert sum(n.trains_on_job for n in needs) >= 30
    assert sum(bool(n.welcomes_groups) for n in needs) >= 20
    assert sum(bool(n.accommodations) for n in needs) >= 50
    assert all(n.kind != "apprenticeship" or n.trains_on_job for n in needs)
    need = next(n for n in needs if n.kind == "vacancy")
    essential = {row.skill_id for row in session.scalars(select(OccupationSkill).where(
        OccupationSkill.occupation_id == need.occupation_id, OccupationSkill.relation == "essential"))}
    assert {s.skill_id for s in need.skills if s.relation == "essential"} == essential


def test_seasonal_peaks_fall_in_their_season_and_places(session, demo):
    peaks = session.scalars(select(Need).where(Need.kind == "seasonal_peak")).all()
    by_sector: dict[str, list[Need]] = {}
    for need in peaks:
        by_sector.setdefault(need.organisation.sector, []).append(need)
        assert need.months and need.headcount >= 3
    harvest = by_sector["agriculture_food"]
    assert harvest and all(set(n.months) <= set(range(4, 10)) for n in harvest)
    assert {"Raalte", "Dalfsen", "Ommen"} <= {TOWN[n.municipality_code] for n in harvest}
    year_end = by_sector["logistics"]
    assert year_end and all(set(n.months) <= {10, 11, 12} and 12 in n.months for n in year_end)
    assert {"Hengelo", "Zwolle", "Deventer"} <= {TOWN[n.municipality_code] for n in year_end}
    summer = by_sector["hospitality"]
    assert summer and all({6, 7, 8} <= set(n.months) <= set(range(5, 10)) for n in summer)
    assert {"Ommen", "Hardenberg", "Steenwijkerland", "Hellendoorn"} <= {TOWN[n.municipality_code] for n in summer}
    growers = [n.organisation for n in harvest]
    assert any(name in o.name for o in growers for name in ("Asperge", "Aardbei", "Fruit"))


def test_partner_requests_of_every_kind_and_direction(session, demo):
    requests = session.scalars(select(PartnerRequest)).all()
    assert len(requests) >= 40
    combos = Counter((r.kind, r.direction) for r in requests)
    assert all(combos[(kind, direction)] >= 1 for kind in v.PARTNER_REQUEST_KINDS
               for direction in v.PARTNER_REQUEST_DIRECTIONS), combos
    exchanges = [r for r in requests if r.kind == "knowledge_exchange"]
    assert all(r.lever in v.LEVERS for r in exchanges)
    assert all(r.organisation.pioneer for r in exchanges if r.direction == "offers")
    assert all(r.months for r in requests if r.kind == "staff_sharing")


def test_occupations_come_by_esco_label_or_else_by_isco_group(session, demo, taxonomy):
    assert demo.occupations_by_label > 0 and demo.occupations_by_isco_group > 0 and not demo.missing_occupations
    used = {n.occupation_id for n in session.scalars(select(Need))}
    assert taxonomy["warehouse order picker"].id in used  # by its ESCO label
    assert taxonomy["fruit and vegetable picker"].id in used
    variants = [o for label, o in taxonomy.items() if label.endswith("(regional variant)")]
    assert variants and {o.id for o in variants} & used  # by ISCO group: the label is not in this taxonomy
    assert taxonomy["software developer"].id not in used


def test_a_second_run_adds_nothing_and_keeps_edits(session, demo):
    firm = session.scalars(select(Organisation).where(Organisation.kind == "employer").order_by(Organisation.id)).first()
    firm.name = "Renamed by a coordinator"
    session.commit()
    before = dict(demo.counts)
    again = load_demo(session=session)
    session.commit()
    assert not again.loaded
    assert again.counts == before
    assert session.get(Organisation, firm.id).name == "Renamed by a coordinator"
    assert len(session.scalars(select(DataVersion).where(DataVersion.scope == "demo")).all()) == 1


def _wipe_region(session):
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in TAXONOMY_TABLES and table.name != "audit_events":  # append-only, and no region data
            session.execute(table.delete())
    session.commit()


def _snapshot(session):
    return (
        [o.name for o in session.scalars(select(Organisation).order_by(Organisation.id))],
        [(p.name, p.municipality_code, p.target_groups) for p in session.scalars(select(Person).order_by(Person.id))],
        [(n.title, n.months) for n in session.scalars(select(Need).order_by(Need.id))],
    )


def test_needs_and_partner_requests_were_posted_over_the_past_year(session, demo):
    """The coordinator's progress per month has a history to show: postings in most months of the past year, more
    in recent months than in the first ones, none in the future; seasonal peaks posted before their months."""
    from datetime import timedelta

    from matchmaker.demo.region import HISTORY_DAYS
    from matchmaker.models.base import utcnow

    now = utcnow()
    posted = [n.created_at.replace(tzinfo=now.tzinfo) for n in session.scalars(select(Need))]
    assert all(now - timedelta(days=HISTORY_DAYS + 1) <= moment <= now for moment in posted)
    months = {(moment.year, moment.month) for moment in posted}
    assert len(months) >= 10
    recent = sum(moment > now - timedelta(days=HISTORY_DAYS // 3) for moment in posted)
    early = sum(moment < now - timedelta(days=2 * HISTORY_DAYS // 3) for moment in posted)
    assert recent > 2 * early > 0
    requests = {(r.created_at.year, r.created_at.month) for r in session.scalars(select(PartnerRequest))}
    assert len(requests) >= 8
    for need in session.scalars(select(Need).where(Need.kind == "seasonal_peak")):
        first = need.months[0]
        ahead = (first - need.created_at.month) % 12
        assert 1 <= ahead <= 3 or need.created_at.replace(tzinfo=now.tzinfo) < now - timedelta(days=HISTORY_DAYS - 1)


def test_the_same_seed_gives_the_same_region(session, taxonomy):
    load_demo(session=session, seed=7)
    session.commit()
    first = _snapshot(session)
    _wipe_region(session)
    load_demo(session=session, seed=7)
    session.commit()
    assert _snapshot(session) == first
    _wipe_region(session)
    load_demo(session=session, seed=8)
    session.commit()
    assert _snapshot(session)[1] != first[1]


def test_an_empty_taxonomy_gets_the_builtin_one_first(session):
    report = load_demo(session=session)
    session.commit()
    assert report.loaded and report.taxonomy == "built-in taxonomy (111 occupations)"
    assert session.scalar(select(func.count()).select_from(Need)) >= 250


def test_esco_dir_imports_the_esco_downloads_found_in_the_folder(session, tmp_path):
    write_esco(tmp_path)
    report = load_demo(session=session, esco_dir=str(tmp_path))
    assert report.taxonomy.startswith(f"ESCO from {tmp_path}")
    assert session.scalars(select(Occupation).where(Occupation.uri == WELDER)).one().label_nl == "lasser"


def test_a_folder_without_esco_downloads_is_a_clear_error(session, tmp_path):
    with pytest.raises(EscoFormatError, match="lacks the ESCO classification and the relations zip"):
        load_demo(session=session, esco_dir=str(tmp_path))


def test_cli_loads_once_and_prints_tokens_only_when_asked(app, session, taxonomy):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "employers" in first.output and "mm_" not in first.output
    second = runner.invoke(args=["demo", "--print-tokens"])
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    line = next(line for line in second.output.splitlines() if "advisor.twente@demo.matchmaker.local" in line)
    token = line.split()[-1]
    session.expire_all()
    user = tokens.resolve(session=session, token=token)
    assert user is not None and user.role == "advisor"
    assert len(session.scalars(select(Person)).all()) >= 500
