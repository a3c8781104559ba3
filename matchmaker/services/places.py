"""Places: Overijssel's 25 municipalities and their labour-market regions; any other point by coordinates."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.errors import InvalidInput
from matchmaker.models import Municipality
from matchmaker.services import data_versions

REGIONS = {
    "twente": "Twente",
    "regio-zwolle": "Regio Zwolle",
    "stedendriehoek": "Stedendriehoek en Noordwest-Veluwe",
}



def region_choices() -> str:
    """The regions as an error message lists them: each by its name, with the code to send beside it.

    >>> region_choices()
    'Twente (twente), Regio Zwolle (regio-zwolle), Stedendriehoek en Noordwest-Veluwe (stedendriehoek)'
    """
    return ", ".join(f"{name} ({code})" for code, name in REGIONS.items())


#: (CBS code, name, labour-market region, latitude, longitude of the main town)
MUNICIPALITIES = (
    ("GM0141", "Almelo", "twente", 52.3567, 6.6625),
    ("GM0147", "Borne", "twente", 52.2997, 6.7528),
    ("GM0148", "Dalfsen", "regio-zwolle", 52.5111, 6.2569),
    ("GM0150", "Deventer", "stedendriehoek", 52.2550, 6.1639),
    ("GM1774", "Dinkelland", "twente", 52.3764, 7.0058),
    ("GM0153", "Enschede", "twente", 52.2215, 6.8937),
    ("GM0158", "Haaksbergen", "twente", 52.1564, 6.7394),
    ("GM0160", "Hardenberg", "regio-zwolle", 52.5758, 6.6192),
    ("GM0163", "Hellendoorn", "twente", 52.3600, 6.4667),
    ("GM0164", "Hengelo", "twente", 52.2658, 6.7931),
    ("GM1735", "Hof van Twente", "twente", 52.2333, 6.5833),
    ("GM0166", "Kampen", "regio-zwolle", 52.5550, 5.9114),
    ("GM0168", "Losser", "twente", 52.2608, 7.0050),
    ("GM0173", "Oldenzaal", "twente", 52.3131, 6.9292),
    ("GM1773", "Olst-Wijhe", "stedendriehoek", 52.3875, 6.1361),
    ("GM0175", "Ommen", "regio-zwolle", 52.5208, 6.4208),
    ("GM0177", "Raalte", "regio-zwolle", 52.3858, 6.2750),
    ("GM1742", "Rijssen-Holten", "twente", 52.3064, 6.5181),
    ("GM0180", "Staphorst", "regio-zwolle", 52.6450, 6.2111),
    ("GM1708", "Steenwijkerland", "regio-zwolle", 52.7875, 6.1208),
    ("GM0183", "Tubbergen", "twente", 52.4069, 6.7842),
    ("GM1700", "Twenterand", "twente", 52.4094, 6.6219),
    ("GM0189", "Wierden", "twente", 52.3592, 6.5931),
    ("GM1896", "Zwartewaterland", "regio-zwolle", 52.5908, 6.0931),
    ("GM0193", "Zwolle", "regio-zwolle", 52.5125, 6.0914),
)


_NAMES = {code: name for code, name, *_ in MUNICIPALITIES}
_REGION_OF = {code: region for code, _, region, *_ in MUNICIPALITIES}
_COORDINATES = {code: (lat, lon) for code, _, _, lat, lon in MUNICIPALITIES}


def place_name(municipality_code: str | None) -> str | None:
    """The municipality's name (the same in Dutch and English), None for no or an unknown code."""
    return _NAMES.get(municipality_code) if municipality_code else None


def region_of(municipality_code: str | None) -> str | None:
    """The labour-market region of a municipality (the ``municipalities`` table holds the same), None for none."""
    return _REGION_OF.get(municipality_code) if municipality_code else None


def ensure_municipalities(*, session: Session) -> int:
    """Insert the municipalities that are missing; returns how many were added."""
    known = set(session.scalars(select(Municipality.code)))
    added = 0
    for code, name, region, lat, lon in MUNICIPALITIES:
        if code not in known:
            session.add(Municipality(code=code, name=name, province="Overijssel", region_code=region,
                                     region_name=REGIONS[region], latitude=lat, longitude=lon))
            added += 1
    session.flush()
    data_versions.ensure_scopes(session=session, scopes=data_versions.province_scopes(deletions=True))
    return added


LOCATION_FIELDS = ("municipality_code", "latitude", "longitude")


def apply_location(*, session: Session, record, data: dict, default=None) -> dict:
    """Set ``record``'s place from the location fields of ``data``; returns ``data`` without them.

    A new record given no location at all takes the place of ``default`` (e.g. its organisation), when given.
    """
    current = record if record.id else None
    if current is None and default is not None and not any(key in data for key in LOCATION_FIELDS):
        data = {**data, "municipality_code": default.municipality_code,
                "latitude": default.latitude, "longitude": default.longitude}
    for key, value in resolve_location(session=session, data=data, current=current).items():
        setattr(record, key, value)
    return {key: value for key, value in data.items() if key not in LOCATION_FIELDS}


def resolve_location(*, session: Session, data: dict, current=None) -> dict:
    """Fill ``latitude``/``longitude`` from the municipality when only a municipality is given.

    ``data`` holds the (partial) input; ``current`` the record being updated, if any. Returns the location
    fields to set. Either a known municipality or both coordinates are required.
    """
    code = data.get("municipality_code", getattr(current, "municipality_code", None))
    lat = data.get("latitude")
    lon = data.get("longitude")
    if (lat is None) != (lon is None):
        raise InvalidInput("Give both latitude and longitude, or neither.", field="latitude" if lat is None else "longitude")
    if code is not None:
        if code not in _COORDINATES:  # the municipalities table holds these, and only these
            raise InvalidInput("Unknown municipality code %(code)s; see GET /api/v1/regions.", field="municipality_code", code=f"{code!r}")
        if lat is None and ("municipality_code" in data or current is None):
            lat, lon = _COORDINATES[code]
    elif lat is None and current is None:
        raise InvalidInput("Give a municipality_code, or latitude and longitude.", field="municipality_code")
    location = {"municipality_code": code}
    if lat is not None:
        location.update(latitude=lat, longitude=lon)
    return location
