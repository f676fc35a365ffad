"""A UTC time from the parts a person wrote, with the precision the last part gives."""

from __future__ import annotations

import datetime as dt

from .vocab import TimePrecision

PARTS = ("y", "mo", "d", "h", "mi", "s")  # in TimePrecision's order
SPACE_AGE = (1957, 2100)  # the years a launch (done or planned) or an orbit's epoch may have


def in_space_age(when: dt.datetime, what: str = "year") -> dt.datetime:
    """``when``, if its year is one a launch can have; else a ValueError that says so."""
    first, last = SPACE_AGE
    if not first <= when.year <= last:
        raise ValueError(f"{what} {when.year} is outside the space age ({first} to {last})")
    return when
# how a time is written to the precision it was recorded with (records, export, the terminal)
PRECISION_FORMAT = {
    TimePrecision.YEAR: "%Y",
    TimePrecision.MONTH: "%Y-%m",
    TimePrecision.DAY: "%Y-%m-%d",
    TimePrecision.HOUR: "%Y-%m-%d %H",
    TimePrecision.MINUTE: "%Y-%m-%d %H:%M",
    TimePrecision.SECOND: "%Y-%m-%d %H:%M:%S",
}


def from_parts(text: str, parts: dict[str, str | int | None]) -> tuple[dt.datetime, TimePrecision]:
    """``{"y": "2018", "mo": 10, "d": "27", "h": "08", "mi": "00", "s": None}`` -> minute.

    The year is required; a part left out takes its lowest value, and the precision is that of
    the last part given. ``text`` is what was read, for the error a day 32 gets."""
    sec = float(parts["s"] or 0)
    try:
        when = dt.datetime(
            int(parts["y"]),  # type: ignore[arg-type]
            int(parts["mo"] or 1),
            int(parts["d"] or 1),
            int(parts["h"] or 0),
            int(parts["mi"] or 0),
            int(sec),
            round((sec % 1) * 1e6),
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date: {exc}") from None
    given = max(i for i, name in enumerate(PARTS) if parts[name] is not None)
    return when, list(TimePrecision)[given]
