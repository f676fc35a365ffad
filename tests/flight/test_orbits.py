"""Orbits through launchlog's own API, against textbook worked examples.

References:
- Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., Example 2-4 (KEPLER).
- Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., Example 4.3 (state vector
  to elements), Example 4.7 (J2 node and perigee rates of a 280 x 400 km, 51.43 deg orbit),
  Example 4.9 (Sun-synchronous circular orbit with a 100 min period).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from astropy import units as u
from astropy.time import Time
from hypothesis import given, settings
from hypothesis import strategies as st

from flight.constants import MU_EARTH_KM3_S2, R_EARTH_KM
from flight.core import (
    apsidal_rate_rad_s,
    nodal_regression_rad_s,
    nu_to_M,
    period_s,
    rv_to_elements,
    sso_inclination_rad,
)
from flight.errors import OpenOrbitError, OrbitError, UnknownModel
from flight.frames import rotation
from flight.kernels import kepler_ephemeris
from flight.orbits import OrbitElements, SuborbitalError, build_orbit, orbit_from_vectors, summarise
from flight.propagation import DragSpec, propagate
from flight.spaceweather import read as read_space_weather
from tests.conftest import SHARED

EPOCH = Time("2018-10-27 08:00", scale="utc")
DAY = 86_400.0


def test_vallado_example_2_4_kepler() -> None:
    r0 = np.array([1131.340, -2282.343, 6672.423])
    v0 = np.array([-5.64305, 4.30333, 2.42879])
    orbit = orbit_from_vectors(r0, v0, EPOCH)
    eph = propagate(orbit, span=40 * u.min, step=40 * u.min, model="twobody")
    np.testing.assert_allclose(eph.r_km[-1], [-4219.7527, 4363.0292, -3958.7666], atol=0.05)
    np.testing.assert_allclose(eph.v_km_s[-1], [3.689866, -1.916735, -6.112511], atol=5e-5)


def test_curtis_example_4_3_state_to_elements() -> None:
    r, v = np.array([-6045.0, -3490.0, 2500.0]), np.array([-3.457, 6.618, 2.533])
    _a, e, inc, raan, argp, nu = rv_to_elements(398_600.0, r, v)
    h = np.linalg.norm(np.cross(r, v))
    assert h == pytest.approx(58_310, rel=1e-4)
    assert e == pytest.approx(0.1712, abs=1e-4)
    assert math.degrees(inc) == pytest.approx(153.2, abs=0.05)
    assert math.degrees(raan) == pytest.approx(255.3, abs=0.05)
    assert math.degrees(argp) == pytest.approx(20.07, abs=0.02)
    assert math.degrees(nu) == pytest.approx(28.45, abs=0.02)


def test_curtis_example_4_7_j2_rates() -> None:
    a, e = (6378 + 280 + 6378 + 400) / 2, (400 - 280) / (6378 * 2 + 680)
    inc = math.radians(51.43)
    assert math.degrees(nodal_regression_rad_s(a, e, inc)) * DAY == pytest.approx(-5.181, rel=5e-3)
    assert math.degrees(apsidal_rate_rad_s(a, e, inc)) * DAY == pytest.approx(3.920, rel=5e-3)


def test_curtis_example_4_9_sun_synchronous_inclination() -> None:
    a = (MU_EARTH_KM3_S2 * (100 * 60 / (2 * math.pi)) ** 2) ** (1 / 3)
    assert a - R_EARTH_KM == pytest.approx(758.5, abs=1.0)  # Curtis: z = 758.5 km
    assert math.degrees(sso_inclination_rad(a)) == pytest.approx(98.43, abs=0.05)


def test_futures_intended_orbit_is_sun_synchronous() -> None:
    built = build_orbit(
        OrbitElements("future", EPOCH, perigee_km=500, apogee_km=500, sun_synchronous=True),
        site=(41.31, 100.31),
    )
    s = summarise(built.orbit)
    assert s.inclination.to_value(u.deg) == pytest.approx(97.40, abs=0.01)
    assert s.sun_synchronous and s.nodal_regression.to_value(u.deg / u.day) == pytest.approx(
        0.9856, abs=1e-3
    )
    assert s.period.to_value(u.min) == pytest.approx(94.62, abs=0.01)
    assert any("J2 Sun-synchronous" in a for a in built.assumptions)


def test_j2_propagation_regresses_the_node_at_the_secular_rate() -> None:
    built = build_orbit(
        OrbitElements(
            "iss-like", EPOCH, a_km=6778, ecc=0.001, inc_deg=51.6, raan_deg=40, argp_deg=0, nu_deg=0
        )
    )
    eph = propagate(built.orbit, span=2 * u.day, step=1 * u.day, model="j2")
    raan_end = math.degrees(rv_to_elements(MU_EARTH_KM3_S2, eph.r_km[-1], eph.v_km_s[-1])[3])
    drift = (raan_end - 40 + 180) % 360 - 180
    expected = math.degrees(nodal_regression_rad_s(6778, 0.001, math.radians(51.6))) * 2 * DAY
    assert drift == pytest.approx(expected, rel=0.02)  # about -10 deg in two days


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(6700, 42_000),
    e=st.floats(0.001, 0.7),
    i=st.floats(1, 179),
    raan=st.floats(0, 359),
    argp=st.floats(0, 359),
    nu=st.floats(0, 359),
)
def test_record_to_orbit_to_record_loses_nothing(a, e, i, raan, argp, nu) -> None:
    if a * (1 - e) < R_EARTH_KM + 100:
        return
    built = build_orbit(
        OrbitElements("p", EPOCH, a_km=a, ecc=e, inc_deg=i, raan_deg=raan, argp_deg=argp, nu_deg=nu)
    )
    back = rv_to_elements(MU_EARTH_KM3_S2, *built.state())
    assert back[0] == pytest.approx(a, rel=1e-9) and back[1] == pytest.approx(e, abs=1e-9)
    got = [math.degrees(x) for x in back[2:]]
    for want, have in zip((i, raan, argp, nu), got, strict=True):
        assert (have - want + 180) % 360 - 180 == pytest.approx(0, abs=1e-5)


def test_kepler_kernels_match_poliastro_farnocchia() -> None:
    """Both own Kepler paths (numpy two-body model, numba archive kernel) against poliastro."""
    built = build_orbit(
        OrbitElements(
            "k", EPOCH, a_km=7200, ecc=0.05, inc_deg=60, raan_deg=30, argp_deg=45, nu_deg=10
        )
    )
    eph = propagate(built, span=1 * u.day, step=10 * u.min, model="twobody")
    for k in (1, 37, 144):
        ref = built.orbit.propagate(k * 10 * u.min)
        np.testing.assert_allclose(eph.r_km[k], ref.r.to_value(u.km), atol=1e-6)
        np.testing.assert_allclose(eph.v_km_s[k], ref.v.to_value(u.km / u.s), atol=1e-9)
    t = (eph.epochs - EPOCH).sec
    r = kepler_ephemeris(
        MU_EARTH_KM3_S2,
        *(
            np.array([x])
            for x in (
                7200,
                0.05,
                math.radians(60),
                math.radians(30),
                math.radians(45),
                nu_to_M(math.radians(10), 0.05),
            )
        ),
        t,
    )
    to_gcrs = rotation(EPOCH, built.frame, "GCRS")  # the record's elements are of date
    np.testing.assert_allclose(r[0] @ to_gcrs.T, eph.r_km, atol=1e-4)
    assert period_s(7200) == pytest.approx(6080.09, abs=0.01)  # 2 pi sqrt(a^3 / mu)


def test_open_orbits_and_suborbital_records_are_refused() -> None:
    with pytest.raises(OpenOrbitError, match="field 'eccentricity'"):
        build_orbit(OrbitElements("hyp", EPOCH, a_km=-7000, ecc=1.2, inc_deg=50))
    with pytest.raises(SuborbitalError) as err:
        build_orbit(
            OrbitElements(
                "arc", EPOCH, perigee_km=-3000, apogee_km=300, inc_deg=97, argp_deg=0, nu_deg=170
            )
        )
    impact = err.value.impact
    assert impact.time > EPOCH and impact.apogee_altitude.to_value(u.km) == pytest.approx(
        300, abs=1
    )
    assert "field 'perigee'" in str(err.value) and "impact at" in str(err.value)
    with pytest.raises(UnknownModel, match="twobody, j2, drag"):
        propagate(
            build_orbit(OrbitElements("m", EPOCH, a_km=7000, ecc=0, inc_deg=10)).orbit, model="sgp5"
        )


def test_drag_predicts_decay_of_a_low_orbit_only() -> None:
    future = DragSpec.tumbling_box((0.320, 0.295, 0.248), 40.0)
    assert future.area_m2 == pytest.approx((0.320 * 0.295 + 0.295 * 0.248 + 0.248 * 0.320) / 2)
    low = build_orbit(
        OrbitElements("low", EPOCH, perigee_km=150, apogee_km=160, inc_deg=97.4)
    ).orbit
    eph = propagate(
        low, span=3 * u.day, step=10 * u.min, model="drag", drag=future, atmosphere="coesa76"
    )
    assert eph.reentry is not None and EPOCH < eph.reentry < EPOCH + 3 * u.day
    assert eph.epochs[-1] <= eph.reentry  # never propagated through the surface
    high = build_orbit(
        OrbitElements("high", EPOCH, perigee_km=500, apogee_km=500, inc_deg=97.4)
    ).orbit
    weather = read_space_weather(SHARED / "data" / "spaceweather" / "SW-All.csv")
    run = propagate(
        high, span=1 * u.day, step=1 * u.h, model="drag", drag=future, space_weather=weather
    )
    assert run.reentry is None and any("NRLMSIS 2.1" in n for n in run.notes)


@pytest.mark.parametrize("perigee_km", [0.0, 99.9])
def test_an_orbit_below_the_reentry_altitude_is_refused_not_propagated(perigee_km: float) -> None:
    """Finding 7 of issue 13: a circular orbit at 0 km was propagated through the ground."""
    el = OrbitElements(
        "low", EPOCH, perigee_km=perigee_km, apogee_km=perigee_km, inc_deg=50, raan_deg=0
    )
    with pytest.raises(OrbitError, match="below the 100 km re-entry altitude"):
        build_orbit(el)
