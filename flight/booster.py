"""A first stage that flies back: coast, entry burn, fall through the air, landing burn.

The return starts from the stage's state at separation (``flight.ascent``), in the same
inertial frame (the Earth-fixed axes frozen at lift-off) and with the same kernel
(``kernels.ascent_rhs``: J2 gravity, COESA76 air), the falling stage's drag given as a
drag area (drag coefficient times area, grid fins included). Guidance is sampled, as a flight
computer's is: every ``GUIDANCE_S`` the command is worked out afresh and held.

- Entry burn: lit descending through the stage's entry-burn altitude, on its entry engines;
  thrust held against the air-relative velocity at ignition, yawed about the vertical; the
  yaw and the burn's length are found by Newton's method so that the unpowered fall after
  it (drag included) ends on the zone, within the propellant the landing burn leaves.
- Landing burn: lit at the latest moment at which a burn against the air-relative velocity
  at ``DESIGN_THROTTLE`` of the landing engines (flown ahead, drag included) still stops the
  stage above the zone; zero-effort-miss / zero-effort-velocity guidance to the
  zone at zero speed (Guo, Hawkins & Wie, "Optimal feedback guidance algorithms for planetary
  landing and asteroid intercept", AAS 11-588, 2011: a = 6 ZEM / t_go^2 - 2 ZEV / t_go),
  the thrust bounded by the engines' throttle range and tilted at most ``MAX_TILT_DEG``.
- An engine lost on a burn takes its thrust with it; with none left the stage falls.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from .atmosphere import AtmosphereTable, coesa76
from .constants import G0_M_S2, OMEGA_EARTH_RAD_S
from .geodesy import (
    earth_fixed,
    ecef_from_geodetic,
    geodetic_from_ecef,
    inertial,
    surface_distance_km,
)
from .kept import cached_floats
from .kernels import (
    COAST,
    FIXED,
    MU_M3_S2,
    N_PARAMS,
    P_AREA,
    P_CDA,
    P_EXIT_AREA,
    P_GRAVITY,
    P_J2,
    P_MDOT,
    P_MODE,
    P_THRUST_VAC,
    P_U0,
    RETRO,
    altitude_m,
    ascent_rhs,
)
from .trajectory import Event
from .vehicle import P0_PA, EngineSpec

if TYPE_CHECKING:
    from .ascent import FlightResult

LANDING_GUIDANCE_S = 0.25  # the landing burn's guidance cycle (a tenth of a second low down)
DESIGN_THROTTLE = 0.7  # the landing burn is lit to stop at this throttle: the rest is margin
LANDING_BUDGET_M_S = 450.0  # kept for the landing burn when the entry burn is cut short
MAX_TILT_DEG = 30.0  # the landing burn's thrust stays within this of the vertical
LEGS_M_S = 6.0  # the legs take a touchdown this fast or slower
MIN_TGO_S = 1.0  # the horizontal guidance's time-to-go never falls below this
TOUCHDOWN_M_S = 1.5  # the landing burn aims to meet the ground this fast, legs first
FLARE_M = 10.0  # the fall is stopped this high; the last metres at TOUCHDOWN_M_S
FLARE_RESPONSE_S = 0.5
ON_TARGET_M = 20.0  # the entry burn's solution is good once the impact point is this close
MIN_ENTRY_S = 5.0  # the shortest entry burn: it is lit to slow the stage for re-entry
NEWTON_START_S = 20.0
NEWTON_STEPS = 12
MAX_YAW_RAD = math.radians(60.0)
RTOL = 1e-6
METHOD = "DOP853"
ATOL = np.array([1e-3, 1e-3, 1e-3, 1e-6, 1e-6, 1e-6, 1e-4])
OMEGA = np.array([0.0, 0.0, OMEGA_EARTH_RAD_S])


@dataclass(frozen=True)
class Zone:
    """Where the stage is to come down (WGS-84)."""

    name: str
    latitude_deg: float
    longitude_deg: float
    altitude_m: float


@dataclass(frozen=True)
class ReturnSpec:
    """A recoverable stage as its return flies it: true dry mass (what it holds back at
    separation is its propellant left), one engine type, the engines each burn lights."""

    stage: int
    dry_mass_kg: float
    engine: EngineSpec  # one engine (count 1)
    entry_engines: int
    landing_engines: int
    entry_altitude_km: float
    min_throttle: float
    drag_area_m2: float  # drag coefficient times area, falling


@dataclass(frozen=True)
class EngineOut:
    """Engines lost on a return burn, some seconds after it was lit."""

    burn: str  # "entry" or "landing"
    after_s: float
    engines: int
    description: str = ""


@dataclass(frozen=True)
class Burn:
    name: str  # "entry burn", "landing burn"
    t_start: float
    t_end: float
    engines: int
    propellant_kg: float
    delta_v_m_s: float  # the rocket equation's: ve ln(m0 / m1), at the burn's mean Isp


@dataclass(frozen=True)
class Touchdown:
    """Where and how the stage met the ground."""

    t_s: float
    latitude_deg: float
    longitude_deg: float
    speed_m_s: float  # relative to the ground
    vertical_speed_m_s: float  # downward positive
    miss_m: float  # from the zone's centre, along the ground
    outcome: str  # "landed" or "crashed"
    propellant_left_kg: float
    why: str


@dataclass
class BoosterReturn:
    """The returning stage's path (inertial, m), its events and burns, and its touchdown."""

    name: str
    stage: int
    t_s: np.ndarray
    r_m: np.ndarray
    landed: bool
    v_m_s: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    mass_kg: np.ndarray = field(default_factory=lambda: np.zeros(0))
    events: list[Event] = field(default_factory=list)
    burns: list[Burn] = field(default_factory=list)
    touchdown: Touchdown | None = None
    zone: Zone | None = None
    notes: list[str] = field(default_factory=list)

    def burn(self, name: str) -> Burn | None:
        return next((b for b in self.burns if b.name == name), None)

    @functools.cached_property
    def geodetic(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Latitude, longitude (deg) and height (km) on WGS-84, as ``Trajectory.geodetic``."""
        lat, lon, h = geodetic_from_ecef(earth_fixed(self.t_s, self.r_m))
        return lat, lon, h / 1000.0

    @property
    def ground_speed_m_s(self) -> np.ndarray:
        """Speed relative to the ground (what a landing is judged by), not inertial."""
        return np.linalg.norm(self.v_m_s - np.cross(OMEGA, self.r_m), axis=1)

    def event_rows(self, site_lat_deg: float, site_lon_deg: float) -> list[dict[str, object]]:
        """The return's event table: T+, height, ground speed, downrange from the pad."""
        lat, lon, h = self.geodetic
        speed = self.ground_speed_m_s
        down = surface_distance_km(site_lat_deg, site_lon_deg, lat, lon)
        rows = []
        for ev in self.events:
            i = int(np.clip(np.searchsorted(self.t_s, ev.t_s), 0, len(self.t_s) - 1))
            rows.append(
                {
                    "t_s": ev.t_s,
                    "altitude_km": float(h[i]),
                    "speed_m_s": float(speed[i]),
                    "downrange_km": float(down[i]),
                    "event": ev.name,
                    "description": ev.description,
                    "nominal": ev.nominal,
                }
            )
        return rows


class _Path:
    """Samples collected while the return is flown."""

    def __init__(self) -> None:
        self.t: list[float] = []
        self.y: list[np.ndarray] = []

    def add(self, sol: object, dense: bool) -> None:
        t0, t1 = float(sol.t[0]), float(sol.t[-1])  # type: ignore[attr-defined]
        if dense and t1 - t0 > 2.0:
            ts = np.unique(np.concatenate([np.arange(t0, t1, 1.0), [t1]]))
            ys = sol.sol(ts).T  # type: ignore[attr-defined]
        else:
            ts, ys = np.array([t0, t1]), sol.y[:, [0, -1]].T  # type: ignore[attr-defined]
        for t, y in zip(ts, ys, strict=True):
            if not self.t or t > self.t[-1] + 1e-9:
                self.t.append(float(t))
                self.y.append(y.copy())


class Return:
    """Flies ``spec`` from a separation state to ``zone`` through the ascent's COESA76."""

    def __init__(self, spec: ReturnSpec, zone: Zone, atmosphere: AtmosphereTable) -> None:
        self.spec, self.zone, self.atmosphere = spec, zone, atmosphere
        self.tables = (
            atmosphere.alt_km,
            atmosphere.log_p_pa,
            atmosphere.log_rho_kg_m3,
            atmosphere.sound_speed_m_s,
        )
        e = spec.engine
        self.ae_m2 = max(e.thrust_vac_n - (e.thrust_sl_n or e.thrust_vac_n), 0.0) / P0_PA
        self.mdot_e = e.thrust_vac_n / (e.isp_vac_s * G0_M_S2)
        self.zone_ecef = ecef_from_geodetic(zone.latitude_deg, zone.longitude_deg, zone.altitude_m)
        self.zone_up = _geodetic_up(zone.latitude_deg, zone.longitude_deg)
        self._east = np.cross([0.0, 0.0, 1.0], self.zone_up)
        self._east /= float(np.linalg.norm(self._east))
        self._north = np.cross(self.zone_up, self._east)

    # -- parameters and one integration ------------------------------------------------------
    def _params(self, engines: float = 0.0, u: np.ndarray | None = None) -> np.ndarray:
        p = np.zeros(N_PARAMS)
        p[P_GRAVITY] = p[P_J2] = 1.0
        p[P_CDA] = self.spec.drag_area_m2
        p[P_AREA] = 1.0
        if engines > 0 and u is not None:
            p[P_MODE] = FIXED
            p[P_THRUST_VAC] = engines * self.spec.engine.thrust_vac_n
            p[P_EXIT_AREA] = engines * self.ae_m2
            p[P_MDOT] = engines * self.mdot_e
            p[P_U0 : P_U0 + 3] = u
        else:
            p[P_MODE] = COAST
        return p

    def _fly(self, t0: float, y0: np.ndarray, t1: float, p: np.ndarray, *events, dense=False):  # type: ignore[no-untyped-def]
        return solve_ivp(
            ascent_rhs,
            (t0, t1),
            y0,
            method=METHOD,
            rtol=RTOL,
            atol=ATOL,
            events=[self._ground(), self._empty(), *events],
            args=(p, *self.tables),
            dense_output=dense,
        )

    def _height(self, y: np.ndarray) -> float:
        return altitude_m(y[0], y[1], y[2]) - self.zone.altitude_m

    def _ground(self):  # type: ignore[no-untyped-def]
        def ground(t: float, y: np.ndarray, *args: object) -> float:
            return self._height(y)

        ground.terminal = True  # type: ignore[attr-defined]
        ground.direction = -1  # type: ignore[attr-defined]
        return ground

    def _empty(self):  # type: ignore[no-untyped-def]
        dry = self.spec.dry_mass_kg

        def empty(t: float, y: np.ndarray, *args: object) -> float:
            return y[6] - dry

        empty.terminal = True  # type: ignore[attr-defined]
        empty.direction = -1  # type: ignore[attr-defined]
        return empty

    # -- geometry ----------------------------------------------------------------------------
    def _air_velocity(self, y: np.ndarray) -> np.ndarray:
        return y[3:6] - np.cross(OMEGA, y[:3])

    def _ground_offset(self, t: float, y: np.ndarray) -> np.ndarray:
        """Horizontal vector from the point under the stage to the zone, Earth-fixed (m)."""
        d = self.zone_ecef - earth_fixed(t, y[:3])
        return d - (d @ self.zone_up) * self.zone_up

    def _predict(self, t: float, y: np.ndarray) -> tuple[float, np.ndarray]:
        """The unpowered fall from (t, y): impact time and state."""
        sol = self._fly(t, y, t + 3600.0, self._params())
        return float(sol.t[-1]), sol.y[:, -1]

    # -- the flight --------------------------------------------------------------------------
    def fly(
        self, t_sep: float, y_sep: np.ndarray, engine_out: EngineOut | None = None
    ) -> BoosterReturn:
        """The return from separation at ``t_sep`` (state ``y_sep``, inertial, m, kg) to the
        ground, with ``engine_out`` if the record has one."""
        spec, path = self.spec, _Path()
        events = [Event(t_sep, "separation", spec.stage, f"flies back to {self.zone.name}")]
        burns: list[Burn] = []
        notes: list[str] = []
        t, y = t_sep, y_sep.copy()

        # coast, through apogee, down to the entry burn
        h_entry = spec.entry_altitude_km * 1000.0

        def entry(t: float, y: np.ndarray, *args: object) -> float:
            return altitude_m(y[0], y[1], y[2]) - h_entry

        entry.terminal = True  # type: ignore[attr-defined]
        entry.direction = -1  # type: ignore[attr-defined]
        climbing = float(y[3:6] @ y[:3]) > 0
        if altitude_m(y[0], y[1], y[2]) < h_entry and not climbing:
            notes.append("below the entry-burn altitude already, falling: no entry burn")
            path.t.append(t)
            path.y.append(y.copy())
        else:
            sol = self._fly(t, y, t + 3600.0, self._params(), entry, dense=True)
            path.add(sol, True)
            t, y = float(sol.t[-1]), sol.y[:, -1].copy()
            heights = [altitude_m(*yy[:3]) for yy in path.y]
            events.append(
                Event(
                    path.t[int(np.argmax(heights))],
                    "apogee",
                    spec.stage,
                    f"{max(heights) / 1000:.0f} km",
                )
            )
            if sol.t_events[2].size:
                t, y = self._entry_burn(t, y, path, events, burns, engine_out)
            else:
                notes.append("the stage fell without reaching its entry-burn altitude")
        touchdown = None
        if self._height(y) > 1.0:
            t, y, touchdown = self._descend(t, y, path, events, burns, engine_out)
        if touchdown is None:
            touchdown = self._touchdown(t, y, "fell to the ground unpowered")
        events.append(
            Event(
                touchdown.t_s,
                "touchdown" if touchdown.outcome == "landed" else "impact",
                spec.stage,
                f"{touchdown.speed_m_s:.1f} m/s, {touchdown.miss_m:,.0f} m from the centre of "
                f"{self.zone.name}" + (f" ({touchdown.why})" if touchdown.why else ""),
                touchdown.outcome == "landed",
            )
        )
        ys = np.array(path.y)
        return BoosterReturn(
            name=f"stage {spec.stage}, flying back to {self.zone.name}",
            stage=spec.stage,
            t_s=np.array(path.t),
            r_m=ys[:, :3].copy(),
            landed=True,
            v_m_s=ys[:, 3:6].copy(),
            mass_kg=ys[:, 6].copy(),
            events=sorted(events, key=lambda e: e.t_s),
            burns=burns,
            touchdown=touchdown,
            zone=self.zone,
            notes=notes,
        )

    def _air(self, y: np.ndarray) -> tuple[float, float]:
        """Ambient pressure (Pa) and density (kg/m3) at the stage."""
        p, rho, _ = self.atmosphere.at(altitude_m(y[0], y[1], y[2]) / 1000.0)
        return float(p), float(rho)

    def _thrust_at(self, engines: float, y: np.ndarray) -> float:
        """Full thrust of ``engines`` at the stage's height (N)."""
        p_amb = self._air(y)[0]
        return engines * max(self.spec.engine.thrust_vac_n - self.ae_m2 * p_amb, 0.0)

    def _budget_kg(self) -> float:
        """Propellant the landing burn needs, by the rocket equation over ``LANDING_BUDGET_M_S``
        (the entry burn keeps the stage above dry mass plus this)."""
        ve = self.spec.engine.isp_vac_s * G0_M_S2
        return self.spec.dry_mass_kg * (math.exp(LANDING_BUDGET_M_S / ve) - 1.0)

    def _entry_burn(self, t, y, path, events, burns, engine_out):  # type: ignore[no-untyped-def]
        """Lit at (t, y); its yaw off retrograde and its length found by Newton's method so
        that the unpowered fall after it ends on the zone."""
        spec = self.spec
        lost = engine_out if engine_out is not None and engine_out.burn == "entry" else None
        va = self._air_velocity(y)
        retro = -va / float(np.linalg.norm(va))
        up = y[:3] / float(np.linalg.norm(y[:3]))
        mdot = spec.entry_engines * self.mdot_e
        usable = y[6] - spec.dry_mass_kg - self._budget_kg()
        tau_max = max(usable / mdot, MIN_ENTRY_S)

        def direction(yaw: float) -> np.ndarray:
            c, s = math.cos(yaw), math.sin(yaw)  # Rodrigues about the local vertical
            return c * retro + s * np.cross(up, retro) + (1 - c) * (up @ retro) * up

        def burn(yaw: float, tau: float, keep: _Path | None = None):  # type: ignore[no-untyped-def]
            u = direction(yaw)
            tt, yy, n = t, y, float(spec.entry_engines)
            legs = [(t + tau, n)]
            if lost is not None and lost.after_s < tau:
                legs = [(t + lost.after_s, n), (t + tau, max(n - lost.engines, 0.0))]
            for t_end, engines in legs:
                if engines <= 0:
                    break
                sol = self._fly(tt, yy, t_end, self._params(engines, u))
                if keep is not None:
                    keep.add(sol, False)
                tt, yy = float(sol.t[-1]), sol.y[:, -1].copy()
                if sol.status == 1:
                    break
            return tt, yy

        def miss(x: np.ndarray) -> np.ndarray:
            tt, yy = burn(float(x[0]), float(x[1]))
            d = self._miss(tt, yy)
            return np.array([d @ self._east, d @ self._north])

        def solve() -> list[float]:
            x, f = newton()
            return [float(x[0]), float(x[1]), float(np.linalg.norm(f))]

        def newton() -> tuple[np.ndarray, np.ndarray]:
            x = np.array([0.0, min(NEWTON_START_S, tau_max)])
            f = miss(x)
            for _ in range(NEWTON_STEPS):
                if float(np.linalg.norm(f)) < ON_TARGET_M:
                    break
                jac = np.empty((2, 2))
                for k, step in enumerate((0.01, 0.5)):
                    dx = np.zeros(2)
                    dx[k] = step
                    jac[:, k] = (miss(x + dx) - f) / step
                try:
                    delta = np.linalg.solve(jac, -f)
                except np.linalg.LinAlgError:
                    break
                delta[0] = max(-0.3, min(0.3, delta[0]))  # at most about 17 deg of yaw a step
                x = x + delta
                x[1] = min(max(x[1], MIN_ENTRY_S), tau_max)
                x[0] = max(-MAX_YAW_RAD, min(MAX_YAW_RAD, x[0]))
                f = miss(x)
            return x, f

        yaw, tau, off = cached_floats(
            solve, "entry burn", spec, self.zone, float(t), y.tobytes(), lost
        )
        t0, m0 = t, y[6]
        events.append(
            Event(
                t,
                "entry burn",
                spec.stage,
                f"{spec.entry_engines} engines, {math.degrees(yaw):+.1f} deg off retrograde",
            )
        )
        t, y = burn(yaw, tau, path)
        if lost is not None and lost.after_s < tau:
            events.append(
                Event(
                    t0 + lost.after_s,
                    "engine out",
                    spec.stage,
                    f"{lost.engines} lost {lost.after_s:g} s into the entry burn",
                    False,
                )
            )
        burns.append(self._burn_record("entry burn", t0, t, spec.entry_engines, m0, y[6]))
        if tau >= tau_max - 1e-6 and off > ON_TARGET_M:
            why = "cut short, only the landing burn's propellant left"
        elif tau <= MIN_ENTRY_S + 1e-6 and off > ON_TARGET_M:
            why = "as short as it goes: the stage falls short of the zone"
        else:
            why = "on target"
        events.append(
            Event(
                t,
                "entry burn cut-off",
                spec.stage,
                f"{why}; predicted miss {off:,.0f} m",
                off <= ON_TARGET_M * 50,
            )
        )
        return t, y

    def _miss(self, t: float, y: np.ndarray) -> np.ndarray:
        """From the predicted impact point (the unpowered fall) to the zone, Earth-fixed (m)."""
        ti, yi = self._predict(t, y)
        return self._ground_offset(ti, yi)

    def _stop_height(self, t: float, y: np.ndarray, engines: float) -> tuple[float, float]:
        """A burn lit now against the air-relative velocity at ``DESIGN_THROTTLE``: the height
        at which it stops the fall (negative: the speed left at the ground) and its length."""
        p = self._params(engines * DESIGN_THROTTLE, np.zeros(3))
        p[P_MODE] = RETRO

        def stopped(t: float, y: np.ndarray, *args: object) -> float:
            return float(y[3:6] @ y[:3])  # the radial (inertial) speed: zero at the stop

        stopped.terminal = True  # type: ignore[attr-defined]
        stopped.direction = 1  # type: ignore[attr-defined]
        sol = self._fly(t, y, t + 600.0, p, stopped)
        end = sol.y[:, -1]
        dur = float(sol.t[-1]) - t
        if sol.t_events[2].size:
            return self._height(end), dur
        return -float(np.linalg.norm(self._air_velocity(end))), dur

    def _ignition_time(self, coast: object, t0: float, engines: float) -> tuple[float, float]:
        """The latest moment of the fall (``coast``'s dense output from ``t0``) at which the
        landing burn still stops the stage above the zone, and that burn's length."""
        t_end = float(coast.t[-1])  # type: ignore[attr-defined]

        def g(t: float) -> float:
            return self._stop_height(t, coast.sol(t), engines)[0]  # type: ignore[attr-defined]

        hi = t_end
        if g(hi) >= 0:
            return hi, self._stop_height(hi, coast.sol(hi), engines)[1]  # type: ignore[attr-defined]
        lo = hi
        while lo > t0:
            lo = max(lo - 2.0, t0)
            if g(lo) >= 0:
                break
            hi = lo
        if g(lo) < 0:  # no moment stops it: light as early as it falls
            return lo, self._stop_height(lo, coast.sol(lo), engines)[1]  # type: ignore[attr-defined]
        t_ign = float(brentq(g, lo, hi, xtol=0.01))
        return t_ign, self._stop_height(t_ign, coast.sol(t_ign), engines)[1]  # type: ignore[attr-defined]

    def _descend(self, t, y, path, events, burns, engine_out):  # type: ignore[no-untyped-def]
        """The fall to the landing burn, and the landing burn to the ground."""
        spec = self.spec
        n0 = float(spec.landing_engines)

        def ignition() -> list[float]:
            fall = self._fly(t, y, t + 3600.0, self._params(), dense=True)
            return list(self._ignition_time(fall, t, n0))

        t_ign, t_go0 = cached_floats(
            ignition, "landing burn", spec, self.zone, float(t), y.tobytes()
        )
        sol = self._fly(t, y, t_ign, self._params(), dense=True)
        path.add(sol, True)
        t, y = float(sol.t[-1]), sol.y[:, -1].copy()
        if self._height(y) <= 1.0:
            return t, y, None
        t0, m0, n = t, y[6], n0
        lost = engine_out if engine_out is not None and engine_out.burn == "landing" else None
        h0 = self._height(y)
        v_down = -float(self._air_velocity(y) @ (y[:3] / np.linalg.norm(y[:3])))
        events.append(
            Event(
                t,
                "landing burn",
                spec.stage,
                f"{spec.landing_engines} engine(s), {h0 / 1000:.2f} km up at {v_down:.0f} m/s",
            )
        )
        why = ""
        while True:
            if lost is not None and n == n0 and t >= t0 + lost.after_s - 1e-9:
                n = max(n - lost.engines, 0.0)
                events.append(
                    Event(
                        t,
                        "engine out",
                        spec.stage,
                        f"{lost.engines} lost {lost.after_s:g} s into the landing burn "
                        f"({n:g} left)",
                        False,
                    )
                )
                if n == 0:
                    burns.append(
                        self._burn_record("landing burn", t0, t, spec.landing_engines, m0, y[6])
                    )
                    sol = self._fly(t, y, t + 3600.0, self._params(), dense=True)
                    path.add(sol, True)
                    t, y = float(sol.t[-1]), sol.y[:, -1].copy()
                    return t, y, self._touchdown(t, y, "no thrust after the engine failure")
            u, lit = self._landing_command(t, y, n)
            dt = LANDING_GUIDANCE_S if self._height(y) > 300.0 else LANDING_GUIDANCE_S / 2.5
            if lost is not None and n == n0:
                dt = min(dt, max(t0 + lost.after_s - t, 1e-3))
            sol = self._fly(t, y, t + dt, self._params(lit, u))
            path.add(sol, False)
            t, y = float(sol.t[-1]), sol.y[:, -1].copy()
            if sol.status == 1:
                if sol.t_events[1].size:  # out of propellant in the air
                    burns.append(
                        self._burn_record("landing burn", t0, t, spec.landing_engines, m0, y[6])
                    )
                    events.append(
                        Event(
                            t,
                            "propellant exhausted",
                            spec.stage,
                            f"{self._height(y):.0f} m up",
                            False,
                        )
                    )
                    sol = self._fly(t, y, t + 3600.0, self._params(), dense=True)
                    path.add(sol, True)
                    t, y = float(sol.t[-1]), sol.y[:, -1].copy()
                    return t, y, self._touchdown(t, y, "out of propellant before touchdown")
                break
            if t - t0 > t_go0 + 60.0:
                why = "the landing burn ran past its time"
                break
        burns.append(self._burn_record("landing burn", t0, t, spec.landing_engines, m0, y[6]))
        return t, y, self._touchdown(t, y, why)

    def _landing_command(self, t: float, y: np.ndarray, engines: float) -> tuple[np.ndarray, float]:
        """The thrust direction, and the engines lit times their throttle, that bring the stage
        to the zone at rest: the vertical speed taken off by a constant deceleration to the
        ground (aiming ``TOUCHDOWN_M_S`` short of zero), the horizontal error by ZEM/ZEV over
        the time that takes; the vertical first when the thrust cannot do both."""
        rn = float(np.linalg.norm(y[:3]))
        up = y[:3] / rn
        g = MU_M3_S2 / rn**2
        v_rel = self._air_velocity(y)
        h = max(self._height(y), 0.5)
        v_up = float(v_rel @ up)
        v_h = v_rel - v_up * up
        r_rel = y[:3] - inertial(t, self.zone_ecef)
        r_h = r_rel - float(r_rel @ up) * up
        descent = max(-v_up - TOUCHDOWN_M_S, 0.0)
        above = h - FLARE_M  # stop the fall here, and come down the last metres slowly
        flare = above <= 0.5
        a_vert = g + descent / FLARE_RESPONSE_S if flare else descent**2 / (2.0 * above) + g
        t_go = max(2.0 * h / max(-v_up + TOUCHDOWN_M_S, 1.0), MIN_TGO_S)
        a_hor = -6.0 * r_h / t_go**2 - 4.0 * v_h / t_go
        # what the air already does
        _, rho = self._air(y)
        drag = 0.5 * rho * float(np.linalg.norm(v_rel)) * self.spec.drag_area_m2 / y[6] * v_rel
        a_vert += float(drag @ up)
        a_hor = a_hor + (drag - float(drag @ up) * up)
        one = max(self._thrust_at(1.0, y), 1.0)
        most = engines * one / y[6]
        a_vert = min(max(a_vert, 0.0), most)
        room = math.sqrt(max(most**2 - a_vert**2, 0.0))
        cap = min(room, a_vert * math.tan(math.radians(MAX_TILT_DEG)))
        hn = float(np.linalg.norm(a_hor))
        if hn > cap:
            a_hor = a_hor * (cap / hn)
        a_cmd = a_vert * up + a_hor
        need = float(np.linalg.norm(a_cmd)) * y[6]
        if need <= 0.0:
            return up, 0.0
        # as few engines as the thrust needs (a three-engine burn ends on one, as Falcon 9's)
        lit = min(float(max(math.ceil(need / one - 1e-9), 1)), engines)
        throttle = min(max(need / (lit * one), self.spec.min_throttle), 1.0)
        return a_cmd / float(np.linalg.norm(a_cmd)), lit * throttle

    def _touchdown(self, t: float, y: np.ndarray, why: str) -> Touchdown:
        ecef = earth_fixed(t, y[:3])
        lat, lon, _ = geodetic_from_ecef(ecef)
        v = self._air_velocity(y)
        up = y[:3] / np.linalg.norm(y[:3])
        speed = float(np.linalg.norm(v))
        miss = float(np.linalg.norm(self._ground_offset(t, y)))
        landed = speed <= LEGS_M_S and not why
        if not landed and not why:
            why = f"faster than the legs take ({LEGS_M_S:g} m/s)"
        return Touchdown(
            t,
            float(lat[0]),
            float(lon[0]),
            speed,
            -float(v @ up),
            miss,
            "landed" if landed else "crashed",
            float(y[6] - self.spec.dry_mass_kg),
            why,
        )

    def _burn_record(
        self, name: str, t0: float, t1: float, engines: int, m0: float, m1: float
    ) -> Burn:
        ve = self.spec.engine.isp_vac_s * G0_M_S2
        return Burn(name, t0, t1, engines, m0 - m1, ve * math.log(m0 / m1) if m1 > 0 else 0.0)


def _geodetic_up(lat_deg: float, lon_deg: float) -> np.ndarray:
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    return np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])


def fly_back(
    result: FlightResult, spec: ReturnSpec, zone: Zone, engine_out: EngineOut | None = None
) -> BoosterReturn | None:
    """Fly stage ``spec.stage`` of a flown ascent back from its separation (None: the flight
    ended before that stage separated)."""
    drop = next(
        (d for d in result.flight.drops if d[0] == f"stage {spec.stage}"),
        None,
    )
    if drop is None:
        return None
    _, _, t_sep, y_sep = drop
    return Return(spec, zone, coesa76()).fly(t_sep, y_sep, engine_out)
