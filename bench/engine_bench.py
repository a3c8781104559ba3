"""Engine benchmarks on the full ESCO v1.1.1 taxonomy with a synthetic Overijssel region.

Run:  PYTHONPATH=. python bench/engine_bench.py [--people 100000 --needs 20000]
Needs ../shared/data/esco-v1.1.1 (says so and stops when it is missing). Not part of the test suite.
"""
from __future__ import annotations

import argparse
import resource
import time

import numpy as np
from scipy import sparse

from matchmaker.engine.career_paths import career_paths, prepare_region
from matchmaker.engine.data import NeedArrays, PeopleArrays, ProgrammeArrays
from matchmaker.engine.matching import top_matches
from matchmaker.engine.transitions import transition_matrix, viable_threshold
from matchmaker.vocabulary import ALL_MONTHS_MASK

from esco_space import load_esco_space  # noqa: E402  (run from the project root with bench/ on the path)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profiles(space, occ, rng, keep=0.8):
    """Skill rows for records of occupations ``occ``: a random ``keep`` share of its essential+optional skills."""
    held = (space.essential + space.optional).tocsr()[occ].tocoo()
    mask = rng.random(held.nnz) < keep
    return sparse.csr_matrix((np.ones(mask.sum(), np.float32), (held.row[mask], held.col[mask])), shape=held.shape)


def synthetic(space, n_people, n_needs, n_demand_occ, n_programmes, rng):
    demand_occ = rng.choice(space.n_occupations, n_demand_occ, replace=False)
    need_occ = demand_occ[rng.integers(0, n_demand_occ, n_needs)]
    ess = space.essential.tocsr()[need_occ]
    opt = space.optional.tocsr()[need_occ]
    lat0, lon0 = 52.45, 6.35  # Overijssel
    seasonal = rng.random(n_needs) < 0.2
    months = np.where(seasonal, np.where(rng.random(n_needs) < 0.5, 0b000011110000, 0b110000000000), ALL_MONTHS_MASK)
    needs = NeedArrays(
        ids=np.arange(n_needs), organisation_ids=rng.integers(0, n_needs // 3 + 1, n_needs), occupation=need_occ,
        essential=ess, optional=opt, lat=lat0 + rng.normal(0, 0.2, n_needs), lon=lon0 + rng.normal(0, 0.3, n_needs),
        hours=rng.choice([16, 24, 32, 36, 40], n_needs), dutch_level=rng.integers(0, 6, n_needs),
        accommodations_offered=rng.integers(0, 1024, n_needs), months=months,
        headcount=rng.integers(1, 10, n_needs), trains_on_job=rng.random(n_needs) < 0.3,
        welcomes_groups=rng.integers(0, 64, n_needs) * (rng.random(n_needs) < 0.2), kind=rng.integers(0, 4, n_needs))
    person_occ = demand_occ[rng.integers(0, n_demand_occ, n_people)]
    other = rng.integers(0, space.n_occupations, n_people)
    years = rng.uniform(0.5, 8, n_people)
    past = sparse.csr_matrix((years, (np.arange(n_people), other)), shape=(n_people, space.n_occupations))
    people = PeopleArrays(
        ids=np.arange(n_people), skills=profiles(space, person_occ, rng, keep=0.6), past_occupations=past,
        lat=lat0 + rng.normal(0, 0.2, n_people), lon=lon0 + rng.normal(0, 0.3, n_people),
        radius_km=rng.choice([10, 15, 25, 40], n_people).astype(float), hours=rng.choice([16, 24, 32, 36, 40], n_people),
        dutch_level=rng.integers(0, 8, n_people), accommodations_needed=(rng.random(n_people) < 0.2) * rng.integers(0, 8, n_people),
        available_months=np.full(n_people, ALL_MONTHS_MASK), target_groups=rng.integers(0, 64, n_people))
    prog_occ = demand_occ[rng.integers(0, n_demand_occ, n_programmes)]
    programmes = ProgrammeArrays(
        ids=np.arange(n_programmes), organisation_ids=rng.integers(0, 10, n_programmes),
        skills=profiles(space, prog_occ, rng, keep=0.7),
        occupations=sparse.csr_matrix((np.ones(n_programmes), (np.arange(n_programmes), prog_occ)),
                                      shape=(n_programmes, space.n_occupations)),
        lat=lat0 + rng.normal(0, 0.2, n_programmes), lon=lon0 + rng.normal(0, 0.3, n_programmes),
        duration_months=rng.choice([1, 3, 6, 12, 24], n_programmes).astype(float),
        start_months=np.full(n_programmes, ALL_MONTHS_MASK), mode=rng.integers(0, 4, n_programmes),
        capacity=np.full(n_programmes, 20))
    return people, needs, programmes, demand_occ


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=2048)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--path-people", type=int, default=300)
    args = parser.parse_args()
    rng = np.random.default_rng(1)

    t = time.perf_counter()
    space = load_esco_space()
    print(f"ESCO loaded: {space.n_occupations} occupations x {space.n_skills} skills "
          f"({space.essential.nnz + space.optional.nnz} links) in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    sim = transition_matrix(space)
    print(f"transition_matrix: {time.perf_counter() - t:.2f} s, peak RSS so far {rss_mib():.0f} MiB")
    t = time.perf_counter()
    viable = viable_threshold(sim, space.isco_group)
    print(f"viable_threshold: {viable:.3f} in {time.perf_counter() - t:.3f} s")

    people, needs, programmes, demand_occ = synthetic(space, args.people, args.needs, 300, 60, rng)
    t = time.perf_counter()
    top = top_matches(space, sim, people, needs, k=10, batch_size=args.batch, workers=args.workers)
    dt = time.perf_counter() - t
    print(f"top_matches: {args.people} people x {args.needs} needs, k=10: {dt:.1f} s "
          f"({(top.needs[:, 0] >= 0).mean():.0%} of people with a match), peak RSS {rss_mib():.0f} MiB")

    # career paths: a region of 300 needs over 300 demand occupations, 60 programmes
    region_needs = NeedArrays(**{f: (getattr(needs, f)[:300] if not sparse.issparse(getattr(needs, f))
                                    else getattr(needs, f)[:300]) for f in needs.__dataclass_fields__})
    region_needs = NeedArrays(**{**region_needs.__dict__, "occupation": demand_occ[:300]})
    region_needs = NeedArrays(**{**region_needs.__dict__, "essential": space.essential.tocsr()[demand_occ[:300]],
                                 "optional": space.optional.tocsr()[demand_occ[:300]]})
    t = time.perf_counter()
    region = prepare_region(space, sim, region_needs, programmes, viable=viable,
                            shortage_occupations=demand_occ[:20])
    print(f"prepare_region (300 needs + 20 shortage occupations, 60 programmes, "
          f"{len(region.pair_job)} training pairs): {1000 * (time.perf_counter() - t):.0f} ms")
    n = args.path_people
    found, steps = 0, 0
    t = time.perf_counter()
    for p in range(n):
        paths = career_paths(space, sim, people, p, region_needs, programmes, region=region, k=5)
        found += bool(paths)
        steps += sum(len(x.steps) for x in paths)
    dt = time.perf_counter() - t
    print(f"career_paths: {1000 * dt / n:.1f} ms per person over {n} people (k=5, <=3 steps, explanations "
          f"included); {found} with a path, {steps} steps")


if __name__ == "__main__":
    main()
