"""Value parsing in record files: units, times, and properties that must hold for any input."""

from __future__ import annotations

import datetime as dt

import pytest
from astropy import units as u
from hypothesis import given
from hypothesis import strategies as st

from archive.model import TimePrecision
from archive.records import parse_quantity, parse_utc


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("27 t", u.kg, 27_000.0),
        ("441 kN", u.N, 441_000.0),
        ("19 m", u.m, 19.0),
        ("300 km", u.m, 300_000.0),
        ("2 yr", u.yr, 2.0),
        ("0.320 m", u.mm, 320.0),
    ],
)
def test_units_convert(text: str, unit: u.UnitBase, expected: float) -> None:
    assert parse_quantity(text, unit) == pytest.approx(expected)


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@given(
    finite,
    st.sampled_from([("m", u.km, 1e-3), ("km", u.m, 1e3), ("t", u.kg, 1e3), ("kg", u.t, 1e-3)]),
)
def test_quantity_round_trip(value: float, spec: tuple[str, u.UnitBase, float]) -> None:
    unit_text, target, factor = spec
    assert parse_quantity(f"{value!r} {unit_text}", target) == pytest.approx(
        value * factor, rel=1e-12, abs=1e-300
    )


@given(st.text(max_size=40))
def test_any_text_is_a_value_or_a_clear_error(text: str) -> None:
    try:
        value = parse_quantity(text, u.kg)
    except ValueError as exc:
        assert str(exc)
    else:
        assert value == value  # finite number


@given(st.datetimes(min_value=dt.datetime(1957, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_time_round_trip_at_second_precision(when: dt.datetime) -> None:
    when = when.replace(microsecond=0)
    parsed, precision = parse_utc(when.strftime("%Y-%m-%d %H:%M:%S"))
    assert parsed == when and precision is TimePrecision.SECOND


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2018", "year"),
        ("2018-10", "month"),
        ("2018-10-27", "day"),
        ("2018-10-27 08", "hour"),
        ("2018-10-27 08:00", "minute"),
        ("2018-10-27T08:00:00Z", "second"),
    ],
)
def test_time_precision_follows_what_was_written(text: str, precision: str) -> None:
    when, p = parse_utc(text)
    assert when == dt.datetime(2018, 10, 27, 8) if p.value in ("hour", "minute", "second") else True
    assert p.value == precision
