"""Rows as JSON-ready dicts: a Quantity becomes a float with its unit in the key
(``height_m``), as the database stores it, and a time an ISO string.

astropy is looked for, not imported: a row can hold a Quantity or a ``Time`` only if
astropy is loaded, and ``list missions --json`` needs it not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from typing import Any

from .utc import iso_utc


def as_plain(row: Any) -> dict[str, Any]:
    """JSON-ready dict: Quantities become floats with the unit in the key, times ISO strings
    (UTC instants as astropy writes them, ``2018-10-27T08:00:00.000Z``)."""
    units, time = sys.modules.get("astropy.units"), sys.modules.get("astropy.time")
    out: dict[str, Any] = {}
    for f in dataclasses.fields(row):
        value = getattr(row, f.name)
        if units is not None and isinstance(value, units.Quantity):
            unit = value.unit.to_string().replace(" ", "")
            out[f"{f.name}_{unit}"] = float(value.value)
        elif time is not None and isinstance(value, time.Time):
            out[f.name] = value.utc.isot + "Z"
        elif isinstance(value, dt.datetime):
            out[f.name] = iso_utc(value)
        elif isinstance(value, dt.date):
            out[f.name] = value.isoformat()
        else:
            out[f.name] = value
    return out
