"""WGS-84 geodetic <-> Earth-fixed Cartesian, in plain numpy (metres, degrees).

The ascent runs in an inertial frame whose axes are the Earth-fixed (ITRS) axes
frozen at lift-off, so Earth-fixed coordinates at mission time t are a single
rotation about z by the Earth's rotation since lift-off; no astropy in the loop.
"""

from __future__ import annotations

import numpy as np

from .constants import MEAN_RADIUS_KM, OMEGA_EARTH_RAD_S, WGS84_A_M, WGS84_E2


def ecef_from_geodetic(lat_deg: float, lon_deg: float, height_m: float) -> np.ndarray:
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    n = WGS84_A_M / np.sqrt(1.0 - WGS84_E2 * np.sin(lat) ** 2)
    return np.array(
        [
            (n + height_m) * np.cos(lat) * np.cos(lon),
            (n + height_m) * np.cos(lat) * np.sin(lon),
            (n * (1.0 - WGS84_E2) + height_m) * np.sin(lat),
        ]
    )


def geodetic_from_ecef(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latitude, longitude (deg) and height (m) of (n, 3) Earth-fixed positions (iterated)."""
    xyz = np.atleast_2d(xyz)
    x, y, z = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    p = np.hypot(x, y)
    lat = np.arctan2(z, p * (1.0 - WGS84_E2))
    for _ in range(6):
        n = WGS84_A_M / np.sqrt(1.0 - WGS84_E2 * np.sin(lat) ** 2)
        h = p / np.maximum(np.cos(lat), 1e-12) - n
        lat = np.arctan2(z, p * (1.0 - WGS84_E2 * n / (n + h)))
    n = WGS84_A_M / np.sqrt(1.0 - WGS84_E2 * np.sin(lat) ** 2)
    h = p / np.maximum(np.cos(lat), 1e-12) - n
    return np.degrees(lat), np.degrees(np.arctan2(y, x)), h


def earth_fixed(t_s: np.ndarray, r_inertial: np.ndarray) -> np.ndarray:
    """Earth-fixed positions of inertial (lift-off-frozen) positions at mission times t."""
    a = OMEGA_EARTH_RAD_S * np.asarray(t_s)
    c, s = np.cos(a), np.sin(a)
    x, y = r_inertial[..., 0], r_inertial[..., 1]
    return np.stack([c * x + s * y, -s * x + c * y, r_inertial[..., 2]], axis=-1)


def inertial(t_s: np.ndarray, r_fixed: np.ndarray) -> np.ndarray:
    """The inverse of ``earth_fixed``: where Earth-fixed points are at mission times t."""
    return earth_fixed(-np.asarray(t_s), r_fixed)


def surface_distance_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance on the mean sphere (6,371 km): the downrange a report quotes."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - lon1)
    c = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return MEAN_RADIUS_KM * np.arccos(np.clip(c, -1.0, 1.0))
