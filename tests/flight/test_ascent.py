"""Ascent physics: checks that fail when the simulator is wrong.

- thrust off, J2 off: the kernel's trajectory is two-body motion (Kepler, via flight.core);
- free space (no gravity, no air): each stage gains the Tsiolkovsky delta-v, ve ln(m0/mf);
- coasting with J2: the energy including the J2 potential is conserved (the field is static);
- the guidance: the launch azimuth from the right spherical triangle between the node and
  the site, cos(i) = cos(latitude) sin(azimuth) (Napier's rules); a flown orbit hits its target.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from flight.ascent import Ascent, Site, best_kick
from flight.atmosphere import coesa76
from flight.constants import G0_M_S2, J2_EARTH
from flight.constants import GM_EARTH_M3_S2 as MU_M3_S2
from flight.constants import WGS84_A_M as R_EQ_M
from flight.core import kepler_states, nu_to_M
from flight.errors import MissingStageData
from flight.guidance import launch_azimuth_deg
from flight.kernels import (
    COAST,
    N_PARAMS,
    P_AREA,
    P_GRAVITY,
    P_J2,
    P_MDOT,
    P_MODE,
    P_THRUST_VAC,
    PROGRADE,
    ascent_rhs,
)
from flight.vehicle import EngineSpec, Failure, StageSpec, Target, VehicleSpec


def tables() -> tuple:  # type: ignore[type-arg]
    t = coesa76()
    return (t.alt_km, t.log_p_pa, t.log_rho_kg_m3, t.sound_speed_m_s)


def params(mode: int, *, gravity: float = 1.0, j2: float = 1.0) -> np.ndarray:
    p = np.zeros(N_PARAMS)
    p[P_MODE], p[P_GRAVITY], p[P_J2] = mode, gravity, j2
    return p


def test_thrust_off_matches_two_body() -> None:
    """A 2,000 x 20,000 km orbit (above any air) coasted for 3 h against Kepler."""
    rp, ra = R_EQ_M + 2.0e6, R_EQ_M + 2.0e7
    a, e = (rp + ra) / 2, (ra - rp) / (ra + rp)
    inc, raan, argp, nu = math.radians(63.4), 0.3, 1.1, 0.4
    t = np.linspace(0, 3 * 3600, 7)
    ref = kepler_states(MU_M3_S2 / 1e9, a / 1e3, e, inc, raan, argp, nu_to_M(nu, e), t)
    y0 = np.concatenate([ref[0, :3] * 1e3, ref[0, 3:] * 1e3, [1000.0]])
    sol = solve_ivp(
        ascent_rhs,
        (0, t[-1]),
        y0,
        method="DOP853",
        rtol=1e-12,
        atol=1e-6,
        t_eval=t,
        args=(params(COAST, j2=0.0), *tables()),
    )
    np.testing.assert_allclose(sol.y[:3].T / 1e3, ref[:, :3], atol=1e-3)  # 1 m
    np.testing.assert_allclose(sol.y[3:6].T / 1e3, ref[:, 3:], atol=1e-6)  # 1 mm/s


def test_coasting_with_j2_conserves_energy() -> None:
    y0 = np.array([R_EQ_M + 800e3, 0, 0, 0, 5000.0, 5500.0, 1000.0])
    sol = solve_ivp(
        ascent_rhs,
        (0, 7000),
        y0,
        method="DOP853",
        rtol=1e-12,
        atol=1e-6,
        args=(params(COAST), *tables()),
    )

    def energy(y: np.ndarray) -> np.ndarray:
        r = np.linalg.norm(y[:3], axis=0)
        s2 = (y[2] / r) ** 2
        u_j2 = MU_M3_S2 * J2_EARTH * R_EQ_M**2 / (2 * r**3) * (3 * s2 - 1)
        return (y[3] ** 2 + y[4] ** 2 + y[5] ** 2) / 2 - MU_M3_S2 / r + u_j2

    e = energy(sol.y)
    assert np.ptp(e) / abs(e[0]) < 1e-9
    # and J2 matters: without its potential the "energy" is not conserved
    assert np.ptp((sol.y[3:6] ** 2).sum(0) / 2 - MU_M3_S2 / np.linalg.norm(sol.y[:3], axis=0)) > 1


@given(
    thrust=st.floats(1e3, 2e6),
    isp=st.floats(150, 460),
    m0=st.floats(500, 5e5),
    frac=st.floats(0.05, 0.95),
)
@settings(max_examples=25, deadline=None)
def test_free_space_burn_gains_the_rocket_equation_delta_v(thrust, isp, m0, frac) -> None:  # type: ignore[no-untyped-def]
    """Tsiolkovsky: dv = g0 Isp ln(m0 / mf), with gravity and drag off."""
    p = params(PROGRADE, gravity=0.0)
    mdot = thrust / (isp * G0_M_S2)
    p[P_THRUST_VAC], p[P_MDOT], p[P_AREA] = thrust, mdot, 0.0
    burn = frac * m0 / mdot
    far = 1e10  # beyond the atmosphere table: pressure there is nil
    y0 = np.array([far, 0, 0, 0, 100.0, 0, m0])
    sol = solve_ivp(
        ascent_rhs, (0, burn), y0, method="DOP853", rtol=1e-11, atol=1e-9, args=(p, *tables())
    )
    dv = np.linalg.norm(sol.y[3:6, -1]) - 100.0
    assert sol.y[6, -1] == pytest.approx(m0 * (1 - frac), rel=1e-9)
    assert dv == pytest.approx(isp * G0_M_S2 * math.log(1 / (1 - frac)), rel=1e-7)


def test_launch_azimuth_textbook() -> None:
    """Inertial azimuth sin(beta) = cos(i) / cos(latitude): 28.5 deg from a 28.5 deg site is
    due east; the ISS's 51.6 deg from Baikonur (45.9 deg) is about 63 deg east of north. On
    the rotating Earth the azimuth flown relative to the ground is a little further north."""
    _, i_got, note, beta = launch_azimuth_deg(28.5, 28.5, 7800.0, southbound=False)
    assert beta == pytest.approx(90.0, abs=1e-6) and i_got == pytest.approx(28.5) and note is None
    az, i_got, _, beta = launch_azimuth_deg(51.6, 45.9, 7800.0, southbound=False)
    assert beta == pytest.approx(
        math.degrees(math.asin(math.cos(math.radians(51.6)) / math.cos(math.radians(45.9))))
    )
    assert beta == pytest.approx(63.2, abs=0.1)
    assert az < beta  # the Earth's eastward speed already supplies some of the east component
    _, i_got, note, _ = launch_azimuth_deg(20.0, 41.3, 7800.0)
    assert note is not None and "below the site latitude" in note and i_got == pytest.approx(41.3)


SITE = Site(41.31, 100.31, 1000.0)


def small_launcher(dry3: float = 250.0) -> VehicleSpec:
    return VehicleSpec(
        "test-solid",
        (
            StageSpec(1, 2000, 16900, (EngineSpec("m1", 1, 486e3, 270, 441e3),), 1.35, True),
            StageSpec(2, 700, 5200, (EngineSpec("m2", 1, 180e3, 285),), 1.35, True),
            StageSpec(3, dry3, 1350, (EngineSpec("m3", 1, 45e3, 290),), 1.35, True),
        ),
        250,
        1.35,
    )


def liquid_launcher() -> VehicleSpec:
    return VehicleSpec(
        "test-liquid",
        (
            StageSpec(1, 9500, 162200, (EngineSpec("a", 4, 785e3, 339, 657e3),), 3.35, False),
            StageSpec(
                2,
                6800,
                36000,
                (EngineSpec("b", 1, 785e3, 345), EngineSpec("c", 1, 98e3, 320)),
                3.35,
                False,
            ),
        ),
        1500,
        3.35,
    )


def test_liquid_upper_stage_cuts_off_on_target_and_max_q_is_plausible() -> None:
    a = Ascent(liquid_launcher(), SITE, Target(300, 300, 60.0))
    r = a.fly(2000, kick_deg=best_kick(a, 2000))
    assert r.orbital and r.margin > 0
    # a transfer ellipse from 200 km, then a burn at its apogee: within 10 km of circular
    assert r.elements["perigee_km"] == pytest.approx(300, abs=10)
    assert r.elements["apogee_km"] == pytest.approx(300, abs=10)
    assert r.elements["inclination_deg"] == pytest.approx(60.0, abs=0.05)
    traj = r.trajectory()
    assert [e.name for e in traj.events].count("cut-off") == 2  # transfer, then circular
    t_q, q = traj.max_q
    # launchers pass max-Q at 10-15 km, about a minute in, at 20 to 60 kPa
    assert 20e3 < q < 60e3 and 40 < t_q < 90
    assert 8 < traj.altitude_km[np.searchsorted(traj.t_s, t_q)] < 16
    # mass accounting: the last sample is the payload, the second stage dry mass and its
    # unburnt propellant
    assert traj.mass_kg[traj.insertion_index] > 2000 + 6800


def test_attitude_loss_makes_a_suborbital_flight_with_an_impact() -> None:
    a = Ascent(small_launcher(), SITE, Target(500, 500, 97.4))
    nominal = a.fly(40, kick_deg=22.8)
    assert nominal.orbital
    failed = a.fly(
        40,
        kick_deg=22.8,
        failures=[Failure(3, "attitude_loss", 402.0, tumble_rate_deg_s=10.0)],
    )
    traj = failed.trajectory()
    assert not failed.orbital and traj.outcome == "suborbital" and traj.impact is not None
    assert traj.impact.t_s > 402
    assert traj.altitude_km[-1] == pytest.approx(0, abs=0.1)
    # flying south from Jiuquan: it comes down well to the south
    assert traj.impact.latitude_deg < SITE.latitude_deg - 10


def test_shutdown_and_thrust_shortfall() -> None:
    a = Ascent(small_launcher(), SITE, Target(300, 300, 41.31))
    r = a.fly(100, kick_deg=25, failures=[Failure(1, "shutdown", 40.0)])
    traj = r.trajectory()
    assert traj.impact is not None and traj.altitude_km.max() < 60
    # thrust and mass flow fall together (same Isp): below the vehicle's weight it falls back
    weak = a.fly(
        100, kick_deg=25, failures=[Failure(1, "thrust_shortfall", 20.0, thrust_factor=0.5)]
    ).trajectory()
    assert weak.impact is not None and weak.altitude_km.max() < 20
    assert weak.downrange_km[-1] < 50


def test_missing_stage_data_and_bad_failures_are_refused() -> None:
    with pytest.raises(ValueError, match="thrust_factor"):
        Failure(2, "thrust_shortfall", 10.0)
    with pytest.raises(ValueError, match="failure kind"):
        Failure(2, "explosion", 10.0)
    err = MissingStageData("x", ["stage 2 dry_mass", "stage 1 engine 'e' isp_vac"])
    assert "stage 2 dry_mass; stage 1 engine 'e' isp_vac" in str(err)
