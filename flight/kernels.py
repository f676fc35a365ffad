"""numba kernels, compiled once and cached on disk (``cache=True``).

Kept apart from ``flight.core`` because importing numba and a process's first
dispatch cost about a second; only the paths that need these kernels pay it:
the archive-wide Kepler ephemeris, the drag model and the ascent.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .constants import J2_EARTH, OMEGA_EARTH_RAD_S, R_EARTH_KM


@numba.njit(cache=True)
def _kepler_E(M: float, e: float) -> float:
    """Eccentric anomaly from mean anomaly by Newton iteration (elliptic orbits)."""
    E = M if e < 0.8 else math.pi
    for _ in range(50):
        f = E - e * math.sin(E) - M
        d = f / (1.0 - e * math.cos(E))
        E -= d
        if abs(d) < 1e-13:
            break
    return E


@numba.njit(cache=True)
def kepler_ephemeris(
    k: float,
    a: np.ndarray,
    e: np.ndarray,
    inc: np.ndarray,
    raan: np.ndarray,
    argp: np.ndarray,
    M0: np.ndarray,
    t: np.ndarray,
) -> np.ndarray:
    """Positions (n_orbits, n_times, 3) in km of elliptic orbits at times ``t`` (s from epoch)."""
    n_orb, n_t = a.shape[0], t.shape[0]
    out = np.empty((n_orb, n_t, 3))
    for i in range(n_orb):
        n = math.sqrt(k / a[i] ** 3)
        ci, si = math.cos(inc[i]), math.sin(inc[i])
        cO, sO = math.cos(raan[i]), math.sin(raan[i])
        cw, sw = math.cos(argp[i]), math.sin(argp[i])
        # perifocal -> inertial rotation (P and Q columns)
        px, py, pz = cO * cw - sO * sw * ci, sO * cw + cO * sw * ci, sw * si
        qx, qy, qz = -cO * sw - sO * cw * ci, -sO * sw + cO * cw * ci, cw * si
        b = a[i] * math.sqrt(1.0 - e[i] ** 2)
        for j in range(n_t):
            M = (M0[i] + n * t[j]) % (2.0 * math.pi)
            E = _kepler_E(M, e[i])
            x = a[i] * (math.cos(E) - e[i])
            y = b * math.sin(E)
            out[i, j, 0] = px * x + qx * y
            out[i, j, 1] = py * x + qy * y
            out[i, j, 2] = pz * x + qz * y
    return out


@numba.njit(cache=True)
def drag_rhs(
    t: float, y: np.ndarray, k: float, b_m2_kg: float, alts: np.ndarray, log_rho: np.ndarray
) -> np.ndarray:
    """Two-body + J2 + drag in air co-rotating with the Earth; density log-interpolated."""
    r = y[:3]
    rn = np.sqrt(r @ r)
    out = np.empty(6)
    out[:3] = y[3:]
    # two-body + J2
    f = -k / rn**3
    z2 = (r[2] / rn) ** 2
    c = 1.5 * J2_EARTH * k * R_EARTH_KM**2 / rn**5
    out[3] = f * r[0] + c * r[0] * (5 * z2 - 1)
    out[4] = f * r[1] + c * r[1] * (5 * z2 - 1)
    out[5] = f * r[2] + c * r[2] * (5 * z2 - 3)
    h = rn - R_EARTH_KM
    if h < alts[-1]:
        rho = np.exp(np.interp(h, alts, log_rho))
        vrx = y[3] + OMEGA_EARTH_RAD_S * r[1]  # velocity relative to the co-rotating air
        vry = y[4] - OMEGA_EARTH_RAD_S * r[0]
        vrz = y[5]
        vr = np.sqrt(vrx * vrx + vry * vry + vrz * vrz)
        s = -0.5 * rho * b_m2_kg * vr * 1000.0  # rho*B is 1/m = 1000/km
        out[3] += s * vrx
        out[4] += s * vry
        out[5] += s * vrz
    return out
