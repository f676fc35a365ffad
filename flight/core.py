"""Plain-float orbital mechanics: elements, J2 secular rates, and a vectorised Kepler solver.

Units are km, s and radians throughout, as in poliastro's ``core``; the
unit-aware layer (``flight.orbits``) converts at the edges. The numba kernels
live in ``flight.kernels`` so that importing this module stays cheap.
"""

from __future__ import annotations

import math

import numpy as np

from .constants import J2_EARTH, MU_EARTH_KM3_S2, R_EARTH_KM, SUN_MEAN_MOTION_RAD_S
from .errors import InvalidInput


def period_s(a_km: float, mu: float = MU_EARTH_KM3_S2) -> float:
    return 2.0 * math.pi * math.sqrt(a_km**3 / mu)


def a_e_from_altitudes(
    perigee_km: float, apogee_km: float, r_body: float = R_EARTH_KM
) -> tuple[float, float]:
    """Semi-major axis and eccentricity from perigee and apogee altitudes."""
    rp, ra = r_body + perigee_km, r_body + apogee_km
    return (rp + ra) / 2.0, (ra - rp) / (ra + rp)


def nodal_regression_rad_s(a_km: float, ecc: float, inc_rad: float) -> float:
    """Secular J2 rate of the right ascension of the ascending node (Curtis eq. 4.52)."""
    n = math.sqrt(MU_EARTH_KM3_S2 / a_km**3)
    p = a_km * (1.0 - ecc**2)
    return -1.5 * n * J2_EARTH * (R_EARTH_KM / p) ** 2 * math.cos(inc_rad)


def apsidal_rate_rad_s(a_km: float, ecc: float, inc_rad: float) -> float:
    """Secular J2 rate of the argument of perigee (Curtis eq. 4.53)."""
    n = math.sqrt(MU_EARTH_KM3_S2 / a_km**3)
    p = a_km * (1.0 - ecc**2)
    return 0.75 * n * J2_EARTH * (R_EARTH_KM / p) ** 2 * (5.0 * math.cos(inc_rad) ** 2 - 1.0)


def sso_inclination_rad(a_km: float, ecc: float = 0.0) -> float:
    """Inclination whose J2 nodal regression follows the mean Sun (0.9856 deg/day eastward).

    Raises ValueError above about 12,350 km, where no inclination is fast enough.
    """
    n = math.sqrt(MU_EARTH_KM3_S2 / a_km**3)
    p = a_km * (1.0 - ecc**2)
    cos_i = -SUN_MEAN_MOTION_RAD_S / (1.5 * n * J2_EARTH * (R_EARTH_KM / p) ** 2)
    if cos_i < -1.0:
        raise InvalidInput(f"no Sun-synchronous inclination exists for a = {a_km:.0f} km")
    return math.acos(cos_i)


def nu_to_M(nu: float, e: float) -> float:
    E = 2.0 * math.atan2(
        math.sqrt(1.0 - e) * math.sin(nu / 2.0), math.sqrt(1.0 + e) * math.cos(nu / 2.0)
    )
    return E - e * math.sin(E)


def M_to_nu(M: float, e: float) -> float:
    """True anomaly from mean anomaly on an ellipse (Newton on Kepler's equation)."""
    E = M if e < 0.8 else math.pi
    for _ in range(50):
        d = (E - e * math.sin(E) - M) / (1.0 - e * math.cos(E))
        E -= d
        if abs(d) < 1e-13:
            break
    return 2.0 * math.atan2(
        math.sqrt(1.0 + e) * math.sin(E / 2.0), math.sqrt(1.0 - e) * math.cos(E / 2.0)
    )


def kepler_states(
    k: float,
    a: float,
    e: float,
    inc: float,
    raan: float,
    argp: float,
    M0: float,
    t: np.ndarray,
) -> np.ndarray:
    """States (n_times, 6) in km and km/s of one elliptic orbit at ``t`` (s from epoch).

    The two-body model's path: exact Kepler in vectorised numpy. Not numba: a
    process's first numba dispatch costs about 0.45 s of registry set-up, more
    than a day of states takes here, and the first ephemeris should come fast.
    """
    n = math.sqrt(k / a**3)
    M = np.mod(M0 + n * np.asarray(t, float), 2.0 * math.pi)
    E = M.copy() if e < 0.8 else np.full_like(M, math.pi)
    for _ in range(50):
        d = (E - e * np.sin(E) - M) / (1.0 - e * np.cos(E))
        E -= d
        if np.max(np.abs(d), initial=0.0) < 1e-13:
            break
    ci, si = math.cos(inc), math.sin(inc)
    cO, sO = math.cos(raan), math.sin(raan)
    cw, sw = math.cos(argp), math.sin(argp)
    P = np.array([cO * cw - sO * sw * ci, sO * cw + cO * sw * ci, sw * si])
    Q = np.array([-cO * sw - sO * cw * ci, -sO * sw + cO * cw * ci, cw * si])
    cE, sE = np.cos(E), np.sin(E)
    b = a * math.sqrt(1.0 - e * e)
    edot = n / (1.0 - e * cE)
    r = np.outer(a * (cE - e), P) + np.outer(b * sE, Q)
    v = np.outer(-a * sE * edot, P) + np.outer(b * cE * edot, Q)
    return np.hstack([r, v])


def conic(k: float, r: np.ndarray, v: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """The conic a state flies on: semi-major axis (inf for a parabola, negative for a
    hyperbola), eccentricity vector and angular momentum vector (Curtis eqs. 2.71, 2.40),
    in the units of ``k``, ``r`` and ``v``."""
    r, v = np.asarray(r, float), np.asarray(v, float)
    rn, vn = float(np.linalg.norm(r)), float(np.linalg.norm(v))
    energy = vn**2 / 2 - k / rn
    a = -k / (2 * energy) if abs(energy) > 1e-15 else math.inf
    evec = ((vn**2 - k / rn) * r - float(np.dot(r, v)) * v) / k
    return a, evec, np.cross(r, v)


def rv_to_elements(
    k: float, r: np.ndarray, v: np.ndarray
) -> tuple[float, float, float, float, float, float]:
    """(a, e, i, raan, argp, nu) from a state vector (Curtis algorithm 4.2), radians."""
    r, v = np.asarray(r, float), np.asarray(v, float)
    rn = np.linalg.norm(r)
    a, evec, h = conic(k, r, v)
    hn = np.linalg.norm(h)
    inc = math.acos(h[2] / hn)
    node = np.cross([0.0, 0.0, 1.0], h)
    nn = np.linalg.norm(node)
    e = float(np.linalg.norm(evec))
    raan = math.atan2(node[1], node[0]) % (2 * math.pi) if nn > 1e-12 else 0.0
    if nn > 1e-12 and e > 1e-11:
        argp = math.acos(np.clip(np.dot(node, evec) / (nn * e), -1, 1))
        if evec[2] < 0:
            argp = 2 * math.pi - argp
    else:
        argp = 0.0
    if e > 1e-11:
        nu = math.acos(np.clip(np.dot(evec, r) / (e * rn), -1, 1))
        if np.dot(r, v) < 0:
            nu = 2 * math.pi - nu
    else:  # circular: argument of latitude from the node
        ref = node / nn if nn > 1e-12 else np.array([1.0, 0.0, 0.0])
        nu = math.acos(np.clip(np.dot(ref, r) / rn, -1, 1))
        if r[2] < 0:
            nu = 2 * math.pi - nu
    return a, e, inc, raan, argp, nu
