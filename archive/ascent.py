"""Archive records as ascent inputs: vehicle, site, target, payload, failures; results stored.

The physics is ``flight.ascent``; this module knows which record means what
and says exactly which facts are missing when a vehicle cannot be flown.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from flight.ascent import Ascent, FlightResult, Site, mission_kick
from flight.booster import BoosterReturn, EngineOut, ReturnSpec, Zone, fly_back
from flight.capacity_search import Capacity, capacity
from flight.constants import R_EARTH_KM
from flight.core import M_to_nu, sso_inclination_rad
from flight.elements import EARTH_FRAME, SGP4_MEAN, OrbitSummary
from flight.errors import MissingStageData, OrbitError
from flight.frames import rotation
from flight.orbits import BuiltOrbit, build_orbit, summarise
from flight.tle import sgp4_mean_from_state
from flight.trajectory import Trajectory
from flight.vehicle import EngineSpec, Failure, StageSpec, Target, VehicleSpec

from . import model as m
from .errors import InvalidRequest
from .orbits import elements_of, mission_orbits
from .queries import NotFound, get_mission

SIMULATED_KEY = "simulated"


def vehicle_spec(vehicle: m.Vehicle, recovered: frozenset[int] = frozenset()) -> VehicleSpec:
    """The vehicle as the simulator needs it, or MissingStageData listing every gap.

    A stage in ``recovered`` flies back: its landing propellant is held back from the
    ascent (carried as mass, not burnt), and its return figures must be recorded."""
    missing: list[str] = []
    if vehicle.diameter_m is None:
        missing.append("diameter")
    if vehicle.fairing_mass_kg is None:
        missing.append("fairing_mass")
    if not vehicle.stages:
        missing.append("stages (none recorded)")
    stages = []
    for st in sorted(vehicle.stages, key=lambda s: s.number):
        where = f"stage {st.number}"
        for name in ("dry_mass_kg", "propellant_mass_kg"):
            if getattr(st, name) is None:
                missing.append(f"{where} {name.removesuffix('_kg')}")
        if not st.engines:
            missing.append(f"{where} engines")
        engines = []
        for link in st.engines:
            e = link.engine
            for name in ("thrust_vac_n", "isp_vac_s"):
                if getattr(e, name) is None:
                    missing.append(f"{where} engine '{e.key}' {name.rsplit('_', 1)[0]}")
            if st.number == min(s.number for s in vehicle.stages) and e.thrust_sl_n is None:
                missing.append(f"{where} engine '{e.key}' thrust_sl (a first stage lifts off)")
            if e.thrust_vac_n is not None and e.isp_vac_s is not None:
                engines.append(
                    EngineSpec(e.key, link.count, e.thrust_vac_n, e.isp_vac_s, e.thrust_sl_n)
                )
        held = 0.0
        if st.number in recovered:
            missing += [f"{where} {name}" for name in _missing_return(st)]
            held = st.landing_propellant_kg or 0.0
        if st.dry_mass_kg is not None and st.propellant_mass_kg is not None and engines:
            stages.append(
                StageSpec(
                    st.number,
                    st.dry_mass_kg + held,
                    st.propellant_mass_kg - held,
                    tuple(engines),
                    st.diameter_m or vehicle.diameter_m or 0.0,
                    "solid" in (st.propellants or vehicle.propellants or "").lower(),
                )
            )
    if missing:
        raise MissingStageData(vehicle.key, missing)
    return VehicleSpec(
        vehicle.key, tuple(stages), vehicle.fairing_mass_kg or 0.0, vehicle.diameter_m or 0.0
    )


RETURN_FIGURES = (
    "landing_propellant_kg",
    "entry_burn_engines",
    "landing_burn_engines",
    "entry_burn_altitude_km",
    "min_throttle",
    "descent_drag_area_m2",
)


def _missing_return(stage: m.Stage) -> list[str]:
    """The return figures a stage lacks, as its record names them."""
    field = {column: measure.record for column, measure in m.measures(m.Stage)}
    out = [field[name] for name in RETURN_FIGURES if getattr(stage, name) is None]
    if len({link.engine_id for link in stage.engines}) > 1:
        out.append("engines (a returning stage is flown with one engine type)")
    return out


def return_spec(stage: m.Stage) -> ReturnSpec:
    """A recoverable stage's return figures (``vehicle_spec`` has checked they are there)."""
    e = stage.engines[0].engine
    assert e.thrust_vac_n is not None and e.isp_vac_s is not None
    return ReturnSpec(
        stage.number,
        stage.dry_mass_kg or 0.0,
        EngineSpec(e.key, 1, e.thrust_vac_n, e.isp_vac_s, e.thrust_sl_n),
        int(stage.entry_burn_engines or 0),
        int(stage.landing_burn_engines or 0),
        stage.entry_burn_altitude_km or 0.0,
        stage.min_throttle or 0.0,
        stage.descent_drag_area_m2 or 0.0,
    )


def zone_of(zone: m.LandingZone) -> Zone:
    return Zone(zone.name, zone.latitude_deg, zone.longitude_deg, zone.altitude_m or 0.0)


def engine_out_of(landing: m.Landing) -> EngineOut | None:
    if landing.engine_out_burn is None:
        return None
    return EngineOut(
        landing.engine_out_burn.value,
        landing.engine_out_after_s or 0.0,
        landing.engines_out or 0,
        landing.description or "",
    )


def site_of(mission: m.Mission) -> Site:
    pad = mission.pad
    if pad is not None and pad.latitude_deg is not None and pad.longitude_deg is not None:
        alt = pad.altitude_m if pad.altitude_m is not None else mission.site.altitude_m
        return Site(pad.latitude_deg, pad.longitude_deg, alt, f"{mission.site.name}, {pad.name}")
    s = mission.site
    return Site(s.latitude_deg, s.longitude_deg, s.altitude_m, s.name)


def target_of(mission: m.Mission) -> Target:
    intended = [o for o in mission.orbits if o.kind == m.OrbitKind.INTENDED]
    reached = [
        o
        for o in mission.orbits
        if o.kind == m.OrbitKind.ACHIEVED and o.origin == m.OrbitOrigin.PUBLISHED
    ]
    if not intended and not reached:
        raise OrbitError(
            f"mission '{mission.slug}'",
            "orbits",
            "no intended (or published achieved) orbit to aim for",
        )
    row = (intended or reached)[0]
    built = build_orbit(
        elements_of(row), site=(mission.site.latitude_deg, mission.site.longitude_deg)
    )
    if not intended:
        built.assumptions.insert(
            0, f"no intended orbit recorded: aiming for the achieved '{row.key}'"
        )
    rp = built.a_km * (1 - built.ecc) - R_EARTH_KM
    ra = built.a_km * (1 + built.ecc) - R_EARTH_KM
    return Target(rp, ra, math.degrees(built.inc_rad), row.key, tuple(built.assumptions))


def payload_mass_kg(mission: m.Mission) -> float:
    missing = [p.slug for p in mission.payloads if p.mass_kg is None]
    if missing:
        raise OrbitError(
            f"mission '{mission.slug}'", "payloads", f"no mass recorded for: {', '.join(missing)}"
        )
    return sum(p.mass_kg or 0.0 for p in mission.payloads)


def failures_of(mission: m.Mission) -> tuple[Failure, ...]:
    return tuple(
        Failure(
            f.stage, f.kind.value, f.at_s, f.thrust_factor, f.tumble_rate_deg_s, f.description or ""
        )
        for f in mission.failure_modes
    )


@dataclass
class MissionAscent:
    mission: m.Mission
    result: FlightResult
    trajectory: Trajectory
    target: Target
    intended: dict[str, float]
    returns: list[tuple[m.Landing, BoosterReturn | None]] = field(default_factory=list)


def fly_mission(session: Session, slug: str, *, nominal: bool = False) -> MissionAscent:
    """Fly a mission as recorded: its vehicle, pad, payloads, intended orbit and failures."""
    mission = get_mission(session, slug)
    landings = [x for x in mission.landings if x.attempt]
    back = frozenset(x.stage for x in landings)  # stages that fly back rather than fall
    spec = vehicle_spec(mission.vehicle, back)
    target = target_of(mission)
    ascent = Ascent(spec, site_of(mission), target)
    payload = payload_mass_kg(mission)
    kick = mission_kick(ascent, payload)
    failures = () if nominal else failures_of(mission)
    result = ascent.fly(payload, kick_deg=kick, failures=failures, returning=back)
    returns: list[tuple[m.Landing, BoosterReturn | None]] = []
    stages = {st.number: st for st in mission.vehicle.stages}
    for landing in landings:
        flown = fly_back(
            result,
            return_spec(stages[landing.stage]),
            zone_of(landing.zone),
            None if nominal else engine_out_of(landing),
        )
        returns.append((landing, flown))
        if flown is not None:  # the stage's path is its return, not a fall
            result.debris.append(flown)
    epoch = mission.launch_epoch
    traj = result.trajectory(epoch)
    if not mission.payloads:
        traj.notes.append("no payload is recorded for this flight: it is flown with none")
    intended = {
        "perigee_km": target.perigee_km,
        "apogee_km": target.apogee_km,
        "inclination_deg": target.inclination_deg,
    }
    return MissionAscent(mission, result, traj, target, intended, returns)


def store_simulated_orbit(session: Session, run: MissionAscent) -> m.Orbit:
    """Keep the flown insertion (or failure) state as the mission's simulated achieved orbit."""
    orbit = run.trajectory.orbit()
    mission = run.mission
    payload = mission.payloads[0] if len(mission.payloads) == 1 else None
    row = next((o for o in mission.orbits if o.key == SIMULATED_KEY), None)
    if row is None:
        row = m.Orbit(key=SIMULATED_KEY, kind=m.OrbitKind.ACHIEVED, origin=m.OrbitOrigin.SIMULATED)
        mission.orbits.append(row)
    el = run.trajectory.insertion_elements()
    row.payload_id = payload.id if payload else None
    row.epoch = orbit.epoch.utc.datetime
    row.frame = "GCRS"
    row.semi_major_axis_km = float(orbit.a.to_value("km"))
    row.eccentricity = float(orbit.ecc.value)
    row.inclination_deg = float(orbit.inc.to_value("deg"))
    row.raan_deg = float(orbit.raan.to_value("deg"))
    row.arg_perigee_deg = float(orbit.argp.to_value("deg"))
    row.true_anomaly_deg = float(orbit.nu.to_value("deg"))
    row.perigee_km = None
    row.apogee_km = None
    row.sun_synchronous = False
    row.note = (
        f"simulated by launchlog ascent ({run.trajectory.outcome}): "
        f"{el['perigee_km']:.0f} x {el['apogee_km']:.0f} km, {el['inclination_deg']:.2f} deg "
        f"to the equator of date; pitch-over {run.trajectory.kick_deg:.2f} deg"
    )
    session.flush()
    return row


ORBIT_SPEC = re.compile(
    r"^(?P<kind>leo|sso):(?P<perigee>\d+(\.\d+)?)(x(?P<apogee>\d+(\.\d+)?))?"
    r"(@(?P<inc>\d+(\.\d+)?))?$"
)


def parse_target(text: str, site: Site) -> Target:
    """``leo:300``, ``leo:200x400@50`` (km, inclination deg) or ``sso:500``.

    LEO without an inclination is flown due east: the site latitude, the lowest reachable."""
    match = ORBIT_SPEC.match(text.strip().lower())
    if match is None:
        raise InvalidRequest(
            f"--orbit {text!r}: expected leo:ALT, leo:PERIGEExAPOGEE, an optional @INCLINATION, "
            "or sso:ALT (km, deg)"
        )
    rp = float(match["perigee"])
    ra = float(match["apogee"] or rp)
    if ra < rp:
        raise InvalidRequest(f"--orbit {text!r}: apogee below perigee")
    if match["kind"] == "sso":
        a = R_EARTH_KM + (rp + ra) / 2
        e = (ra - rp) / (2 * a)
        inc = math.degrees(sso_inclination_rad(a, e))
        note = f"SSO inclination {inc:.2f} deg from the J2 condition"
    elif match["inc"]:
        inc, note = float(match["inc"]), ""
    else:
        inc = abs(site.latitude_deg)
        note = f"inclination {inc:.2f} deg: due east from the site latitude"
    return Target(rp, ra, inc, text, (note,) if note else ())


RECOVERY_CHOICES = ("none", "downrange")


def vehicle_capacity(
    session: Session,
    vehicle_key: str,
    orbit: str,
    site_key: str | None = None,
    recovery: str = "none",
) -> Capacity:
    """The largest payload to ``orbit``; with ``recovery="downrange"`` each stage that has a
    landing propellant recorded holds it back (see ``vehicle_spec``)."""
    from .names import vehicle_key as resolve

    if recovery not in RECOVERY_CHOICES:
        raise InvalidRequest(
            f"--recovery {recovery!r}: expected one of {', '.join(RECOVERY_CHOICES)}"
        )

    # resolve() names an existing vehicle or raises NotFound with suggestions
    vehicle = session.scalars(
        select(m.Vehicle).where(m.Vehicle.key == resolve(session, vehicle_key))
    ).one()
    if site_key is not None:
        site_row = session.scalar(select(m.Site).where(m.Site.key == site_key))
        if site_row is None:
            raise NotFound(f"no site '{site_key}'")
    else:
        flown = session.scalar(
            select(m.Mission).where(m.Mission.vehicle_id == vehicle.id).order_by(m.Mission.id)
        )
        if flown is None:
            raise NotFound(f"vehicle '{vehicle_key}' has never flown: give --site")
        site_row = flown.site
    site = Site(site_row.latitude_deg, site_row.longitude_deg, site_row.altitude_m, site_row.name)
    recovered: frozenset[int] = frozenset()
    if recovery == "downrange":
        recovered = frozenset(
            st.number for st in vehicle.stages if st.landing_propellant_kg is not None
        )
        if not recovered:
            raise InvalidRequest(
                f"--recovery downrange: no stage of '{vehicle.key}' has a landing_propellant "
                "recorded (a stage that flies back says what it holds back)"
            )
    found = capacity(vehicle_spec(vehicle, recovered), site, parse_target(orbit, site))
    held = tuple(
        f"stage {st.number} holds back {st.landing_propellant_kg:,.0f} kg for its return"
        for st in vehicle.stages
        if st.number in recovered
    )
    return dataclasses.replace(found, notes=(*found.notes, *held))


@dataclass
class Reference:
    """An orbit a flight is checked against, summarised like the simulated one."""

    label: str
    summary: OrbitSummary
    kind: str  # what the figures are: "SGP4 mean, TEME of date", "as published"


@dataclass
class Comparison:
    """The simulated insertion as an element set would give it, beside what was catalogued."""

    simulated: OrbitSummary
    references: list[Reference]


def compare_with_catalogue(session: Session, run: MissionAscent) -> Comparison | None:
    """For a flight that reached orbit: its insertion state's SGP4 mean elements (fitted so
    that SGP4 gives back the state) beside the earliest element set of its payloads and
    the published achieved orbits; all in TEME of date, mean against mean."""
    if run.trajectory.outcome != "orbit":
        return None
    orbit = run.trajectory.orbit()
    rot = rotation(orbit.epoch, "GCRS", EARTH_FRAME)
    r, v = rot @ orbit.r.to_value("km"), rot @ orbit.v.to_value("km / s")
    a, e, inc, raan, argp, mean = sgp4_mean_from_state(r, v, orbit.epoch)
    nu = M_to_nu(mean, e)
    sim = BuiltOrbit("simulated", orbit.epoch, a, e, inc, raan, argp, nu, [], elements=SGP4_MEAN)
    refs: list[Reference] = []
    orbits = [
        o for o in mission_orbits(session, run.mission.slug) if o.row.kind.value == "achieved"
    ]
    sets = [o for o in orbits if o.row.origin == m.OrbitOrigin.ELEMENT_SET]
    if sets:
        first = min(sets, key=lambda o: o.recorded.epoch)
        who = first.row.payload.name if first.row.payload else "?"
        when = first.recorded.epoch.utc.iso[:10]
        refs.append(
            Reference(f"earliest element set ({who}, {when})", first.summary, first.summary.kind)
        )
    for o in orbits:
        if o.row.origin == m.OrbitOrigin.PUBLISHED:
            refs.append(Reference(f"published '{o.row.key}'", o.summary, "as published"))
    return Comparison(summarise(sim), refs)
