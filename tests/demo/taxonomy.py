"""A small hand-made taxonomy for the demo-region tests: ESCO labels for some occupations, others only by ISCO group."""
from __future__ import annotations

from matchmaker.demo.region import content
from matchmaker.models import OccupationSkill
from tests.factories import OccupationFactory, SkillFactory

#: labels the demo region must reach through the ISCO-group fallback, because this taxonomy lacks them
KEYWORD_SKILLS = ("operate forklift", "follow health and safety procedures", "apply food safety and hygiene",
                  "communicate with colleagues", "pick orders for dispatching", "weld metal parts")


def build_small_taxonomy(session) -> dict[str, object]:
    """One occupation per ISCO group of the demo catalogue (every other one under another label), with skills.

    Returns the occupations by label.
    """
    shared = [SkillFactory(label_en=label) for label in KEYWORD_SKILLS]
    occupations = {}
    groups_seen: dict[str, int] = {}
    for sector, entries in content("occupations").items():
        if sector.startswith("_"):
            continue
        for entry in entries:
            if entry["isco"] in groups_seen:
                continue
            groups_seen[entry["isco"]] = len(groups_seen)
            exact = len(groups_seen) % 2 == 1
            label = entry["label"] if exact else f"{entry['label']} (regional variant)"
            occupation = OccupationFactory(label_en=label, isco_group=entry["isco"], sector=sector,
                                           starter=bool(entry.get("starter")))
            occupations[label] = occupation
            essential = [SkillFactory(label_en=f"{label} essential {i}") for i in range(5)]
            optional = [SkillFactory(label_en=f"{label} optional {i}") for i in range(4)]
            essential.append(shared[len(occupations) % len(shared)])
            for skill in essential:
                session.add(OccupationSkill(occupation=occupation, skill=skill, relation="essential"))
            for skill in optional:
                session.add(OccupationSkill(occupation=occupation, skill=skill, relation="optional"))
    OccupationFactory(label_en="software developer", isco_group="2512", sector="ict")
    session.flush()
    return occupations
