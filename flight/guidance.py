"""Launch azimuth from the target inclination and the site latitude.

The upper-stage steering law (powered explicit guidance) runs inside the
numba kernel: ``kernels.peg_solve``.
"""

from __future__ import annotations

import math

from .constants import OMEGA_EARTH_RAD_S
from .constants import WGS84_A_M as R_EQ_M


def launch_azimuth_deg(
    inclination_deg: float, latitude_deg: float, orbit_speed_m_s: float, southbound: bool = True
) -> tuple[float, float, str | None, float]:
    """Earth-relative launch azimuth for the inclination, the inclination it gives, a note
    when the target is out of reach, and the inertial azimuth (deg) of the orbit plane.

    Inertial azimuth from sin(beta) = cos(i) / cos(latitude); then the Earth's surface
    speed is removed. An inclination below the site latitude cannot be flown directly:
    the answer is due east (or west), the lowest reachable, and the note says so.
    """
    phi = math.radians(latitude_deg)
    s = math.cos(math.radians(inclination_deg)) / math.cos(phi)
    note = None
    if abs(s) > 1.0:
        s = math.copysign(1.0, s)
        reachable = abs(latitude_deg) if inclination_deg < 90 else 180 - abs(latitude_deg)
        note = (
            f"inclination {inclination_deg:g} deg is below the site latitude "
            f"{abs(latitude_deg):.2f} deg: flying {'east' if s > 0 else 'west'}, "
            f"the nearest reachable is {reachable:.2f} deg"
        )
    beta = math.asin(s)  # north-going branch
    if southbound:
        beta = math.pi - beta
    v_eq = OMEGA_EARTH_RAD_S * R_EQ_M * math.cos(phi)
    az = math.atan2(orbit_speed_m_s * math.sin(beta) - v_eq, orbit_speed_m_s * math.cos(beta))
    i_got = math.degrees(math.acos(max(-1.0, min(1.0, s * math.cos(phi)))))
    return math.degrees(az) % 360.0, i_got, note, math.degrees(beta) % 360.0
