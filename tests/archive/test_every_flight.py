"""Every curated Zhuque flight flies (issue 15): the outcome each record states, failures
as reported, and the successes against the orbits their payloads were catalogued in.

References: the element sets are CelesTrak's (``../shared/data/tle``, October 2025); the
published orbit of zq2-y3 is SpaceNews's (Dec 2023); the failures are in
``../shared/facts/landspace.md`` with their sources.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from archive import import_tle, session
from archive import model as m
from archive.ascent import compare_with_catalogue, fly_mission
from tests.conftest import SHARED

TLE_FILE = SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"
CURATED = ["zq1-y1", "zq2-y1", "zq2-y2", "zq2-y3", "zq2e-y1", "zq2e-y2", "zq2e-y3", "zq3-y1"]


def _expected(mission: m.Mission) -> str:
    if mission.outcome == m.Outcome.SUCCESS:
        return "orbit"
    kinds = {f.kind for f in mission.failure_modes}
    return "terminated" if m.FailureKind.TERMINATION in kinds else "suborbital"


@pytest.mark.parametrize("slug", CURATED)
def test_each_curated_mission_flies_with_the_outcome_its_record_states(
    loaded: Engine, slug: str
) -> None:
    with session(loaded) as s:
        run = fly_mission(s, slug)
        assert run.trajectory.outcome == _expected(run.mission)
        if run.trajectory.outcome != "orbit":
            assert run.trajectory.impact is not None  # the flight shows where it came down


def test_zq2_y1_does_not_reach_orbit_and_zq2e_y3_falls_near_its_track(loaded: Engine) -> None:
    with session(loaded) as s:
        y1 = fly_mission(s, "zq2-y1").trajectory
        y3 = fly_mission(s, "zq2e-y3").trajectory
    assert y1.outcome == "suborbital"
    assert any(e.name == "shutdown" and not e.nominal for e in y1.events)
    term = next(e for e in y3.events if e.name == "flight terminated")
    assert term.t_s == pytest.approx(258, abs=0.5) and y3.impact is not None
    assert "no payload is recorded for this flight: it is flown with none" in y3.notes
    # debris falls along the track: the impact is within 30 km of the great circle through
    # the pad and the point the vehicle was over when the flight was terminated
    lat, lon, _ = y3.geodetic
    k = int(np.searchsorted(y3.t_s, 258.0))

    def unit(la: float, lo: float) -> np.ndarray:
        la, lo = math.radians(la), math.radians(lo)
        return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])

    pole = np.cross(unit(lat[0], lon[0]), unit(lat[k], lon[k]))
    pole /= np.linalg.norm(pole)
    impact = unit(y3.impact.latitude_deg, y3.impact.longitude_deg)
    assert abs(math.asin(float(pole @ impact))) * 6371 < 30
    downrange = math.acos(float(unit(lat[k], lon[k]) @ impact)) * 6371
    assert 100 < downrange < 3000  # it flies on, falling, for hundreds of km


def test_zq1_y1_follows_the_reported_timeline(loaded: Engine) -> None:
    """The third stage ignites at the reported trouble (T+6 min 42 s), not at the
    guidance's near-apogee time (T+479 s), and loses attitude at once."""
    with session(loaded) as s:
        traj = fly_mission(s, "zq1-y1").trajectory
    ign = [e for e in traj.events if e.stage == 3 and e.name == "ignition"]
    assert ign[-1].t_s == pytest.approx(402, abs=0.5)
    loss = next(e for e in traj.events if e.name == "attitude loss")
    assert loss.t_s == pytest.approx(402, abs=0.5)


@pytest.mark.parametrize("slug", ["zq2e-y1", "zq2e-y2"])
def test_successes_reach_the_orbit_their_earliest_element_set_gives(
    loaded: Engine, slug: str
) -> None:
    """Mean against mean, in TEME of date: the simulated insertion's SGP4 mean elements
    within 25 km in perigee and apogee and 0.2 deg in inclination of the element set's."""
    with session(loaded, write=True) as s:
        import_tle(s, TLE_FILE)
    with session(loaded) as s:
        cmp = compare_with_catalogue(s, fly_mission(s, slug))
    assert cmp is not None and cmp.simulated.elements == "sgp4-mean"
    ref = next(r for r in cmp.references if r.label.startswith("earliest element set"))
    sim, got = cmp.simulated, ref.summary
    assert abs((sim.perigee_altitude - got.perigee_altitude).to_value("km")) < 25
    assert abs((sim.apogee_altitude - got.apogee_altitude).to_value("km")) < 25
    assert abs((sim.inclination - got.inclination).to_value("deg")) < 0.2


def test_zq2_y3_against_its_published_orbit(loaded: Engine) -> None:
    """Honghu-2's element sets of 2025 show it raised (463 x 517 km): the orbit the flight
    reached is SpaceNews's 433 x 461 km at 97.3 deg."""
    with session(loaded) as s:
        cmp = compare_with_catalogue(s, fly_mission(s, "zq2-y3"))
    assert cmp is not None
    ref = next(r for r in cmp.references if r.label == "published 'catalogued'")
    sim, got = cmp.simulated, ref.summary
    assert abs((sim.perigee_altitude - got.perigee_altitude).to_value("km")) < 25
    assert abs((sim.apogee_altitude - got.apogee_altitude).to_value("km")) < 25
    assert abs((sim.inclination - got.inclination).to_value("deg")) < 0.2


def test_every_payload_has_a_mass_and_says_whence(loaded: Engine) -> None:
    from archive.queries import estimated_fields

    with session(loaded) as s:
        for p in s.scalars(select(m.Payload)):
            assert p.mass_kg is not None, p.slug
            if "mass" not in estimated_fields(s, "payload", p.id):
                assert p.slug == "future"  # the only published mass
