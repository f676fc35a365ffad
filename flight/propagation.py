"""Propagation models, chosen per call: two-body, J2, and J2 with atmospheric drag.

two-body: poliastro's Farnocchia propagator (exact Kepler).
j2:       poliastro's Cowell propagator (DOP853) with its J2 perturbation.
drag:     Cowell with J2 and drag in a co-rotating COESA76 atmosphere (scipy DOP853,
          a terminal event at 100 km gives the predicted re-entry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from astropy import units as u
from astropy.time import Time, TimeDelta

from .atmosphere import coesa76
from .constants import J2_EARTH, MU_EARTH_KM3_S2, R_EARTH_KM
from .core import kepler_states, nu_to_M
from .errors import MODELS, InvalidInput, PropagationError, UnknownModel
from .orbits import REENTRY_ALTITUDE_KM, BuiltOrbit
from .runtime import configure

if TYPE_CHECKING:
    from poliastro.twobody import Orbit



@dataclass(frozen=True)
class DragSpec:
    """Ballistic properties: drag coefficient, mean cross-section, mass; ``note`` says whence."""

    cd: float
    area_m2: float
    mass_kg: float
    note: str = ""

    @property
    def b_m2_kg(self) -> float:
        return self.cd * self.area_m2 / self.mass_kg

    @classmethod
    def tumbling_box(
        cls, dims_m: tuple[float, float, float], mass_kg: float, cd: float = 2.2
    ) -> DragSpec:
        """A randomly tumbling box presents a quarter of its surface area on average."""
        a, b, c = dims_m
        area = (a * b + b * c + c * a) / 2.0
        return cls(
            cd,
            area,
            mass_kg,
            f"Cd {cd} (free-molecular flow, flat plates), "
            f"tumbling-box mean area {area:.4f} m2, mass {mass_kg:g} kg",
        )


@dataclass
class Ephemeris:
    epochs: Time
    r_km: np.ndarray  # (n, 3) GCRS
    v_km_s: np.ndarray  # (n, 3)
    model: str
    reentry: Time | None = None
    notes: list[str] = field(default_factory=list)


def epochs_over(start: Time, span: u.Quantity, step: u.Quantity) -> Time:
    span_s, step_s = span.to_value(u.s), step.to_value(u.s)
    if step_s <= 0 or span_s < 0:
        raise InvalidInput(f"span ({span}) must be >= 0 and step ({step}) > 0")
    n = int(np.floor(span_s / step_s + 1e-9)) + 1
    return start + TimeDelta(np.arange(n) * step_s, format="sec")


def _j2_rhs(t0: float, state: np.ndarray, k: float) -> np.ndarray:
    configure()  # cached kernels, offline IERS: before the first use
    from poliastro.core.perturbations import J2_perturbation
    from poliastro.core.propagation.base import func_twobody

    du = func_twobody(t0, state, k)
    ax, ay, az = J2_perturbation(t0, state, k, J2_EARTH, R_EARTH_KM)
    du[3] += ax
    du[4] += ay
    du[5] += az
    return du


def propagate(
    orbit: Orbit | BuiltOrbit,
    *,
    span: u.Quantity = 1 * u.day,
    step: u.Quantity = 60 * u.s,
    model: str = "twobody",
    drag: DragSpec | None = None,
) -> Ephemeris:
    """States at ``orbit.epoch + k * step`` over ``span`` under ``model``.

    ``orbit`` is a poliastro ``Orbit`` or a ``BuiltOrbit`` (whose poliastro
    ``Orbit`` the two-body model never needs).
    """
    if model not in MODELS:
        raise UnknownModel(model)
    epochs = epochs_over(orbit.epoch, span, step)
    if model == "twobody":
        return _propagate_kepler(orbit, epochs)
    configure()  # cached kernels, offline IERS: before the first use
    from poliastro.twobody.propagation import CowellPropagator
    from poliastro.twobody.sampling import EpochsArray

    if isinstance(orbit, BuiltOrbit):
        orbit = orbit.orbit
    if model == "j2":
        r, v = orbit.to_ephem(EpochsArray(epochs, CowellPropagator(rtol=1e-10, f=_j2_rhs))).rv()
        return Ephemeris(epochs, r.to_value(u.km), v.to_value(u.km / u.s), model)
    if drag is None:
        raise InvalidInput("the drag model needs the object's DragSpec (Cd, area, mass)")
    return _propagate_drag(orbit, epochs, drag)


def _propagate_kepler(orbit: Orbit | BuiltOrbit, epochs: Time) -> Ephemeris:
    """Exact two-body: vectorised Kepler for closed orbits, poliastro's Farnocchia otherwise."""
    if isinstance(orbit, BuiltOrbit):
        a, e = orbit.a_km, orbit.ecc
        angles = orbit.inc_rad, orbit.raan_rad, orbit.argp_rad, orbit.nu_rad
    else:
        a, e = orbit.a.to_value(u.km), float(orbit.ecc.value)
        angles = tuple(q.to_value(u.rad) for q in (orbit.inc, orbit.raan, orbit.argp, orbit.nu))
    if e >= 1.0:
        configure()  # cached kernels, offline IERS: before the first use
        from poliastro.twobody.propagation import FarnocchiaPropagator
        from poliastro.twobody.sampling import EpochsArray

        r, v = orbit.to_ephem(EpochsArray(epochs, FarnocchiaPropagator())).rv()
        return Ephemeris(epochs, r.to_value(u.km), v.to_value(u.km / u.s), "twobody")
    inc, raan, argp, nu = angles
    tofs = (epochs - orbit.epoch).to_value(u.s)
    states = kepler_states(MU_EARTH_KM3_S2, a, e, inc, raan, argp, nu_to_M(nu, e), tofs)
    return Ephemeris(epochs, states[:, :3], states[:, 3:], "twobody")


def _propagate_drag(orbit: Orbit, epochs: Time, drag: DragSpec) -> Ephemeris:
    from scipy.integrate import solve_ivp

    from .kernels import drag_rhs

    table = coesa76()
    alts, log_rho = table.alt_km, table.log_rho_kg_m3
    tofs = (epochs - orbit.epoch).to_value(u.s)
    y0 = np.concatenate([orbit.r.to_value(u.km), orbit.v.to_value(u.km / u.s)])

    def reentry(t: float, y: np.ndarray, *args: object) -> float:
        return float(np.sqrt(y[:3] @ y[:3]) - R_EARTH_KM - REENTRY_ALTITUDE_KM)

    reentry.terminal = True  # type: ignore[attr-defined]
    reentry.direction = -1  # type: ignore[attr-defined]
    sol = solve_ivp(
        drag_rhs,
        (0.0, float(tofs[-1])),
        y0,
        method="DOP853",
        rtol=1e-10,
        atol=1e-9,
        dense_output=True,
        events=reentry,
        args=(MU_EARTH_KM3_S2, drag.b_m2_kg, alts, log_rho),
    )
    if not sol.success:
        raise PropagationError(f"drag propagation failed: {sol.message}")
    end = sol.t[-1]
    keep = tofs <= end + 1e-9
    states = sol.sol(tofs[keep]).T
    notes = [f"ballistic: {drag.note}" if drag.note else f"B = {drag.b_m2_kg:.4f} m2/kg"]
    decayed = sol.t_events[0].size > 0
    reentry_at = orbit.epoch + TimeDelta(sol.t_events[0][0], format="sec") if decayed else None
    if decayed:
        notes.append(
            f"decays: reaches {REENTRY_ALTITUDE_KM:.0f} km at {reentry_at.utc.iso[:19]} UTC"
        )
    return Ephemeris(epochs[keep], states[:, :3], states[:, 3:], "drag", reentry_at, notes)

