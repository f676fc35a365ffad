"""Fitting SGP4 mean elements to a state (issue 15's like-with-like comparison).

The fit is checked the way it is used: the mean elements of real element sets (CelesTrak's
TLEs of the Zhuque payloads) are recovered from SGP4's own state at their epoch, and, for
any near-Earth orbit hypothesis draws, SGP4 of the fitted elements gives the state back.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from astropy.time import Time
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sgp4.api import WGS72, Satrec

from flight import tle
from tests.conftest import SHARED

TLE_FILE = SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"


@pytest.mark.skipif(not TLE_FILE.exists(), reason="../shared/data/tle not present")
def test_real_element_sets_are_recovered_from_their_own_state() -> None:
    for es in tle.read(TLE_FILE):
        r, v = tle.state_teme(es)
        got = tle.sgp4_mean_from_state(r, v, es.epoch)
        want = tle.mean_elements(es)
        assert got[0] == pytest.approx(want[0], abs=1e-3)  # km
        assert got[1] == pytest.approx(want[1], abs=1e-7)
        for g, w in zip(got[2:], want[2:], strict=True):
            assert (g - w + math.pi) % (2 * math.pi) - math.pi == pytest.approx(0, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(
    alt=st.floats(300, 1500),
    e=st.floats(0.0005, 0.05),
    inc=st.floats(5, 175),
    raan=st.floats(0, 359),
    argp=st.floats(0, 359),
    mean=st.floats(0, 359),
)
def test_sgp4_of_the_fitted_elements_gives_the_state_back(alt, e, inc, raan, argp, mean) -> None:  # type: ignore[no-untyped-def]
    epoch = Time("2025-06-01 12:00", scale="utc")
    a = 6378.135 + alt
    assume(a * (1 - e) > 6378.135 + 200)  # a perigee SGP4 flies (below, it reports decay)
    n = math.sqrt(398600.8 / a**3) * 60  # rad/min, WGS-72's mu
    sat = Satrec()
    angles = [math.radians(x) for x in (argp, inc, mean)]
    sat.sgp4init(
        WGS72, "i", 0, epoch.jd - 2433281.5, 0, 0, 0, e, *angles, n, math.radians(raan)
    )  # fmt: skip
    _, r, v = sat.sgp4_tsince(0.0)
    fitted = tle.sgp4_mean_from_state(np.array(r), np.array(v), epoch)
    # the fit finds the elements SGP4 was given: they are what an element set would say
    want = (sat.a * sat.radiusearthkm, e, *(math.radians(x) for x in (inc, raan, argp, mean)))
    assert fitted[0] == pytest.approx(want[0], abs=1e-3) and fitted[1] == pytest.approx(e, abs=1e-7)
    assert fitted[2] == pytest.approx(want[2], abs=1e-7)
    # node and the sum argument of perigee + mean anomaly are defined; each alone less so
    # near circular, so those are compared as the argument of latitude they make
    d_node = (fitted[3] - want[3] + math.pi) % (2 * math.pi) - math.pi
    d_lat = (fitted[4] + fitted[5] - want[4] - want[5] + math.pi) % (2 * math.pi) - math.pi
    assert abs(d_node) < 1e-6 and abs(d_lat) < 1e-6
