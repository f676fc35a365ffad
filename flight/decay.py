"""Orbit decay by drag: mean elements averaged over each revolution, with MSIS air.

A long drag run (months to years) cannot afford an integrator that follows every
revolution with an empirical atmosphere evaluated at every step. This is the
semi-analytic method lifetime tools use (King-Hele, *Satellite Orbits in an Atmosphere*,
1987; Vallado 4th ed. sec. 9.6): the mean semi-major axis and eccentricity change by
Gauss's equations for a tangential drag force, averaged over a revolution (air density
sampled at points evenly spaced in mean anomaly, with their real latitude, longitude,
local time and date), while the node and perigee turn at the J2 secular rates and the
mean anomaly follows the mean motion. Steps are half a day, shortened as the perigee falls.

The atmosphere co-rotates with the Earth: drag scales with (1 - r w cos i / v)^2
(King-Hele 1987). Densities: NRLMSIS 2.1 or NRLMSISE-00 through ``pymsis`` (given the
indices explicitly, so nothing is downloaded) driven by ``flight.spaceweather``, or the
COESA76 table.
Positions between steps come from the interpolated elements by Kepler's equation:
the short-periodic J2 terms (a few km) are not modelled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .atmosphere import coesa76
from .constants import (
    MU_EARTH_KM3_S2,
    OMEGA_EARTH_RAD_S,
    R_EARTH_KM,
    WGS84_F,
)
from .core import apsidal_rate_rad_s, nodal_regression_rad_s
from .errors import InvalidInput
from .spaceweather import SpaceWeather

SAMPLES = 24  # points a revolution at which the air is sampled
MAX_STEP_S = 43_200.0
MIN_STEP_S = 120.0
STEP_FRACTION = 0.02  # a step lowers the perigee by at most this share of its height above 90 km
MJD_J2000 = 51544.5

# density(mjd_utc, lat_deg, lon_deg, alt_km) -> kg/m3, all arrays of one shape
Density = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


@dataclass
class Air:
    """An atmosphere for the decay model, named, with what it assumed."""

    name: str
    density: Density
    notes: list[str] = field(default_factory=list)


MSIS_VERSIONS = {"msis": (2.1, "NRLMSIS 2.1"), "nrlmsise00": (0, "NRLMSISE-00")}


def msis_air(weather: SpaceWeather, model: str = "msis") -> Air:
    """NRLMSIS 2.1 (Emmert et al. 2022), or NRLMSISE-00 (Picone et al. 2002), through
    pymsis, with daily F10.7, its 81-day mean and daily Ap. NRLMSISE-00 is known to
    overestimate the thermosphere of the 2008-09 solar minimum (Emmert et al. 2010);
    MSIS 2.x fits it better, and is the default."""
    from pymsis import msis

    version, name = MSIS_VERSIONS[model]
    air = Air(name, lambda *a: np.zeros(0), [weather.describe()])
    seen: set[str] = set()

    def density(mjd: np.ndarray, lat: np.ndarray, lon: np.ndarray, alt: np.ndarray) -> np.ndarray:
        idx = weather.at(mjd)
        for n in idx.notes:
            if n not in seen:
                seen.add(n)
                air.notes.append(n)
        dates = np.datetime64("1858-11-17T00:00", "ms") + (mjd * 86_400_000).astype(
            "timedelta64[ms]"
        )
        out = msis.calculate(
            dates,
            lon,
            lat,
            np.clip(alt, 0.0, 1000.0),
            f107s=idx.f107,
            f107as=idx.f107a,
            aps=np.repeat(idx.ap[:, None], 7, axis=1),
            version=version,
        )
        return np.nan_to_num(out[:, 0], nan=0.0)

    air.density = density
    return air


def coesa_air() -> Air:
    """The COESA76 standard atmosphere: no Sun, no season, no time of day."""
    table = coesa76()

    def density(mjd: np.ndarray, lat: np.ndarray, lon: np.ndarray, alt: np.ndarray) -> np.ndarray:
        return table.at(alt)[1]

    return Air("COESA76", density, ["COESA76 has no solar cycle: lifetimes are rough"])


@dataclass
class DecayRun:
    """Mean elements at each step (TEME of the start epoch; km, rad, s from the start)."""

    t: np.ndarray
    a: np.ndarray
    e: np.ndarray
    inc: float
    raan: np.ndarray
    argp: np.ndarray
    mean_anomaly: np.ndarray  # unwrapped
    reentry_s: float | None

    def states(self, tofs: np.ndarray) -> np.ndarray:
        """(n, 6) states at ``tofs`` (s) from the interpolated mean elements, by Kepler."""
        a = np.interp(tofs, self.t, self.a)
        e = np.interp(tofs, self.t, self.e)
        raan = np.interp(tofs, self.t, self.raan)
        argp = np.interp(tofs, self.t, self.argp)
        k = np.clip(np.searchsorted(self.t, tofs, side="right") - 1, 0, len(self.t) - 2)
        t0, t1 = self.t[k], self.t[k + 1]
        m0, m1 = self.mean_anomaly[k], self.mean_anomaly[k + 1]
        n0 = np.sqrt(MU_EARTH_KM3_S2 / self.a[k] ** 3)
        n1 = np.sqrt(MU_EARTH_KM3_S2 / self.a[k + 1] ** 3)
        h = t1 - t0
        s = (tofs - t0) / h
        # cubic Hermite in the mean anomaly, whose rate (the mean motion) is known at both ends
        h00, h10 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s
        h01, h11 = -2 * s**3 + 3 * s**2, s**3 - s**2
        mean = h00 * m0 + h10 * h * n0 + h01 * m1 + h11 * h * n1
        return _kepler(a, e, self.inc, raan, argp, mean)


def _eccentric(mean: np.ndarray, e: np.ndarray) -> np.ndarray:
    mean = np.mod(mean, 2 * math.pi)
    big = np.broadcast_to(np.asarray(e) >= 0.8, mean.shape)
    ecc = np.where(big, math.pi, mean)
    for _ in range(50):
        d = (ecc - e * np.sin(ecc) - mean) / (1.0 - e * np.cos(ecc))
        ecc = ecc - d
        if np.max(np.abs(d), initial=0.0) < 1e-12:
            break
    return ecc


def _kepler(a, e, inc, raan, argp, mean) -> np.ndarray:  # type: ignore[no-untyped-def]
    big_e = _eccentric(mean, e)
    n = np.sqrt(MU_EARTH_KM3_S2 / a**3)
    ce, se = np.cos(big_e), np.sin(big_e)
    b = a * np.sqrt(1 - e**2)
    edot = n / (1 - e * ce)
    x, y = a * (ce - e), b * se
    vx, vy = -a * se * edot, b * ce * edot
    ci, si = math.cos(inc), math.sin(inc)
    co, so, cw, sw = np.cos(raan), np.sin(raan), np.cos(argp), np.sin(argp)
    p = np.stack([co * cw - so * sw * ci, so * cw + co * sw * ci, sw * si], axis=-1)
    q = np.stack([-co * sw - so * cw * ci, -so * sw + co * cw * ci, cw * si], axis=-1)
    r = x[:, None] * p + y[:, None] * q
    v = vx[:, None] * p + vy[:, None] * q
    return np.hstack([r, v])


def _era(mjd_utc: float) -> float:
    """Earth rotation angle (IERS Conventions 2010, eq. 5.15), UT1 taken as UTC: the air's
    longitude only needs to be right to a degree."""
    d = mjd_utc - MJD_J2000
    return 2 * math.pi * ((0.7790572732640 + 1.00273781191135448 * d) % 1.0)


def _rates(
    air: Air, mjd: float, a: float, e: float, inc: float, raan: float, argp: float, b: float
) -> tuple[float, float]:
    """Revolution-averaged da/dt (km/s) and de/dt (1/s) from drag. A Runge-Kutta stage may
    ask at a slightly negative eccentricity near circular: the orbit is then circular."""
    e = min(max(e, 0.0), 0.99)
    mean = (np.arange(SAMPLES) + 0.5) * (2 * math.pi / SAMPLES)
    big_e = _eccentric(mean, np.full(SAMPLES, e))
    nu = 2 * np.arctan2(np.sqrt(1 + e) * np.sin(big_e / 2), np.sqrt(1 - e) * np.cos(big_e / 2))
    r = a * (1 - e * np.cos(big_e))
    v = np.sqrt(MU_EARTH_KM3_S2 * (2 / r - 1 / a))
    u_arg = argp + nu
    sin_lat = math.sin(inc) * np.sin(u_arg)
    lat = np.arcsin(sin_lat)
    ra = raan + np.arctan2(math.cos(inc) * np.sin(u_arg), np.cos(u_arg))
    lon = np.degrees((ra - _era(mjd) + math.pi) % (2 * math.pi) - math.pi)
    alt = r - R_EARTH_KM * (1 - WGS84_F * sin_lat**2)
    rho = air.density(np.full(SAMPLES, mjd), np.degrees(lat), lon, alt)
    wind = (1 - r * OMEGA_EARTH_RAD_S * math.cos(inc) / v) ** 2
    f_t = -0.5 * rho * b * wind * (v * 1000.0) ** 2 / 1000.0  # km/s2, along -velocity
    da = np.mean(2 * a**2 * v / MU_EARTH_KM3_S2 * f_t)
    de = np.mean(2 * (e + np.cos(nu)) / v * f_t)
    return float(da), float(de)


def decay(
    elements: tuple[float, float, float, float, float, float],
    mjd0: float,
    span_s: float,
    b_m2_kg: float,
    air: Air,
    *,
    reentry_km: float,
) -> DecayRun:
    """Fly mean elements (a km, e, i, raan, argp, M rad) from UTC date ``mjd0`` for
    ``span_s`` seconds, or until the perigee falls below ``reentry_km``."""
    a, e, inc, raan, argp, mean = elements
    if b_m2_kg <= 0 or span_s < 0:
        raise InvalidInput(f"ballistic coefficient {b_m2_kg} m2/kg and span must be positive")
    ts, rows = [0.0], [(a, e, raan, argp, mean)]
    t, reentry = 0.0, None
    while t < span_s:
        da, de = _rates(air, mjd0 + t / 86_400, a, e, inc, raan, argp, b_m2_kg)
        hp = a * (1 - e) - R_EARTH_KM
        dhp = da * (1 - e) - a * de
        h = STEP_FRACTION * max(hp - 90.0, 1.0) / -dhp if dhp < 0 else MAX_STEP_S
        h = min(max(h, MIN_STEP_S), MAX_STEP_S, span_s - t)

        k1 = (da, de)
        mid, end = mjd0 + (t + h / 2) / 86_400, mjd0 + (t + h) / 86_400
        k2 = _rates(air, mid, a + h / 2 * k1[0], e + h / 2 * k1[1], inc, raan, argp, b_m2_kg)
        k3 = _rates(air, mid, a + h / 2 * k2[0], e + h / 2 * k2[1], inc, raan, argp, b_m2_kg)
        k4 = _rates(air, end, a + h * k3[0], e + h * k3[1], inc, raan, argp, b_m2_kg)
        a_new = a + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        e_new = max(e + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]), 0.0)
        valid = math.isfinite(a_new) and a_new > R_EARTH_KM and e_new < 1.0
        hp_new = a_new * (1 - e_new) - R_EARTH_KM if valid else -math.inf
        if hp_new < reentry_km:
            # the last step: the perigee falls through the re-entry altitude within it, at
            # the rate it had when the step began (the air below thickens: never later)
            reentry = t + min(h, max(hp - reentry_km, 0.0) / max(-dhp, 1e-12))
            h = reentry - t
            a_new = a + da * h
            e_new = max(e + de * h, 0.0)
        a_mid = (a + a_new) / 2
        n_mid = math.sqrt(MU_EARTH_KM3_S2 / a_mid**3)
        raan += nodal_regression_rad_s(a_mid, e, inc) * h
        argp += apsidal_rate_rad_s(a_mid, e, inc) * h
        mean += n_mid * h
        t += h
        a, e = a_new, e_new
        ts.append(t)
        rows.append((a, e, raan, argp, mean))
        if reentry is not None:
            break
    arr = np.array(rows)
    return DecayRun(
        np.array(ts), arr[:, 0], arr[:, 1], inc, arr[:, 2], arr[:, 3], arr[:, 4], reentry
    )
