"""Career paths per person: :func:`prepare_region` once per labour-market region, then :func:`career_paths`
for a sample of people (k=5, up to 3 steps, explanations included); baseline: networkx
``shortest_simple_paths`` on the whole occupation graph (viable moves, weight 1 - similarity) for a few pairs.
At the database's own scale also the job as a worker runs it (``services.career_paths.compute``: the person
loaded from the database, the province's prepared region from the process cache), the first request cold.
"""
from __future__ import annotations

import itertools
import time

import networkx as nx
import numpy as np
from sqlalchemy import func, select

from matchmaker.engine.career_paths import career_paths, prepare_region
from matchmaker.services.places import MUNICIPALITIES

from .common import head, percentile, rows_of

REGION_OF_TOWN = {name: region for _code, name, region, _lat, _lon in MUNICIPALITIES}


def _region_index(lat, lon):
    """The labour-market region of the nearest municipality to each point."""
    towns = np.array([(la, lo) for _c, _n, _r, la, lo in MUNICIPALITIES])
    regions = np.array([r for _c, _n, r, _la, _lo in MUNICIPALITIES])
    d = (np.asarray(lat)[:, None] - towns[None, :, 0]) ** 2 + (np.asarray(lon)[:, None] - towns[None, :, 1]) ** 2
    return regions[d.argmin(axis=1)]


def shortage_occupations(needs, n: int = 20) -> np.ndarray:
    occ = needs.occupation[needs.occupation >= 0]
    counts = np.bincount(occ, weights=None)
    return np.argsort(-counts, kind="stable")[:n]


def run(ctx, scales, *, sample: int, nx_pairs: int, app=None, service_sample: int = 100) -> list[dict]:
    rows = []
    for n_people, n_needs in scales:
        try:
            row, chosen = _scale(ctx, n_people, n_needs, sample)
        except MemoryError as error:  # a scale the engine cannot hold is a result too
            rows.append({"people": n_people, "needs": n_needs, "error": f"MemoryError: {error}"})
            continue
        if app is not None and (n_people, n_needs) == (len(ctx.people), len(ctx.needs)):  # the database's scale
            row["service"] = _service(app, [int(i) for i in ctx.people.ids[chosen[:service_sample]]])
        rows.append(row)
    return _with_baseline(ctx, rows, nx_pairs)


def _service(app, person_ids: list[int]) -> dict:
    """The career-paths job per person through the service, as a worker runs it, in this process with its caches
    emptied as a fresh worker's are:

    - cold: nothing prepared anywhere (the shared store emptied): the first job loads the province's open demand,
      prepares its career-path region and stores it;
    - after a change: a region's data version is bumped (as any edit does), the recompute's step prepares and
      stores the province again (:func:`~matchmaker.services.career_paths.prepare_shared`, timed apart), and the
      first job of a fresh process reads it from the shared store;
    - warm: the next jobs (the person's rows loaded, the prepared region from the process cache).
    """
    from matchmaker.extensions import db
    from matchmaker.models import DerivedResult, Job
    from matchmaker.services import career_paths, data_versions
    from matchmaker.services.engine_inputs import clear_process_caches
    from matchmaker.services.places import REGIONS
    from matchmaker.services.transitions import transition_table

    def first_job(person_id: int) -> float:
        job = Job(kind=career_paths.CAREER_PATHS, subject_type="person", subject_id=str(person_id),
                  params={"k": 5, "max_steps": 3})
        t0 = time.perf_counter()
        career_paths.compute(session=session, job=job, progress=lambda fraction: None)
        return time.perf_counter() - t0

    clear_process_caches()
    with app.app_context():
        session = db.session
        session.execute(DerivedResult.__table__.delete().where(DerivedResult.name == career_paths.PREPARED))
        session.commit()
        transition_table(session)  # the taxonomy's table does not change with a region's edit
        cold = first_job(person_ids[0])
        warm = [first_job(person_id) for person_id in person_ids[1:]]
        data_versions.bump(session=session, scope=data_versions.region_scope(next(iter(REGIONS))),
                           source="bench")
        session.commit()
        clear_process_caches()
        t0 = time.perf_counter()
        career_paths.prepare_shared(session)
        prepare_s = time.perf_counter() - t0
        clear_process_caches()
        transition_table(session)
        after_change = first_job(person_ids[0])
        province = career_paths.prepared(session, transition_table(session))
        stored = session.scalar(select(func.length(DerivedResult.payload))
                                .where(DerivedResult.name == career_paths.PREPARED))
        db.engine.dispose()
    clear_process_caches()  # the later measurements start without this process's prepared demand
    region = province.region
    return {"sample": len(warm), "cold_s": cold, "prepare_shared_s": prepare_s, "after_change_s": after_change,
            "median_ms": 1000 * percentile(warm, 50), "p95_ms": 1000 * percentile(warm, 95),
            "region_jobs": region.n_jobs, "training_pairs": len(region.pair_job), "region_mib": region.nbytes / 2 ** 20,
            "stored_mib": (stored or 0) / 2 ** 20}


def _scale(ctx, n_people, n_needs, sample):
    space, similarity, viable = ctx.space, ctx.similarity, ctx.viable
    people, needs = head(ctx.people, n_people), head(ctx.needs, n_needs)
    need_region = _region_index(needs.lat, needs.lon)
    prog_region = _region_index(ctx.programmes.lat, ctx.programmes.lon)
    person_region = _region_index(people.lat, people.lon)
    prepared, prepare_s = {}, {}
    for region in sorted(set(need_region)):
        region_needs = rows_of(needs, need_region == region)
        region_programmes = rows_of(ctx.programmes, prog_region == region)
        t0 = time.perf_counter()
        prepared[region] = (region_needs, region_programmes,
                            prepare_region(space, similarity, region_needs, region_programmes, viable=viable,
                                           shortage_occupations=shortage_occupations(region_needs)))
        prepare_s[region] = time.perf_counter() - t0
    rng = np.random.default_rng(1)
    chosen = rng.choice(len(people), size=min(sample, len(people)), replace=False)
    per_person, found, steps = [], 0, 0
    for p in chosen.tolist():
        region_needs, region_programmes, region = prepared[person_region[p]]
        t0 = time.perf_counter()
        paths = career_paths(space, similarity, people, p, region_needs, region_programmes, region=region, k=5)
        per_person.append(time.perf_counter() - t0)
        found += bool(paths)
        steps += sum(len(path.steps) for path in paths)
    return {
        "people": len(people), "needs": len(needs), "sample": len(chosen),
        "median_ms": 1000 * percentile(per_person, 50), "p95_ms": 1000 * percentile(per_person, 95),
        "max_ms": 1000 * max(per_person), "with_path": found, "steps": steps,
        "prepare_region_s": {k: round(v, 3) for k, v in prepare_s.items()},
        "jobs_per_region": {k: int(v[2].n_jobs) for k, v in prepared.items()}}, chosen


def _with_baseline(ctx, rows, nx_pairs):
    similarity, viable = ctx.similarity, ctx.viable
    # baseline: networkx k shortest simple paths on the whole occupation graph
    graph = nx.DiGraph()
    src, dst = np.nonzero(similarity >= viable)
    keep = src != dst
    graph.add_weighted_edges_from(zip(src[keep].tolist(), dst[keep].tolist(),
                                      (1.0 - similarity[src[keep], dst[keep]]).tolist()))
    rng = np.random.default_rng(2)
    nodes = np.array(sorted(graph.nodes))
    times, tried = [], 0
    while len(times) < nx_pairs and tried < 50 * nx_pairs:
        tried += 1
        a, b = (int(x) for x in rng.choice(nodes, 2, replace=False))
        if not nx.has_path(graph, a, b):
            continue
        t0 = time.perf_counter()
        list(itertools.islice(nx.shortest_simple_paths(graph, a, b, weight="weight"), 5))
        times.append(time.perf_counter() - t0)
    baseline = {"graph_nodes": graph.number_of_nodes(), "graph_edges": graph.number_of_edges(), "pairs": len(times),
                "median_ms_per_pair": 1000 * percentile(times, 50), "k": 5}
    for row in rows:
        row["nx_baseline"] = baseline
        if "median_ms" in row:
            row["speedup_vs_nx"] = baseline["median_ms_per_pair"] / row["median_ms"] if row["median_ms"] else None
    return rows


def main(argv=None) -> int:
    """The service rows alone on an existing database: ``python -m bench.measure_career_paths <database url>
    [--sample N]`` (N random people; prints cold, after-a-change and warm figures as JSON)."""
    import argparse
    import json
    import os

    from matchmaker.extensions import db
    from matchmaker.models import Person

    from .__main__ import make_app

    parser = argparse.ArgumentParser(prog="python -m bench.measure_career_paths")
    parser.add_argument("database_url")
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args(argv)
    app = make_app(args.database_url)
    with app.app_context():
        ids = [int(i) for i in db.session.scalars(select(Person.id).order_by(func.random()).limit(args.sample))]
        db.engine.dispose()
    load = os.getloadavg()
    out = _service(app, ids)
    print(json.dumps({**out, "load_before": load, "load_after": os.getloadavg()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
