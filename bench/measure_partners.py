"""Partner matches (:func:`partner_matches`, all kinds) for 1,000 / 2,500 / 5,000 organisations.

Each scale takes the first organisations, their needs, their schools' programmes and their open partner
requests. ``hard_to_fill`` comes from :func:`insights.hard_to_fill` on the matcher's scores (computed once,
outside the timing).
"""
from __future__ import annotations

import time
from collections import Counter

import numpy as np

from matchmaker.engine.insights import hard_to_fill
from matchmaker.engine.partners import partner_matches

from .common import head, in_child, rows_of
from .measure_allocation import score_matrix


def _one(ctx, organisations, needs, programmes, requests, difficulty):
    t0 = time.perf_counter()
    matches = list(partner_matches(organisations, needs, programmes, requests, transitions=ctx.similarity,
                                   viable_threshold=ctx.viable, hard_to_fill=difficulty,
                                   occupation_labels=ctx.space.occupation_labels, skill_labels=ctx.space.skill_labels,
                                   related=ctx.space.related, skill_group=ctx.space.skill_group))
    return {"seconds": time.perf_counter() - t0, "matches": len(matches),
            "by_kind": dict(Counter(m.kind for m in matches))}


def run(ctx, sizes, *, people_for_scores: int) -> list[dict]:
    scores = score_matrix(ctx.space, ctx.similarity, head(ctx.people, people_for_scores), ctx.needs)
    difficulty = hard_to_fill(ctx.needs, ctx.programmes, scores=scores, n_occupations=ctx.space.n_occupations)
    rows = []
    for n in sizes:
        organisations = head(ctx.organisations, n)
        ids = set(organisations.ids.tolist())
        needs = rows_of(ctx.needs, np.isin(ctx.needs.organisation_ids, list(ids)))
        programmes = rows_of(ctx.programmes, np.isin(ctx.programmes.organisation_ids, list(ids)))
        keep = ctx.requests.organisation < len(organisations)
        requests = rows_of(ctx.requests, keep)
        value, memory = in_child(_one, ctx, organisations, needs, programmes, requests, difficulty)
        rows.append({"organisations": len(organisations), "needs": len(needs), "programmes": len(programmes),
                     "requests": len(requests), **value, "peak_delta_mib": memory["peak_delta_mib"]})
    return rows
