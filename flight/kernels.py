"""numba kernels, compiled once and cached on disk (``cache=True``).

Kept apart from ``flight.core`` because importing numba and a process's first
dispatch cost about a second; only the paths that need these kernels pay it:
the archive-wide Kepler ephemeris, the drag model and the ascent.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .constants import GM_EARTH_M3_S2 as MU_M3_S2
from .constants import J2_EARTH, OMEGA_EARTH_RAD_S, R_EARTH_KM
from .constants import WGS84_A_M as R_EQ_M
from .constants import WGS84_F as FLATTENING


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


# --- ascent ---------------------------------------------------------------------------------
# Parameter vector of ``ascent_rhs`` (SI units); ``flight.ascent`` fills it per flight phase.
P_MODE = 0  # steering: COAST ... FIXED, RETRO (the names below)
P_THRUST_VAC = 1  # N
P_EXIT_AREA = 2  # m2: thrust = thrust_vac - exit_area * ambient pressure
P_MDOT = 3  # kg/s
P_AREA = 4  # m2, drag reference area
P_T_VERTICAL = 5  # s, end of the vertical rise
P_KICK = 6  # rad, pitch-over angle
P_KICK_DURATION = 7  # s
P_AZIMUTH = 8  # rad, pitch-over direction from north (Earth-relative)
P_SIN_PITCH = 9  # linear pitch law: sin(pitch) = P_SIN_PITCH + P_SIN_PITCH_RATE * (t - P_T_REF)
P_SIN_PITCH_RATE = 10
P_T_REF = 11
P_U0 = 12  # 12..14 thrust direction at the start of a tumble
P_AXIS = 15  # 15..17 tumble axis
P_TUMBLE_RATE = 18  # rad/s
P_R_TARGET = 19  # m, powered explicit guidance: target radius
P_V_TARGET = 20  # m/s, target horizontal speed there
P_T_OUT = 21  # s, the stage's depletion time (PEG's time-to-go bound)
P_SOLID = 22  # 1: burns to depletion, time-to-go fixed
P_INCLINATION = 23  # rad, target inclination (the node is left free)
P_CDA = 24  # m2, drag coefficient times area of a falling stage: replaces the table if > 0
P_GRAVITY = 27  # 1: gravity on (0 only in tests: the rocket equation in free space)
P_J2 = 28  # 1: the J2 term on (0 only in tests: two-body comparisons)
N_PARAMS = 29

COAST, PITCH_OVER, GRAVITY_TURN, LINEAR_PITCH, TUMBLE, PROGRADE, PEG, FIXED, RETRO = range(9)
# Drag coefficient of a slender launcher against Mach number (zero angle of attack):
# a representative curve (subsonic 0.3, transonic peak about 0.6 at Mach 1.1 to 1.2,
# falling to 0.25 hypersonic), after the Saturn V / Vanguard-type data tabulated in
# Sutton & Biblarz, and Fleeman's Tactical Missile Design (fig. 2-19).
CD_MACH = np.array([0.0, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0, 30.0])
CD_VALUE = np.array(
    [0.30, 0.30, 0.33, 0.40, 0.52, 0.60, 0.60, 0.55, 0.45, 0.36, 0.31, 0.27, 0.25, 0.25]
)


@numba.njit(cache=True)
def altitude_m(x: float, y: float, z: float) -> float:
    """Height above the WGS-84 ellipsoid, to first order in the flattening (metres)."""
    rn = math.sqrt(x * x + y * y + z * z)
    s2 = (z / rn) ** 2
    return rn - R_EQ_M * (1.0 - FLATTENING * s2)


@numba.njit(cache=True)
def peg_solve(
    r_m: float,
    rdot: float,
    h: float,
    accel: float,
    ve: float,
    r_target: float,
    v_target: float,
    t_go: float,
    fixed: bool,
) -> tuple[float, float, float]:
    """Powered explicit guidance in the orbital plane (the Space Shuttle's PEG, reduced).

    sin(pitch) = A + B t plus the gravity-minus-centrifugal term, with A and B solved
    for the target radius and zero radial velocity at cut-off (Jaggers 1977). The
    time to go comes from the velocity still to be gained by the rocket equation
    (recomputed at every call, so no iteration to diverge); a solid motor's is
    ``t_go``, the burn left. Returns (sin pitch now, its rate per s, time to go).
    """
    tau = ve / accel
    omega = h / (r_m * r_m)
    if not fixed:  # seed from the velocity still to be gained, then PEG's own update
        v_th = h / r_m
        v_go = math.sqrt((v_target - v_th) ** 2 + rdot * rdot)
        t_go = tau * (1.0 - math.exp(-v_go / ve))
    fr = fdr = 0.0
    for _it in range(1 if fixed else 6):
        t_go = min(max(t_go, 1.0), 0.999 * tau)
        b0 = -ve * math.log(1.0 - t_go / tau)
        b1 = b0 * tau - ve * t_go
        c0 = b0 * t_go - b1
        c1 = c0 * tau - ve * t_go * t_go / 2.0
        det = b0 * c1 - b1 * c0
        rhs1 = -rdot
        rhs2 = r_target - r_m - rdot * t_go
        A = (rhs1 * c1 - b1 * rhs2) / det
        B = (b0 * rhs2 - c0 * rhs1) / det
        C = (MU_M3_S2 / (r_m * r_m) - omega * omega * r_m) / accel
        fr = A + C
        a_t = accel / (1.0 - t_go / tau)
        c_t = (MU_M3_S2 / (r_target * r_target) - v_target * v_target / r_target) / a_t
        fdr = (A + B * t_go + c_t - fr) / t_go
        if fixed:
            break
        # time to go from the angular momentum still to be gained, steering losses included
        frc = min(max(fr, -0.95), 0.95)
        f_th = 1.0 - frc * frc / 2.0
        fd_th = -frc * fdr
        fdd_th = -fdr * fdr / 2.0
        r_bar = (r_m + r_target) / 2.0
        dv = (r_target * v_target - h) / r_bar + ve * t_go * (fd_th + fdd_th * tau)
        dv += fdd_th * ve * t_go * t_go / 2.0
        den = f_th + fd_th * tau + fdd_th * tau * tau
        if dv <= 0.0 or den <= 0.1:
            break
        new = tau * (1.0 - math.exp(-dv / den / ve))
        t_go = 0.5 * (t_go + new)
    return fr, fdr, t_go


@numba.njit(cache=True)
def peg_now(t: float, y: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    """``peg_solve`` from a state and the phase parameters."""
    r = y[:3]
    rn = math.sqrt(r[0] ** 2 + r[1] ** 2 + r[2] ** 2)
    rdot = (r[0] * y[3] + r[1] * y[4] + r[2] * y[5]) / rn
    hx = r[1] * y[5] - r[2] * y[4]
    hy = r[2] * y[3] - r[0] * y[5]
    hz = r[0] * y[4] - r[1] * y[3]
    h = math.sqrt(hx * hx + hy * hy + hz * hz)
    accel = p[P_THRUST_VAC] / y[6]
    ve = p[P_THRUST_VAC] / p[P_MDOT]
    left = max(p[P_T_OUT] - t, 1.0)
    return peg_solve(rn, rdot, h, accel, ve, p[P_R_TARGET], p[P_V_TARGET], left, p[P_SOLID] > 0.5)


@numba.njit(cache=True)
def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array(
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    )


@numba.njit(cache=True)
def _toward_target_plane(y: np.ndarray, p: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Horizontal unit vector along the velocity still to be gained in the target plane
    (the plane through the vehicle with the target inclination).

    Steering the horizontal thrust this way builds speed along the target plane
    and removes any velocity across it (yaw steering), so the plane is flown to,
    not merely kept.
    """
    east = np.array([-up[1], up[0], 0.0])
    east /= math.sqrt(east[0] ** 2 + east[1] ** 2)
    north = _cross(up, east)
    # headings whose great circle through here has the target inclination (two branches)
    s = math.cos(p[P_INCLINATION]) / math.sqrt(max(1e-12, 1.0 - up[2] * up[2]))
    b1 = math.asin(min(1.0, max(-1.0, s)))
    b2 = math.pi - b1
    heading = math.atan2(
        y[3] * east[0] + y[4] * east[1] + y[5] * east[2],
        y[3] * north[0] + y[4] * north[1] + y[5] * north[2],
    )
    d1 = abs((b1 - heading + math.pi) % (2.0 * math.pi) - math.pi)
    d2 = abs((b2 - heading + math.pi) % (2.0 * math.pi) - math.pi)
    b = b1 if d1 <= d2 else b2
    th = math.cos(b) * north + math.sin(b) * east
    v = y[3:6]
    vr = v[0] * up[0] + v[1] * up[1] + v[2] * up[2]
    vh = v - vr * up
    along = vh[0] * th[0] + vh[1] * th[1] + vh[2] * th[2]
    gain = max(p[P_V_TARGET] - along, 0.05 * p[P_V_TARGET])  # never brake: surplus is kept
    g = gain * th - (vh - along * th)
    gn = math.sqrt(g[0] ** 2 + g[1] ** 2 + g[2] ** 2)
    if gn < 1e-3:
        return th
    return g / gn


@numba.njit(cache=True)
def thrust_direction(t: float, y: np.ndarray, p: np.ndarray) -> np.ndarray:
    mode = int(p[P_MODE])
    r = y[:3]
    rn = math.sqrt(r[0] ** 2 + r[1] ** 2 + r[2] ** 2)
    up = r / rn
    u = np.empty(3)
    if mode == PITCH_OVER:  # from the local (geodetic, ellipsoid-normal) vertical
        e2 = FLATTENING * (2.0 - FLATTENING)
        up = np.array([r[0], r[1], r[2] / (1.0 - e2)])
        up /= math.sqrt(up[0] ** 2 + up[1] ** 2 + up[2] ** 2)
        if t < p[P_T_VERTICAL]:
            return up
        east = np.array([-up[1], up[0], 0.0])
        east /= math.sqrt(east[0] ** 2 + east[1] ** 2)
        north = _cross(up, east)
        frac = min(1.0, (t - p[P_T_VERTICAL]) / p[P_KICK_DURATION])
        k = p[P_KICK] * frac
        az = p[P_AZIMUTH]
        d = math.cos(az) * north + math.sin(az) * east
        return math.cos(k) * up + math.sin(k) * d
    if mode in (GRAVITY_TURN, RETRO):  # along the velocity relative to the air
        sign = 1.0 if mode == GRAVITY_TURN else -1.0  # or against it (a stage braking)
        u[0] = sign * (y[3] + OMEGA_EARTH_RAD_S * y[1])
        u[1] = sign * (y[4] - OMEGA_EARTH_RAD_S * y[0])
        u[2] = sign * y[5]
    elif mode == PROGRADE:  # the velocity's flight-path angle, heading for the target plane
        v = y[3:6]
        vn = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
        sg = (v[0] * up[0] + v[1] * up[1] + v[2] * up[2]) / vn
        return sg * up + math.sqrt(max(0.0, 1.0 - sg * sg)) * _toward_target_plane(y, p, up)
    elif mode in (LINEAR_PITCH, PEG):
        th = _toward_target_plane(y, p, up)
        if mode == PEG:  # closed loop: the guidance solved afresh at every evaluation
            s = peg_now(t, y, p)[0]
        else:
            s = p[P_SIN_PITCH] + p[P_SIN_PITCH_RATE] * (t - p[P_T_REF])
        s = min(1.0, max(-1.0, s))
        return s * up + math.sqrt(1.0 - s * s) * th
    elif mode == FIXED:  # a commanded inertial direction (a returning stage's guidance)
        return p[P_U0 : P_U0 + 3].copy()
    elif mode == TUMBLE:  # Rodrigues rotation of u0 about the axis
        ang = p[P_TUMBLE_RATE] * (t - p[P_T_REF])
        u0 = p[P_U0 : P_U0 + 3]
        k = p[P_AXIS : P_AXIS + 3]
        c, s = math.cos(ang), math.sin(ang)
        kxu = _cross(k, u0)
        kdu = k[0] * u0[0] + k[1] * u0[1] + k[2] * u0[2]
        return c * u0 + s * kxu + (1.0 - c) * kdu * k
    else:
        return np.zeros(3)
    n = math.sqrt(u[0] ** 2 + u[1] ** 2 + u[2] ** 2)
    if n < 1e-9:
        return up
    return u / n


@numba.njit(cache=True)
def ascent_aux(
    t: float,
    y: np.ndarray,
    p: np.ndarray,
    alt_km: np.ndarray,
    log_p: np.ndarray,
    log_rho: np.ndarray,
    sound: np.ndarray,
) -> np.ndarray:
    """[dx/dt (7), altitude m, dynamic pressure Pa, Mach, thrust N, sensed accel m/s2]."""
    out = np.zeros(12)
    x, yy, z = y[0], y[1], y[2]
    m = y[6]
    rn = math.sqrt(x * x + yy * yy + z * z)
    # gravity: point mass + J2
    f = -MU_M3_S2 * p[P_GRAVITY] / rn**3
    z2 = (z / rn) ** 2
    c = 1.5 * J2_EARTH * p[P_J2] * p[P_GRAVITY] * MU_M3_S2 * R_EQ_M**2 / rn**5
    ax = f * x + c * x * (5 * z2 - 1)
    ay = f * yy + c * yy * (5 * z2 - 1)
    az = f * z + c * z * (5 * z2 - 3)
    h = altitude_m(x, yy, z)
    hk = min(max(h / 1000.0, alt_km[0]), alt_km[-1])
    pres = math.exp(np.interp(hk, alt_km, log_p))
    rho = math.exp(np.interp(hk, alt_km, log_rho))
    a_snd = np.interp(hk, alt_km, sound)
    vrx = y[3] + OMEGA_EARTH_RAD_S * yy
    vry = y[4] - OMEGA_EARTH_RAD_S * x
    vrz = y[5]
    vr = math.sqrt(vrx * vrx + vry * vry + vrz * vrz)
    q = 0.5 * rho * vr * vr
    mach = vr / a_snd
    sx = sy = sz = 0.0
    if vr > 1e-6:
        if p[P_CDA] > 0.0:
            d = q * p[P_CDA] / m / vr
        else:
            d = q * np.interp(mach, CD_MACH, CD_VALUE) * p[P_AREA] / m / vr
        sx, sy, sz = -d * vrx, -d * vry, -d * vrz
    thrust = 0.0
    mdot = 0.0
    if int(p[P_MODE]) != COAST and p[P_MDOT] > 0.0:
        thrust = max(p[P_THRUST_VAC] - p[P_EXIT_AREA] * pres, 0.0)
        mdot = p[P_MDOT]
        u = thrust_direction(t, y, p)
        sx += thrust / m * u[0]
        sy += thrust / m * u[1]
        sz += thrust / m * u[2]
    out[0], out[1], out[2] = y[3], y[4], y[5]
    out[3], out[4], out[5] = ax + sx, ay + sy, az + sz
    out[6] = -mdot
    out[7], out[8], out[9], out[10] = h, q, mach, thrust
    out[11] = math.sqrt(sx * sx + sy * sy + sz * sz)
    return out


@numba.njit(cache=True)
def ascent_rhs(
    t: float,
    y: np.ndarray,
    p: np.ndarray,
    alt_km: np.ndarray,
    log_p: np.ndarray,
    log_rho: np.ndarray,
    sound: np.ndarray,
) -> np.ndarray:
    """3-DOF point mass in an Earth-centred inertial frame: J2 gravity, drag, thrust."""
    return ascent_aux(t, y, p, alt_km, log_p, log_rho, sound)[:7]


@numba.njit(cache=True)
def ascent_aux_many(
    ts: np.ndarray,
    ys: np.ndarray,
    p: np.ndarray,
    alt_km: np.ndarray,
    log_p: np.ndarray,
    log_rho: np.ndarray,
    sound: np.ndarray,
) -> np.ndarray:
    """``ascent_aux`` at each sample (``ys`` is (7, n), as scipy's dense output gives it):
    (n, 12), in one call rather than one per sample."""
    out = np.empty((ts.size, 12))
    for k in range(ts.size):
        out[k] = ascent_aux(ts[k], np.ascontiguousarray(ys[:, k]), p, alt_km, log_p, log_rho, sound)
    return out
