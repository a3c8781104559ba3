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
