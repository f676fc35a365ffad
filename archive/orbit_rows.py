"""An orbit row as flight reads it, in plain numbers: which record means what (its label,
mission, launch site and epoch, its elements) and its kept summary.

Nothing here imports numpy or astropy: ``launchlog show`` prints each orbit's period and
LTAN from the summary kept on disk (``flight.elements.kept_summary``), and computes it
(``archive.orbits``, astropy) only the first time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flight.elements import OrbitElements, OrbitSummary, epoch_stamp, kept_summary
from flight.errors import OrbitError

from . import model as m
from .utc import LeapSecond

# origins whose figures are as someone wrote them, rounded as written (not osculating or mean)
AS_WRITTEN = {
    m.OrbitOrigin.PUBLISHED: "published",
    m.OrbitOrigin.REGISTERED: "registered",
    m.OrbitOrigin.CATALOGUED: "catalogued",
}


def label_of(row: m.Orbit) -> str:
    owner = row.mission.slug if row.mission else (row.payload.slug if row.payload else "?")
    return f"{owner} orbit '{row.key}'"


def mission_of(row: m.Orbit) -> m.Mission | None:
    """The orbit's own mission, else the first mission that carried its payload."""
    return row.mission or (
        row.payload.mission_links[0].mission if row.payload and row.payload.mission_links else None
    )


def site_of(row: m.Orbit) -> tuple[float, float] | None:
    """Its mission's launch site (geodetic latitude, longitude in deg): where a record with
    no node puts the plane."""
    mission = mission_of(row)
    return (mission.site.latitude_deg, mission.site.longitude_deg) if mission else None


def epoch_of(row: m.Orbit) -> dt.datetime:
    """The orbit's epoch as stored, a UTC datetime (a ``LeapSecond`` inside a leap second):
    its own, else its mission's launch instant."""
    if row.epoch is not None:
        return row.epoch
    mission = mission_of(row)
    if mission is not None and mission.launch_instant is not None:
        return mission.launch_instant
    raise OrbitError(label_of(row), "epoch", "no epoch and no launch time to default to")


def published_precision(value: float | None) -> float | None:
    """Half the last written digit of a published figure: 97.3 -> 0.05."""
    if value is None:
        return None
    text = repr(float(value))
    if "e" in text:
        return None
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10.0**-decimals


def elements_at(row: m.Orbit, epoch: Any) -> OrbitElements:
    """What the row says, at ``epoch`` (an astropy Time; None where a kept summary's key
    names the epoch by its stamp)."""
    return OrbitElements(
        label=label_of(row),
        epoch=epoch,
        a_km=row.semi_major_axis_km,
        ecc=row.eccentricity,
        inc_deg=row.inclination_deg,
        raan_deg=row.raan_deg,
        argp_deg=row.arg_perigee_deg,
        nu_deg=row.true_anomaly_deg,
        perigee_km=row.perigee_km,
        apogee_km=row.apogee_km,
        sun_synchronous=row.sun_synchronous,
        local_time_node=row.local_time_node,
        frame=row.frame,
        elements=row.elements,
        inc_precision_deg=(
            published_precision(row.inclination_deg) if row.origin in AS_WRITTEN else None
        ),
    )


def elements_label(row: m.Orbit, summary: OrbitSummary) -> str:
    """What an orbit's figures are: a published record's are as published (a press release
    does not say osculating or mean), the others' as flight derived them."""
    if row.origin in AS_WRITTEN:
        return f"as {AS_WRITTEN[row.origin]}, {summary.frame} of date"
    return summary.kind


def recorded_summary(row: m.Orbit) -> OrbitSummary:
    """``summarise(as_recorded(row))``, kept between processes under the row's figures, its
    epoch and its site, as ``flight.orbits.summarise_elements`` keeps it: what ``show``
    prints for each orbit."""

    def compute() -> OrbitSummary:
        from flight.orbits import summarise

        from .orbits import as_recorded

        return summarise(as_recorded(row))

    when = epoch_of(row)
    stamp = epoch_stamp(when, leap=isinstance(when, LeapSecond))
    # as_recorded builds the plane southbound through the site, build_orbit's default
    return kept_summary(compute, elements_at(row, None), stamp, site_of(row), southbound=True)
