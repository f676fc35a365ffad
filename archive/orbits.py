"""Archive orbits as flight orbits: record -> poliastro Orbit, TLE import, mission reports.

The physics is in ``flight``; which record means what is in ``archive.orbit_rows``: an
orbit's epoch defaults to its mission's launch time, its RAAN to the plane through the
launch site (``flight.orbits.build_orbit`` says so in its assumptions). Here an element set
is summarised by its SGP4 mean elements and propagated from its SGP4 state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from astropy.time import Time
from sqlalchemy.orm import Session

from flight.constants import MU_EARTH_KM3_S2
from flight.core import rv_to_elements
from flight.elements import SGP4_MEAN, OrbitElements, OrbitSummary
from flight.errors import OrbitError
from flight.orbits import BuiltOrbit, SuborbitalError, build_orbit, summarise

from . import model as m
from .orbit_rows import elements_at, epoch_of, label_of, site_of
from .queries import NotFound, get_mission
from .utc import utc_time

if TYPE_CHECKING:  # imported where used
    from flight.propagation import DragSpec

    from .elements_import import ElementImport


def elements_of(row: m.Orbit) -> OrbitElements:
    """What the row says, at its epoch (``epoch_of``) as an astropy Time."""
    return elements_at(row, utc_time(epoch_of(row)))


def _sgp4_of(row: m.Orbit) -> tuple[Any, Time]:
    """SGP4 set up from the element set a row keeps (a TLE, or an OMM record's JSON), and
    the set's epoch."""
    from sgp4.api import Satrec

    from flight import omm as omm_mod
    from flight import tle as tle_mod

    text = row.element_set or ""
    if text.lstrip().startswith("{"):
        rec = omm_mod.from_text(text, label_of(row))
        return rec.satrec(), Time(rec.epoch, scale="utc")
    sets = tle_mod.parse(text, label_of(row))
    if len(sets) != 1:
        raise OrbitError(label_of(row), "element_set", "does not hold exactly one element set")
    return Satrec.twoline2rv(sets[0].line1, sets[0].line2), sets[0].epoch


def as_recorded(row: m.Orbit) -> BuiltOrbit:
    """The orbit as the row holds it: an element set's SGP4 mean elements, a record's
    published (or defaulted) elements. What summaries report and drag starts from."""
    built = build_orbit(elements_of(row), site=site_of(row))
    if row.epoch is None:
        built.assumptions.insert(0, "epoch: the mission's launch time")
    return built


def to_orbit(row: m.Orbit) -> BuiltOrbit:
    """The osculating orbit to propagate: for an element set held as SGP4 mean elements,
    SGP4's own state at its epoch (mean elements are not a Keplerian state)."""
    if row.elements != SGP4_MEAN or not row.element_set:
        return as_recorded(row)
    sat, epoch = _sgp4_of(row)
    err, r, v = sat.sgp4(epoch.utc.jd1, epoch.utc.jd2)
    if err:
        raise OrbitError(label_of(row), "element_set", f"SGP4 error {err} at its own epoch")
    a, e, inc, raan, argp, nu = rv_to_elements(MU_EARTH_KM3_S2, np.array(r), np.array(v))
    return BuiltOrbit(
        label_of(row),
        epoch,
        a,
        e,
        inc,
        raan,
        argp,
        nu,
        ["osculating: SGP4's state at the element set's epoch (TEME)"],
    )


def drag_spec(row: m.Orbit) -> DragSpec:
    """Cd 2.2 and the tumbling-box mean area from the payload's size and mass, else refuse."""
    payload = row.payload
    if payload is None:
        raise OrbitError(label_of(row), "payload", "the drag model needs a payload (mass, size)")
    missing = [
        name
        for name, value in (
            ("mass", payload.mass_kg),
            ("dimensions", payload.dimensions),
        )
        if value is None
    ]
    if missing:
        raise OrbitError(
            f"payload '{payload.slug}'",
            missing[0],
            f"the drag model needs its mass and dimensions; missing: {', '.join(missing)}",
        )
    from flight.propagation import DragSpec

    return DragSpec.tumbling_box(tuple(payload.dimensions.to_value("m")), payload.mass_kg)


@dataclass
class MissionOrbit:
    row: m.Orbit
    built: BuiltOrbit  # osculating, to propagate
    recorded: BuiltOrbit  # as held: mean elements for an element set
    summary: OrbitSummary  # of ``recorded``: like with like across the archive


def mission_orbits(session: Session, slug: str) -> list[MissionOrbit]:
    """The mission's orbits that can be propagated; a suborbital one (a simulated failure,
    say) is left out here and reported by ``show`` with its impact."""
    mission = get_mission(session, slug)
    out = []
    for row in sorted(mission.orbits, key=lambda o: (o.kind.value != "intended", o.key)):
        if row.origin in (m.OrbitOrigin.REGISTERED, m.OrbitOrigin.CATALOGUED) and None in (
            row.apogee_km,
            row.inclination_deg,
        ):
            continue  # a registration that gives no apogee or no plane: not an orbit to draw
        try:
            recorded = as_recorded(row)
        except SuborbitalError:
            continue
        built = to_orbit(row) if row.elements == SGP4_MEAN else recorded
        out.append(MissionOrbit(row, built, recorded, summarise(recorded)))
    return out


def pick(orbits: list[MissionOrbit], which: str | None) -> MissionOrbit:
    """By key, or 'intended'/'achieved' (the newest achieved), default intended then achieved."""
    if not orbits:
        raise NotFound("this mission has no orbit recorded")
    if which in (None, "intended", "achieved"):
        kinds = [which] if which else ["intended", "achieved"]
        for kind in kinds:
            found = [o for o in orbits if o.row.kind.value == kind]
            if found:
                return (
                    max(found, key=lambda o: o.built.orbit.epoch)
                    if kind == "achieved"
                    else found[0]
                )
        raise NotFound(f"no {which} orbit; keys: {', '.join(o.row.key for o in orbits)}")
    for o in orbits:
        if o.row.key == which:
            return o
    raise NotFound(f"no orbit '{which}'; keys: {', '.join(o.row.key for o in orbits)}")


def import_tle(session: Session, path: Path | str) -> ElementImport:
    """Attach each TLE in ``path`` to its payload as an achieved orbit (``import_elements``
    restricted to TLE files, the name this import has always had)."""
    from .elements_import import import_elements

    return import_elements(session, path, only="tle")
