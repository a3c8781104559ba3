import numpy as np

from matchmaker.engine.geo import haversine_km, may_be_within


def test_may_be_within_never_drops_a_place_in_reach():
    rng = np.random.default_rng(3)
    for lat, lon, radius in [(52.3, 6.5, 25.0), (52.3, 6.5, 0.5), (-33.9, 151.2, 400.0), (78.0, 15.0, 300.0),
                             (0.0, 179.9, 50.0), (52.3, 6.5, 0.0)]:
        lat2 = np.clip(lat + rng.normal(0, 3 * radius / 111 + 0.01, 20_000), -90, 90)
        lon2 = (lon + rng.normal(0, 3 * radius / 111 + 0.01, 20_000) + 180) % 360 - 180
        keep = may_be_within(lat, lon, lat2, lon2, radius)
        distance = haversine_km(lat, lon, lat2, lon2)
        assert not (distance[~keep] <= radius).any()
        assert (~keep).sum() > 0.3 * len(keep)  # and the box drops most places far away
    assert may_be_within(np.nan, 6.5, np.array([52.0]), np.array([6.0]), 10.0).all()
    assert may_be_within(52.3, 6.5, np.array([np.nan, 52.3]), np.array([9.0, np.nan]), 10.0).all()  # unknown place
