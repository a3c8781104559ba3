"""Small helpers shared by partners, allocation, insights and the ecosystem graph (private)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from matchmaker.engine.errors import ArrayShapeError, UnknownOrganisationError
from matchmaker.engine.geo import haversine_km
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
        return labels[i] if isinstance(labels[i], str) else str(labels[i])  # a Concept stays one
    return f"{fallback} {i}"


def pairs_within_km(lat, lon, max_km: float, rows=None, *, block: int = 512) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unordered pairs ``a < b`` of points (indices into ``lat``/``lon``, restricted to ``rows`` when given)
    at most ``max_km`` apart, with their distances: ``(a, b, km)``, in no particular order.

    A sweep over the points sorted by latitude: each block of ``block`` points is compared only with the
    points after it within ``max_km`` of latitude (one degree of latitude is at least 110.5 km), so memory
    stays at one block's strip and time grows with the pairs in the latitude band, not with all pairs.
    Points without coordinates pair with nothing.

    >>> a, b, km = pairs_within_km([52.5168, 52.2215, 52.44], [6.0830, 6.8937, 6.10], 30)
    >>> list(zip(a.tolist(), b.tolist())), km.round(1).tolist()
    ([(0, 2)], [8.6])
    """
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    rows = np.arange(len(lat)) if rows is None else np.asarray(rows, np.int64)
    rows = rows[np.isfinite(lat[rows]) & np.isfinite(lon[rows])]
    empty = np.zeros(0, np.int64)
    if len(rows) < 2 or not max_km >= 0:
        return empty, empty, np.zeros(0)
    rows = rows[np.argsort(lat[rows], kind="stable")]
    la, lo = lat[rows], lon[rows]
    band = max_km / 110.5 + 1e-9
    parts_a, parts_b, parts_km = [], [], []
    for start in range(0, len(rows), block):
        stop = min(start + block, len(rows))
        end = int(np.searchsorted(la, la[stop - 1] + band, side="right"))
        km = haversine_km(la[start:stop, None], lo[start:stop, None], la[None, start:end], lo[None, start:end])
        i, j = np.nonzero((km <= max_km) & (np.arange(start, end)[None, :] > np.arange(start, stop)[:, None]))
        parts_a.append(rows[start + i])
        parts_b.append(rows[start + j])
        parts_km.append(km[i, j])
    a, b, km = np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_km)
    return np.minimum(a, b), np.maximum(a, b), km


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
