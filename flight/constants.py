"""Earth and physical constants: the one place every package (the viewer included) takes them.

Plain floats in km, m and s. Each value names its source; derived values are computed
here, not retyped elsewhere.

Sources:
  [TR8350] NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed.
           (2000), tables 3.1 (defining parameters) and 3.3/3.4 (derived constants).
  [GRS80]  H. Moritz, "Geodetic Reference System 1980", Bull. Geod. 54 (1980): the mean
           radius R1 = (2a + b) / 3, which IUGG recommends as "the" mean Earth radius.
  [CGPM]   3rd CGPM (1901), standard acceleration of gravity; BIPM SI Brochure, 9th ed.
  [AA]     The Astronomical Almanac: tropical year 365.242 190 days (J2000 epoch).
"""

from __future__ import annotations

import math

# WGS-84 defining parameters [TR8350, table 3.1]
WGS84_A_M = 6_378_137.0  # semi-major axis (equatorial radius), m
WGS84_F = 1.0 / 298.257223563  # flattening
GM_EARTH_M3_S2 = 3.986004418e14  # geocentric gravitational constant (atmosphere included)
OMEGA_EARTH_RAD_S = 7.292115e-5  # rotation rate, rad/s

# WGS-84 derived [TR8350, table 3.3]: J2 = -sqrt(5) C20, C20 = -0.484166774985e-3
J2_EARTH = 1.082629821313e-3
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)  # first eccentricity squared
WGS84_B_M = WGS84_A_M * (1.0 - WGS84_F)  # semi-minor axis, m

MEAN_RADIUS_KM = (2.0 * WGS84_A_M + WGS84_B_M) / 3.0 / 1000.0  # 6371.0088 km [GRS80]
G0_M_S2 = 9.80665  # standard gravity [CGPM]

# The same in poliastro's core units (km, s): orbits, altitudes above the equatorial radius
R_EARTH_KM = WGS84_A_M / 1000.0
MU_EARTH_KM3_S2 = GM_EARTH_M3_S2 / 1e9

# Mean motion of the Sun along the ecliptic: one revolution per tropical year [AA]
SUN_MEAN_MOTION_DEG_DAY = 360.0 / 365.24219  # 0.98565 deg/day
SUN_MEAN_MOTION_RAD_S = math.radians(SUN_MEAN_MOTION_DEG_DAY) / 86_400.0
