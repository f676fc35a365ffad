"""Archive orbits as flight orbits: record -> poliastro Orbit, TLE import, mission reports.

The physics is in ``flight``; this module only knows which record means what: an
orbit's epoch defaults to its mission's launch time, its RAAN to the plane through the
launch site (``flight.orbits.build_orbit`` says so in its assumptions); an element set
is summarised by its SGP4 mean elements and propagated from its SGP4 state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from astropy.time import Time
from sqlalchemy import select
from sqlalchemy.orm import Session

from flight import tle as tle_mod
from flight.constants import MU_EARTH_KM3_S2
from flight.core import M_to_nu, rv_to_elements
from flight.errors import OrbitError
from flight.orbits import (
    SGP4_MEAN,
    BuiltOrbit,
    OrbitElements,
    OrbitSummary,
    SuborbitalError,
    build_orbit,
    summarise,
)
from flight.propagation import DragSpec

from . import model as m
from .queries import NotFound, get_mission


def label_of(row: m.Orbit) -> str:
    owner = row.mission.slug if row.mission else (row.payload.slug if row.payload else "?")
    return f"{owner} orbit '{row.key}'"


def _mission_of(row: m.Orbit) -> m.Mission | None:
    """The orbit's own mission, else the first mission that carried its payload."""
    return row.mission or (
        row.payload.mission_links[0].mission if row.payload and row.payload.mission_links else None
    )


def published_precision(value: float | None) -> float | None:
    """Half the last written digit of a published figure: 97.3 -> 0.05."""
    if value is None:
        return None
    text = repr(float(value))
    if "e" in text:
        return None
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10.0**-decimals


def elements_of(row: m.Orbit) -> OrbitElements:
    mission = _mission_of(row)
    if row.epoch is not None:
        epoch = Time(row.epoch, scale="utc")
    elif mission is not None and mission.launch_time is not None:
        epoch = mission.launch_epoch
    else:
        raise OrbitError(label_of(row), "epoch", "no epoch and no launch time to default to")
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
            published_precision(row.inclination_deg)
            if row.origin == m.OrbitOrigin.PUBLISHED
            else None
        ),
    )


def elements_label(row: m.Orbit, summary: OrbitSummary) -> str:
    """What an orbit's figures are: a published record's are as published (a press release
    does not say osculating or mean), the others' as flight derived them."""
    if row.origin == m.OrbitOrigin.PUBLISHED:
        return f"as published, {summary.frame} of date"
    return summary.kind


def _element_set(row: m.Orbit) -> tle_mod.ElementSet:
    sets = tle_mod.parse(row.element_set or "", label_of(row))
    if len(sets) != 1:
        raise OrbitError(label_of(row), "element_set", "does not hold exactly one element set")
    return sets[0]


def as_recorded(row: m.Orbit) -> BuiltOrbit:
    """The orbit as the row holds it: an element set's SGP4 mean elements, a record's
    published (or defaulted) elements. What summaries report and drag starts from."""
    mission = _mission_of(row)
    site = (mission.site.latitude_deg, mission.site.longitude_deg) if mission else None
    built = build_orbit(elements_of(row), site=site)
    if row.epoch is None:
        built.assumptions.insert(0, "epoch: the mission's launch time")
    return built


def to_orbit(row: m.Orbit) -> BuiltOrbit:
    """The osculating orbit to propagate: for an element set held as SGP4 mean elements,
    SGP4's own state at its epoch (mean elements are not a Keplerian state)."""
    if row.elements != SGP4_MEAN or not row.element_set:
        return as_recorded(row)
    es = _element_set(row)
    r, v = tle_mod.state_teme(es)
    a, e, inc, raan, argp, nu = rv_to_elements(MU_EARTH_KM3_S2, r, v)
    return BuiltOrbit(
        label_of(row),
        es.epoch,
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


@dataclass
class TLEImport:
    attached: list[tuple[str, str]] = field(default_factory=list)  # (payload slug, orbit key)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)  # re-keyed or re-derived
    duplicates: list[str] = field(default_factory=list)  # same object and epoch, other elements
    unmatched: list[str] = field(default_factory=list)


class _Payloads:
    """Every payload's identifiers, read once per import: matching a set is then a lookup,
    not a query (and, for an unmatched name, a load of every payload) per set. Issue 13:
    500 sets matching nothing took 262 s against GCAT's 24,552 payloads."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.norad: dict[int, int] = {}
        self.cospar: dict[str, int] = {}
        self.name: dict[str, int] = {}
        columns = (m.Payload.id, m.Payload.norad_id, m.Payload.cospar_id, m.Payload.name)
        for pid, norad, cospar, name, aliases in session.execute(
            select(*columns, m.Payload.aliases).order_by(m.Payload.id)
        ):
            if norad is not None:
                self.norad.setdefault(norad, pid)
            if cospar:
                self.cospar.setdefault(cospar, pid)
            for n in (name, *(aliases or ())):
                self.name.setdefault(n.lower(), pid)

    def match(self, es: tle_mod.ElementSet) -> m.Payload | None:
        """By NORAD number, then COSPAR id, then name or alias (case-insensitive)."""
        pid = (
            self.norad.get(es.norad_id)
            or (self.cospar.get(es.cospar_id) if es.cospar_id else None)
            or self.name.get(es.name.strip().lower())
        )
        return None if pid is None else self.s.get(m.Payload, pid)


def element_set_key(es: tle_mod.ElementSet) -> str:
    """An element set is one object at one epoch, to the microsecond as written."""
    return f"tle-{es.norad_id}-{tle_mod.epoch_as_written(es).strftime('%Y%m%dT%H%M%S.%f')}"


def import_tle(session: Session, path: Path | str) -> TLEImport:
    """Attach each element set to its payload as an achieved orbit, keeping the set itself.

    Matching: NORAD number, then COSPAR id, then name or alias. The stored elements are
    the set's SGP4 mean elements in TEME (``flight.tle.mean_elements``). A set is
    identified by its object and epoch: the same set again is unchanged; another set
    for the same object and epoch is reported as a duplicate and never overwrites.
    """
    path = Path(path)
    sets = tle_mod.read(path)  # raises TLEError naming file, line and field
    source_key = f"tle-{path.stem}"[:64]
    source = session.scalar(select(m.Source).where(m.Source.key == source_key))
    if source is None:
        source = m.Source(
            key=source_key,
            title=f"Two-line element sets in {path.name}",
            published=max(s.epoch for s in sets).utc.datetime.date(),
            note="Imported with `launchlog import tle`.",
        )
        session.add(source)
        session.flush()
    report = TLEImport()
    payloads = _Payloads(session)
    held: dict[int, dict[str, m.Orbit]] = {}  # payload id -> element set text -> row
    by_key: dict[tuple[int, str], m.Orbit] = {}
    for es in sets:
        payload = payloads.match(es)
        if payload is None:
            report.unmatched.append(f"{es.name} (NORAD {es.norad_id})")
            continue
        if payload.id not in held:
            rows = session.scalars(
                select(m.Orbit).where(
                    m.Orbit.payload_id == payload.id, m.Orbit.element_set.is_not(None)
                )
            ).all()
            held[payload.id] = {_text_key(r.element_set): r for r in rows}
            by_key.update({(payload.id, r.key): r for r in rows})
        key = element_set_key(es)
        text = f"{es.name}\n{es.line1}\n{es.line2}"
        row = held[payload.id].get(_text_key(text))
        if row is None:
            other = by_key.get((payload.id, key))
            if other is not None:
                report.duplicates.append(
                    f"{es.name} (NORAD {es.norad_id}) at {key[-22:]}: "
                    f"{path.name} line {es.source_line} differs from the set held as "
                    f"'{other.key}'; kept the one held"
                )
                continue
        elif row.key == key and row.elements == SGP4_MEAN and row.frame == "TEME":
            report.unchanged.append((payload.slug, key))
            continue
        fresh = row is None
        if row is None:
            row = m.Orbit(key=key, payload_id=payload.id)
        mission = payload.mission_links[0].mission if payload.mission_links else None
        a, e, inc, raan, argp, mean = tle_mod.mean_elements(es)
        row.key = key
        row.kind, row.origin = m.OrbitKind.ACHIEVED, m.OrbitOrigin.ELEMENT_SET
        row.mission_id = mission.id if mission else None
        row.epoch = tle_mod.epoch_as_written(es)
        row.frame, row.elements = "TEME", SGP4_MEAN
        row.semi_major_axis_km, row.eccentricity = a, e
        row.inclination_deg, row.raan_deg = math.degrees(inc), math.degrees(raan)
        row.arg_perigee_deg = math.degrees(argp)
        row.true_anomaly_deg = math.degrees(M_to_nu(mean, e)) % 360
        row.perigee_km = row.apogee_km = None
        row.element_set = text
        row.note = "SGP4 mean elements (TEME, WGS-72 radius) of the element set"
        session.add(row)
        session.flush()
        held[payload.id][_text_key(text)] = row
        by_key[(payload.id, key)] = row
        if not session.scalar(
            select(m.Citation).where(m.Citation.entity == "orbit", m.Citation.entity_id == row.id)
        ):
            session.add(m.Citation(entity="orbit", entity_id=row.id, source_id=source.id))
        (report.attached if fresh else report.updated).append((payload.slug, key))
    session.flush()
    return report


def _text_key(text: str | None) -> str:
    """An element set's identity in its text: the two element lines (not the name)."""
    lines = (text or "").strip().splitlines()
    return "\n".join(line.rstrip() for line in lines[-2:])

