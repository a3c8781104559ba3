"""Search by words (``GET /api/v1/occupations?q=``, ``GET /api/v1/skills?q=``) on the benchmark's taxonomy,
through the Flask app in this process (no server: the request's own work), against a baseline in the same run:
one need by id. Also the index alone (``Concepts.search``) and the cold build of the catalogue (labels and
token index, once per process and taxonomy version), and what the first queries find."""
from __future__ import annotations

import time

import numpy as np
from sqlalchemy import select

from .measure_api import admin_token

QUERIES = ("koken", "kok", "heftruck", "reachtruck", "lassen tig", "werken in teams", "in teams werken", "cook",
           "forklift", "verpleegkundige", "zorg", "las", "k", "software ontwikkelen", "timmerman", "schoonmaak",
           "chauffeur", "Café", "onderwijs", "metaal")
SHOWN = ("koken", "reachtruck", "lassen tig", "werken in teams")


def _percentiles(latencies: list[float]) -> dict:
    ms = np.array(latencies) * 1000
    return {"requests": len(ms), "median_ms": float(np.median(ms)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max())}


def run(app, rounds: int) -> dict:
    from matchmaker.extensions import db
    from matchmaker.models import Need, Occupation, Skill
    from matchmaker.services import catalogue as catalogue_module

    token = admin_token(app)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "nl"}
    client = app.test_client()
    with app.app_context():
        need_id = db.session.scalar(select(Need.id).order_by(Need.id).limit(1))
        counts = {"occupations": db.session.query(Occupation).count(), "skills": db.session.query(Skill).count()}
        catalogue_module._CACHE.clear()
        t = time.perf_counter()
        catalogue = catalogue_module.catalogue(db.session)
        build_s = time.perf_counter() - t
        entries = {kind: catalogue.of(kind).index.n_entries for kind in ("occupation", "skill")}
        index_latencies = []
        for _ in range(rounds):
            for q in QUERIES:
                for kind in ("occupation", "skill"):
                    t = time.perf_counter()
                    catalogue.of(kind).search(q, "nl")
                    index_latencies.append(time.perf_counter() - t)
        db.engine.dispose()

    def timed_get(path):
        t = time.perf_counter()
        response = client.get(path, headers=headers)
        elapsed = time.perf_counter() - t
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code} {response.get_data(as_text=True)[:200]}")
        return elapsed, response.json

    found = {}
    for q in QUERIES:  # warm: the catalogue of the app's process and the connection pool
        for resource in ("occupations", "skills"):
            _, body = timed_get(f"/api/v1/{resource}?q={q}&limit=5")
            if q in SHOWN:
                found[f"{resource}?q={q}"] = [item["label"] for item in body["items"][:3]]
    baseline, search = [], []
    for _ in range(rounds):
        baseline += [timed_get(f"/api/v1/needs/{need_id}")[0] for _ in range(2 * len(QUERIES))]
        for q in QUERIES:
            for resource in ("occupations", "skills"):
                search.append(timed_get(f"/api/v1/{resource}?q={q}&limit=20")[0])
    with app.app_context():
        db.engine.dispose()
    result = {**counts, "entries": entries, "catalogue_build_s": build_s, "queries": len(QUERIES),
              "baseline": _percentiles(baseline), "search": _percentiles(search),
              "index": _percentiles(index_latencies), "found": found}
    result["p95_ratio_vs_baseline"] = result["search"]["p95_ms"] / result["baseline"]["p95_ms"]
    return result
