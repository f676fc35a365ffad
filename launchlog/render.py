"""Terminal output: rich tables on a terminal, plain tab-separated text when piped.

rich is imported only for a terminal (``launchlog.terminal``): a list piped into another
program is written without it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from archive.utc import PRECISION_FORMAT, LeapSecond

if TYPE_CHECKING:
    from rich.console import Console

# What a record must not send to a terminal: C0 and C1 control characters (escape sequences,
# carriage returns), DEL, and Unicode's line separators and bidirectional overrides. Tabs and
# newlines stay (a table cell may wrap); the TSV path turns them into spaces.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` from the archive as a terminal shows it: control characters made visible
    (``\\x1b``), so that no record can move the cursor, recolour or retitle a terminal."""
    return _UNPRINTABLE.sub(
        lambda c: (
            f"\\x{ord(c.group()):02x}" if ord(c.group()) < 0x100 else f"\\u{ord(c.group()):04x}"
        ),
        text,
    )


def console(stderr: bool = False) -> Console:
    """Rich on a terminal; when piped, no colour and a wide page so cells are not wrapped."""
    from .terminal import SafeConsole

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return SafeConsole(highlight=False, markup=False, stderr=stderr)
    return SafeConsole(highlight=False, markup=False, stderr=stderr, width=220, no_color=True)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def fmt(value: Any, digits: int = 4) -> str:
    """One cell: Quantities with their unit, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.{digits}g}"
    if "astropy" in sys.modules:  # only then can a value be a Quantity or a Time
        from astropy import units as u
        from astropy.time import Time

        if isinstance(value, u.Quantity):
            return fmt_measure(float(value.value), value.unit.to_string(), digits)
        if isinstance(value, Time):
            return value.utc.strftime("%Y-%m-%d %H:%M:%S")
    return printable(str(value))


def fmt_measure(value: float, unit: str, digits: int = 4) -> str:
    """A number and its unit (``441 kN``): ``digits`` significant figures, whole below a
    million."""
    text = f"{value:,.{digits}g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return f"{text} {unit}"


def fmt_time(when: Any, precision: str) -> str:
    """An astropy ``Time``, or a UTC ``datetime`` (``LeapSecond`` in a leap second), to the
    precision it was recorded with."""
    if when is None:
        return ""
    pattern = PRECISION_FORMAT[precision]
    if isinstance(when, LeapSecond):
        text = when.strftime(pattern.replace("%S", "60"))
    elif isinstance(when, dt.datetime):
        text = when.strftime(pattern)
    else:
        text = when.utc.strftime(pattern)
    return text + (" UTC" if precision not in ("year", "month", "day") else "")


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    """A table on a terminal, tab-separated lines (with a header line) when piped."""
    rows = [[fmt(c) for c in r] for r in rows]
    if not is_terminal():
        out = sys.stdout
        out.write("\t".join(headers) + "\n")
        for r in rows:
            out.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) + "\n")
        return
    from rich import box
    from rich.table import Table

    t = Table(title=title, box=box.SIMPLE_HEAVY, header_style="bold")
    for h in headers:
        t.add_column(h)
    for r in rows:
        t.add_row(*r)
    console().print(t)


def print_json(data: Any) -> None:
    """JSON with names in their own script; JSON escapes C0 controls, and C1 controls and
    bidirectional overrides (legal in JSON strings, not in a terminal) are escaped here."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_UNPRINTABLE.sub(lambda c: f"\\u{ord(c.group()):04x}", text) + "\n")
