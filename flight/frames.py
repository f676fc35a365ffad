"""The rotation from Earth-fixed (ITRS) axes to GCRS at an instant, from astropy (offline IERS).

The ascent's inertial frame is the ITRS frozen at lift-off; this matrix takes it to
GCRS, where poliastro's orbits live, and its transpose brings orbits back into it.
"""

from __future__ import annotations

import numpy as np
from astropy.time import Time

from .runtime import configure


def itrs_to_gcrs(epoch: Time) -> np.ndarray:
    """3x3 matrix M with r_gcrs = M @ r_itrs for geocentric positions at ``epoch``."""
    from astropy import units as u
    configure()  # cached kernels, offline IERS: before the first use
    from astropy.coordinates import GCRS, ITRS, CartesianRepresentation

    unit = CartesianRepresentation(np.eye(3) * 1e4 * u.km)
    g = ITRS(unit, obstime=epoch).transform_to(GCRS(obstime=epoch)).cartesian
    return np.vstack([g.x.to_value(u.km), g.y.to_value(u.km), g.z.to_value(u.km)]) / 1e4
