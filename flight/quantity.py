"""Plain numbers with a named unit, read back as astropy Quantities on first use.

The archive's columns (``height_m``) and flight's summaries (``period_min``) hold floats whose
unit is in their name; a ``quantity`` attribute beside each gives the unit-safe view. astropy
is imported when such an attribute is first read, so a caller that reads only the floats (a
terminal view of a record) never pays for astropy's import.
"""

from __future__ import annotations

from typing import Any


class quantity:
    """Read-only view of the plain attribute ``column`` as an astropy Quantity in ``unit``
    (an astropy unit string); None stays None."""

    def __init__(self, column: str, unit: str) -> None:
        self.column, self.unit = column, unit

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = getattr(obj, self.column)
        return None if value is None else value * unit(self.unit)


def unit(name: str) -> Any:
    """The astropy unit ``name``, astropy imported now."""
    from astropy import units as u

    return u.Unit(name)
