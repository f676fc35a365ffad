"""The returning stage's physics (``flight.booster``): the rocket equation and energy for its
burns and falls, a guided landing from above the pad, and a landing short of propellant.

The stage is Zhuque-3's first stage as recorded (``missions/zhuque-3.yaml``): 40 t dry, nine
TQ-12A of 817 kN at sea level, 337 s in vacuum; Minqin's zone as estimated there.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from flight.atmosphere import coesa76
from flight.booster import LEGS_M_S, Return, ReturnSpec, Zone
from flight.constants import G0_M_S2, OMEGA_EARTH_RAD_S
from flight.geodesy import ecef_from_geodetic
from flight.kernels import MU_M3_S2, P_AREA, P_CDA, P_GRAVITY, P_J2, altitude_m
from flight.vehicle import EngineSpec

TQ12A = EngineSpec("tq-12a-zq3", 1, 964e3, 337.0, 817e3)
SPEC = ReturnSpec(1, 40_000.0, TQ12A, 3, 3, 55.0, 0.5, 16.0)
MINQIN = Zone("Minqin", 38.62, 103.08, 1370.0)


def _ret() -> Return:
    return Return(SPEC, MINQIN, coesa76())


def _above_zone(height_m: float, down_m_s: float, mass_kg: float) -> np.ndarray:
    """A state ``height_m`` over the zone at t = 0, falling at ``down_m_s`` relative to the
    ground (the inertial velocity adds the Earth's rotation)."""
    r = ecef_from_geodetic(MINQIN.latitude_deg, MINQIN.longitude_deg, MINQIN.altitude_m + height_m)
    up = r / np.linalg.norm(r)
    v = -down_m_s * up + np.cross([0.0, 0.0, OMEGA_EARTH_RAD_S], r)
    return np.concatenate([r, v, [mass_kg]])


def test_a_return_burn_in_free_space_obeys_the_rocket_equation() -> None:
    """Tsiolkovsky: delta-v = Isp g0 ln(m0 / m1), the burn's own bookkeeping included."""
    ret = _ret()
    y0 = np.array([2.0e7, 0.0, 0.0, 0.0, 0.0, 0.0, 120_000.0])
    p = ret._params(3.0, np.array([0.0, 1.0, 0.0]))
    p[P_GRAVITY] = 0.0
    p[P_CDA] = p[P_AREA] = 0.0
    sol = ret._fly(0.0, y0, 40.0, p)
    y1 = sol.y[:, -1]
    ideal = 337.0 * G0_M_S2 * math.log(y0[6] / y1[6])
    assert y0[6] - y1[6] == pytest.approx(40.0 * 3 * 964e3 / (337.0 * G0_M_S2), rel=1e-9)
    assert float(np.linalg.norm(y1[3:6])) == pytest.approx(ideal, rel=1e-7)
    burn = ret._burn_record("entry burn", 0.0, 40.0, 3, y0[6], y1[6])
    assert burn.delta_v_m_s == pytest.approx(ideal, rel=1e-12)


def test_a_fall_without_air_or_j2_keeps_its_energy_and_air_only_takes_it() -> None:
    ret = _ret()
    y0 = _above_zone(80_000.0, 500.0, 45_000.0)
    y0[3:6] += 1200.0 * np.cross([0.0, 0.0, 1.0], y0[:3]) / np.linalg.norm(y0[:3])

    def energy(y: np.ndarray) -> float:
        return float(y[3:6] @ y[3:6]) / 2 - MU_M3_S2 / float(np.linalg.norm(y[:3]))

    p = ret._params()
    p[P_J2] = 0.0
    p[P_CDA] = p[P_AREA] = 0.0
    vacuum = ret._fly(0.0, y0, 60.0, p, dense=True)
    e = [energy(vacuum.sol(t)) for t in np.linspace(0.0, float(vacuum.t[-1]), 30)]
    assert max(e) - min(e) < 1e-8 * abs(e[0])
    p = ret._params()
    p[P_J2] = 0.0
    air = ret._fly(0.0, y0, 60.0, p, dense=True)
    e = [energy(air.sol(t)) for t in np.linspace(0.0, float(air.t[-1]), 30)]
    assert all(b < a for a, b in itertools.pairwise(e))  # drag only dissipates


def test_a_stage_falling_over_the_pad_lands_on_it_with_the_legs_speed() -> None:
    """2 km over the zone at 200 m/s, 10 t of propellant: lit in time, down at rest."""
    ret = _ret()
    flown = ret.fly(0.0, _above_zone(2000.0, 200.0, 50_000.0))
    td = flown.touchdown
    assert td is not None and td.outcome == "landed", td
    assert td.speed_m_s <= LEGS_M_S and td.miss_m < 50.0
    burn = flown.burn("landing burn")
    assert burn is not None and 0 < burn.propellant_kg < 10_000.0
    heights = [altitude_m(*r) - MINQIN.altitude_m for r in flown.r_m]
    assert min(heights) > -1.0  # never flown through the ground


def test_a_landing_without_enough_propellant_is_reported_not_flown_through_the_ground() -> None:
    ret = _ret()
    flown = ret.fly(0.0, _above_zone(2000.0, 200.0, 40_800.0))  # 800 kg left
    td = flown.touchdown
    assert td is not None and td.outcome == "crashed"
    assert "out of propellant" in td.why and td.speed_m_s > LEGS_M_S
    assert td.propellant_left_kg == pytest.approx(0.0, abs=1.0)
    assert any(e.name == "propellant exhausted" and not e.nominal for e in flown.events)
    heights = [altitude_m(*r) - MINQIN.altitude_m for r in flown.r_m]
    assert min(heights) > -1.0
