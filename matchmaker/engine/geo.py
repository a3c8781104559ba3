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
