"""Payload capacity: the largest payload a vehicle's nominal ascent puts into an orbit.

For each payload the ascent's margin (delta-v to spare at cut-off, or the speed
short of the target at depletion) is a smooth function; capacity is where it
crosses zero. The pitch-over angle is re-optimised at the answer, and the root
found again, so the figure belongs to the best trajectory of this guidance.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy.optimize import brentq

from .ascent import Ascent, Site, best_kick
from .vehicle import Target, VehicleSpec


@dataclass(frozen=True)
class Capacity:
    vehicle: str
    target: Target
    payload_kg: float  # 0 when the target is out of reach
    kick_deg: float
    reachable: bool
    elements: dict[str, float]  # the orbit flown at capacity (or the best with no payload)
    flights: int
    notes: tuple[str, ...]


def capacity(vehicle: VehicleSpec, site: Site, target: Target, tol_kg: float = 1.0) -> Capacity:
    ascent = Ascent(vehicle, site, target)
    count = 0

    def margin(m: float, kick: float) -> float:
        nonlocal count
        count += 1
        return ascent.fly(m, kick_deg=kick, record=False, coast_to_impact=False).margin

    last = vehicle.stages[-1]
    guess = 0.05 * last.propellant_mass_kg
    kick = best_kick(ascent, guess)
    count += 15
    if margin(0.0, kick) <= 0:
        kick = best_kick(ascent, 0.0)
        best = ascent.fly(0.0, kick_deg=kick, record=False, coast_to_impact=False)
        return Capacity(
            vehicle.name,
            target,
            0.0,
            kick,
            False,
            best.elements,
            count + 16,
            (*ascent.notes, f"out of reach: {best.margin:.0f} m/s short with no payload"),
        )
    hi = last.propellant_mass_kg
    m1 = brentq(lambda m: margin(m, kick), 0.0, hi, xtol=tol_kg * 10)
    kick = best_kick(ascent, m1)
    count += 15
    lo, up = 0.9 * m1, 1.1 * m1
    while margin(lo, kick) <= 0 and lo > 1.0:
        lo /= 2
    while margin(up, kick) > 0 and up < hi:
        up = min(up * 1.5, hi)
    m2 = brentq(lambda m: margin(m, kick), lo, up, xtol=tol_kg)
    final = ascent.fly(m2, kick_deg=kick, record=False, coast_to_impact=False)
    return Capacity(
        vehicle.name, target, m2, kick, True, final.elements, count + 1, tuple(ascent.notes)
    )
