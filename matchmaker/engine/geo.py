"""Distances between places."""
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
