"""What the ascent needs to know of a vehicle and of what went wrong, as plain SI numbers.

The archive builds these from its records (``archive.ascent``); the physics
never sees the database. Every figure is per stage: the engines of a stage are
summed (thrust) and their mass flows added, so a stage's effective Isp is the
thrust-weighted one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .constants import G0_M_S2
from .errors import InvalidInput

P0_PA = 101_325.0  # sea-level pressure the sea-level thrust is quoted at



@dataclass(frozen=True)
class EngineSpec:
    """One engine type on a stage, ``count`` of them; thrust in N, Isp in s."""

    key: str
    count: int
    thrust_vac_n: float
    isp_vac_s: float
    thrust_sl_n: float | None = None

    @property
    def mdot_kg_s(self) -> float:
        return self.count * self.thrust_vac_n / (self.isp_vac_s * G0_M_S2)


@dataclass(frozen=True)
class StageSpec:
    number: int
    dry_mass_kg: float
    propellant_mass_kg: float
    engines: tuple[EngineSpec, ...]
    diameter_m: float
    solid: bool  # a solid motor burns to depletion: no cut-off, no restart

    @property
    def thrust_vac_n(self) -> float:
        return sum(e.count * e.thrust_vac_n for e in self.engines)

    @property
    def thrust_sl_n(self) -> float:
        """Sea-level thrust; an engine without one is treated as a vacuum engine (Ae p0 lost)."""
        return sum(e.count * (e.thrust_sl_n or e.thrust_vac_n) for e in self.engines)

    @property
    def exit_area_m2(self) -> float:
        """Total nozzle exit area implied by thrust_vac - thrust_sl = Ae * p0."""
        return max(self.thrust_vac_n - self.thrust_sl_n, 0.0) / P0_PA

    @property
    def mdot_kg_s(self) -> float:
        return sum(e.mdot_kg_s for e in self.engines)

    @property
    def isp_vac_s(self) -> float:
        return self.thrust_vac_n / (self.mdot_kg_s * G0_M_S2)

    @property
    def burn_time_s(self) -> float:
        return self.propellant_mass_kg / self.mdot_kg_s


@dataclass(frozen=True)
class VehicleSpec:
    name: str
    stages: tuple[StageSpec, ...]
    fairing_mass_kg: float
    diameter_m: float
    fairing_jettison_altitude_km: float = 110.0  # free-molecular heating low enough
    notes: tuple[str, ...] = ()

    @property
    def reference_area_m2(self) -> float:
        return math.pi * self.diameter_m**2 / 4.0

    def liftoff_mass_kg(self, payload_kg: float) -> float:
        return (
            sum(s.dry_mass_kg + s.propellant_mass_kg for s in self.stages)
            + self.fairing_mass_kg
            + payload_kg
        )


FAILURE_KINDS = ("shutdown", "thrust_shortfall", "attitude_loss", "termination")


@dataclass(frozen=True)
class Failure:
    """What went wrong, as flown: from ``at_s`` (mission elapsed time) on stage ``stage``.

    shutdown: the stage's thrust ends at ``at_s``.
    thrust_shortfall: thrust (and mass flow) fall to ``thrust_factor`` of nominal.
    attitude_loss: the vehicle tumbles; thrust direction turns at ``tumble_rate_deg_s``.
    termination: control is lost and the range ends the flight at ``at_s``: thrust ends, the
    vehicle breaks up and its debris falls from where it was (outcome "terminated").
    """

    stage: int
    kind: str
    at_s: float
    thrust_factor: float | None = None
    tumble_rate_deg_s: float | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FAILURE_KINDS:
            raise InvalidInput(f"failure kind '{self.kind}': expected one of {FAILURE_KINDS}")
        if self.kind == "thrust_shortfall" and self.thrust_factor is None:
            raise InvalidInput("a thrust_shortfall needs its thrust_factor")
        if self.kind == "attitude_loss" and self.tumble_rate_deg_s is None:
            raise InvalidInput("an attitude_loss needs its tumble_rate_deg_s")


@dataclass(frozen=True)
class Target:
    """The orbit guidance aims for: circular or elliptic, altitudes above the equator radius."""

    perigee_km: float
    apogee_km: float
    inclination_deg: float
    label: str = ""
    notes: tuple[str, ...] = field(default=())
