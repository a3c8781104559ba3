"""Tiny hand-made cases for the ecosystem half of the engine (partners, allocation, insights, graph).

Every case is small enough to check by eye. Organisation database ids are ``100 + row`` so that the mapping
from ids to rows is exercised. Places are real Overijssel towns with approximate coordinates.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from scipy import sparse

from matchmaker.engine.data import NeedArrays, OrganisationArrays, PartnerRequestArrays, ProgrammeArrays
from matchmaker.vocabulary import (
    ACCOMMODATIONS,
    LEVERS,
    NEED_KINDS,
    ORGANISATION_KINDS,
    PARTNER_REQUEST_DIRECTIONS,
    PARTNER_REQUEST_KINDS,
    PROGRAMME_MODES,
    SECTORS,
    months_mask,
    to_mask,
)

SKILLS = (
    "order picking",  # 0
    "working in a team",  # 1
    "harvesting",  # 2
    "forklift driving",  # 3
    "welding",  # 4
    "reading technical drawings",  # 5
    "workplace safety",  # 6
    "drone piloting",  # 7
    "crop sensor data",  # 8
    "office software",  # 9
    "personal care",  # 10
    "guest service",  # 11
)
OCCUPATIONS = ("fruit picker", "warehouse worker", "care assistant", "hotel porter", "welder", "crop technician")

#: transitions[a, b]: how well a person in occupation a can move to b (asymmetric, diagonal 1).
TRANSITIONS = np.array(
    [
        # picker warehouse care  porter welder crop
        [1.00, 0.70, 0.20, 0.40, 0.10, 0.30],  # fruit picker
        [0.80, 1.00, 0.20, 0.30, 0.20, 0.10],  # warehouse worker
        [0.10, 0.10, 1.00, 0.10, 0.00, 0.00],  # care assistant
        [0.30, 0.30, 0.60, 1.00, 0.00, 0.00],  # hotel porter -> care assistant is viable
        [0.10, 0.20, 0.00, 0.00, 1.00, 0.20],  # welder
        [0.40, 0.10, 0.00, 0.00, 0.10, 1.00],  # crop technician
    ]
)
VIABLE = 0.5

PLACES = {
    "Raalte": (52.3853, 6.2750),
    "Heino": (52.4752, 6.2750),  # placed 10 km north of Raalte for round numbers
    "Hellendoorn": (52.3515, 6.5180),
    "Deventer": (52.2550, 6.1639),
    "Enschede": (52.2215, 6.8937),
    "Hengelo": (52.2658, 6.7931),
    "Almelo": (52.3567, 6.6625),
    "Rijssen": (52.3100, 6.5170),
    "Zwolle": (52.5168, 6.0830),
    "Dalfsen": (52.5050, 6.2560),
    "Kampen": (52.5550, 5.9110),
    "Olst": (52.3370, 6.1110),
    "Haaksbergen": (52.1560, 6.7390),
}


def organisations(rows) -> tuple[OrganisationArrays, tuple[str, ...]]:
    """rows: dicts with name, place, kind, sector and optional levers (4 ints), asks (lever names), pioneer."""
    n = len(rows)
    lat = np.array([PLACES[r["place"]][0] for r in rows])
    lon = np.array([PLACES[r["place"]][1] for r in rows])
    orgs = OrganisationArrays(
        ids=np.arange(100, 100 + n),
        names=tuple(r["name"] for r in rows),
        kind=np.array([ORGANISATION_KINDS.index(r.get("kind", "employer")) for r in rows]),
        sector=np.array([SECTORS.index(r.get("sector", "logistics")) for r in rows]),
        lat=lat,
        lon=lon,
        lever_strength=np.array([r.get("levers", (0, 0, 0, 0)) for r in rows], dtype=int).reshape(n, 4),
        lever_asks=np.array([to_mask(r.get("asks", ()), LEVERS) for r in rows], dtype=np.int64),
        pioneer=np.array([bool(r.get("pioneer", False)) for r in rows]),
    )
    return orgs, tuple(r["place"] for r in rows)


def needs(rows, orgs: OrganisationArrays) -> NeedArrays:
    """rows: dicts with org (row), occ, ess, opt, months, headcount, kind, trains, accommodations."""
    n = len(rows)

    def skills(key):
        m = sparse.lil_matrix((n, len(SKILLS)))
        for i, r in enumerate(rows):
            for s in r.get(key, ()):
                m[i, SKILLS.index(s)] = 1.0
        return m.tocsr()

    org_rows = np.array([r["org"] for r in rows], dtype=int)
    return NeedArrays(
        ids=np.arange(1000, 1000 + n),
        organisation_ids=orgs.ids[org_rows] if n else np.zeros(0, int),
        occupation=np.array([OCCUPATIONS.index(r["occ"]) if r.get("occ") else -1 for r in rows], dtype=int),
        essential=skills("ess"),
        optional=skills("opt"),
        lat=orgs.lat[org_rows] if n else np.zeros(0),
        lon=orgs.lon[org_rows] if n else np.zeros(0),
        hours=np.full(n, 32.0),
        dutch_level=np.zeros(n, dtype=int),
        accommodations_offered=np.array([to_mask(r.get("accommodations", ()), ACCOMMODATIONS) for r in rows],
                                        dtype=np.int64),
        months=np.array([months_mask(r.get("months", ())) for r in rows], dtype=np.int64),
        headcount=np.array([r.get("headcount", 1) for r in rows], dtype=int),
        trains_on_job=np.array([bool(r.get("trains", False)) for r in rows]),
        welcomes_groups=np.zeros(n, dtype=np.int64),
        kind=np.array([NEED_KINDS.index(r.get("kind", "vacancy")) for r in rows], dtype=int),
    )


def programmes(rows, orgs: OrganisationArrays) -> tuple[ProgrammeArrays, tuple[str, ...]]:
    """rows: dicts with name, org (row), skills, leads_to (occupations), mode, capacity."""
    n = len(rows)
    sk = sparse.lil_matrix((n, len(SKILLS)))
    oc = sparse.lil_matrix((n, len(OCCUPATIONS)))
    for i, r in enumerate(rows):
        for s in r.get("skills", ()):
            sk[i, SKILLS.index(s)] = 1.0
        for o in r.get("leads_to", ()):
            oc[i, OCCUPATIONS.index(o)] = 1.0
    org_rows = np.array([r["org"] for r in rows], dtype=int)
    progs = ProgrammeArrays(
        ids=np.arange(5000, 5000 + n),
        organisation_ids=orgs.ids[org_rows],
        skills=sk.tocsr(),
        occupations=oc.tocsr(),
        lat=orgs.lat[org_rows],
        lon=orgs.lon[org_rows],
        duration_months=np.full(n, 12),
        start_months=np.full(n, months_mask([9])),
        mode=np.array([PROGRAMME_MODES.index(r.get("mode", "full_time")) for r in rows]),
        capacity=np.array([r.get("capacity", 20) for r in rows]),
    )
    return progs, tuple(r["name"] for r in rows)


def requests(rows) -> PartnerRequestArrays:
    """rows: dicts with org (row), direction, kind, months, lever, occ."""
    n = len(rows)
    return PartnerRequestArrays(
        ids=np.arange(7000, 7000 + n),
        organisation=np.array([r["org"] for r in rows], dtype=int),
        direction=np.array([PARTNER_REQUEST_DIRECTIONS.index(r["direction"]) for r in rows]),
        kind=np.array([PARTNER_REQUEST_KINDS.index(r["kind"]) for r in rows]),
        months=np.array([months_mask(r.get("months", ())) for r in rows], dtype=np.int64),
        lever=np.array([LEVERS.index(r["lever"]) if r.get("lever") else -1 for r in rows]),
        occupation=np.array([OCCUPATIONS.index(r["occ"]) if r.get("occ") else -1 for r in rows]),
    )


def _case(org_rows, need_rows, prog_rows=(), request_rows=(), **extra):
    orgs, places = organisations(org_rows)
    progs, prog_labels = programmes(prog_rows, orgs) if prog_rows else (None, ())
    return SimpleNamespace(
        organisations=orgs,
        places=places,
        needs=needs(need_rows, orgs),
        programmes=progs,
        programme_labels=prog_labels,
        requests=requests(request_rows) if request_rows else None,
        transitions=TRANSITIONS,
        viable_threshold=VIABLE,
        hard_to_fill=extra.pop("hard_to_fill", np.zeros(len(OCCUPATIONS))),
        occupation_labels=OCCUPATIONS,
        skill_labels=SKILLS,
        **extra,
    )


SUMMER = list(range(4, 10))  # Apr-Sept
WINTER = [10, 11, 12, 1, 2, 3]  # Oct-Mar
PICKING = ("order picking", "working in a team")


def seasonal_case():
    """0 farm (Raalte, Apr-Sept) and 1 logistics (10 km, Oct-Mar) share order picking: each other's best.

    2 is a second summer employer (Hellendoorn, fruit picking): never the farm's seasonal partner.
    3 hires all year (Deventer): never seasonal. 4 is a winter employer in Enschede, out of reach.
    """
    return _case(
        [
            dict(name="Jansen Fruit", place="Raalte", sector="agriculture_food"),
            dict(name="Twente Logistics", place="Heino", sector="logistics"),
            dict(name="Zomerfruit Hellendoorn", place="Hellendoorn", sector="agriculture_food"),
            dict(name="Zorg Deventer", place="Deventer", sector="care"),
            dict(name="Winterhal Enschede", place="Enschede", sector="logistics"),
        ],
        [
            dict(org=0, occ="fruit picker", ess=PICKING + ("harvesting",), months=SUMMER, headcount=3,
                 kind="seasonal_peak"),
            dict(org=1, occ="warehouse worker", ess=PICKING + ("forklift driving",), months=WINTER, headcount=2,
                 kind="seasonal_peak"),
            dict(org=2, occ="fruit picker", ess=PICKING + ("harvesting",), months=[5, 6, 7, 8], headcount=4,
                 kind="seasonal_peak"),
            dict(org=3, occ="care assistant", ess=("personal care",), headcount=2),
            dict(org=4, occ="warehouse worker", ess=PICKING, months=WINTER, headcount=5, kind="seasonal_peak"),
        ],
    )


def pipeline_case():
    """0 hotel (Zwolle) hires porters as starters; 1 care home (Dalfsen, 12 km) cannot fill care assistants."""
    htf = np.zeros(len(OCCUPATIONS))
    htf[OCCUPATIONS.index("care assistant")] = 0.8
    return _case(
        [
            dict(name="Hotel De Zon", place="Zwolle", sector="hospitality"),
            dict(name="Zorggroep Vecht", place="Dalfsen", sector="care"),
            dict(name="Magazijn Kampen", place="Kampen", sector="logistics"),
        ],
        [
            dict(org=0, occ="hotel porter", ess=("guest service",), trains=True, headcount=3),
            dict(org=1, occ="care assistant", ess=("personal care",), headcount=4),
            dict(org=2, occ="warehouse worker", ess=PICKING, trains=True, headcount=2),
        ],
        hard_to_fill=htf,
    )


def school_case():
    """0 metal firm with a welder apprenticeship that 1 ROC's work-based programme teaches.

    2 and 3 (farms) need drone piloting and crop sensor data that no programme within 40 km teaches; 4 (Zwolle,
    far away) teaches crop sensor data, so it is the school nearest to teaching them.
    """
    return _case(
        [
            dict(name="Twente Metaal", place="Hengelo", sector="manufacturing"),
            dict(name="ROC van Twente", place="Enschede", kind="school", sector="education"),
            dict(name="Agro Twente", place="Almelo", sector="agriculture_food"),
            dict(name="Boer & Co", place="Haaksbergen", sector="agriculture_food"),
            dict(name="Landstede", place="Zwolle", kind="school", sector="education"),
        ],
        [
            dict(org=0, occ="welder", ess=("welding", "reading technical drawings", "workplace safety"),
                 kind="apprenticeship", headcount=2),
            dict(org=2, occ="crop technician", ess=("drone piloting", "crop sensor data"), headcount=2),
            dict(org=3, occ="crop technician", ess=("drone piloting", "crop sensor data"), opt=("harvesting",),
                 headcount=1),
        ],
        [
            dict(name="Welder BBL", org=1, skills=("welding", "reading technical drawings", "workplace safety"),
                 leads_to=("welder",), mode="work_based"),
            dict(name="Office assistant", org=1, skills=("office software",)),
            dict(name="Smart farming", org=4, skills=("crop sensor data", "harvesting"), leads_to=("crop technician",)),
        ],
    )


def knowledge_case():
    """0 asks for help with dynamic management; 1 is a nearby care pioneer strong on it (the best partner)."""
    return _case(
        [
            dict(name="Thuiszorg Olst", place="Olst", sector="care", asks=("dynamic_management",)),
            dict(name="Zorgpionier Deventer", place="Deventer", sector="care", levers=(3, 1, 0, 0), pioneer=True),
            dict(name="ICT Pionier Deventer", place="Deventer", sector="ict", levers=(3, 0, 0, 0), pioneer=True),
            dict(name="Zorgpionier Enschede", place="Enschede", sector="care", levers=(3, 0, 0, 0), pioneer=True),
            dict(name="Sterke Zorg (no pioneer)", place="Deventer", sector="care", levers=(3, 0, 0, 0)),
        ],
        [],
    )


def request_case():
    """Request 0: a winter logistics firm seeks staff in Nov-Jan.

    1 (a summer farm, idle in winter) fits by its data; 2 (a staffing agency) explicitly offers staff sharing
    in Oct-Feb (request 1); 3 also peaks in winter, so it has no one to share.
    """
    return _case(
        [
            dict(name="Twente Logistics", place="Raalte", sector="logistics"),
            dict(name="Jansen Fruit", place="Hellendoorn", sector="agriculture_food"),
            dict(name="Flex Uitzend", place="Raalte", sector="logistics"),
            dict(name="Kersthal Heino", place="Heino", sector="retail"),
        ],
        [
            dict(org=0, occ="warehouse worker", ess=PICKING, months=WINTER, headcount=4, kind="seasonal_peak"),
            dict(org=1, occ="fruit picker", ess=PICKING, months=SUMMER, headcount=5, kind="seasonal_peak"),
            dict(org=3, occ="warehouse worker", ess=PICKING, months=[11, 12, 1], headcount=3, kind="seasonal_peak"),
        ],
        request_rows=[
            dict(org=0, direction="seeks", kind="staff_sharing", months=[11, 12, 1]),
            dict(org=2, direction="offers", kind="staff_sharing", months=[10, 11, 12, 1, 2]),
        ],
    )


def match(a, b, score=0.8, kind="seasonal_sharing"):
    """A stand-in partner match for graph tests."""
    return SimpleNamespace(organisation_a=a, organisation_b=b, score=score, kind=kind)


def two_clusters_case():
    """A care cluster in Twente (0-2) and a logistics cluster around Zwolle (3-5), bridged only by 6."""
    from matchmaker.engine.ecosystem_graph import build_ecosystem_graph

    case = _case(
        [
            dict(name="Zorg Enschede", place="Enschede", sector="care"),
            dict(name="Thuiszorg Enschede", place="Enschede", sector="care"),
            dict(name="Zorg Hengelo", place="Hengelo", sector="care"),
            dict(name="Logistiek Zwolle", place="Zwolle", sector="logistics"),
            dict(name="Transport Zwolle", place="Zwolle", sector="logistics"),
            dict(name="Magazijn Kampen", place="Kampen", sector="logistics"),
            dict(name="Regio Netwerk Raalte", place="Raalte", kind="network", sector="public_social"),
        ],
        [],
    )
    case.matches = [match(0, 1), match(1, 2), match(0, 2, kind="talent_pipeline"), match(3, 4), match(4, 5),
                    match(3, 5), match(6, 0, 0.5, "knowledge_exchange"), match(6, 3, 0.5, "knowledge_exchange")]
    case.graph = build_ecosystem_graph(case.organisations, case.needs, places=case.places, matches=case.matches,
                                       region="Overijssel", data_version="test-1")
    return case
