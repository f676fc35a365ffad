"""Rotations between the frames launchlog uses, from astropy (offline IERS).

- GCRS: the J2000 equator and equinox (to milliarcseconds); poliastro's orbits and every
  propagation live here.
- TEME: the true equator and mean equinox of date, SGP4's frame (Vallado et al. 2006,
  "Revisiting Spacetrack Report #3", AIAA 2006-6753). Every Earth-relative figure
  (inclination, node, LTAN, J2 rates, the Sun-synchronous check) is reported in it: its z
  axis is the Earth's pole of date, which published orbits and element sets use. In 2026
  the two frames differ by about 0.15 deg in the pole and 0.35 deg in the equinox.
- ITRS: Earth-fixed. The ascent's inertial frame is the ITRS frozen at lift-off.

Over a propagation span the frame of date at the start epoch is treated as inertial:
the pole moves 20 arcseconds a year.
"""

from __future__ import annotations

import functools

import numpy as np
from astropy.time import Time

from .runtime import configure

INERTIAL_FRAME = "GCRS"
FRAMES = ("TEME", "GCRS", "ICRF")  # a record may state its elements in any of these


def _matrix(epoch: Time, source: str, target: str) -> np.ndarray:
    from astropy import units as u

    configure()  # cached kernels, offline IERS: before the first use
    from astropy import coordinates as c

    frames = {"GCRS": c.GCRS, "TEME": c.TEME, "ITRS": c.ITRS}
    unit = c.CartesianRepresentation(np.eye(3) * 1e4 * u.km)
    g = frames[source](unit, obstime=epoch).transform_to(frames[target](obstime=epoch)).cartesian
    return np.vstack([g.x.to_value(u.km), g.y.to_value(u.km), g.z.to_value(u.km)]) / 1e4


@functools.lru_cache(maxsize=256)
def _cached(jd1: float, jd2: float, source: str, target: str) -> np.ndarray:
    m = _matrix(Time(jd1, jd2, format="jd", scale="utc"), source, target)
    m.setflags(write=False)
    return m


def rotation(epoch: Time, source: str, target: str) -> np.ndarray:
    """3x3 matrix M with r_target = M @ r_source for geocentric vectors at ``epoch``.

    ICRF is taken as GCRS (they differ by the Earth's motion, not by a rotation that
    matters here)."""
    source, target = ("GCRS" if f == "ICRF" else f for f in (source, target))
    if source == target:
        return np.eye(3)
    utc = epoch.utc
    return _cached(float(utc.jd1), float(utc.jd2), source, target)


def itrs_to_gcrs(epoch: Time) -> np.ndarray:
    """3x3 matrix M with r_gcrs = M @ r_itrs for geocentric positions at ``epoch``."""
    return rotation(epoch, "ITRS", "GCRS")
