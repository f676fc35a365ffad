"""A UTC time from the parts a person wrote, with the precision the last part gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .vocab import TimePrecision

PARTS = ("y", "mo", "d", "h", "mi", "s")  # in TimePrecision's order
SPACE_AGE = (1957, 2100)  # the years a launch (done or planned) or an orbit's epoch may have


def in_space_age(when: dt.datetime) -> dt.datetime:
    """``when``, if its year is one a launch can have; else a ValueError that says so."""
    first, last = SPACE_AGE
    if not first <= when.year <= last:
        raise ValueError(f"year {when.year} is outside the space age ({first} to {last})")
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


class LeapSecond(dt.datetime):
    """A UTC instant inside a leap second (``23:59:60.25``), held as ``23:59:59.25`` with this
    type saying which second it is: Python's datetime (and the database's) has no second 60.
    Stored with ``mission.launch_time_leap``; ``utc_time`` makes it an astropy Time again."""

    @classmethod
    def of(cls, when: dt.datetime) -> LeapSecond:
        """The stored ``23:59:59.x`` of a leap second, as the instant it stands for."""
        return cls(*when.timetuple()[:6], when.microsecond, tzinfo=when.tzinfo)


def instant(value: dt.datetime | None, leap: bool) -> dt.datetime | None:
    """A stored UTC time (``23:59:59.x`` and the leap flag) as the instant it stands for: a
    ``LeapSecond`` inside a leap second."""
    return LeapSecond.of(value) if leap and value is not None else value


def is_leap_second(day: dt.date) -> bool:
    """Whether a leap second ends ``day`` (IERS, from the table pyerfa ships: no network)."""
    import erfa

    after = day + dt.timedelta(days=1)
    return erfa.dat(after.year, after.month, after.day, 0.0) > erfa.dat(
        day.year, day.month, day.day, 0.0
    )


def iso_utc(when: dt.datetime) -> str:
    """``2018-10-27T08:00:00.000Z``, to the millisecond rounded half up, as astropy's
    ``Time.isot`` writes a UTC time (``23:59:60.x`` inside a leap second)."""
    leap = isinstance(when, LeapSecond)
    ms = (when.microsecond + 500) // 1000
    whole = when.replace(microsecond=0, tzinfo=None)
    second = whole.second + (1 if leap else 0)
    if ms == 1000:
        ms, second = 0, second + 1
        if second == 60 and not leap and (whole.hour, whole.minute) == (23, 59):
            leap = is_leap_second(whole.date())  # 23:59:59.9996 rounds into the leap second
        if second == (61 if leap else 60):
            whole, second = whole.replace(second=0) + dt.timedelta(minutes=1), 0
    return f"{whole:%Y-%m-%dT%H:%M}:{second:02d}.{ms:03d}Z"


def utc_time(value: dt.datetime | None, leap: bool = False) -> Any:
    """A stored UTC time as an astropy ``Time`` (``leap``, or a ``LeapSecond``: the second
    is 23:59:60)."""
    if value is None:
        return None
    from astropy.time import Time

    if not (leap or isinstance(value, LeapSecond)):
        return Time(value, scale="utc")
    return Time(value.strftime("%Y-%m-%d %H:%M:") + f"{60 + value.microsecond / 1e6:09.6f}")


def from_parts(text: str, parts: dict[str, str | int | None]) -> tuple[dt.datetime, TimePrecision]:
    """``{"y": "2018", "mo": 10, "d": "27", "h": "08", "mi": "00", "s": None}`` -> minute.

    The year is required; a part left out takes its lowest value, and the precision is that of
    the last part given. ``text`` is what was read, for the error a day 32 gets. Second 60 is
    read where the IERS put a leap second, and nowhere else."""
    sec = float(parts["s"] or 0)
    leap = 60 <= sec < 61
    if leap:
        sec -= 1  # held as 23:59:59.x, typed LeapSecond
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
    if leap:
        if (when.hour, when.minute) != (23, 59) or not is_leap_second(when.date()):
            raise ValueError(f"{text!r} is not a real time: no leap second ends that minute")
        when = LeapSecond.of(when)
    given = max(i for i, name in enumerate(PARTS) if parts[name] is not None)
    return when, list(TimePrecision)[given]
