"""Small helpers shared by partners, allocation, insights and the ecosystem graph (private)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from matchmaker.engine.ecosystem_errors import ArrayShapeError, UnknownOrganisationError
from matchmaker.engine.geo import haversine_km
from matchmaker.engine.words import join_words, months_words  # noqa: F401  (join_words: shared by the ecosystem modules)

def months_matrix(masks) -> np.ndarray:
    """12-bit masks -> (n, 12) bool array, column m = month m+1.

    >>> months_matrix([0b11]).astype(int).tolist()
    [[1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
    """
    masks = np.asarray(masks, dtype=np.int64).reshape(-1)
    return ((masks[:, None] >> np.arange(12)) & 1).astype(bool)


def describe_months(flags) -> str:
    """Name a set of months given as 12 flags (January first), e.g. ``April to September``.

    >>> describe_months([m in (11, 12, 1, 2) for m in range(1, 13)])
    'November to February'
    """
    return months_words(sum(1 << m for m, flag in enumerate(flags) if flag))


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
