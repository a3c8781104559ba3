"""Small helpers shared by partners, allocation, insights and the ecosystem graph (private)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matchmaker.engine.errors import UnknownOrganisationError
from matchmaker.explanations import fact  # noqa: F401  (shared by the ecosystem modules)


def months_matrix(masks) -> np.ndarray:
    """12-bit masks -> (n, 12) bool array, column m = month m+1.

    >>> months_matrix([0b11]).astype(int).tolist()
    [[1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
    """
    masks = np.asarray(masks, dtype=np.int64).reshape(-1)
    return ((masks[:, None] >> np.arange(12)) & 1).astype(bool)


def month_mask(flags) -> int:
    """12 flags (January first) as a 12-bit months mask, the form facts carry.

    >>> bin(month_mask([m in (11, 12, 1, 2) for m in range(1, 13)]))
    '0b110000000011'
    """
    return int(sum(1 << m for m, flag in enumerate(flags) if flag))


def org_rows(organisation_ids: np.ndarray, ids) -> np.ndarray:
    """Map database organisation ids to row indices of the organisation arrays (typed error if unknown)."""
    index = {v: i for i, v in enumerate(np.asarray(organisation_ids).tolist())}
    out = np.empty(len(ids), dtype=np.intp)
    for k, v in enumerate(np.asarray(ids).tolist()):
        try:
            out[k] = index[v]
        except KeyError:
            raise UnknownOrganisationError(f"organisation id {v!r} is not in the organisation arrays") from None
    return out


def label(labels: Sequence[str] | None, i: int, fallback: str) -> str:
    if labels is not None and 0 <= i < len(labels) and labels[i]:
        return labels[i] if isinstance(labels[i], str) else str(labels[i])  # a Concept stays one
    return f"{fallback} {i}"


def best_per_organisation(a, b, score, n: int | None) -> np.ndarray:
    """Which of the matches ``(a[i], b[i], score[i])`` to keep so every organisation keeps its ``n`` best:
    a match stays when it is among the ``n`` highest-scoring matches of ``a[i]`` or of ``b[i]`` (ties: the
    earlier match first). ``n`` None keeps everything. Returns a boolean mask.

    >>> best_per_organisation(np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2]), np.array([.9, .5, .7, .4]), 1).tolist()
    [True, True, True, False]
    """
    a, b, score = np.asarray(a), np.asarray(b), np.asarray(score, float)
    if n is None:
        return np.ones(len(score), bool)
    keep = np.zeros(len(score), bool)
    if len(score) == 0:
        return keep
    ends, match = np.r_[a, b].astype(np.int64), np.r_[np.arange(len(score)), np.arange(len(score))]
    # one integer key: organisation, then score (to 1e-6, best first); the stable sort keeps earlier matches first
    worse = np.round((1.0 - np.clip(np.r_[score, score], 0, 1)) * 1e6).astype(np.int64)
    order = np.argsort(ends * 2_000_000 + worse, kind="stable")
    grouped = ends[order]
    starts = np.r_[0, np.flatnonzero(np.diff(grouped)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep[match[order[rank < n]]] = True
    return keep
