"""Multi-stage 3-DOF ascent: fly a vehicle from its pad, nominally or as it failed.

Point mass in an inertial frame (the Earth-fixed axes frozen at lift-off);
gravity with J2; COESA76 drag with a Mach-dependent drag coefficient; thrust
between sea-level and vacuum with ambient pressure. The kernel
(``kernels.ascent_rhs``) is numba; scipy's ``solve_ivp`` integrates each phase
and its events (fairing jettison at 110 km, impact).

Guidance: vertical rise, a pitch-over toward the launch azimuth (from the target
inclination and site latitude), a zero-angle-of-attack gravity turn through the
atmosphere, inertial prograde on middle stages, and powered explicit guidance
(``guidance.peg``) on the last stage: a liquid stage cuts off on target, a
solid one coasts to near apogee and burns to depletion with its pitch steered.
The pitch-over angle is the one free parameter; ``best_kick`` picks it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq, minimize_scalar

from .atmosphere import coesa76
from .constants import G0_M_S2, OMEGA_EARTH_RAD_S
from .core import conic
from .geodesy import ecef_from_geodetic
from .guidance import launch_azimuth_deg
from .impact import Impact
from .kernels import (
    COAST,
    GRAVITY_TURN,
    LINEAR_PITCH,
    MU_M3_S2,
    N_PARAMS,
    P_AREA,
    P_AXIS,
    P_AZIMUTH,
    P_EXIT_AREA,
    P_GRAVITY,
    P_INCLINATION,
    P_J2,
    P_KICK,
    P_KICK_DURATION,
    P_MDOT,
    P_MODE,
    P_R_TARGET,
    P_SIN_PITCH,
    P_SIN_PITCH_RATE,
    P_SOLID,
    P_T_OUT,
    P_T_REF,
    P_T_VERTICAL,
    P_THRUST_VAC,
    P_TUMBLE_RATE,
    P_U0,
    P_V_TARGET,
    PEG,
    PITCH_OVER,
    PROGRADE,
    R_EQ_M,
    TUMBLE,
    altitude_m,
    ascent_aux_many,
    ascent_rhs,
    peg_now,
    thrust_direction,
)
from .trajectory import Event, Trajectory, elements_summary
from .vehicle import Failure, StageSpec, Target, VehicleSpec

T_VERTICAL_S = 10.0  # vertical rise, clearing the tower
KICK_DURATION_S = 10.0
SEPARATION_COAST_S = 1.0
DIRECT_MAX_KM = 220.0  # liquid upper stages insert directly up to this perigee
TRANSFER_PERIGEE_KM = 200.0
FREEZE_S = 8.0  # the last seconds before cut-off fly the final guidance solution
MAX_COAST_S = 4 * 3600.0  # a ballistic arc longer than this is not suborbital
DEBRIS_S = 1800.0  # a spent stage is followed this long at most
# a spent stage's fall is drawn and its impact point shown, not flown on: ten times looser
# than the ascent (every curated impact point moves by less than 20 m)
DEBRIS_RTOL = 1e-4
RTOL = 1e-5  # DOP853: margins within 1 m/s of rtol 1e-6 (RK45 at 1e-5 is 20 m/s off)
METHOD = "DOP853"
ATOL = np.array([1e-3, 1e-3, 1e-3, 1e-6, 1e-6, 1e-6, 1e-4])  # m, m/s, kg


@dataclass(frozen=True)
class Site:
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    name: str = ""


@dataclass
class _Flight:
    """Mutable state of one flight while it is flown."""

    t: float
    y: np.ndarray
    stage: int
    fairing_on: bool
    record: bool
    events: list[Event] = field(default_factory=list)
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = field(default_factory=list)
    impacted: bool = False
    stopped: bool = False
    terminated: bool = False
    drops: list[tuple[str, int, float, np.ndarray]] = field(default_factory=list)


class Ascent:
    """Flies ``vehicle`` from ``site`` toward ``target`` with a given payload."""

    def __init__(self, vehicle: VehicleSpec, site: Site, target: Target) -> None:
        self.vehicle = vehicle
        self.site = site
        self.target = target
        tab = coesa76()
        self.tables = (tab.alt_km, tab.log_p_pa, tab.log_rho_kg_m3, tab.sound_speed_m_s)
        self.r_target = R_EQ_M + target.perigee_km * 1000.0
        a_t = R_EQ_M + (target.perigee_km + target.apogee_km) * 500.0
        self.v_target = math.sqrt(MU_M3_S2 * (2.0 / self.r_target - 1.0 / a_t))
        r0 = ecef_from_geodetic(site.latitude_deg, site.longitude_deg, site.altitude_m)
        up = r0 / np.linalg.norm(r0)
        # the orbit plane passes through the Earth's centre: geocentric latitude decides it
        lat_c = math.degrees(math.atan2(up[2], math.hypot(up[0], up[1])))
        az, i_got, note, _ = launch_azimuth_deg(target.inclination_deg, lat_c, self.v_target)
        self.azimuth_deg = az
        self.inclination_flown_deg = i_got
        self.notes = [note] if note else []

    # -- one phase ---------------------------------------------------------------------------
    def _params(self, stage: StageSpec | None, mode: int, factor: float = 1.0) -> np.ndarray:
        p = np.zeros(N_PARAMS)
        p[P_MODE] = mode
        p[P_AREA] = self.vehicle.reference_area_m2
        p[P_INCLINATION] = math.radians(self.inclination_flown_deg)
        p[P_GRAVITY] = p[P_J2] = 1.0
        p[P_V_TARGET] = self.v_target
        if stage is not None and mode != COAST:
            p[P_THRUST_VAC] = stage.thrust_vac_n * factor
            p[P_EXIT_AREA] = stage.exit_area_m2 * factor
            p[P_MDOT] = stage.mdot_kg_s * factor
        return p

    def _run(self, f: _Flight, t_end: float, p: np.ndarray, *stops) -> float:  # type: ignore[no-untyped-def]
        """Integrate to ``t_end``, impact or the ``stop`` event, jettisoning the fairing.

        Returns the propellant burnt (mass lost other than the fairing); ``f.stopped``
        says whether ``stop`` ended it."""
        m0 = f.y[6]
        dropped = 0.0
        f.stopped = False
        while f.t < t_end - 1e-9 and not f.impacted and not f.stopped:
            evs = [self._impact_event(f.t), *stops]
            if f.fairing_on:
                evs.append(self._fairing_event())
            sol = solve_ivp(
                ascent_rhs,
                (f.t, t_end),
                f.y,
                method=METHOD,
                rtol=RTOL,
                atol=ATOL,
                events=evs,
                args=(p, *self.tables),
                dense_output=f.record,
            )
            t1 = float(sol.t[-1])
            if f.record:
                self._keep(f, sol, t1, p)
            f.t, f.y = t1, sol.y[:, -1].copy()
            if sol.status == 1:  # an event ended the integration
                if sol.t_events[0].size:
                    f.impacted = True
                    f.events.append(Event(f.t, "impact", f.stage, "reaches the ground", False))
                    break
                if any(sol.t_events[k + 1].size for k in range(len(stops))):
                    f.stopped = True
                    break
                f.fairing_on = False
                f.y[6] -= self.vehicle.fairing_mass_kg
                dropped += self.vehicle.fairing_mass_kg
                f.events.append(Event(f.t, "fairing jettison", f.stage, "at 110 km"))
                if f.record:
                    shell = f.y.copy()
                    shell[6] = self.vehicle.fairing_mass_kg
                    f.drops.append(("fairing", f.stage, f.t, shell))
        return m0 - f.y[6] - dropped

    def _impact_event(self, t0: float):  # type: ignore[no-untyped-def]
        def hit(t: float, y: np.ndarray, *args: object) -> float:
            return altitude_m(y[0], y[1], y[2]) + (0.0 if t > t0 + 1.0 or t0 > 5 else 1e9)

        hit.terminal = True  # type: ignore[attr-defined]
        hit.direction = -1  # type: ignore[attr-defined]
        return hit

    def _fairing_event(self):  # type: ignore[no-untyped-def]
        h_j = self.vehicle.fairing_jettison_altitude_km * 1000.0

        def fairing(t: float, y: np.ndarray, *args: object) -> float:
            return altitude_m(y[0], y[1], y[2]) - h_j

        fairing.terminal = True  # type: ignore[attr-defined]
        fairing.direction = 1  # type: ignore[attr-defined]
        return fairing

    def _keep(self, f: _Flight, sol: object, t1: float, p: np.ndarray) -> None:
        t0 = float(sol.t[0])  # type: ignore[attr-defined]
        ts = np.arange(math.ceil(t0), t1, 1.0)
        ts = np.unique(np.concatenate([[t0], ts, [t1]]))
        ys = sol.sol(ts)  # type: ignore[attr-defined]
        aux = ascent_aux_many(ts, ys, p, *self.tables)
        f.chunks.append((ts, ys.T.copy(), aux, f.stage))

    # -- the flight --------------------------------------------------------------------------
    def fly(
        self,
        payload_kg: float,
        *,
        kick_deg: float,
        failures: Sequence[Failure] = (),
        record: bool = True,
        coast_to_impact: bool = True,
        returning: frozenset[int] = frozenset(),
    ) -> FlightResult:
        """``returning``: stages that fly back (``flight.booster``), not fall: their paths are
        left to ``fly_back``."""
        v = self.vehicle
        r0 = ecef_from_geodetic(
            self.site.latitude_deg, self.site.longitude_deg, self.site.altitude_m
        )
        v0 = np.array([-OMEGA_EARTH_RAD_S * r0[1], OMEGA_EARTH_RAD_S * r0[0], 0.0])
        y0 = np.concatenate([r0, v0, [v.liftoff_mass_kg(payload_kg)]])
        f = _Flight(0.0, y0, 1, v.fairing_mass_kg > 0, record)
        f.events.append(Event(0.0, "lift-off", 1, f"{y0[6] / 1000:.1f} t"))
        by_stage = {x.stage: x for x in failures}
        margin = -1e4
        insertion_t = None
        lost = False
        for k, stage in enumerate(v.stages):
            f.stage = stage.number
            last = k == len(v.stages) - 1
            fail = by_stage.get(stage.number)
            prop_left = stage.propellant_mass_kg
            if k > 0:
                f.events.append(Event(f.t, "ignition", stage.number, f"stage {stage.number}"))
            if k == 0:
                p = self._params(stage, PITCH_OVER)
                p[P_T_VERTICAL], p[P_KICK] = T_VERTICAL_S, math.radians(kick_deg)
                p[P_KICK_DURATION], p[P_AZIMUTH] = KICK_DURATION_S, math.radians(self.azimuth_deg)
                t_turn = T_VERTICAL_S + KICK_DURATION_S
                lost, prop_left = self._burn(f, stage, p, t_turn, prop_left, fail)
                if not lost and not f.impacted:
                    f.events.append(
                        Event(
                            T_VERTICAL_S,
                            "pitch-over",
                            1,
                            f"{kick_deg:.2f} deg toward azimuth {self.azimuth_deg:.1f} deg",
                        )
                    )
                    p = self._params(stage, GRAVITY_TURN)
                    lost, prop_left = self._burn(f, stage, p, math.inf, prop_left, fail)
            elif not last:
                p = self._params(stage, PROGRADE)
                lost, prop_left = self._burn(f, stage, p, math.inf, prop_left, fail)
            else:
                lost, prop_left, margin = self._last_stage(f, stage, prop_left, fail)
                insertion_t = f.t
            if f.impacted or lost:
                break
            if not last:
                name = "burnout"
                f.events.append(Event(f.t, name, stage.number, f"stage {stage.number}"))
                self._run(f, f.t + SEPARATION_COAST_S, self._params(None, COAST))
                if f.impacted:
                    break
                f.y[6] -= stage.dry_mass_kg + prop_left
                f.events.append(Event(f.t, "separation", stage.number, f"stage {stage.number}"))
                if f.record:
                    spent = f.y.copy()
                    spent[6] = stage.dry_mass_kg + prop_left
                    f.drops.append((f"stage {stage.number}", stage.number, f.t, spent))
        if insertion_t is None:
            insertion_t = f.t
        el = elements_summary(f.y[:3], f.y[3:6])
        orbital = el["perigee_km"] > 100.0 and not f.impacted and not lost
        if not orbital and margin > 0:
            margin = -1.0
        result = FlightResult(self, payload_kg, kick_deg, margin, el, orbital, f)
        if orbital:
            f.events.append(
                Event(
                    f.t,
                    "orbit insertion",
                    f.stage,
                    f"{el['perigee_km']:.0f} x {el['apogee_km']:.0f} km, "
                    f"{el['inclination_deg']:.2f} deg",
                )
            )
        elif coast_to_impact and not f.impacted:
            self._coast_to_impact(f)
        result.insertion_t = insertion_t
        if f.record:
            result.debris = [
                self._fall(*d)
                for d in f.drops
                if not (d[0].startswith("stage") and d[1] in returning)
            ]
        return result

    def _fall(self, name: str, stage: int, t0: float, y0: np.ndarray) -> Debris:
        """A spent stage (or the fairing) on its own ballistic path, drag included, to the
        ground or for ``DEBRIS_S`` at most; sampled every 2 s."""
        p = self._params(None, COAST)
        sol = solve_ivp(
            ascent_rhs,
            (t0, t0 + DEBRIS_S),
            y0,
            method=METHOD,
            rtol=DEBRIS_RTOL,
            atol=ATOL,
            events=[self._impact_event(t0)],
            args=(p, *self.tables),
            dense_output=True,
        )
        t1 = float(sol.t[-1])
        ts = np.unique(np.concatenate([np.arange(t0, t1, 2.0), [t1]]))
        return Debris(name, stage, ts, sol.sol(ts)[:3].T.copy(), bool(sol.status == 1))

    def _burn(
        self,
        f: _Flight,
        stage: StageSpec,
        p: np.ndarray,
        t_stop: float,
        prop_left: float,
        fail: Failure | None,
    ) -> tuple[bool, float]:
        """Burn with ``p`` until ``t_stop`` or depletion; apply a failure on the way.

        Returns (vehicle lost, propellant left)."""
        mdot = p[P_MDOT]
        t_out = f.t + prop_left / mdot
        if fail is not None and f.t <= fail.at_s < min(t_stop, t_out):
            prop_left -= self._run(f, fail.at_s, p)
            if f.impacted:
                return True, prop_left
            return self._fail(f, stage, p, prop_left, fail)
        t_end = min(t_stop, t_out)
        return False, max(prop_left - self._run(f, t_end, p), 0.0)

    def _fail(
        self, f: _Flight, stage: StageSpec, p: np.ndarray, prop_left: float, fail: Failure
    ) -> tuple[bool, float]:
        if fail.kind == "termination":
            f.terminated = True
            f.events.append(Event(f.t, "flight terminated", stage.number, fail.description, False))
            return True, prop_left
        if fail.at_s >= f.t - 1e-6:
            f.events.append(
                Event(f.t, fail.kind.replace("_", " "), stage.number, fail.description, False)
            )
        else:  # it struck during the coast before this ignition: the stage ignites failed
            f.events.append(
                Event(
                    f.t,
                    "ignition, failed",
                    stage.number,
                    f"ignites with the {fail.kind.replace('_', ' ')} of T+{fail.at_s:.0f} s",
                    False,
                )
            )
        if fail.kind == "shutdown":
            return True, prop_left
        if fail.kind == "thrust_shortfall":
            q = p.copy()
            q[P_THRUST_VAC] *= fail.thrust_factor or 0.0
            q[P_EXIT_AREA] *= fail.thrust_factor or 0.0
            q[P_MDOT] *= fail.thrust_factor or 0.0
            if q[P_MDOT] <= 0:
                return True, prop_left
            return False, max(prop_left - self._run(f, f.t + prop_left / q[P_MDOT], q), 0.0)
        # attitude loss: thrust direction tumbles in the plane of motion until depletion
        u0 = thrust_direction(f.t, f.y, p)  # where the thrust pointed when control was lost
        h = np.cross(f.y[:3], f.y[3:6])
        q = p.copy()
        q[P_MODE] = TUMBLE
        q[P_U0 : P_U0 + 3] = u0
        q[P_AXIS : P_AXIS + 3] = h / np.linalg.norm(h)
        q[P_TUMBLE_RATE] = math.radians(fail.tumble_rate_deg_s or 0.0)
        q[P_T_REF] = f.t
        prop_left = max(prop_left - self._run(f, f.t + prop_left / q[P_MDOT], q), 0.0)
        f.events.append(Event(f.t, "burnout", stage.number, "tumbling, out of control", False))
        return True, prop_left

    def _last_stage(
        self, f: _Flight, stage: StageSpec, prop_left: float, fail: Failure | None
    ) -> tuple[bool, float, float]:
        """Guided flight of the last stage; returns (lost, propellant left, margin m/s).

        Solid: coast to near apogee, one burn to depletion. Liquid: one burn to the
        target, or, for targets above ``DIRECT_MAX_KM``, a burn into a transfer
        ellipse (perigee ``TRANSFER_PERIGEE_KM``, apogee the target's), a coast, and
        a circularising burn at apogee (the stage is assumed to restart).
        """
        tgt = self.target
        if stage.solid:
            t_ign = self._apogee_ignition_time(f, prop_left / stage.mdot_kg_s)
            if (
                fail is not None
                and fail.kind in ("attitude_loss", "thrust_shortfall")
                and f.t <= fail.at_s < t_ign
            ):
                # A failure of the burn itself reported before the guidance's ignition time:
                # the reports put the ignition there (ZQ-1 Y1: trouble began as the third
                # stage ignited, the leak seen at T+6 min 42 s), so the stage ignites then.
                f.events.append(
                    Event(
                        f.t,
                        "coast",
                        stage.number,
                        f"to T+{fail.at_s:.0f} s, the reported failure (guidance would have "
                        f"ignited at T+{t_ign:.0f} s, near apogee)",
                    )
                )
                t_ign = fail.at_s
                self._run(f, t_ign, self._params(None, COAST))
                if f.impacted:
                    return True, prop_left, -1e4
                f.events.append(Event(f.t, "ignition", stage.number, "as reported, failing"))
                return self._guided_burn(f, stage, prop_left, fail, tgt.perigee_km, tgt.apogee_km)
            if t_ign > f.t:
                f.events.append(Event(f.t, "coast", stage.number, "to near apogee"))
                if fail is not None and f.t <= fail.at_s < t_ign:
                    self._run(f, fail.at_s, self._params(None, COAST))
                    f.events.append(
                        Event(
                            f.t,
                            fail.kind.replace("_", " "),
                            stage.number,
                            f"during the coast: {fail.description}",
                            False,
                        )
                    )
                    if fail.kind == "termination":
                        f.terminated = True
                    if fail.kind in ("shutdown", "termination"):
                        return True, prop_left, -1e4
                self._run(f, t_ign, self._params(None, COAST))
                if f.impacted:
                    return True, prop_left, -1e4
                if fail is not None and fail.at_s < f.t:
                    p = self._params(stage, PROGRADE)
                    lost, prop_left = self._fail(f, stage, p, prop_left, fail)
                    return lost, prop_left, -1e4
                f.events.append(Event(f.t, "ignition", stage.number, "after the coast"))
            return self._guided_burn(f, stage, prop_left, fail, tgt.perigee_km, tgt.apogee_km)
        if tgt.perigee_km <= DIRECT_MAX_KM:
            return self._guided_burn(f, stage, prop_left, fail, tgt.perigee_km, tgt.apogee_km)
        lost, prop_left, margin = self._guided_burn(
            f, stage, prop_left, fail, TRANSFER_PERIGEE_KM, tgt.apogee_km, "transfer orbit"
        )
        if lost or f.impacted or margin <= 0:
            return lost, prop_left, min(margin, -1.0) if not lost else margin
        dv = self._circularisation_dv(f)
        m = f.y[6]
        burn = m * (1 - math.exp(-dv / (stage.isp_vac_s * G0_M_S2))) / stage.mdot_kg_s
        t_ign = self._apogee_ignition_time(f, burn)
        f.events.append(Event(f.t, "coast", stage.number, "to apogee"))
        self._run(f, t_ign, self._params(None, COAST))
        if f.impacted:
            return True, prop_left, -1e4
        f.events.append(Event(f.t, "ignition", stage.number, "circularisation at apogee"))
        return self._guided_burn(
            f, stage, prop_left, fail, tgt.perigee_km, tgt.apogee_km, apogee_burn=True
        )

    def _guided_burn(
        self,
        f: _Flight,
        stage: StageSpec,
        prop_left: float,
        fail: Failure | None,
        perigee_km: float,
        apogee_km: float,
        what: str = "target orbit",
        apogee_burn: bool = False,
    ) -> tuple[bool, float, float]:
        """Powered explicit guidance to insertion at perigee (or, ``apogee_burn``, at apogee)."""
        ve = stage.isp_vac_s * G0_M_S2
        r_p = R_EQ_M + perigee_km * 1000.0
        a_t = R_EQ_M + (perigee_km + apogee_km) * 500.0
        r_t = R_EQ_M + apogee_km * 1000.0 if apogee_burn else r_p
        v_t = math.sqrt(MU_M3_S2 * (2.0 / r_t - 1.0 / a_t))
        t_out = f.t + prop_left / stage.mdot_kg_s
        p = self._params(stage, PEG)
        p[P_R_TARGET], p[P_V_TARGET], p[P_T_OUT] = r_t, v_t, t_out
        p[P_SOLID] = 1.0 if stage.solid else 0.0
        stops = () if stage.solid else (self._energy_event(a_t),)
        closed = self._freeze_event(p)
        if apogee_burn:  # a short burn at apogee: thrust along the local horizontal
            p = self._params(stage, LINEAR_PITCH)
            p[P_V_TARGET] = v_t
            prop_left = max(prop_left - self._run(f, t_out, p, *stops), 0.0)
            if f.stopped:
                f.events.append(Event(f.t, "cut-off", stage.number, f"{what} (guidance)"))
                return False, prop_left, ve * math.log(f.y[6] / (f.y[6] - prop_left))
        elif closed(f.t, f.y) <= 0:  # already within the final seconds
            pass
        elif fail is not None and f.t <= fail.at_s < t_out:
            # closed loop until the failure (or the final seconds, whichever first)
            prop_left -= self._run(f, fail.at_s, p, closed, *stops)
            if f.impacted:
                return True, prop_left, -1e4
            if not f.stopped:
                lost, prop_left = self._fail(f, stage, p, prop_left, fail)
                return lost, prop_left, -1e4
        else:
            prop_left -= self._run(f, t_out, p, closed, *stops)
            if f.impacted:
                return True, prop_left, -1e4
        if f.t < t_out - 1e-6:  # the final seconds: fly the last solution open loop
            fr, fdr, _ = peg_now(f.t, f.y, p)
            q = self._params(stage, LINEAR_PITCH)
            q[P_SIN_PITCH], q[P_SIN_PITCH_RATE], q[P_T_REF] = fr, fdr, f.t
            q[P_V_TARGET] = v_t
            if fail is not None and f.t <= fail.at_s < t_out:
                prop_left -= self._run(f, fail.at_s, q, *stops)
                if not f.stopped:
                    lost, prop_left = self._fail(f, stage, q, prop_left, fail)
                    return lost, prop_left, -1e4
            else:
                prop_left = max(prop_left - self._run(f, t_out, q, *stops), 0.0)
            if f.impacted:
                return True, prop_left, -1e4
            if f.stopped or (stops and stops[0](f.t, f.y) >= 0):
                f.events.append(Event(f.t, "cut-off", stage.number, f"{what} (guidance)"))
                return False, prop_left, ve * math.log(f.y[6] / (f.y[6] - prop_left))
        f.events.append(
            Event(
                f.t,
                "burnout",
                stage.number,
                "propellant depleted" if not stage.solid else "motor burnout",
            )
        )
        r, vv = f.y[:3], f.y[3:6]
        rn = float(np.linalg.norm(r))
        need = math.sqrt(MU_M3_S2 * max(2.0 / rn - 1.0 / a_t, 0.0))
        height_miss = abs(rn - r_t) / 1000.0  # km off the target radius
        return False, prop_left, float(np.linalg.norm(vv)) - need - 2.0 * height_miss

    def _circularisation_dv(self, f: _Flight) -> float:
        el = elements_summary(f.y[:3], f.y[3:6])
        r_a = R_EQ_M + el["apogee_km"] * 1000.0
        r_p = R_EQ_M + el["perigee_km"] * 1000.0
        v_apo = math.sqrt(MU_M3_S2 * (2.0 / r_a - 2.0 / (r_a + r_p)))
        return max(math.sqrt(MU_M3_S2 / r_a) - v_apo, 0.0)

    def _freeze_event(self, p: np.ndarray):  # type: ignore[no-untyped-def]
        """Ends closed-loop guidance once the time to go falls below ``FREEZE_S``."""

        def freeze(t: float, y: np.ndarray, *args: object) -> float:
            if p[P_SOLID] > 0.5:
                return p[P_T_OUT] - t - FREEZE_S
            return peg_now(t, y, p)[2] - FREEZE_S

        freeze.terminal = True  # type: ignore[attr-defined]
        freeze.direction = -1  # type: ignore[attr-defined]
        return freeze

    def _energy_event(self, a_t: float):  # type: ignore[no-untyped-def]
        """Cut-off: the orbital energy of an orbit of semi-major axis ``a_t`` is reached."""
        e_t = -MU_M3_S2 / (2.0 * a_t)

        def cut(t: float, y: np.ndarray, *args: object) -> float:
            rn = math.sqrt(y[0] ** 2 + y[1] ** 2 + y[2] ** 2)
            return (y[3] ** 2 + y[4] ** 2 + y[5] ** 2) / 2.0 - MU_M3_S2 / rn - e_t

        cut.terminal = True  # type: ignore[attr-defined]
        cut.direction = 1  # type: ignore[attr-defined]
        return cut

    def _apogee_ignition_time(self, f: _Flight, burn_s: float) -> float:
        """Ignite so that a burn of ``burn_s`` is centred on the coasting arc's apogee."""
        r, vv = f.y[:3], f.y[3:6]
        rn = float(np.linalg.norm(r))
        a, evec, _ = conic(MU_M3_S2, r, vv)
        if not 0 < a < math.inf:
            return f.t
        e = float(np.linalg.norm(evec))
        if e < 1e-9:
            return f.t
        cos_E = (1 - rn / a) / e
        E = math.acos(max(-1.0, min(1.0, cos_E)))
        if float(r @ vv) < 0:
            E = 2 * math.pi - E
        n = math.sqrt(MU_M3_S2 / a**3)
        t_apogee = ((math.pi - (E - e * math.sin(E))) % (2 * math.pi)) / n
        return f.t + max(0.0, t_apogee - burn_s / 2.0)

    def _coast_to_impact(self, f: _Flight) -> None:
        t_apo = None
        self._run(f, f.t + MAX_COAST_S, self._params(None, COAST))
        if f.record and f.chunks:
            h = np.concatenate([c[2][:, 7] for c in f.chunks])
            t = np.concatenate([c[0] for c in f.chunks])
            t_apo = float(t[int(np.argmax(h))])
            f.events.append(Event(t_apo, "apogee", f.stage, f"{h.max() / 1000:.0f} km"))
            f.events.sort(key=lambda e: e.t_s)


@dataclass
class Debris:
    """What fell away: a spent stage or the fairing, and its path (inertial, m)."""

    name: str
    stage: int
    t_s: np.ndarray
    r_m: np.ndarray
    landed: bool


@dataclass
class FlightResult:
    ascent: Ascent
    payload_kg: float
    kick_deg: float
    margin: float  # m/s: >0 reached the target with delta-v to spare; <0 short by about that
    elements: dict[str, float]  # osculating at insertion (or at the end of powered flight)
    orbital: bool
    flight: _Flight
    insertion_t: float = 0.0
    debris: list[Debris] = field(default_factory=list)

    def trajectory(self, epoch: object = None) -> Trajectory:
        f = self.flight
        if not f.chunks:
            raise ValueError("flown without record=True: no samples")
        t = np.concatenate([c[0] for c in f.chunks])
        y = np.concatenate([c[1] for c in f.chunks])
        aux = np.concatenate([c[2] for c in f.chunks])
        stg = np.concatenate([np.full(len(c[0]), c[3]) for c in f.chunks])
        keep = np.concatenate([[True], np.diff(t) > 1e-9])
        t, y, aux, stg = t[keep], y[keep], aux[keep], stg[keep]
        impact = None
        traj = Trajectory(
            vehicle=self.ascent.vehicle.name,
            t_s=t,
            r_m=y[:, :3],
            v_m_s=y[:, 3:6],
            mass_kg=y[:, 6],
            stage=stg,
            dynamic_pressure_pa=aux[:, 8],
            acceleration_m_s2=aux[:, 11],
            mach=aux[:, 9],
            events=sorted(f.events, key=lambda e: e.t_s),
            site_lat_deg=self.ascent.site.latitude_deg,
            site_lon_deg=self.ascent.site.longitude_deg,
            outcome="orbit" if self.orbital else ("terminated" if f.terminated else "suborbital"),
            insertion_index=int(np.searchsorted(t, self.insertion_t - 1e-6)),
            epoch=epoch,  # type: ignore[arg-type]
            payload_kg=self.payload_kg,
            kick_deg=self.kick_deg,
            azimuth_deg=self.ascent.azimuth_deg,
            notes=list(self.ascent.notes),
            debris=list(self.debris),
        )
        if f.impacted:
            lat, lon, _ = traj.geodetic
            impact = Impact(float(t[-1]), float(lat[-1]), float(lon[-1]), epoch=epoch)
            traj.impact = impact
        return traj


def best_kick(
    ascent: Ascent, payload_kg: float, grid: Sequence[float] = (0.5, 1, 2, 4, 8, 16, 24, 32, 40)
) -> float:
    """The pitch-over angle (deg) that leaves the most margin for this payload.

    A coarse scan first (too large a kick crashes the vehicle, a flat -1e4 no local
    search can climb), then Brent's method between the best point's neighbours.
    """

    def m(k: float) -> float:
        return ascent.fly(payload_kg, kick_deg=k, record=False, coast_to_impact=False).margin

    values = [m(k) for k in grid]
    i = int(np.argmax(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    res = minimize_scalar(
        lambda k: -m(k), bounds=(lo, hi), method="bounded", options={"xatol": 0.05}
    )
    return float(res.x) if -res.fun >= values[i] else float(grid[i])


def mission_kick(ascent: Ascent, payload_kg: float) -> float:
    """The pitch-over a mission flies: the best one, except that a solid last stage with
    speed to spare (it cannot be shut down) is lofted until it ends on the target: the
    surplus is spent as gravity loss, as solid launchers manage energy. Kept between
    processes (``flight.kept``), keyed by everything it depends on."""
    from .kept import cached_kick

    return cached_kick(
        lambda: _search_mission_kick(ascent, payload_kg),
        ascent.vehicle,
        ascent.site,
        ascent.target,
        float(payload_kg),
    )


def _search_mission_kick(ascent: Ascent, payload_kg: float) -> float:
    best = best_kick(ascent, payload_kg)
    if not ascent.vehicle.stages[-1].solid:
        return best

    def m(k: float) -> float:
        return ascent.fly(payload_kg, kick_deg=k, record=False, coast_to_impact=False).margin

    if m(best) <= 0:
        return best
    steep = 0.3
    if m(steep) > 0:
        return steep
    return float(brentq(m, steep, best, xtol=0.005))
