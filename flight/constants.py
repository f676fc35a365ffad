"""Earth constants, in one place, as plain floats in km and s (poliastro's core units)."""

from __future__ import annotations

import math

MU_EARTH_KM3_S2 = 398_600.4418  # GM, km^3/s^2 (WGS-84 / EGM-96)
R_EARTH_KM = 6_378.1363  # equatorial radius, km (poliastro's Earth.R)
J2_EARTH = 1.08262668e-3  # second zonal harmonic (EGM-96 unnormalised)
OMEGA_EARTH_RAD_S = 7.292115e-5  # Earth rotation rate, rad/s
G0_M_S2 = 9.80665  # standard gravity
# Mean motion of the Sun along the ecliptic: one revolution per tropical year.
SUN_MEAN_MOTION_DEG_DAY = 360.0 / 365.2421897  # 0.98565 deg/day
SUN_MEAN_MOTION_RAD_S = math.radians(SUN_MEAN_MOTION_DEG_DAY) / 86_400.0
