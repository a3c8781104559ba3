"""Labour-market regions: their municipalities and how much of the ecosystem lives in each."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.errors import NotFound
from matchmaker.models import Municipality, Need, Organisation, Person, Programme, User
from matchmaker.services import open_needs
from matchmaker.services.allocation import MIN_GROUP_SIZE
from matchmaker.services.places import REGIONS, region_choices
from matchmaker.services.queries import Page

COUNTED = {"organisations": Organisation, "programmes": Programme, "needs": Need, "people": Person}


def _counts(session: Session, keys: list[str], group_by=Municipality.region_code) -> dict[str, dict[str, int]]:
    """Per region (or per municipality, ``group_by=Municipality.code``) of ``keys``: how many organisations,
    programmes, needs (all and open) and people are placed in it."""
    counts = {key: dict.fromkeys((*COUNTED, "open_needs"), 0) for key in keys}

    def tally(name, model, *conditions):
        query = (select(group_by, func.count(model.id))
                 .join(model, model.municipality_code == Municipality.code)
                 .where(group_by.in_(keys), *conditions)
                 .group_by(group_by))
        for key, number in session.execute(query):
            counts[key][name] = number

    for name, model in COUNTED.items():
        tally(name, model)
    tally("open_needs", Need, open_needs.is_open())
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
    counts = _counts(session, [m.code for m in municipalities], group_by=Municipality.code)
    rows = []
    for m in municipalities:
        counted = counts[m.code]
        few = 0 < counted["people"] < MIN_GROUP_SIZE
        rows.append({"code": m.code, "name": m.name, "latitude": m.latitude, "longitude": m.longitude,
                     "organisations": counted["organisations"], "programmes": counted["programmes"],
                     "open_needs": counted["open_needs"], "people": None if few else counted["people"],
                     "suppressed": "fewer" if few else None})
    return rows
