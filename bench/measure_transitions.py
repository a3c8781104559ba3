"""All occupation transitions: :func:`transition_matrix` + :func:`viable_threshold` on the taxonomy.

Scales are the first 1,000 / 2,000 occupations and the whole taxonomy (same skills), so the growth with
the number of occupations shows.
"""
from __future__ import annotations

import dataclasses
import time

import numpy as np

from matchmaker.engine.errors import CalibrationError
from matchmaker.engine.transitions import transition_matrix, viable_threshold
from matchmaker.services.transitions import calibrate

from .common import in_child


def _space_head(space, n: int):
    if n >= space.n_occupations:
        return space
    return dataclasses.replace(space, occupation_ids=space.occupation_ids[:n], occupation_labels=space.occupation_labels[:n],
                               isco_group=space.isco_group[:n], essential=space.essential[:n], optional=space.optional[:n])


def _one(space):
    t0 = time.perf_counter()
    similarity = transition_matrix(space)
    t1 = time.perf_counter()
    try:
        threshold, how = viable_threshold(similarity, space.isco_group), "mean - 1 SD within 4-digit ISCO groups"
    except CalibrationError:
        threshold, how = calibrate(similarity, space.isco_group)
    t2 = time.perf_counter()
    return {"occupations": space.n_occupations, "skills": space.n_skills, "matrix_s": t1 - t0,
            "threshold_s": t2 - t1, "seconds": t2 - t0, "viable_threshold": float(threshold), "calibration": how,
            "viable_share": float((similarity >= threshold).mean()), "mean_similarity": float(np.mean(similarity))}


def run(ctx, sizes) -> list[dict]:
    rows = []
    for n in sizes:
        value, memory = in_child(_one, _space_head(ctx.space, n))
        rows.append({**value, "peak_delta_mib": memory["peak_delta_mib"]})
    return rows
