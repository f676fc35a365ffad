"""What a record says about an orbit (``OrbitElements``) and what flight says back
(``OrbitSummary``): plain numbers, importable without numpy or astropy.

A summary holds floats whose unit is in their name (``period_min``), with a Quantity view of
each (``period``). ``flight.orbits`` computes summaries; a summary kept on disk
(``kept_summary``) is read back here, so ``launchlog show`` prints an orbit's period and
LTAN without importing astropy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING

from .quantity import quantity

if TYPE_CHECKING:
    from astropy.time import Time

# what an orbit's elements are: osculating (a Keplerian state), or an element set's own
# SGP4 mean elements (Brouwer/Kozai, TEME, WGS-72), which only mean something to SGP4
OSCULATING, SGP4_MEAN = "osculating", "sgp4-mean"
ELEMENT_KINDS = {OSCULATING: "osculating", SGP4_MEAN: "SGP4 mean"}  # stored value -> label
EARTH_FRAME = "TEME"  # the frame of date every Earth-relative figure is reported in
# |J2 nodal rate - 0.9856 deg/day| below this counts as Sun-synchronous: the local time of
# the node then drifts less than 15 min a year.
SSO_TOLERANCE_DEG_DAY = 0.01


@dataclass(frozen=True)
class OrbitElements:
    """What a record says about an orbit: km and degrees, any element possibly unknown."""

    label: str
    epoch: Time
    a_km: float | None = None
    ecc: float | None = None
    inc_deg: float | None = None
    raan_deg: float | None = None
    argp_deg: float | None = None
    nu_deg: float | None = None
    perigee_km: float | None = None
    apogee_km: float | None = None
    sun_synchronous: bool = False
    local_time_node: str | None = None  # "HH:MM", local mean solar time of the ascending node
    frame: str = EARTH_FRAME  # the frame the angles are given in (published figures: of date)
    elements: str = OSCULATING
    inc_precision_deg: float | None = None  # a rounded published figure: half its last digit


@dataclass(frozen=True)
class SsoCheck:
    """How near an orbit is to Sun-synchronism, by its J2 secular nodal rate.

    ``offset`` is the nodal rate minus the mean Sun's 0.9856 deg/day: the node gains
    on the Sun by that much a day, and the local time of the node moves 4 min per degree.
    """

    rate_deg_day: float
    offset_deg_day: float
    exact_inclination_deg: float | None  # None where no inclination is Sun-synchronous
    inclination_deg: float
    inclination_precision_deg: float | None
    tolerance_deg_day: float = SSO_TOLERANCE_DEG_DAY

    @property
    def ltan_drift_min_per_year(self) -> float:
        return self.offset_deg_day * 365.25 * 4.0

    @property
    def within_precision(self) -> bool:
        """A rounded published inclination (97.3) that could be the exact one."""
        p, exact = self.inclination_precision_deg, self.exact_inclination_deg
        return p is not None and exact is not None and abs(self.inclination_deg - exact) <= p

    @property
    def sun_synchronous(self) -> bool:
        return abs(self.offset_deg_day) < self.tolerance_deg_day or self.within_precision

    def describe(self) -> str:
        exact = (
            f"exact at i = {self.exact_inclination_deg:.3f} deg"
            if self.exact_inclination_deg is not None
            else "no inclination is Sun-synchronous at this size"
        )
        verdict = "yes" if self.sun_synchronous else "no"
        if self.within_precision and abs(self.offset_deg_day) >= self.tolerance_deg_day:
            verdict += (
                f" (within the published inclination's precision, "
                f"+/-{self.inclination_precision_deg:g} deg)"
            )
        return (
            f"{verdict}: nodal rate {self.offset_deg_day:+.4f} deg/day from the Sun's "
            f"(tolerance {self.tolerance_deg_day:g}), LTAN drifts "
            f"{self.ltan_drift_min_per_year:+.1f} min/year; {exact}"
        )


@dataclass(frozen=True)
class OrbitSummary:
    """Period, altitudes, J2 nodal rate, SSO check and LTAN (``flight.orbits.summarise``),
    Earth-relative in ``frame`` of date. Each ``_km``/``_deg``/... float has a Quantity view
    under the name without its unit (``perigee_altitude``)."""

    semi_major_axis_km: float
    eccentricity: float
    inclination_deg: float
    raan_deg: float
    period_min: float
    perigee_altitude_km: float
    apogee_altitude_km: float
    nodal_regression_deg_day: float  # J2 secular
    sso: SsoCheck
    ltan: str  # local mean solar time of the ascending node, HH:MM
    ltan_hours: float
    frame: str = EARTH_FRAME  # inclination, node and LTAN are about this frame's equator
    elements: str = OSCULATING  # a key of ELEMENT_KINDS

    semi_major_axis = quantity("semi_major_axis_km", "km")
    inclination = quantity("inclination_deg", "deg")
    raan = quantity("raan_deg", "deg")
    period = quantity("period_min", "min")
    perigee_altitude = quantity("perigee_altitude_km", "km")
    apogee_altitude = quantity("apogee_altitude_km", "km")
    nodal_regression = quantity("nodal_regression_deg_day", "deg / d")

    @property
    def sun_synchronous(self) -> bool:
        return self.sso.sun_synchronous

    @property
    def kind(self) -> str:
        """What the figures are, for a label: 'SGP4 mean, TEME of date'."""
        return f"{ELEMENT_KINDS[self.elements]}, {self.frame} of date"


def epoch_stamp(epoch: Time | dt.datetime, leap: bool = False) -> str:
    """An epoch as UTC ISO text to the nanosecond, the same from an astropy ``Time`` as from
    the ``datetime`` it was made of (``leap``: the datetime's 23:59:59.x stands for the leap
    second 23:59:60.x): how a kept summary names its epoch without importing astropy."""
    if isinstance(epoch, dt.datetime):
        second = epoch.second + (1 if leap else 0)
        return f"{epoch:%Y-%m-%dT%H:%M}:{second:02d}.{epoch.microsecond:06d}000"
    utc = epoch.utc.copy()
    utc.precision = 9
    return str(utc.isot)


def _is_kept(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {f.name for f in fields(OrbitSummary)}
        and isinstance(value["sso"], dict)
        and set(value["sso"]) == {f.name for f in fields(SsoCheck)}
    )


def kept_summary(
    compute: Callable[[], OrbitSummary],
    elements: OrbitElements,
    stamp: str,
    site: tuple[float, float] | None,
    southbound: bool,
) -> OrbitSummary:
    """``compute()``, the summary of ``elements`` at the epoch ``stamp`` (``epoch_stamp``)
    built with ``site`` and ``southbound``, kept between processes (``flight.kept``) under
    exactly these inputs and flight's code. The node and the LTAN need astropy's frames and
    the Sun's place; a kept summary needs neither. Floats round-trip exactly through JSON,
    so a kept summary is the computed one to the bit."""
    from .kept import ORBIT_SUMMARIES, cached

    parts = (repr(replace(elements, epoch=None)), stamp, site, southbound)
    kept = cached(lambda: asdict(compute()), _is_kept, *parts, store=ORBIT_SUMMARIES)
    assert isinstance(kept, dict)
    return OrbitSummary(**{**kept, "sso": SsoCheck(**kept["sso"])})
