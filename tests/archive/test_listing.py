"""The list of missions read through SQLAlchemy Core (``archive.listing``): the same rows
as the mapped classes give, columns held to the model, times written as astropy writes them,
and the command's path free of the ORM and of astropy."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from astropy.time import Time
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from archive import list_missions, reading, session
from archive import model as m
from archive.listing import TABLES
from archive.utc import LeapSecond, is_leap_second, iso_utc


def test_every_column_the_list_reads_is_the_models() -> None:
    """The list names columns; ``archive.model`` declares them. A renamed or retyped column
    fails here, not in a user's listing."""
    for light in TABLES:
        declared = m.Base.metadata.tables[light.name]
        for col in light.columns:
            assert col.name in declared.c, f"{light.name}.{col.name} is not in the model"
            assert isinstance(declared.c[col.name].type, type(col.type)), (
                f"{light.name}.{col.name}: {declared.c[col.name].type!r} is not {col.type!r}"
            )


def test_the_list_is_what_the_mapped_records_say(loaded: Engine) -> None:
    with reading(loaded) as conn:
        rows = list_missions(conn)
    with session(loaded) as s:
        assert list_missions(s) == rows  # a Session reads the same list
        missions = s.scalars(select(m.Mission)).all()
        assert sorted(r.slug for r in rows) == sorted(mi.slug for mi in missions)
        for row in rows:
            mi = next(x for x in missions if x.slug == row.slug)
            assert row.launch_time == mi.launch_time
            assert row.launch_epoch == mi.launch_epoch
            assert row.launch_time_precision == mi.launch_time_precision.value
            assert (row.vehicle, row.family) == (mi.vehicle.key, mi.vehicle.family.key)
            assert (row.site, row.pad) == (mi.site.key, mi.pad.key if mi.pad else None)
            assert (row.outcome, row.failed_stage) == (mi.outcome.value, mi.failed_stage)
            assert row.payloads == [p.slug for p in mi.payloads]  # in the record's order
    times = [r.launch_time for r in rows]
    assert times == sorted(times)
    # zq2-y3 carried three payloads, in this order (missions/zhuque-2.yaml)
    y3 = next(r for r in rows if r.slug == "zq2-y3")
    assert y3.payloads == ["tianyi-33", "honghu-1", "honghu-2"]


@pytest.mark.parametrize(
    ("filters", "slugs"),
    [
        ({"operator": "cctv"}, ["zq1-y1"]),
        ({"operator": "china central"}, ["zq1-y1"]),
        ({"family": "ZHUQUE-2", "outcome": "failure"}, ["zq2-y1", "zq2e-y3"]),
        ({"vehicle": "zq-1"}, ["zq1-y1"]),
        ({"year_from": 2023, "year_to": 2023}, ["zq2-y2", "zq2-y3"]),
        ({"site": "nowhere"}, []),
    ],
)
def test_the_filters(loaded: Engine, filters: dict, slugs: list[str]) -> None:
    with reading(loaded) as conn:
        assert [r.slug for r in list_missions(conn, **filters)] == slugs


# the days a leap second ended (IERS, from pyerfa's table): June 30 or December 31
LEAP_DAYS = [
    d
    for year in range(1972, 2017)
    for d in (dt.date(year, 6, 30), dt.date(year, 12, 31))
    if is_leap_second(d)
]


@pytest.mark.filterwarnings("ignore:ERFA function")  # years past pyerfa's leap-second table
@given(st.datetimes(min_value=dt.datetime(1972, 1, 1), max_value=dt.datetime(2099, 12, 31)))
def test_iso_utc_writes_what_astropy_writes(when: dt.datetime) -> None:
    """UTC as defined since 1972 (SI seconds, leap seconds). Half a millisecond exactly is
    where float julian dates cannot say which way to round."""
    assume(when.microsecond % 1000 != 500)
    assert iso_utc(when) == Time(when, scale="utc").isot + "Z"


@given(st.datetimes(min_value=dt.datetime(1957, 1, 1), max_value=dt.datetime(2099, 12, 31)))
def test_iso_utc_writes_the_stored_instant(when: dt.datetime) -> None:
    """Before 1972 UTC stepped by fractions of a second, and ERFA stretches the day before a
    step: astropy writes a stored 1971-12-31 01:00:00 as 00:59:59.996 (found by hypothesis).
    The archive writes what it holds."""
    when = when.replace(microsecond=when.microsecond // 1000 * 1000)
    assert iso_utc(when) == when.isoformat(timespec="milliseconds") + "Z"


@given(st.sampled_from(LEAP_DAYS), st.integers(0, 999_999))
def test_iso_utc_writes_a_leap_second_as_astropy_does(day: dt.date, micro: int) -> None:
    assume(micro % 1000 != 500)
    instant = LeapSecond(day.year, day.month, day.day, 23, 59, 59, micro)
    expected = Time(f"{day.isoformat()} 23:59:{60 + micro / 1e6:09.6f}", scale="utc").isot
    assert iso_utc(instant) == expected + "Z"


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (dt.datetime(2016, 12, 31, 23, 59, 59, 999_600), "2016-12-31T23:59:60.000Z"),
        (LeapSecond(2016, 12, 31, 23, 59, 59, 999_600), "2017-01-01T00:00:00.000Z"),
        (dt.datetime(2018, 12, 31, 23, 59, 59, 999_600), "2019-01-01T00:00:00.000Z"),
        (dt.datetime(2018, 10, 27, 8, 0, 0, 500), "2018-10-27T08:00:00.001Z"),
    ],
)
def test_iso_utc_rounds_into_and_out_of_a_leap_second(when: dt.datetime, text: str) -> None:
    # checked against astropy 6.1: Time('2016-12-31T23:59:59.9996').isot is 23:59:60.000
    assert iso_utc(when) == text


def test_list_missions_needs_neither_the_orm_nor_astropy(loaded: Engine) -> None:
    """What makes ``launchlog list missions`` answer in about a third of a second (piped, as
    here, it does not load rich either)."""
    url = loaded.url.render_as_string(hide_password=False)
    code = (
        "import sys; from launchlog.cli import main\n"
        f"sys.argv = ['launchlog', '--db', {url!r}, 'list', 'missions', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [n for n in ('sqlalchemy.orm', 'archive.model', 'astropy', 'rich')"
        " if n in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"slug": "zq1-y1"' in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
