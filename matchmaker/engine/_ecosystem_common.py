"""Small helpers shared by partners, allocation, insights and the ecosystem graph (private)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from matchmaker.engine.ecosystem_errors import ArrayShapeError, UnknownOrganisationError
from matchmaker.engine.geo import haversine_km

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")


def months_matrix(masks) -> np.ndarray:
    """12-bit masks -> (n, 12) bool array, column m = month m+1.

    >>> months_matrix([0b11]).astype(int).tolist()
    [[1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
    """
    masks = np.asarray(masks, dtype=np.int64).reshape(-1)
    return ((masks[:, None] >> np.arange(12)) & 1).astype(bool)


def describe_months(flags) -> str:
    """Name a set of months, joining cyclic runs: ``May–Sept``, ``Nov–Feb``, ``Mar, Oct``.

    >>> describe_months([m in (5, 6, 7, 8, 9) for m in range(1, 13)])
    'May–Sept'
    >>> describe_months([m in (11, 12, 1, 2) for m in range(1, 13)])
    'Nov–Feb'
    >>> describe_months([True] * 12)
    'all year'
    """
    flags = [bool(f) for f in flags]
    if all(flags):
        return "all year"
    if not any(flags):
        return "no months"
    start = next(i for i in range(12) if flags[i] and not flags[i - 1])  # a run start (cyclic)
    runs, run = [], None
    for k in range(12):
        m = (start + k) % 12
        if flags[m]:
            run = [m, m] if run is None else [run[0], m]
        elif run is not None:
            runs.append(tuple(run))
            run = None
    if run is not None:
        runs.append(tuple(run))
    parts = [MONTH_NAMES[a] if a == b else f"{MONTH_NAMES[a]}–{MONTH_NAMES[b]}" for a, b in sorted(runs)]
    return ", ".join(parts)


def join_words(words: Sequence[str], *, limit: int = 4) -> str:
    """Join words in plain English: ``a``, ``a and b``, ``a, b and c``, ``a, b, c and 2 more``.

    >>> join_words(["order picking", "working in a team"])
    'order picking and working in a team'
    >>> join_words(list("abcdef"), limit=3)
    'a, b, c and 3 more'
    """
    words = list(words)
    if not words:
        return ""
    if len(words) > limit:
        return ", ".join(words[:limit]) + f" and {len(words) - limit} more"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


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


def pairwise_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """All-pairs distance matrix (len1 x len2) in km."""
    return haversine_km(np.asarray(lat1, float)[:, None], np.asarray(lon1, float)[:, None],
                        np.asarray(lat2, float)[None, :], np.asarray(lon2, float)[None, :])


def as_csr(matrix, shape=None, *, name="matrix") -> sparse.csr_matrix:
    """Any 2-d array or sparse matrix -> float CSR, checking the shape when given."""
    m = sparse.csr_matrix(matrix, dtype=float)
    if shape is not None and m.shape != tuple(shape):
        raise ArrayShapeError(f"{name} has shape {m.shape}, expected {tuple(shape)}")
    return m


def label(labels: Sequence[str] | None, i: int, fallback: str) -> str:
    if labels is not None and 0 <= i < len(labels) and labels[i]:
        return str(labels[i])
    return f"{fallback} {i}"
