"""The archive's read API: functions that take a session and return rows with units.

Rows are small dataclasses whose physical fields are astropy Quantities;
``archive.as_plain`` turns any of them into JSON-ready dicts with the unit in each key
(``height_m``), as the database stores them. The list of missions is ``archive.listing``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from . import model as m
from .errors import NotFound
from .listing import org_filter

if TYPE_CHECKING:
    from astropy import units as u


@dataclass(frozen=True)
class VehicleRow:
    key: str
    name: str
    family: str
    variant: str | None
    status: str | None  # None: not recorded (GCAT's vehicles)
    manufacturer: str | None
    height: u.Quantity | None
    diameter: u.Quantity | None
    liftoff_mass: u.Quantity | None
    liftoff_thrust: u.Quantity | None
    stages: int
    first_flight: dt.date | None
    launches: int


@dataclass(frozen=True)
class PayloadRow:
    slug: str
    name: str
    aliases: list[str]
    operator: str | None
    builder: str | None
    mass: u.Quantity | None
    norad_id: int | None
    cospar_id: str | None
    missions: list[str]


@dataclass(frozen=True)
class SiteRow:
    key: str
    name: str
    country: str | None
    latitude: u.Quantity
    longitude: u.Quantity
    altitude: u.Quantity
    pads: list[str]
    launches: int


def list_vehicles(
    session: Session,
    *,
    family: str | None = None,
    status: m.VehicleStatus | str | None = None,
    manufacturer: str | None = None,
) -> list[VehicleRow]:
    launches = dict(
        session.execute(
            select(m.Mission.vehicle_id, func.count()).group_by(m.Mission.vehicle_id)
        ).all()
    )
    q = (
        select(m.Vehicle)
        .join(m.Vehicle.family)
        .options(selectinload(m.Vehicle.stages), selectinload(m.Vehicle.manufacturer))
        .order_by(m.VehicleFamily.key, m.Vehicle.key)
    )
    if family:
        q = q.where(func.lower(m.VehicleFamily.key) == family.lower())
    if status:
        q = q.where(m.Vehicle.status == m.VehicleStatus(status))
    if manufacturer:
        q = q.join(m.Organisation, m.Organisation.id == m.Vehicle.manufacturer_id).where(
            org_filter(m.Organisation.key, m.Organisation.name, manufacturer)
        )
    from astropy import units as u  # here: ``show`` reads no Quantity

    return [
        VehicleRow(
            key=v.key,
            name=v.name,
            family=v.family.key,
            variant=v.variant,
            status=v.status.value if v.status else None,
            manufacturer=v.manufacturer.key if v.manufacturer else None,
            height=v.height,
            diameter=v.diameter,
            liftoff_mass=v.liftoff_mass.to(u.t) if v.liftoff_mass is not None else None,
            liftoff_thrust=v.liftoff_thrust.to(u.kN) if v.liftoff_thrust is not None else None,
            stages=len(v.stages),
            first_flight=v.first_flight,
            launches=launches.get(v.id, 0),
        )
        for v in session.scalars(q)
    ]


def list_payloads(
    session: Session,
    *,
    operator: str | None = None,
    vehicle: str | None = None,
    mission: str | None = None,
) -> list[PayloadRow]:
    q = (
        select(m.Payload)
        .options(
            selectinload(m.Payload.mission_links).selectinload(m.MissionPayload.mission),
            selectinload(m.Payload.operator),
            selectinload(m.Payload.builder),
        )
        .order_by(m.Payload.slug)
    )
    if operator:
        q = q.join(m.Organisation, m.Organisation.id == m.Payload.operator_id).where(
            org_filter(m.Organisation.key, m.Organisation.name, operator)
        )
    if vehicle or mission:
        sub = select(m.MissionPayload.payload_id).join(
            m.Mission, m.Mission.id == m.MissionPayload.mission_id
        )
        if vehicle:
            sub = sub.join(m.Vehicle, m.Vehicle.id == m.Mission.vehicle_id).where(
                func.lower(m.Vehicle.key) == vehicle.lower()
            )
        if mission:
            sub = sub.where(m.Mission.slug == mission)
        q = q.where(m.Payload.id.in_(sub))
    return [
        PayloadRow(
            slug=p.slug,
            name=p.name,
            aliases=list(p.aliases),
            operator=p.operator.key if p.operator else None,
            builder=p.builder.key if p.builder else None,
            mass=p.mass,
            norad_id=p.norad_id,
            cospar_id=p.cospar_id,
            missions=[link.mission.slug for link in p.mission_links],
        )
        for p in session.scalars(q)
    ]


def list_sites(session: Session, *, country: str | None = None) -> list[SiteRow]:
    launches = dict(
        session.execute(select(m.Mission.site_id, func.count()).group_by(m.Mission.site_id)).all()
    )
    q = select(m.Site).options(selectinload(m.Site.pads)).order_by(m.Site.key)
    if country:
        q = q.where(func.upper(m.Site.country) == country.upper())
    return [
        SiteRow(
            key=s.key,
            name=s.name,
            country=s.country,
            latitude=s.latitude,
            longitude=s.longitude,
            altitude=s.altitude,
            pads=[p.key for p in s.pads],
            launches=launches.get(s.id, 0),
        )
        for s in session.scalars(q)
    ]


def get_mission(session: Session, slug: str) -> m.Mission:
    """The whole mission graph (vehicle, stages, engines, events, payloads, orbits); ``slug``
    may be any name a person types (``archive.names``)."""
    mission = _mission_graph(session, slug)
    if mission is None:
        from .names import mission_slug

        mission = _mission_graph(session, mission_slug(session, slug))
    if mission is None:
        raise NotFound(f"no mission '{slug}'")
    return mission


def _mission_graph(session: Session, slug: str) -> m.Mission | None:
    q = (
        select(m.Mission)
        .where(m.Mission.slug == slug)
        .options(
            selectinload(m.Mission.vehicle)
            .selectinload(m.Vehicle.stages)
            .selectinload(m.Stage.engines)
            .selectinload(m.StageEngine.engine),
            selectinload(m.Mission.vehicle).selectinload(m.Vehicle.capacities),
            selectinload(m.Mission.events),
            selectinload(m.Mission.payload_links).selectinload(m.MissionPayload.payload),
            selectinload(m.Mission.orbits),
            selectinload(m.Mission.landings).selectinload(m.Landing.zone),
            selectinload(m.Mission.site).selectinload(m.Site.pads),
        )
    )
    return session.scalar(q)


def _suggest(session: Session, what: str, key: str, column: Any) -> str:
    """``no vehicle 'zq2'; did you mean zq-2?``"""
    everything = list(session.scalars(select(column)))
    close = difflib.get_close_matches(key, everything, n=3) or difflib.get_close_matches(
        key.lower(), everything, n=3
    )
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"no {what} '{key}'{hint}"


@dataclass(frozen=True)
class CitedSource:
    source: m.Source
    supports: list[str]


@dataclass(frozen=True)
class Estimate:
    what: str
    how: str


def record_rows(mission: m.Mission) -> list[tuple[Any, str]]:
    """The rows a mission's record is made of, each with its label: the mission, its
    vehicle and site, the stages, capacities and engines, the events, payloads and orbits,
    the landings and their zones (what sources are cited for)."""
    vehicle = mission.vehicle
    rows: list[tuple[Any, str]] = [
        (mission, f"mission {mission.slug}"),
        (vehicle, f"vehicle {vehicle.key}"),
        (mission.site, f"site {mission.site.key}"),
    ]
    rows += [(s, f"{vehicle.key} stage {s.number}") for s in vehicle.stages]
    rows += [(c, f"{vehicle.key} capacity {c.orbit_class}") for c in vehicle.capacities]
    engines = {se.engine for s in vehicle.stages for se in s.engines}
    rows += [(e, f"engine {e.key}") for e in sorted(engines, key=lambda e: e.key)]
    rows += [
        (e, f"event {e.kind.value}" + (f" (stage {e.stage})" if e.stage else ""))
        for e in mission.events
    ]
    rows += [(p, f"payload {p.slug}") for p in mission.payloads]
    rows += [(o, f"{o.kind.value} orbit {o.key}") for o in mission.orbits]
    rows += [(x, f"stage {x.stage} landing") for x in mission.landings]
    zones = {x.zone.id: x.zone for x in mission.landings}
    rows += [(z, f"landing zone {z.key}") for z in zones.values()]
    return rows


def entity_of(row: Any) -> tuple[str, int]:
    """How a citation names a row: its table and id."""
    return row.__table__.name, row.id


def citations_of(session: Session, rows: list[Any]) -> list[m.Citation]:
    """Every citation of any of ``rows``, with its source, in the order they were made."""
    conds = [
        (m.Citation.entity == t) & (m.Citation.entity_id == i) for t, i in map(entity_of, rows)
    ]
    return list(
        session.scalars(
            select(m.Citation)
            .where(or_(*conds))
            .options(selectinload(m.Citation.source))
            .order_by(m.Citation.id)
        ).all()
    )


def mission_provenance(
    session: Session, mission: m.Mission
) -> tuple[list[CitedSource], list[Estimate], list[Estimate]]:
    """Every source behind a mission's record (and its vehicle, payloads, orbits), every
    estimate with how it was made, and every note on a sourced figure (disagreements)."""
    rows = record_rows(mission)
    labels = {entity_of(row): label for row, label in rows}
    cites = citations_of(session, [row for row, _ in rows])
    by_source: dict[int, CitedSource] = {}
    estimates: list[Estimate] = []
    notes: list[Estimate] = []
    for c in sorted(cites, key=lambda c: list(labels).index((c.entity, c.entity_id))):
        label = labels[(c.entity, c.entity_id)] + (f".{c.field}" if c.field else "")
        if c.source is not None:
            entry = by_source.setdefault(c.source.id, CitedSource(c.source, []))
            if label not in entry.supports:
                entry.supports.append(label)
        if c.is_estimate and c.note and Estimate(label, c.note) not in estimates:
            estimates.append(Estimate(label, c.note))
        elif not c.is_estimate and c.note and Estimate(label, c.note) not in notes:
            notes.append(Estimate(label, c.note))
    return list(by_source.values()), estimates, notes


def estimated_fields(session: Session, entity: str, entity_id: int) -> set[str]:
    """Which fields of one row are estimates (to mark them where they are shown)."""
    q = select(m.Citation.field).where(
        m.Citation.entity == entity, m.Citation.entity_id == entity_id, m.Citation.is_estimate
    )
    return {f for f in session.scalars(q) if f}
