"""Terminal output: rich tables on a terminal, plain tab-separated text when piped."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from archive.utc import PRECISION_FORMAT


def console() -> Console:
    """Rich on a terminal; when piped, no colour and a wide page so cells are not wrapped."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, width=220, no_color=True)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def fmt(value: Any, digits: int = 4) -> str:
    """One cell: Quantities with their unit, None as an empty cell."""
    from astropy import units as u  # here, not at import: `view` starts without astropy
    from astropy.time import Time

    if value is None:
        return ""
    if isinstance(value, u.Quantity):
        v = float(value.value)
        text = f"{v:,.{digits}g}" if abs(v) < 1e6 else f"{v:,.0f}"
        return f"{text} {value.unit.to_string()}"
    if isinstance(value, Time):
        return value.utc.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.{digits}g}"
    return str(value)


def fmt_time(when: Any, precision: str) -> str:
    """An astropy ``Time`` to the precision it was recorded with."""
    if when is None:
        return ""
    return when.utc.strftime(PRECISION_FORMAT[precision]) + (
        " UTC" if precision not in ("year", "month", "day") else ""
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    """A table on a terminal, tab-separated lines (with a header line) when piped."""
    rows = [[fmt(c) for c in r] for r in rows]
    if not is_terminal():
        out = sys.stdout
        out.write("\t".join(headers) + "\n")
        for r in rows:
            out.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) + "\n")
        return
    t = Table(title=title, box=box.SIMPLE_HEAVY, header_style="bold")
    for h in headers:
        t.add_column(h)
    for r in rows:
        t.add_row(*r)
    console().print(t)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
