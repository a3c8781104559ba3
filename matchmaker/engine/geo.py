"""Distances between places: every distance the engine computes comes from here."""
from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres; works on scalars and on broadcastable numpy arrays.

    >>> round(float(haversine_km(52.2215, 6.8937, 52.5168, 6.0830)), 1)  # Enschede - Zwolle
    64.1
    """
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def may_be_within(lat: float, lon: float, lat2, lon2, radius_km: float) -> np.ndarray:
    """False where the great-circle distance from (``lat``, ``lon``) to (``lat2``, ``lon2``) surely exceeds
    ``radius_km``, True elsewhere (unknown places too): a latitude / longitude box, no trigonometry per point, so
    the exact distance is computed only where it says True.

    Within distance d, the latitudes differ by at most d / R, and hav(Δlon) <= hav(d / R) / (cos lat · cos lat2)
    with cos lat2 >= cos(|lat| + d / R); both bounds get a relative slack of 1e-9 against rounding.

    >>> may_be_within(52.2215, 6.8937, np.array([52.5168, 52.30, np.nan]), np.array([6.0830, 6.90, 6.0]), 30.0).tolist()
    [False, True, True]
    """
    lat, lon, radius = float(lat), float(lon), float(radius_km)
    lat2, lon2 = np.asarray(lat2, float), np.asarray(lon2, float)
    if not (np.isfinite(lat) and np.isfinite(lon) and radius >= 0):
        return np.ones(lat2.shape, bool)
    slack = 1 + 1e-9
    angle = radius / EARTH_RADIUS_KM
    out = np.abs(lat2 - lat) > np.degrees(angle) * slack + 1e-9
    lowest_cos = np.cos(abs(np.radians(lat)) + angle * slack)
    if angle < np.pi / 2 and abs(np.radians(lat)) + angle * slack < np.pi / 2 and lowest_cos > 0:
        bound = np.sin(angle / 2) ** 2 / (np.cos(np.radians(lat)) * lowest_cos)
        if bound < 1:
            dlon = np.degrees(2 * np.arcsin(np.sqrt(bound))) * slack + 1e-9
            out |= np.abs((lon2 - lon + 180) % 360 - 180) > dlon
    return ~out | np.isnan(lat2) | np.isnan(lon2)


def min_distance_to_box_km(lat, lon, lat_min, lat_max, lon_min, lon_max):
    """A lower bound of :func:`haversine_km` from each point to every point of a latitude/longitude box
    (broadcastable arrays, degrees; the longitude range may not wrap, but a point may lie on either side of
    the antimeridian). NaN where a coordinate is NaN.

    From the haversine formula, sin²(d/2R) = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) ≥ sin²(Δφmin/2) +
    cos²φmax sin²(Δλmin/2), with Δφmin and Δλmin the smallest latitude and (circular) longitude differences
    to the box and φmax the largest absolute latitude of the point and the box.

    >>> zwolle, enschede = (52.5168, 6.0830), (52.2215, 6.8937)
    >>> bound = min_distance_to_box_km(*zwolle, 52.20, 52.25, 6.85, 6.95)
    >>> round(float(bound), 1), bool(bound <= haversine_km(*zwolle, *enschede))
    (59.8, True)
    """
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    dlat = np.maximum(0.0, np.maximum(lat_min - lat, lat - lat_max))
    inside = (lon >= lon_min) & (lon <= lon_max)
    dlon = np.where(inside, 0.0, np.minimum(np.mod(lon_min - lon, 360.0), np.mod(lon - lon_max, 360.0)))
    phi = np.radians(np.maximum(np.abs(lat), np.maximum(np.abs(lat_min), np.abs(lat_max))))
    a = np.sin(np.radians(dlat) / 2) ** 2 + np.cos(phi) ** 2 * np.sin(np.radians(np.minimum(dlon, 180.0)) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def pairwise_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """All-pairs distance matrix (len1 x len2) in km."""
    return haversine_km(np.asarray(lat1, float)[:, None], np.asarray(lon1, float)[:, None],
                        np.asarray(lat2, float)[None, :], np.asarray(lon2, float)[None, :])


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
