"""A school's view of its region: what employers ask against what its programmes offer.

- per programme of the school: the open places in the region for the occupations it leads to, against its capacity;
- the skills the region's open needs ask (as essential) that no programme in the region teaches, by open places;
- the region's open internships and apprenticeships (employers that offer a place to learn on the job).

Counts of needs and places only: nothing about people. The school's region is the labour-market region of its
municipality; a school without one sees the whole province. A view is kept per process while nothing it reads
changes (the data versions of the taxonomy and every region, and the day, are in its key): it aggregates every open
need of the region, which at a province's size takes longer than a page may.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from matchmaker.i18n import reader_language
from matchmaker.models import (
    Municipality, Need, NeedSkill, Organisation, Programme, User, programme_occupations, programme_skills,
)
from matchmaker.security import policies
from matchmaker.services import open_needs
from matchmaker.services.cache import VersionedCache
from matchmaker.services.catalogue import catalogue
from matchmaker.services.places import REGIONS
from matchmaker.services.queries import get_or_404

#: how many untaught skills and learning places the view lists at most
UNTAUGHT_LISTED = 15
PLACEMENTS_LISTED = 25
PLACEMENT_KINDS = ("internship", "apprenticeship")
#: the schools' views a process keeps (read-only: shared by every request)
_VIEWS: VersionedCache[dict] = VersionedCache(size=32)


def _in_region(column, region: str | None):
    """``column`` (a municipality code) lies in ``region`` (any place when None)."""
    if region is None:
        return true()
    return column.in_(select(Municipality.code).where(Municipality.region_code == region))


def school_demand(*, session: Session, actor: User, organisation_id: int) -> dict:
    """The school's programmes against its region's open demand (for the school itself, coordinators, admins; an
    organisation that is no school has no programmes, and sees the rest)."""
    policies.require_role(actor, "admin", "coordinator", "school")
    policies.require_organisation_actor(actor, organisation_id)
    school = get_or_404(session, Organisation, organisation_id, "organisation")
    # the version is read before the view is built: a view kept under it is never older than it
    key = (*open_needs.province_key(session), organisation_id, reader_language())
    return _VIEWS.get(key, lambda: _view(session, school, open_needs.today()))


def _view(session: Session, school: Organisation, day) -> dict:
    organisation_id = school.id
    region = session.scalar(select(Municipality.region_code).where(Municipality.code == school.municipality_code)) \
        if school.municipality_code else None
    labels, language = catalogue(session), reader_language()
    open_now = select(Need.id).where(open_needs.is_open(day), _in_region(Need.municipality_code, region))
    places_by_occupation = dict(session.execute(
        select(Need.occupation_id, func.sum(Need.headcount)).where(Need.id.in_(open_now),
                                                                   Need.occupation_id.is_not(None))
        .group_by(Need.occupation_id)).all())
    leads_to = defaultdict(list)
    for programme_id, occupation_id in session.execute(
            select(programme_occupations.c.programme_id, programme_occupations.c.occupation_id)
            .join(Programme, Programme.id == programme_occupations.c.programme_id)
            .where(Programme.organisation_id == organisation_id)):
        leads_to[programme_id].append(occupation_id)
    programmes = []
    for programme in session.scalars(select(Programme).where(Programme.organisation_id == organisation_id)
                                     .order_by(Programme.name, Programme.id)):
        occupations = leads_to.get(programme.id, [])
        programmes.append({
            "id": programme.id, "name": programme.name, "mode": programme.mode, "capacity": programme.capacity,
            "occupations": sorted((labels.occupations.label(o, language) or "" for o in occupations), key=str.lower),
            "open_places": int(sum(places_by_occupation.get(o, 0) for o in occupations)),
        })
    taught = select(programme_skills.c.skill_id).join(Programme, Programme.id == programme_skills.c.programme_id) \
        .where(_in_region(Programme.municipality_code, region))
    untaught = session.execute(
        select(NeedSkill.skill_id, func.count(Need.id), func.sum(Need.headcount))
        .join(Need, Need.id == NeedSkill.need_id)
        .where(Need.id.in_(open_now), NeedSkill.relation == "essential", NeedSkill.skill_id.not_in(taught))
        .group_by(NeedSkill.skill_id)
        .order_by(func.sum(Need.headcount).desc(), func.count(Need.id).desc(), NeedSkill.skill_id)
        .limit(UNTAUGHT_LISTED)).all()
    placements = session.execute(
        select(Need.id, Need.title, Need.kind, Need.headcount, Organisation.name, Municipality.name)
        .join(Organisation, Organisation.id == Need.organisation_id)
        .outerjoin(Municipality, Municipality.code == Need.municipality_code)
        .where(Need.id.in_(open_now), Need.kind.in_(PLACEMENT_KINDS))
        .order_by(Organisation.name, Need.title, Need.id).limit(PLACEMENTS_LISTED)).all()
    return {
        "region": {"code": region, "name": REGIONS.get(region)} if region else None,
        "programmes": programmes,
        "untaught_skills": [{"id": skill_id, "label": labels.skills.label(skill_id, language), "needs": needs,
                             "places": int(places or 0)} for skill_id, needs, places in untaught],
        "placements": [{"id": i, "title": title, "kind": kind, "headcount": headcount, "employer": employer,
                        "place": place} for i, title, kind, headcount, employer, place in placements],
    }
