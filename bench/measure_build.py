"""Graph and matrix build from the database: ``engine_inputs.load_*`` then ``build_ecosystem_graph``,
per labour-market region and for the whole province, on SQLite and on PostgreSQL (each in a fresh child
process state: the taxonomy cache is emptied first, so the skill space is read from the database too)."""
from __future__ import annotations

import time

import numpy as np

from matchmaker.engine.ecosystem_graph import build_ecosystem_graph
from matchmaker.services import engine_inputs
from matchmaker.services.places import MUNICIPALITIES

from .common import in_child

TOWNS = np.array([(lat, lon) for _c, _n, _r, lat, lon in MUNICIPALITIES])
TOWN_NAMES = [name for _c, name, _r, _la, _lo in MUNICIPALITIES]


def _places(lat, lon) -> list[str]:
    d = (np.asarray(lat)[:, None] - TOWNS[None, :, 0]) ** 2 + (np.asarray(lon)[:, None] - TOWNS[None, :, 1]) ** 2
    return [TOWN_NAMES[i] for i in d.argmin(axis=1)]


def _build(app, region):
    from matchmaker.extensions import db

    engine_inputs._SPACE_CACHE.clear()
    seconds = {}
    with app.app_context():
        session = db.session
        t = time.perf_counter()
        space = engine_inputs.load_skill_space(session)
        seconds["skill space"] = time.perf_counter() - t
        t = time.perf_counter()
        people = engine_inputs.load_people(session, space=space, region=region)
        seconds["people"] = time.perf_counter() - t
        t = time.perf_counter()
        needs = engine_inputs.load_needs(session, space=space, region=region)
        programmes = engine_inputs.load_programmes(session, space=space, region=region)
        organisations = engine_inputs.load_organisations(session, region=region)
        requests = engine_inputs.load_partner_requests(session, space=space, organisations=organisations)
        seconds["needs, programmes, organisations, requests"] = time.perf_counter() - t
        db.engine.dispose()
    t = time.perf_counter()
    graph = build_ecosystem_graph(organisations, needs, programmes, people=people,
                                  places=_places(organisations.lat, organisations.lon),
                                  occupation_labels=space.occupation_labels, region=region or "Overijssel")
    seconds["ecosystem graph"] = time.perf_counter() - t
    return {"people": len(people), "needs": len(needs), "programmes": len(programmes),
            "organisations": len(organisations), "requests": len(requests), "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(), "seconds": seconds, "total_s": sum(seconds.values())}


def run(apps: dict, regions) -> list[dict]:
    rows = []
    for backend, app in apps.items():
        for region in regions:
            value, memory = in_child(_build, app, region)
            rows.append({"backend": backend, "region": region or "all", **value,
                         "peak_delta_mib": memory["peak_delta_mib"]})
    return rows
