"""A small hand-made taxonomy for the demo-region tests: one occupation per ISCO group of the demo's catalogue,
most under their ESCO label, some under another label so the demo must find them by ISCO group."""
from __future__ import annotations

from matchmaker.demo.region import content
from matchmaker.models import OccupationSkill
from tests.factories import OccupationFactory, SkillFactory

#: ISCO groups whose occupation gets a label the demo's catalogue does not know
VARIANT_GROUPS = {"3412", "7115", "9412", "2341", "8211", "4224"}
#: skills with recognisable labels, essential to the occupation named
KEYWORD_SKILLS = {
    "forklift operator": "operate forklift",
    "warehouse order picker": "pick orders for dispatching",
    "building construction worker": "follow health and safety procedures",
    "kitchen assistant (regional variant)": "apply food safety and hygiene",
    "welder": "weld metal parts",
}


def build_small_taxonomy(session) -> dict[str, object]:
    """Create the taxonomy; returns the occupations by English label."""
    occupations = {}
    communicate = SkillFactory(label_en="communicate with colleagues")
    for sector, entries in content("occupations").items():
        if sector.startswith("_"):
            continue
        for entry in entries:
            if any(o.isco_group == entry["isco"] for o in occupations.values()):
                continue
            label = entry["label"] + (" (regional variant)" if entry["isco"] in VARIANT_GROUPS else "")
            occupation = OccupationFactory(label_en=label, isco_group=entry["isco"], sector=sector,
                                           starter=bool(entry.get("starter")))
            occupations[label] = occupation
            essential = [SkillFactory(label_en=f"{label} essential {i}") for i in range(5)] + [communicate]
            if label in KEYWORD_SKILLS:
                essential.append(SkillFactory(label_en=KEYWORD_SKILLS[label]))
            for skill in essential:
                session.add(OccupationSkill(occupation=occupation, skill=skill, relation="essential"))
            for i in range(4):
                session.add(OccupationSkill(occupation=occupation, relation="optional",
                                            skill=SkillFactory(label_en=f"{label} optional {i}")))
    occupations["software developer"] = OccupationFactory(label_en="software developer", isco_group="2512",
                                                          sector="ict")
    session.flush()
    return occupations
