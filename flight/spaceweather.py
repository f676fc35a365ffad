"""Daily solar and geomagnetic indices for the MSIS atmosphere, from CelesTrak's table.

CelesTrak's ``SW-All.csv`` (T. S. Kelso's compilation: NOAA/Penticton F10.7, GFZ Kp/Ap;
format in celestrak.org/SpaceData/SpaceWeather-Format.php) has one row a day of observed
values, then daily (``PRD``) and monthly (``PRM``) predictions. MSIS takes the observed
(not adjusted) F10.7 of the day before, its 81-day centred mean, and the daily Ap.

Nothing is downloaded: the file is read from where the caller says. Where it has no
value (Ap in the monthly predictions; dates before or after it), a stated default is used
and reported, never guessed silently.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import SpaceWeatherError

# Stated defaults, used only where the table has no value, and always reported:
DEFAULT_F107 = 150.0  # sfu, a moderate solar flux (the solar-cycle mean is about 120-150)
DEFAULT_AP = 15.0  # a quiet-to-unsettled day (the long-term mean daily Ap is about 14)
_COLUMNS = ("DATE", "AP_AVG", "F10.7_OBS", "F10.7_DATA_TYPE", "F10.7_OBS_CENTER81")
_MJD_1970 = 40587


@dataclass(frozen=True)
class Indices:
    """Indices for a set of days, and what was assumed for them."""

    f107: np.ndarray  # of the previous day
    f107a: np.ndarray
    ap: np.ndarray
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SpaceWeather:
    """One row a day (MJD ``day``), monthly predictions filled in linearly between months."""

    path: str
    day: np.ndarray
    f107: np.ndarray
    f107a: np.ndarray
    ap: np.ndarray  # NaN where the table predicts no Ap
    last_observed: str

    def at(self, mjd: np.ndarray | float) -> Indices:
        """MSIS's F10.7 (previous day), 81-day F10.7 and daily Ap for UTC dates (MJD)."""
        day = np.floor(np.atleast_1d(np.asarray(mjd, float))).astype(int)
        i = day - self.day[0]
        inside = (i >= 1) & (i < len(self.day))
        j = np.clip(i, 1, len(self.day) - 1)
        f107 = np.where(inside, self.f107[j - 1], DEFAULT_F107)
        f107a = np.where(inside, self.f107a[j], DEFAULT_F107)
        ap = np.where(inside, self.ap[j], DEFAULT_AP)
        no_ap = inside & np.isnan(ap)
        ap = np.where(no_ap, DEFAULT_AP, ap)
        notes = []
        if not inside.all():
            notes.append(
                f"no space weather in {Path(self.path).name} for some dates: "
                f"F10.7 {DEFAULT_F107:g} and Ap {DEFAULT_AP:g} assumed there"
            )
        if no_ap.any():
            notes.append(
                f"Ap is not predicted past {_date(self.day[0] + int(np.argmax(np.isnan(self.ap))))}"
                f": Ap {DEFAULT_AP:g} assumed there"
            )
        return Indices(f107, f107a, ap, tuple(notes))

    def describe(self) -> str:
        return (
            f"space weather {Path(self.path).name}: {_date(self.day[0])} to "
            f"{_date(self.day[-1])}, observed to {self.last_observed}, predicted after"
        )


def _date(mjd: int) -> str:
    return str(np.datetime64(int(mjd) - _MJD_1970, "D"))


def read(path: Path | str) -> SpaceWeather:
    """Read and check the table; every bad value names its line and column."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="ascii")
    except OSError as exc:
        raise SpaceWeatherError(str(path), 0, "file", exc.strerror or str(exc)) from None
    rows: list[tuple[int, float, float, float]] = []
    last_observed = ""
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except (StopIteration, UnicodeDecodeError):
            raise SpaceWeatherError(str(path), 1, "header", "no CSV header") from None
        missing = [c for c in _COLUMNS if c not in header]
        if missing:
            raise SpaceWeatherError(
                str(path), 1, missing[0], "column missing: not CelesTrak's SW-All.csv format"
            )
        col = {c: header.index(c) for c in _COLUMNS}
        try:
            for n, row in enumerate(reader, start=2):
                rows.append(_row(str(path), n, row, col))
                if row[col["F10.7_DATA_TYPE"]] == "OBS":
                    last_observed = row[col["DATE"]]
        except UnicodeDecodeError:
            raise SpaceWeatherError(str(path), len(rows) + 2, "text", "not ASCII") from None
    if not rows:
        raise SpaceWeatherError(str(path), 2, "DATE", "the table has no rows")
    days = np.array([r[0] for r in rows])
    if np.any(np.diff(days) <= 0):
        n = int(np.argmax(np.diff(days) <= 0)) + 3
        raise SpaceWeatherError(str(path), n, "DATE", "dates are not in increasing order")
    full = np.arange(days[0], days[-1] + 1)
    table = np.array([r[1:] for r in rows])
    f107 = np.interp(full, days, table[:, 0])
    f107a = np.interp(full, days, table[:, 1])
    ap = np.full(full.shape, np.nan)
    daily = np.concatenate([[True], np.diff(days) == 1])
    ap[days[daily] - days[0]] = table[daily, 2]
    return SpaceWeather(str(path), full, f107, f107a, ap, last_observed or "never")


def _row(file: str, n: int, row: list[str], col: dict[str, int]) -> tuple[int, float, float, float]:
    def number(name: str, *, optional: bool = False) -> float:
        text = row[col[name]].strip() if col[name] < len(row) else ""
        if not text and optional:
            return math.nan
        try:
            value = float(text)
        except ValueError:
            raise SpaceWeatherError(file, n, name, f"{text!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise SpaceWeatherError(file, n, name, f"{text!r} is not a non-negative number")
        return value

    try:
        day = int(np.datetime64(row[col["DATE"]].strip(), "D").astype(int)) + _MJD_1970
    except (ValueError, IndexError):
        raise SpaceWeatherError(file, n, "DATE", f"{row[:1]!r} is not a date") from None
    kind = row[col["F10.7_DATA_TYPE"]] if col["F10.7_DATA_TYPE"] < len(row) else ""
    ap = number("AP_AVG", optional=kind == "PRM")
    return day, number("F10.7_OBS"), number("F10.7_OBS_CENTER81"), ap
