"""Propagation models, chosen per call: two-body, J2, and J2 with atmospheric drag.

two-body: exact Kepler. A closed orbit built from a record is solved by the project's
          vectorised Kepler solver (``core.kepler_states``); a poliastro ``Orbit`` (any
          conic: parabolic and hyperbolic states too) by poliastro's Farnocchia propagator.
j2:       poliastro's Cowell propagator (DOP853) with its J2 perturbation, integrated in
          the frame of date at the epoch so that J2 acts about the Earth's pole of date.
drag:     mean elements decayed by drag averaged over each revolution, with J2 secular
          rates (``flight.decay``), in NRLMSIS 2.1 (or NRLMSISE-00) driven by the day's
          solar and geomagnetic indices, or COESA76; re-entry is when the perigee falls to
          100 km.

Every ephemeris is returned in GCRS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from astropy import units as u
from astropy.time import Time, TimeDelta

from .constants import J2_EARTH, MU_EARTH_KM3_S2, R_EARTH_KM
from .core import kepler_states, nu_to_M, rv_to_elements
from .elements import EARTH_FRAME, ELEMENT_KINDS
from .errors import ATMOSPHERES, MODELS, InvalidInput, UnknownModel
from .frames import rotation
from .orbits import REENTRY_ALTITUDE_KM, BuiltOrbit, orbit_from_vectors
from .runtime import configure
from .spaceweather import SpaceWeather

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
    atmosphere: str = "msis",
    space_weather: SpaceWeather | None = None,
) -> Ephemeris:
    """States at ``orbit.epoch + k * step`` over ``span`` under ``model``, in GCRS.

    ``orbit`` is a poliastro ``Orbit`` (GCRS) or a ``BuiltOrbit`` (in its own frame, whose
    poliastro ``Orbit`` the two-body model never needs). The drag model needs the object's
    ``drag`` and, for the MSIS ``atmosphere``, the ``space_weather`` table; it starts from
    the orbit's elements as mean elements (an element set's SGP4 mean elements).
    """
    if model not in MODELS:
        raise UnknownModel(model)
    epochs = epochs_over(orbit.epoch, span, step)
    if model == "twobody":
        return _propagate_kepler(orbit, epochs)
    if model == "j2":
        return _propagate_j2(orbit, epochs)
    if drag is None:
        raise InvalidInput("the drag model needs the object's DragSpec (Cd, area, mass)")
    return _propagate_drag(orbit, epochs, drag, atmosphere, space_weather)


def _gcrs_state(orbit: Orbit | BuiltOrbit) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(orbit, BuiltOrbit):
        return orbit.state_gcrs()
    return orbit.r.to_value(u.km), orbit.v.to_value(u.km / u.s)


def _propagate_j2(orbit: Orbit | BuiltOrbit, epochs: Time) -> Ephemeris:
    configure()  # cached kernels, offline IERS: before the first use
    from poliastro.twobody.propagation import CowellPropagator
    from poliastro.twobody.sampling import EpochsArray

    r0, v0 = _gcrs_state(orbit)
    rot = rotation(orbit.epoch, "GCRS", EARTH_FRAME)  # J2 about the pole of date
    of_date = orbit_from_vectors(rot @ r0, rot @ v0, orbit.epoch)
    r, v = of_date.to_ephem(EpochsArray(epochs, CowellPropagator(rtol=1e-10, f=_j2_rhs))).rv()
    # rows are vectors: r_gcrs = rot.T @ r_of_date, i.e. r_of_date @ rot
    return Ephemeris(epochs, r.to_value(u.km) @ rot, v.to_value(u.km / u.s) @ rot, "j2")


def _propagate_kepler(orbit: Orbit | BuiltOrbit, epochs: Time) -> Ephemeris:
    """Exact two-body: vectorised Kepler for a built (closed) orbit, Farnocchia otherwise."""
    if not isinstance(orbit, BuiltOrbit):
        configure()  # cached kernels, offline IERS: before the first use
        from poliastro.twobody.propagation import FarnocchiaPropagator
        from poliastro.twobody.sampling import EpochsArray

        r, v = orbit.to_ephem(EpochsArray(epochs, FarnocchiaPropagator())).rv()
        return Ephemeris(epochs, r.to_value(u.km), v.to_value(u.km / u.s), "twobody")
    angles = orbit.inc_rad, orbit.raan_rad, orbit.argp_rad, orbit.nu_rad
    inc, raan, argp, nu = angles
    tofs = (epochs - orbit.epoch).to_value(u.s)
    states = kepler_states(
        MU_EARTH_KM3_S2, orbit.a_km, orbit.ecc, inc, raan, argp, nu_to_M(nu, orbit.ecc), tofs
    )
    rot = rotation(orbit.epoch, orbit.frame, "GCRS")
    return Ephemeris(epochs, states[:, :3] @ rot.T, states[:, 3:] @ rot.T, "twobody")


def _propagate_drag(
    orbit: Orbit | BuiltOrbit,
    epochs: Time,
    drag: DragSpec,
    atmosphere: str,
    weather: SpaceWeather | None,
) -> Ephemeris:
    from .decay import coesa_air, decay, msis_air

    if atmosphere not in ATMOSPHERES:
        raise InvalidInput(
            f"unknown atmosphere '{atmosphere}' (choose one of: {', '.join(ATMOSPHERES)})"
        )
    if atmosphere != "coesa76":
        if weather is None:
            raise InvalidInput(
                "the MSIS atmosphere needs the space-weather table (CelesTrak's SW-All.csv)"
            )
        air = msis_air(weather, atmosphere)
    else:
        air = coesa_air()
    notes = [f"ballistic: {drag.note}" if drag.note else f"B = {drag.b_m2_kg:.4f} m2/kg"]
    if isinstance(orbit, BuiltOrbit):
        a, e, inc, raan, argp, nu = orbit.earth_elements()
        notes.append(
            f"start: the {ELEMENT_KINDS[orbit.elements]} elements at the epoch, "
            f"{EARTH_FRAME} of date"
        )
    else:
        r0, v0 = _gcrs_state(orbit)
        rot = rotation(orbit.epoch, "GCRS", EARTH_FRAME)
        a, e, inc, raan, argp, nu = rv_to_elements(MU_EARTH_KM3_S2, rot @ r0, rot @ v0)
        notes.append("start: the osculating state at the epoch taken as mean elements")
    tofs = (epochs - orbit.epoch).to_value(u.s)
    run = decay(
        (a, e, inc, raan, argp, nu_to_M(nu, e)),
        float(orbit.epoch.utc.mjd),
        float(tofs[-1]),
        drag.b_m2_kg,
        air,
        reentry_km=REENTRY_ALTITUDE_KM,
    )
    end = run.reentry_s if run.reentry_s is not None else float(tofs[-1])
    keep = tofs <= end + 1e-9
    states = run.states(tofs[keep])
    back = rotation(orbit.epoch, EARTH_FRAME, "GCRS")
    notes.append(f"atmosphere: {air.name}")
    notes.extend(air.notes)
    reentry_at = None
    if run.reentry_s is not None:
        reentry_at = orbit.epoch + TimeDelta(run.reentry_s, format="sec")
        days = run.reentry_s / 86_400
        notes.append(
            f"decays: perigee reaches {REENTRY_ALTITUDE_KM:.0f} km at "
            f"{reentry_at.utc.iso[:19]} UTC, after {days:.1f} days"
        )
    return Ephemeris(
        epochs[keep], states[:, :3] @ back.T, states[:, 3:] @ back.T, "drag", reentry_at, notes
    )
