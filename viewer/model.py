"""What the 3D scene shows, computed before any drawing: no vpython here.

Everything is in the mission's scene frame: the Earth-fixed (ITRS) axes frozen at
t = 0 (lift-off, or the orbit's epoch for a mission the ascent cannot fly), in
km. The Earth turns in it by the sidereal rate; poliastro's GCRS orbits are
brought into it with astropy's ITRS -> GCRS rotation at t = 0 (offline IERS),
so at lift-off the pad sits where the Earth texture has Jiuquan, and the Sun
lights the side it lit at that instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from astropy import units as u
from astropy.time import Time, TimeDelta
from sqlalchemy import String, and_, cast, exists, or_, select
from sqlalchemy.orm import Session

from archive import model as m
from archive.queries import get_mission
from flight.constants import MU_EARTH_KM3_S2, OMEGA_EARTH_RAD_S, R_EARTH_KM
from flight.core import kepler_states, nu_to_M, period_s
from flight.errors import OrbitError
from flight.geodesy import earth_fixed, ecef_from_geodetic

from . import panel

# The ascent and the orbit machinery (scipy, poliastro, astropy frames) are imported inside
# build_scene: the viewer shows the globe first and computes the mission while the page loads.

MAX_POINTS = 150  # per curve: curve segments are what software WebGL pays for most
TRACK_LIFT_KM = 7.0  # the ground track drawn this far above the surface, clear of the globe


@dataclass
class Path:
    t_s: np.ndarray
    r_km: np.ndarray  # (n, 3) scene frame


@dataclass
class SceneEvent:
    t_s: float
    name: str
    stage: int
    description: str
    nominal: bool
    r_km: np.ndarray  # where the vehicle was (scene frame): the event's label points there


@dataclass
class ReturnScene:
    """A stage flying back: its path, its burns and landing as labelled events, the zone."""

    name: str
    stage: int
    path: Path
    events: list[SceneEvent]
    zone_ecef_km: np.ndarray
    zone_name: str
    outcome: str  # "landed" or "crashed"


@dataclass
class Scene:
    slug: str
    title: str
    epoch: Time
    t_end_s: float
    site_ecef_km: np.ndarray
    sun_dir: np.ndarray  # unit vector, scene frame, at t = 0
    vehicle: Path | None = None
    readouts: dict[str, np.ndarray] = field(default_factory=dict)  # per vehicle sample
    stage_of: np.ndarray | None = None
    events: list[SceneEvent] = field(default_factory=list)
    ground_track_ecef_km: np.ndarray | None = None
    impact_ecef_km: np.ndarray | None = None
    debris: list[tuple[str, int, Path]] = field(default_factory=list)
    returns: list[ReturnScene] = field(default_factory=list)
    orbits: list[tuple[str, str, np.ndarray]] = field(default_factory=list)  # kind, label, ring
    payload: Path | None = None  # after separation, along the achieved orbit
    stage_sizes_km: list[tuple[int, float, float]] = field(default_factory=list)
    outcome: str = ""
    notes: list[str] = field(default_factory=list)
    panel: dict[str, Any] = field(default_factory=dict)  # the record beside it (viewer.panel)

    def earth_angle(self, t_s: float) -> float:
        """The Earth's rotation since t = 0 (rad, about the scene's z axis)."""
        return OMEGA_EARTH_RAD_S * t_s

    def utc(self, t_s: float) -> str:
        return (self.epoch + TimeDelta(t_s, format="sec")).utc.iso[:19] + " UTC"


def decimate(n: int, keep: int = MAX_POINTS) -> np.ndarray:
    return np.unique(np.linspace(0, n - 1, min(n, keep)).round().astype(int))


def _sun_direction(epoch: Time, to_scene: np.ndarray) -> np.ndarray:
    from astropy.coordinates import GCRS, get_sun

    from flight.runtime import configure

    configure()  # offline IERS before the frame transformation

    sun = get_sun(epoch).transform_to(GCRS(obstime=epoch)).cartesian.xyz.to_value(u.km)
    d = to_scene @ sun
    return d / np.linalg.norm(d)


def _positions(orbit, to_scene: np.ndarray, t_s: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Kepler positions (scene frame, km) at ``t_s`` seconds after the orbit's epoch."""
    a, e = orbit.a.to_value(u.km), float(orbit.ecc.value)
    states = kepler_states(
        MU_EARTH_KM3_S2,
        a,
        e,
        orbit.inc.to_value(u.rad),
        orbit.raan.to_value(u.rad),
        orbit.argp.to_value(u.rad),
        nu_to_M(orbit.nu.to_value(u.rad), e),
        t_s,
    )
    return states[:, :3] @ to_scene.T


def _ring(orbit, to_scene: np.ndarray, n: int = 120) -> np.ndarray:  # type: ignore[no-untyped-def]
    """One revolution of a poliastro orbit, scene frame, km."""
    return _positions(orbit, to_scene, np.linspace(0.0, period_s(orbit.a.to_value(u.km)), n))


def _orbit_path(orbit, to_scene: np.ndarray, t_from: float, t_to: float, epoch: Time) -> Path:  # type: ignore[no-untyped-def]
    """A body moving along ``orbit`` between scene times (s), every 10 s."""
    ts = np.arange(t_from, t_to + 10.0, 10.0)
    return Path(ts, _positions(orbit, to_scene, ts - (orbit.epoch - epoch).to_value(u.s)))


def _viewable() -> Any:
    """A mission the viewer can show: one with a recorded orbit (GCAT's registered orbits
    give thousands), or whose vehicle has stage data to fly."""
    has_orbit = exists().where(m.Orbit.mission_id == m.Mission.id)
    return or_(has_orbit, _flyable())


def _flyable() -> Any:
    return exists().where(m.Stage.vehicle_id == m.Mission.vehicle_id)


def can_show(session: Session, slug: str) -> bool:
    return (
        session.scalar(select(m.Mission.id).where(m.Mission.slug == slug, _viewable())) is not None
    )


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def missions(session: Session, query: str = "", limit: int = 40) -> list[tuple[str, str]]:
    """Missions the viewer can show whose slug, name, vehicle, launch year or payloads
    (names and aliases) match every word of ``query`` (case-insensitive), the flights it can
    fly first, then by launch time; at most ``limit``."""
    stmt = select(m.Mission.slug, m.Mission.name).join(m.Vehicle).where(_viewable())
    for word in query.split():
        like = _like(word)
        payload = (
            exists()
            .where(m.MissionPayload.mission_id == m.Mission.id)
            .where(m.Payload.id == m.MissionPayload.payload_id)
            .where(
                or_(
                    m.Payload.name.ilike(like, escape="\\"),
                    cast(m.Payload.aliases, String).ilike(like, escape="\\"),
                )
            )
        )
        terms = [
            m.Mission.slug.ilike(like, escape="\\"),
            m.Mission.name.ilike(like, escape="\\"),
            m.Vehicle.name.ilike(like, escape="\\"),
            payload,
        ]
        if word.isdigit() and len(word) == 4:
            year = int(word)
            terms.append(
                and_(
                    m.Mission.launch_time >= dt.datetime(year, 1, 1),
                    m.Mission.launch_time < dt.datetime(year + 1, 1, 1),
                )
            )
        stmt = stmt.where(or_(*terms))
    rows = session.execute(
        stmt.order_by(_flyable().desc(), m.Mission.launch_time, m.Mission.slug).limit(limit)
    )
    return [(slug, name) for slug, name in rows]


def build_scene(session: Session, slug: str) -> Scene:
    """The ascent if the archive can fly it, else the mission's orbits alone."""
    from archive.ascent import fly_mission
    from archive.orbits import mission_orbits
    from flight.errors import MissingStageData

    mission = get_mission(session, slug)
    try:
        run = fly_mission(session, slug)
    except (OrbitError, MissingStageData) as exc:
        return _orbit_scene(session, mission, f"no ascent: {exc}")
    traj = run.trajectory
    epoch = traj.epoch or mission.launch_epoch
    to_gcrs = traj.gcrs_rotation
    to_scene = to_gcrs.T
    idx = decimate(len(traj.t_s), 600)  # vehicle samples (the drawn curves use fewer)
    r_km = traj.r_m / 1000.0
    lat, lon, h = traj.geodetic
    sc = Scene(
        slug=slug,
        title=f"{mission.name} ({mission.vehicle.name}, {mission.site.name})",
        epoch=epoch,
        t_end_s=float(traj.t_s[-1]),
        site_ecef_km=ecef_from_geodetic(traj.site_lat_deg, traj.site_lon_deg, 0.0) / 1000.0,
        sun_dir=_sun_direction(epoch, to_scene),
        vehicle=Path(traj.t_s[idx], r_km[idx]),
        stage_of=traj.stage[idx],
        outcome=traj.outcome,
        notes=list(run.target.notes),
    )
    sc.readouts = {
        "altitude_km": h[idx],
        "speed_m_s": traj.speed_m_s[idx],
        "downrange_km": traj.downrange_km[idx],
        "mass_kg": traj.mass_kg[idx],
        "latitude_deg": lat[idx],
        "longitude_deg": lon[idx],
    }
    sc.events = [
        SceneEvent(e.t_s, e.name, e.stage, e.description, e.nominal, sample(sc.vehicle, e.t_s)[0])
        for e in traj.events
    ]
    gt = decimate(len(traj.t_s))
    sc.ground_track_ecef_km = (
        earth_fixed(traj.t_s[gt], traj.r_m[gt])
        / np.linalg.norm(traj.r_m[gt], axis=1)[:, None]
        * (R_EARTH_KM + TRACK_LIFT_KM)
    )
    if traj.impact is not None:
        sc.impact_ecef_km = (
            ecef_from_geodetic(traj.impact.latitude_deg, traj.impact.longitude_deg, 0.0) / 1000.0
        )
    for d in traj.debris:
        k = decimate(len(d.t_s), 300)
        path = Path(d.t_s[k], d.r_m[k] / 1000.0)
        z = getattr(d, "zone", None)  # a flight.booster.BoosterReturn: a stage flying back
        if z is not None and d.touchdown is not None:
            sc.returns.append(
                ReturnScene(
                    d.name,
                    d.stage,
                    path,
                    [
                        SceneEvent(
                            e.t_s, e.name, e.stage, e.description, e.nominal, sample(path, e.t_s)[0]
                        )
                        for e in d.events
                        if e.name != "separation"
                    ],
                    ecef_from_geodetic(z.latitude_deg, z.longitude_deg, z.altitude_m) / 1000.0,
                    z.name,
                    d.touchdown.outcome,
                )
            )
        else:
            sc.debris.append((d.name, d.stage, path))
    for mo in mission_orbits(session, slug):
        if mo.row.origin == m.OrbitOrigin.SIMULATED:
            continue
        try:
            ring = _ring(mo.built.orbit, to_scene)
        except OrbitError:
            continue
        sc.orbits.append((mo.row.kind.value, f"{mo.row.kind.value} ({mo.row.key})", ring))
    simulated = None
    if traj.outcome == "orbit":
        from flight.orbits import summarise

        orbit = traj.orbit()
        simulated = summarise(orbit)
        sc.orbits.append(("achieved", "achieved (simulated)", _ring(orbit, to_scene)))
        t_ins = float(traj.t_s[traj.insertion_index])
        period = period_s(orbit.a.to_value(u.km))
        sc.payload = _orbit_path(orbit, to_scene, t_ins, t_ins + period, epoch)
        sc.t_end_s = t_ins + period
    spec = mission.vehicle
    scale = VEHICLE_SCALE
    for st in sorted(spec.stages, key=lambda s: s.number):
        length = st.length_m or (spec.height_m or 20.0) / max(len(spec.stages), 1)
        radius = (st.diameter_m or spec.diameter_m or 2.0) / 2
        sc.stage_sizes_km.append((st.number, length * scale / 1000, radius * scale / 1000))
    sc.panel = panel.record(session, mission, sc, simulated)
    return sc


VEHICLE_SCALE = 15000.0  # a 19 m rocket drawn 285 km long: visible against a 6,378 km Earth


def _orbit_scene(session: Session, mission: m.Mission, why: str) -> Scene:
    from archive.orbits import mission_orbits
    from flight.frames import itrs_to_gcrs

    found = mission_orbits(session, mission.slug)
    # GCAT's disposal orbits are of years later, their planes assumed: drawn only alone
    dropped = [mo for mo in found if mo.row.origin == m.OrbitOrigin.CATALOGUED]
    if len(dropped) < len(found):
        found = [mo for mo in found if mo.row.origin != m.OrbitOrigin.CATALOGUED]
    else:
        dropped = []
    orbits = []
    for mo in found:
        try:
            orbits.append((mo, mo.built.orbit))
        except OrbitError:
            continue
    epoch = orbits[0][1].epoch if orbits else mission.launch_epoch
    to_scene = itrs_to_gcrs(epoch).T
    site = mission.site
    sc = Scene(
        slug=mission.slug,
        title=f"{mission.name} ({mission.vehicle.name}, {site.name}): orbits",
        epoch=epoch,
        t_end_s=0.0,
        site_ecef_km=ecef_from_geodetic(site.latitude_deg, site.longitude_deg, 0.0) / 1000.0,
        sun_dir=_sun_direction(epoch, to_scene),
        outcome="orbits only",
        notes=[why]
        + ([f"{len(dropped)} later disposal orbits (GCAT's) not drawn"] if dropped else []),
    )
    for mo, orbit in orbits:
        sc.orbits.append(
            (
                mo.row.kind.value,
                f"{mo.row.kind.value} ({mo.row.key})",
                _ring(orbit, to_scene),
            )
        )
    moving = next((o for mo, o in orbits if mo.row.kind == m.OrbitKind.ACHIEVED), None) or (
        orbits[0][1] if orbits else None
    )
    if moving is not None:
        period = period_s(moving.a.to_value(u.km))
        sc.payload = _orbit_path(moving, to_scene, 0.0, period, epoch)
        sc.t_end_s = period
    else:
        sc.t_end_s = 3600.0
        sc.notes.append("no orbit recorded")
    sc.panel = panel.record(session, mission, sc)
    return sc


def sample(path: Path, t_s: float) -> tuple[np.ndarray, int]:
    """Position at t (linear between samples) and the sample index at or before t."""
    t = path.t_s
    if t_s <= t[0]:
        return path.r_km[0], 0
    if t_s >= t[-1]:
        return path.r_km[-1], len(t) - 1
    i = int(np.searchsorted(t, t_s) - 1)
    w = (t_s - t[i]) / (t[i + 1] - t[i])
    return path.r_km[i] * (1 - w) + path.r_km[i + 1] * w, i


def heading(path: Path, i: int) -> np.ndarray:
    j = min(i + 1, len(path.t_s) - 1)
    k = max(j - 1, 0)
    d = path.r_km[j] - path.r_km[k]
    n = float(np.linalg.norm(d))
    return d / n if n > 0 else path.r_km[i] / np.linalg.norm(path.r_km[i])


__all__ = [
    "ReturnScene",
    "Scene",
    "build_scene",
    "decimate",
    "heading",
    "legend_of",
    "missions",
    "sample",
]


def legend_of(sc: Scene) -> list[tuple[str, str]]:
    """The legend's lines: only what this scene draws (issue 15)."""
    kinds = {kind for kind, _label, _ring in sc.orbits}
    failed = sc.impact_ecef_km is not None or any(not e.nominal for e in sc.events)
    lines = [
        ("intended orbit", "intended", "intended" in kinds),
        ("achieved orbit", "achieved", "achieved" in kinds or sc.payload is not None),
        ("ascent / trail", "trajectory", sc.vehicle is not None),
        ("failure, impact", "failure", failed),
        ("spent stages, fairing", "debris", bool(sc.debris)),
        ("stage flying back", "booster", bool(sc.returns)),
        ("landing zone", "zone", bool(sc.returns)),
        ("payload after separation", "payload", sc.payload is not None),
        ("launch site", "site", True),
    ]
    return [(words, key) for words, key, drawn in lines if drawn]
