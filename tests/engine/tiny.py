"""A tiny hand-built region where every right answer can be worked out on paper.

Skills (group): 0 pick fruit (field), 1 sort produce (field), 2 work in a team (-), 3 pick orders (field),
4 scan barcodes (field), 5 operate forklift (field), 6 load and unload goods (field), 7 wash dishes
(kitchen), 8 prepare vegetables (kitchen), 9 cook meat dishes (kitchen), 10 plan menus (kitchen),
11 manage kitchen stock (kitchen), 12 care for patients (care), 13 administer medication (care),
14 follow hygiene rules (-). Related: 6 <-> 11.

Occupations: essential / optional
0 fruit picker        {0,1,2} / {14}
1 order picker        {3,4,2} / {6}
2 forklift operator   {5,6,4} / {3}
3 kitchen assistant   {7,8,14} / {2}
4 cook                {8,9,10,11,14} / {7}
5 nurse               {12,13,14,2} / {}

Transitions (sibling 0.5, related 0.25), e.g. order picker -> forklift operator = (0.5 + 1 + 1) / 3 = 0.833,
forklift operator -> order picker = (1 + 1 + 0) / 3 = 0.667; kitchen assistant -> cook =
(1 + .5 + .5 + .5 + 1) / 5 = 0.7, cook -> kitchen assistant = 1.

People (all year unless said): 0 Amal, Kampen, fruit picker 2 y, skills {0,1,2,14}, Dutch A2, 32 h, 30 km,
needs a language buddy, refugee status holder. 1 Bram, Zwolle, kitchen assistant 3 y, skills {2,7,8,14},
native, 36 h, 35 km, older worker. 2 Chris, Zwolle, order picker 1 y, skills {2,3,4,6}, B1, 36 h, 25 km,
needs wheelchair access, youth. 3 Dana, Zwolle, skills {2,14}, B1, 24 h, 15 km, returner, no experience.

Needs: 0 fruit picker at Fruitteelt Kampen, May-Aug, 10 heads, welcomes refugees, language buddy.
1 order picker at Zwolle DC, Nov-Dec peak, 8 heads, trains on the job, language buddy + wheelchair.
2 forklift operator at Zwolle DC, all year, 2 heads, wheelchair access. 3 kitchen assistant at
Brasserie Zwolle (starter employer), trains on the job, 24 h. 4 cook at Hotel Deventer (30 km), B1, 36 h.
5 nurse at Isala Zwolle, B2, 32 h.

Programmes: 0 forklift course (skill 5), Zwolle, 1 month. 1 MBO cook (9, 10, 11), Zwolle, 12 months.
2 cooking course (9, 10), Deventer, 3 months.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from matchmaker.engine.data import NeedArrays, PeopleArrays, ProgrammeArrays, SkillSpace
from matchmaker.vocabulary import ACCOMMODATIONS, DUTCH_LEVELS, NEED_KINDS, PROGRAMME_MODES, TARGET_GROUPS, \
    months_mask, to_mask

SKILLS = ("pick fruit", "sort produce", "work in a team", "pick orders", "scan barcodes", "operate forklift",
          "load and unload goods", "wash dishes", "prepare vegetables", "cook meat dishes", "plan menus",
          "manage kitchen stock", "care for patients", "administer medication", "follow hygiene rules")
GROUPS = ("field and warehouse work", "kitchen work", "care work")
SKILL_GROUP = (0, 0, -1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, -1)
OCCUPATIONS = ("fruit picker", "order picker", "forklift operator", "kitchen assistant", "cook", "nurse")
FRUIT, ORDER, FORKLIFT, KITCHEN, COOK, NURSE = range(6)
ESSENTIAL = {0: [0, 1, 2], 1: [3, 4, 2], 2: [5, 6, 4], 3: [7, 8, 14], 4: [8, 9, 10, 11, 14], 5: [12, 13, 14, 2]}
OPTIONAL = {0: [14], 1: [6], 2: [3], 3: [2], 4: [7], 5: []}

ZWOLLE = (52.5168, 6.0830)
KAMPEN = (52.5550, 5.9110)
DEVENTER = (52.2550, 6.1636)

NEED_NAMES = ("fruit picker", "order picker", "forklift operator", "kitchen assistant", "cook", "nurse")
EMPLOYERS = ("Fruitteelt Kampen", "Zwolle DC", "Zwolle DC", "Brasserie Zwolle", "Hotel Deventer", "Isala Zwolle")
PROGRAMME_NAMES = ("Forklift course at Deltion", "MBO Cook at Deltion", "Cooking course at Saxion")


def rows(n_rows: int, n_cols: int, mapping: dict[int, list[int]], values=None) -> sparse.csr_matrix:
    r = [i for i, cols in mapping.items() for _ in cols]
    c = [j for cols in mapping.values() for j in cols]
    v = np.ones(len(r)) if values is None else [values[i] for i, cols in mapping.items() for _ in cols]
    return sparse.csr_matrix((np.asarray(v, float), (r, c)), shape=(n_rows, n_cols))


def space(isco=("9211", "9321", "8344", "9412", "5120", "3221")) -> SkillSpace:
    return SkillSpace(
        occupation_ids=np.array([f"occ/{i}" for i in range(6)]),
        occupation_labels=OCCUPATIONS,
        isco_group=tuple(isco),
        skill_ids=np.array([f"skill/{i}" for i in range(15)]),
        skill_labels=SKILLS,
        essential=rows(6, 15, ESSENTIAL),
        optional=rows(6, 15, OPTIONAL),
        skill_group=np.array(SKILL_GROUP),
        group_labels=GROUPS,
        related=rows(15, 15, {6: [11], 11: [6]}),
    )


def acc(*names: str) -> int:
    return to_mask(names, ACCOMMODATIONS)


def groups(*names: str) -> int:
    return to_mask(names, TARGET_GROUPS)


def dutch(level: str) -> int:
    return DUTCH_LEVELS.index(level)


def people() -> PeopleArrays:
    skills = {0: [0, 1, 2, 14], 1: [2, 7, 8, 14], 2: [2, 3, 4, 6], 3: [2, 14]}
    past = sparse.csr_matrix(([2.0, 3.0, 1.0], ([0, 1, 2], [FRUIT, KITCHEN, ORDER])), shape=(4, 6))
    place = [KAMPEN, ZWOLLE, ZWOLLE, ZWOLLE]
    return PeopleArrays(
        ids=np.array([100, 101, 102, 103]),
        skills=rows(4, 15, skills),
        past_occupations=past,
        lat=np.array([p[0] for p in place]),
        lon=np.array([p[1] for p in place]),
        radius_km=np.array([30.0, 35.0, 25.0, 15.0]),
        hours=np.array([32.0, 36.0, 36.0, 24.0]),
        dutch_level=np.array([dutch("A2"), dutch("native"), dutch("B1"), dutch("B1")]),
        accommodations_needed=np.array([acc("language_buddy"), 0, acc("wheelchair_access"), 0]),
        available_months=np.array([months_mask([])] * 4),
        target_groups=np.array([groups("refugee_status_holder"), groups("older_worker"), groups("youth_neet"),
                                groups("returner")]),
    )


def needs() -> NeedArrays:
    place = [KAMPEN, ZWOLLE, ZWOLLE, ZWOLLE, DEVENTER, ZWOLLE]
    seasonal, vacancy = NEED_KINDS.index("seasonal_peak"), NEED_KINDS.index("vacancy")
    return NeedArrays(
        ids=np.array([200, 201, 202, 203, 204, 205]),
        organisation_ids=np.array([10, 11, 11, 12, 13, 14]),
        occupation=np.array([FRUIT, ORDER, FORKLIFT, KITCHEN, COOK, NURSE]),
        essential=rows(6, 15, ESSENTIAL),
        optional=rows(6, 15, OPTIONAL),
        lat=np.array([p[0] for p in place]),
        lon=np.array([p[1] for p in place]),
        hours=np.array([32.0, 32.0, 36.0, 24.0, 36.0, 32.0]),
        dutch_level=np.array([dutch("A1"), dutch("A2"), dutch("A2"), dutch("A2"), dutch("B1"), dutch("B2")]),
        accommodations_offered=np.array([acc("language_buddy"), acc("language_buddy", "wheelchair_access"),
                                         acc("wheelchair_access"), 0, 0, 0]),
        months=np.array([months_mask([5, 6, 7, 8]), months_mask([11, 12])] + [months_mask([])] * 4),
        headcount=np.array([10, 8, 2, 3, 2, 4]),
        trains_on_job=np.array([False, True, False, True, False, False]),
        welcomes_groups=np.array([groups("refugee_status_holder"), 0, 0, 0, 0, 0]),
        kind=np.array([seasonal, seasonal, vacancy, vacancy, vacancy, vacancy]),
    )


def programmes() -> ProgrammeArrays:
    place = [ZWOLLE, ZWOLLE, DEVENTER]
    return ProgrammeArrays(
        ids=np.array([300, 301, 302]),
        organisation_ids=np.array([20, 20, 21]),
        skills=rows(3, 15, {0: [5], 1: [9, 10, 11], 2: [9, 10]}),
        occupations=rows(3, 6, {0: [FORKLIFT], 1: [COOK], 2: [COOK]}),
        lat=np.array([p[0] for p in place]),
        lon=np.array([p[1] for p in place]),
        duration_months=np.array([1.0, 12.0, 3.0]),
        start_months=np.array([months_mask([])] * 3),
        mode=np.array([PROGRAMME_MODES.index("short_course"), PROGRAMME_MODES.index("work_based"),
                       PROGRAMME_MODES.index("short_course")]),
        capacity=np.array([12, 20, 10]),
    )
