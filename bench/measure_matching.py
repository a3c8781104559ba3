"""Bulk matching: every person's top 10 needs with explanations, against the bare kernel and a naive loop.

* **bulk** = :func:`top_matches` (fused sparse product + exact top-k) then :func:`explain_top_matches`
  (every fact of each top-10 :class:`Match` — matched, missing and optional skills, each check, the score
  parts, the distance, the gap-bridge programmes and the skills they close — as arrays for all pairs). The
  sentences are written when a match is read; writing them for *every* pair is timed on a sample and
  reported separately (``words_us_per_match``), so the cost of rendering everything is visible too.
* **kernel** = :func:`top_matches` alone.
* Both run with ``workers`` threads (batches of people, resp. pairs, in parallel); the row records how many.
* **naive** = for a sample of people, a Python loop over all needs: set intersection of skill sets, a
  ``math`` haversine, the five other checks, the score, a heap of the 10 best; extrapolated per person.
"""
from __future__ import annotations

import heapq
import math
import time

import numpy as np
from scipy import sparse

from matchmaker.engine.matching import ScoreOptions, explain_top_matches, top_matches
from matchmaker.explanations import render

from .common import head, in_child

K = 10


def _bulk(space, similarity, people, needs, programmes, workers):
    t0 = time.perf_counter()
    top = top_matches(space, similarity, people, needs, k=K, workers=workers)
    t1 = time.perf_counter()
    explained = explain_top_matches(space, similarity, people, needs, top, programmes, workers=workers)
    t2 = time.perf_counter()
    # read a sample of the explanations as a user would (the facts written in Dutch): proves they are there, and
    # times it
    rng = np.random.default_rng(0)
    sample = rng.choice(len(people), size=min(300, len(people)), replace=False)
    t3 = time.perf_counter()
    words = sum(len(render(m.facts, "nl")) > 0 for p in sample for m in explained.for_person(int(p)))
    t4 = time.perf_counter()
    return {"kernel_s": t1 - t0, "explain_s": t2 - t1, "pairs": len(explained),
            "people_with_match": int((top.needs[:, 0] >= 0).sum()), "words_sample_matches": int(words),
            "words_s_sample": t4 - t3, "bridges": int(len(explained.bridge_programme))}


def _kernel(space, similarity, people, needs, workers):
    t0 = time.perf_counter()
    top_matches(space, similarity, people, needs, k=K, workers=workers)
    return time.perf_counter() - t0


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def naive_per_person(similarity, people, needs, sample: int, seed: int = 0) -> tuple[float, int]:
    """Seconds per person of a plain Python loop over all needs (data prepared as Python objects first)."""
    o = ScoreOptions()
    ess = sparse.csr_matrix(needs.essential)
    opt = sparse.csr_matrix(needs.optional)
    need_rows = [(set(ess.indices[ess.indptr[j]:ess.indptr[j + 1]].tolist()),
                  set(opt.indices[opt.indptr[j]:opt.indptr[j + 1]].tolist()),
                  float(needs.lat[j]), float(needs.lon[j]), float(needs.hours[j]), int(needs.accommodations_offered[j]),
                  int(needs.dutch_level[j]), int(needs.months[j]), bool(needs.trains_on_job[j]), int(needs.occupation[j]),
                  int(needs.welcomes_groups[j])) for j in range(len(needs))]
    skills = sparse.csr_matrix(people.skills)
    past = sparse.csr_matrix(people.past_occupations)
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(people), size=min(sample, len(people)), replace=False)
    found = 0
    start = time.perf_counter()
    for p in chosen.tolist():
        held = set(skills.indices[skills.indptr[p]:skills.indptr[p + 1]].tolist())
        history = list(zip(past.indices[past.indptr[p]:past.indptr[p + 1]].tolist(),
                           past.data[past.indptr[p]:past.indptr[p + 1]].tolist()))
        lat, lon, radius = float(people.lat[p]), float(people.lon[p]), float(people.radius_km[p])
        hours, acc, dutch = float(people.hours[p]), int(people.accommodations_needed[p]), int(people.dutch_level[p])
        months, groups = int(people.available_months[p]), int(people.target_groups[p])
        best: list[tuple[float, int]] = []
        for j, (e, op, nlat, nlon, nhours, offered, ndutch, nmonths, trains, occ, welcomes) in enumerate(need_rows):
            cov = len(held & e) / len(e) if e else 1.0
            if cov < (o.trains_on_job_coverage if trains else o.min_coverage) - 1e-6:
                continue
            if _haversine(lat, lon, nlat, nlon) > radius or nhours > hours or acc & ~offered or ndutch > dutch \
                    or not months & nmonths:
                continue
            ocov = len(held & op) / len(op) if op else 1.0
            exp = max((similarity[i, occ] * min(1.0, y / o.experience_cap_years) for i, y in history), default=0.0) \
                if occ >= 0 else 0.0
            score = min(1.0, o.essential_weight * cov + o.optional_weight * ocov + o.experience_weight * exp)
            if groups & welcomes:
                score = min(1.0, score + o.welcome_bonus)
            if len(best) < K:
                heapq.heappush(best, (score, -j))
            elif (score, -j) > best[0]:
                heapq.heapreplace(best, (score, -j))
        found += len(best)
    return (time.perf_counter() - start) / len(chosen), found


def run(ctx, scales, *, naive_sample: int, workers: int = 1) -> list[dict]:
    space, similarity = ctx.space, ctx.similarity
    rows = []
    for n_people, n_needs in scales:
        people, needs = head(ctx.people, n_people), head(ctx.needs, n_needs)
        bulk, memory = in_child(_bulk, space, similarity, people, needs, ctx.programmes, workers)
        kernel, _ = in_child(_kernel, space, similarity, people, needs, workers)
        naive_s, _ = naive_per_person(similarity, people, needs, naive_sample)
        total = bulk["kernel_s"] + bulk["explain_s"]
        words_us = 1e6 * bulk["words_s_sample"] / max(bulk["words_sample_matches"], 1)
        rows.append({
            "people": len(people), "needs": len(needs), "seconds": total, "kernel_in_run_s": bulk["kernel_s"],
            "explain_s": bulk["explain_s"], "kernel_alone_s": kernel, "people_per_s": len(people) / total,
            "pairs_explained": bulk["pairs"], "people_with_match": bulk["people_with_match"],
            "bridges": bulk["bridges"], "peak_mib": memory["peak_mib"], "peak_delta_mib": memory["peak_delta_mib"],
            "naive_s_per_person": naive_s, "naive_extrapolated_s": naive_s * len(people),
            "speedup_vs_naive": naive_s * len(people) / total, "ratio_vs_kernel": total / kernel,
            "words_us_per_match": words_us, "words_all_extrapolated_s": words_us * bulk["pairs"] / 1e6,
            "naive_sample": naive_sample, "workers": workers})
    return rows
