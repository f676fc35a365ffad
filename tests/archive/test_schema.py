"""The schema: naming convention, units on the way out, constraints in the database itself."""

from __future__ import annotations

import datetime as dt

import pytest
from astropy import units as u
from astropy.time import Time
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from archive import get_mission, list_missions, session
from archive import model as m


def test_every_constraint_is_named_by_the_convention() -> None:
    for table in m.Base.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"
        for index in table.indexes:
            assert index.name and index.name.startswith("ix_")


def test_zq1_figures_come_back_as_quantities(loaded: Engine) -> None:
    # Published figures: NASASpaceflight (Barbosa, Oct 2018) and GCAT lv.tsv.
    with session(loaded) as s:
        mi = get_mission(s, "zq1-y1")
        v = mi.vehicle
        assert v.height == 19 * u.m
        assert v.diameter.to_value(u.m) == pytest.approx(1.35)
        assert v.liftoff_mass.to_value(u.t) == pytest.approx(27.0)
        assert v.liftoff_thrust.to_value(u.kN) == pytest.approx(441.0)
        assert [st.number for st in v.stages] == [1, 2, 3]
        assert all(st.propellants == "solid" for st in v.stages)
        cap = next(c for c in v.capacities if c.altitude_km == 300)
        assert cap.mass == 300 * u.kg and cap.orbit_class == "LEO"
        future = mi.payloads[0]
        assert future.name == "Future" and "Weilai-1" in future.aliases
        assert future.dimensions.to_value(u.mm).tolist() == pytest.approx([320, 295, 248])
        assert future.design_life.to_value(u.yr) == 2
        assert mi.failed_stage == 3 and mi.outcome is m.Outcome.FAILURE
        anomaly = next(e for e in mi.events if e.kind is m.EventKind.ANOMALY)
        assert anomaly.t_plus == 402 * u.s and not anomaly.nominal  # T+6 min 42 s
        intended = mi.orbits[0]
        assert intended.kind is m.OrbitKind.INTENDED and intended.sun_synchronous
        assert intended.payload is future


def test_launch_times_are_utc_and_astropy_at_the_edge(loaded: Engine) -> None:
    with session(loaded) as s:
        row = next(r for r in list_missions(s) if r.slug == "zq2-y1")
    assert row.launch_time == dt.datetime(2022, 12, 14, 8, 30, 25)  # GCAT 2022-F05
    assert isinstance(row.launch_epoch, Time) and row.launch_epoch.scale == "utc"
    assert row.launch_epoch.isot == "2022-12-14T08:30:25.000"
    assert row.launch_time_precision == "second"


@pytest.mark.parametrize(
    ("table", "column", "bad"),
    [
        (m.Stage, "dry_mass_kg", -1.0),
        (m.Orbit, "eccentricity", 1.0),
        (m.Orbit, "inclination_deg", 181.0),
        (m.Site, "latitude_deg", 91.0),
    ],
)
def test_database_rejects_impossible_values(loaded: Engine, table, column, bad) -> None:
    """The CHECK constraints hold even for writes that bypass the loader."""
    with pytest.raises(IntegrityError), session(loaded) as s:
        row = s.scalars(select(table)).first()
        setattr(row, column, bad)
        s.flush()


def test_orbit_needs_perigee_not_above_apogee(loaded: Engine) -> None:
    with pytest.raises(IntegrityError), session(loaded) as s:
        orbit = s.scalars(select(m.Orbit)).first()
        orbit.perigee_km, orbit.apogee_km = 600.0, 500.0
        s.flush()
