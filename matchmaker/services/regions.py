"""Labour-market regions: their municipalities and how much of the ecosystem lives in each."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.errors import NotFound
from matchmaker.models import Municipality, Need, Organisation, Person, Programme, User
from matchmaker.services import data_versions, open_needs
from matchmaker.services.allocation import MIN_GROUP_SIZE
from matchmaker.services.cache import VersionedCache
from matchmaker.services.data_versions import region_scope
from matchmaker.services.places import REGIONS, region_choices
from matchmaker.services.queries import Page

COUNTED = {"organisations": Organisation, "programmes": Programme, "needs": Need, "people": Person}
#: the counts of the province per municipality and per region, per process, while no region's data changes (the
#: data versions of every region are in the key): the start page, a region's page and its map read them
_COUNTS: VersionedCache[dict] = VersionedCache(size=2)


def _counts(session: Session, keys: list[str], level: str = "regions") -> dict[str, dict[str, int]]:
    """Per region (or per municipality, ``level="municipalities"``) of ``keys``: how many organisations,
    programmes, needs (all and open) and people are placed in it."""
    # the version is read before the counting: counts stored under it are never older than it; a need closes by
    # its date without a change of data, so the day is in the key too
    version = data_versions.combined(session=session, scopes=[region_scope(code) for code in REGIONS])
    day = open_needs.today()
    counted = _COUNTS.get((str(session.get_bind().url), version, day), lambda: _count_province(session, day))
    return {key: dict(counted[level].get(key) or dict.fromkeys((*COUNTED, "open_needs"), 0)) for key in keys}


def _count_province(session: Session, day) -> dict[str, dict[str, dict[str, int]]]:
    """Every municipality's and region's counts on ``day``: one query per kind of record, grouped by municipality."""
    region_of = dict(session.execute(select(Municipality.code, Municipality.region_code)).all())
    counts = {"municipalities": {}, "regions": {}}

    def tally(name, model, *conditions):
        query = (select(model.municipality_code, func.count()).where(model.municipality_code.is_not(None), *conditions)
                 .group_by(model.municipality_code))
        for code, number in session.execute(query):
            if code not in region_of:
                continue
            for level, key in (("municipalities", code), ("regions", region_of[code])):
                row = counts[level].setdefault(key, dict.fromkeys((*COUNTED, "open_needs"), 0))
                row[name] += number

    for name, model in COUNTED.items():
        tally(name, model)
    tally("open_needs", Need, open_needs.is_open(day))
    return counts


def _regions(session: Session, codes: list[str]) -> list[dict]:
    municipalities = session.scalars(select(Municipality).where(Municipality.region_code.in_(codes))
                                     .order_by(Municipality.name))
    by_region: dict[str, list[Municipality]] = {code: [] for code in codes}
    for municipality in municipalities:
        by_region[municipality.region_code].append(municipality)
    counts = _counts(session, codes)
    return [{"code": code, "name": REGIONS[code], "municipalities": by_region[code], "counts": counts[code]}
            for code in codes]


def list_regions(*, session: Session, actor: User, args: dict) -> Page:
    codes = list(REGIONS)
    if q := (args.get("q") or "").casefold():
        by_municipality = {m.region_code for m in session.scalars(select(Municipality)) if q in m.name.casefold()}
        codes = [c for c in codes if q in c or q in REGIONS[c].casefold() or c in by_municipality]
    window = codes[args["offset"]:args["offset"] + args["limit"]]
    return Page(items=_regions(session, window), total=len(codes), limit=args["limit"], offset=args["offset"])


def get(*, session: Session, actor: User, code: str) -> dict:
    if code not in REGIONS:
        raise NotFound("No region %(code)s; one of %(value)s.", code=f"{code!r}", value=region_choices())
    return _regions(session, [code])[0]


def by_municipality(*, session: Session, actor: User, code: str) -> list[dict]:
    """The region's municipalities by name, each with its coordinates (its main town) and how many organisations,
    programmes, open needs and people are placed in it. People are counted only from
    :data:`~matchmaker.services.allocation.MIN_GROUP_SIZE` on (``people`` None and ``suppressed`` "fewer" below it):
    a municipality's few people are not to be told apart."""
    municipalities = get(session=session, actor=actor, code=code)["municipalities"]
    counts = _counts(session, [m.code for m in municipalities], level="municipalities")
    rows = []
    for m in municipalities:
        counted = counts[m.code]
        few = 0 < counted["people"] < MIN_GROUP_SIZE
        rows.append({"code": m.code, "name": m.name, "latitude": m.latitude, "longitude": m.longitude,
                     "organisations": counted["organisations"], "programmes": counted["programmes"],
                     "open_needs": counted["open_needs"], "people": None if few else counted["people"],
                     "suppressed": "fewer" if few else None})
    return rows
