"""What flight keeps between processes: astropy's IERS-B table as arrays (``flight.eop``),
and orbit summaries under exactly their inputs (``flight.kept``). A kept answer must be the
computed one to the bit, and a changed input must never find an old answer."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import platformdirs
import pytest
from astropy import units as u
from astropy.time import Time
from astropy.utils import iers
from hypothesis import given
from hypothesis import strategies as st

from flight import eop, kept
from flight import orbits as fo
from flight.elements import epoch_stamp
from flight.orbits import OrbitElements, OrbitSummary, build_orbit, summarise

JIUQUAN = (40.96, 100.29)  # deg, the site the curated record gives (GCAT sites.tsv, JQ)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder, and nothing remembered in this process."""
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *_a, **_k: str(tmp_path))
    monkeypatch.setattr(kept, "_MEMORY", {})
    return tmp_path


def _never(*_a: object, **_k: object) -> None:
    pytest.fail("computed again where a kept answer was expected")


def test_the_kept_iers_table_is_the_shipped_one(cache: Path, monkeypatch: pytest.MonkeyPatch):
    fresh = iers.IERS_B.read()  # astropy parsing astropy-iers-data's file
    monkeypatch.setattr(iers.IERS_B, "iers_table", None)
    eop.keep_iers_b(iers)  # parsed and kept
    assert len(list((cache / "iers").glob("iers-b-*.npz"))) == 1
    monkeypatch.setattr(iers.IERS_B, "iers_table", None)
    monkeypatch.setattr(iers.IERS_B, "open", classmethod(_never))
    eop.keep_iers_b(iers)  # read back, not parsed
    table = iers.IERS_B.iers_table
    assert isinstance(table, iers.IERS_B) and table.colnames == fresh.colnames
    for name in fresh.colnames:
        assert getattr(table[name], "unit", None) == getattr(fresh[name], "unit", None), name
        np.testing.assert_array_equal(np.asarray(table[name]), np.asarray(fresh[name]))
    when = Time(["1962-01-01", "2018-10-27T08:00:00", "2025-12-03T04:02:00"], scale="utc")
    np.testing.assert_array_equal(table.ut1_utc(when), fresh.ut1_utc(when))
    for a, b in zip(table.pm_xy(when), fresh.pm_xy(when), strict=True):
        np.testing.assert_array_equal(a, b)
    # the file's own line for 2018-10-27 0h UTC (IERS EOP 20 C04, MJD 58418): 0.0241131 s
    midnight = Time("2018-10-27T00:00:00", scale="utc")
    assert table.ut1_utc(midnight).to_value(u.s) == pytest.approx(0.0241131, abs=1e-9)


@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 truncated", b"not a table"])
def test_a_damaged_iers_file_is_parsed_again_and_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    monkeypatch.setattr(iers.IERS_B, "iers_table", None)
    eop.keep_iers_b(iers)
    (path,) = (cache / "iers").glob("*.npz")
    path.write_bytes(damage)
    monkeypatch.setattr(iers.IERS_B, "iers_table", None)
    eop.keep_iers_b(iers)
    assert len(iers.IERS_B.iers_table) > 20_000  # daily values since 1962
    monkeypatch.setattr(iers.IERS_B, "iers_table", None)
    monkeypatch.setattr(iers.IERS_B, "open", classmethod(_never))
    eop.keep_iers_b(iers)  # the rewritten file reads
    assert len(iers.IERS_B.iers_table) > 20_000


def _same(a: OrbitSummary, b: OrbitSummary) -> None:
    assert asdict(a) == asdict(b)  # every float to the bit


# Future's intended orbit as the curated record has it: 500 km, Sun-synchronous, no node
FUTURE = OrbitElements(
    "future-intended",
    Time("2018-10-27T08:00:00", scale="utc"),
    perigee_km=500.0,
    apogee_km=500.0,
    sun_synchronous=True,
)


def test_a_kept_orbit_summary_is_the_computed_one(cache: Path, monkeypatch: pytest.MonkeyPatch):
    computed = summarise(build_orbit(FUTURE, site=JIUQUAN))
    _same(fo.summarise_elements(FUTURE, site=JIUQUAN), computed)
    kept._MEMORY.clear()
    monkeypatch.setattr(fo, "build_orbit", _never)
    from_file = fo.summarise_elements(FUTURE, site=JIUQUAN)
    _same(from_file, computed)
    # the Quantity views read the floats in the units their names give
    assert from_file.period.to_value(u.min) == from_file.period_min
    assert from_file.nodal_regression.to_value(u.deg / u.day) == pytest.approx(0.9856, abs=1e-4)
    assert from_file.perigee_altitude.to_value(u.km) == pytest.approx(500.0, abs=1e-9)


# ERFA calls years past its leap-second table "dubious": the stamps still agree
@pytest.mark.filterwarnings("ignore:ERFA function")
@given(
    st.datetimes(min_value=dt.datetime(1972, 1, 1), max_value=dt.datetime(2100, 12, 31)),
)
def test_an_epoch_stamp_is_the_same_from_a_time_as_from_its_datetime(when: dt.datetime) -> None:
    """``show`` names a kept summary's epoch from the stored datetime, without astropy; flight
    names it from the Time. The same stamp, so both find the same kept answer."""
    assert epoch_stamp(when) == epoch_stamp(Time(when, scale="utc"))


def test_an_epoch_stamp_inside_a_leap_second() -> None:
    held = dt.datetime(2016, 12, 31, 23, 59, 59, 250_000)  # the archive holds 23:59:60.25 so
    assert epoch_stamp(held, leap=True) == "2016-12-31T23:59:60.250000000"
    assert epoch_stamp(Time("2016-12-31T23:59:60.25", scale="utc")) == epoch_stamp(held, True)


@pytest.mark.parametrize(
    "changed",
    [
        {"perigee_km": 501.0},
        {"epoch": Time("2018-10-27T08:00:00.001", scale="utc")},
        {"local_time_node": "10:30"},
    ],
)
def test_a_changed_orbit_is_never_answered_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch, changed: dict
) -> None:
    from dataclasses import replace

    fo.summarise_elements(FUTURE, site=JIUQUAN)
    monkeypatch.setattr(fo, "build_orbit", _never)
    with pytest.raises(pytest.fail.Exception):
        fo.summarise_elements(replace(FUTURE, **changed), site=JIUQUAN)
    with pytest.raises(pytest.fail.Exception):
        fo.summarise_elements(FUTURE, site=(JIUQUAN[0] + 1e-9, JIUQUAN[1]))


def test_answers_kept_by_other_code_are_dropped(cache: Path, monkeypatch: pytest.MonkeyPatch):
    fo.summarise_elements(FUTURE, site=JIUQUAN)
    path = cache / f"{kept.ORBIT_SUMMARIES}.json"
    stored = json.loads(path.read_text())
    assert stored["code"] == kept.code_version() and len(stored["values"]) == 1
    path.write_text(json.dumps({**stored, "code": "older code"}))
    kept._MEMORY.clear()
    monkeypatch.setattr(fo, "build_orbit", _never)
    with pytest.raises(pytest.fail.Exception):
        fo.summarise_elements(FUTURE, site=JIUQUAN)
