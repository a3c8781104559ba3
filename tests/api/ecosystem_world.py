"""Small hand-built worlds for the partner, allocation and insight tests: skills, occupations that require
them, needs that ask for them. ISCO groups differ in their first digit, so the viable threshold is the stated
default (0.5) and transitions are plain skill coverage. The first digits run from elementary work (9) upwards, so the
first six occupations are at ISCO skill levels 1 and 2: direct steps for anyone (the level rule, issue 13)."""
from __future__ import annotations

from matchmaker.extensions import db
from matchmaker.models import NeedSkill, OccupationSkill
from tests.factories import NeedFactory, OccupationFactory, OrganisationFactory, SkillFactory

RAALTE = dict(municipality_code="GM0177", latitude=52.3858, longitude=6.2750)
HEINO = dict(municipality_code="GM0177", latitude=52.4700, longitude=6.2300)   # ~10 km north of Raalte
ENSCHEDE = dict(municipality_code="GM0153", latitude=52.2215, longitude=6.8937)
HENGELO = dict(municipality_code="GM0164", latitude=52.2658, longitude=6.7931)

#: ISCO major groups by rising skill level (9: level 1; 8-4: level 2; 3 and 1: level 3; 2: level 4)
MAJOR_GROUPS = "987654312"
_ISCO = iter(d + "111" for d in MAJOR_GROUPS)


def skills(*labels):
    return [SkillFactory(label_en=label, label_nl=label) for label in labels]


def occupation(label, essential, optional=(), *, isco_group=None):
    occ = OccupationFactory(label_en=label, label_nl=label, isco_group=isco_group or next(_ISCO, "0111"))
    for skill in essential:
        db.session.add(OccupationSkill(occupation_id=occ.id, skill_id=skill.id, relation="essential"))
    for skill in optional:
        db.session.add(OccupationSkill(occupation_id=occ.id, skill_id=skill.id, relation="optional"))
    db.session.flush()
    return occ


def need(organisation, occ, essential, optional=(), **kwargs):
    place = {k: getattr(organisation, k) for k in ("municipality_code", "latitude", "longitude")}
    n = NeedFactory(organisation=organisation, occupation=occ, **{**place, **kwargs})
    for skill in essential:
        db.session.add(NeedSkill(need_id=n.id, skill_id=skill.id, relation="essential"))
    for skill in optional:
        db.session.add(NeedSkill(need_id=n.id, skill_id=skill.id, relation="optional"))
    db.session.flush()
    return n


def reset_isco():
    """Start the ISCO groups again from elementary work (each world's first occupation at level 1)."""
    global _ISCO
    _ISCO = iter(d + "111" for d in MAJOR_GROUPS)


def seasonal_world():
    """A fruit farm in Raalte and a logistics firm in Heino (regio-zwolle) with order-picking needs in opposite
    seasons: one seasonal-sharing match. Returns the farm, the logistics firm and its winter need."""
    reset_isco()
    picking, team = skills("order picking", "working in a team")
    picker = occupation("order picker", [picking, team])
    farm = OrganisationFactory(name="Jansen Fruit", sector="agriculture", **RAALTE)
    logistics = OrganisationFactory(name="Twente Logistics", sector="logistics", **HEINO)
    need(farm, picker, [picking, team], headcount=3, months=[4, 5, 6, 7, 8, 9], title="Fruit picking season")
    winter = need(logistics, picker, [picking, team], headcount=3, months=[10, 11, 12, 1, 2, 3], title="Winter peak")
    return farm, logistics, winter
