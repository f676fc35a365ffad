"""From recorded elements to poliastro orbits, and what a person wants to know about them.

This is the unit-aware layer: ``OrbitElements`` (``flight.elements``) holds what a
record says (plain numbers in km and degrees, any of them possibly missing);
``build_orbit`` fills the gaps with documented, reported assumptions and returns a
``BuiltOrbit`` whose ``.orbit`` is the poliastro ``Orbit``; ``summarise`` derives the
``OrbitSummary`` (``flight.elements``): period, altitudes, J2 nodal regression, the
Sun-synchronous check and the local time of the ascending node.

poliastro and astropy's frames are imported when first needed, not here:
together they are most of a process's start-up (about 0.6 s), and the
two-body path (``flight.propagation``) needs neither.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from astropy import units as u
from astropy.time import Time

from .constants import MU_EARTH_KM3_S2, R_EARTH_KM, SUN_MEAN_MOTION_DEG_DAY
from .core import (
    a_e_from_altitudes,
    kepler_states,
    nodal_regression_rad_s,
    nu_to_M,
    period_s,
    rv_to_elements,
    sso_inclination_rad,
)
from .elements import (
    EARTH_FRAME,
    OSCULATING,
    OrbitElements,
    OrbitSummary,
    SsoCheck,
    epoch_stamp,
    kept_summary,
)
from .errors import InvalidInput, OpenOrbitError, OrbitError
from .frames import rotation
from .geodesy import ecef_from_geodetic
from .impact import Impact
from .runtime import configure

if TYPE_CHECKING:
    from poliastro.twobody import Orbit

# Below this perigee an orbit does not last a revolution: the atmosphere takes it (the drag
# model's re-entry altitude too). Such a record is refused, not propagated through the air.
REENTRY_ALTITUDE_KM = 100.0


class SuborbitalError(OrbitError):
    """Perigee below the surface: never propagated through the Earth; carries the impact."""

    def __init__(self, label: str, impact: Impact) -> None:
        self.impact = impact
        super().__init__(
            label,
            "perigee",
            "suborbital (perigee below the surface): impact at "
            f"{impact.time.utc.iso[:19]} UTC, {impact.latitude.to_value(u.deg):+.2f} deg, "
            f"{impact.longitude.to_value(u.deg):+.2f} deg, apogee "
            f"{impact.apogee_altitude.to_value(u.km):.0f} km",
        )


@dataclass
class BuiltOrbit:
    """A closed orbit's classical elements (km, rad) at ``epoch`` in ``frame``, and what
    was assumed. ``elements`` says whether they are osculating or SGP4 mean elements."""

    label: str
    epoch: Time
    a_km: float
    ecc: float
    inc_rad: float
    raan_rad: float
    argp_rad: float
    nu_rad: float
    assumptions: list[str] = field(default_factory=list)
    frame: str = EARTH_FRAME
    elements: str = OSCULATING
    inc_precision_deg: float | None = None

    def state(self) -> tuple[np.ndarray, np.ndarray]:
        """Position (km) and velocity (km/s) in the orbit's own frame."""
        m0 = nu_to_M(self.nu_rad, self.ecc)
        st = kepler_states(
            MU_EARTH_KM3_S2,
            self.a_km,
            self.ecc,
            self.inc_rad,
            self.raan_rad,
            self.argp_rad,
            m0,
            np.zeros(1),
        )[0]
        return st[:3], st[3:]

    def state_gcrs(self) -> tuple[np.ndarray, np.ndarray]:
        r, v = self.state()
        rot = rotation(self.epoch, self.frame, "GCRS")
        return rot @ r, rot @ v

    @functools.cached_property
    def orbit(self) -> Orbit:
        """The poliastro ``Orbit`` in GCRS (built on first use)."""
        r, v = self.state_gcrs()
        return orbit_from_vectors(r, v, self.epoch)

    def earth_elements(self) -> tuple[float, float, float, float, float, float]:
        """(a, e, i, raan, argp, nu), km and rad, in the frame of date (TEME)."""
        if self.frame == EARTH_FRAME:
            return (self.a_km, self.ecc, self.inc_rad, self.raan_rad, self.argp_rad, self.nu_rad)
        r, v = self.state()
        rot = rotation(self.epoch, self.frame, EARTH_FRAME)
        return rv_to_elements(MU_EARTH_KM3_S2, rot @ r, rot @ v)


def sun_right_ascension(epoch: Time) -> u.Quantity:
    """The Sun's right ascension in the frame of date (TEME), as the node's is measured."""
    configure()  # cached kernels, offline IERS: before the first use
    from astropy.coordinates import get_sun

    sun = rotation(epoch, "GCRS", EARTH_FRAME) @ get_sun(epoch).cartesian.xyz.to_value(u.km)
    return math.degrees(math.atan2(sun[1], sun[0])) % 360 * u.deg


def pad_direction(epoch: Time, latitude_deg: float, longitude_deg: float) -> np.ndarray:
    """Unit vector from the Earth's centre to a pad at ``epoch``, in the frame of date."""
    r = ecef_from_geodetic(latitude_deg, longitude_deg, 0.0)
    r = rotation(epoch, "ITRS", EARTH_FRAME) @ r
    return r / np.linalg.norm(r)


def node_through_pad(
    inc_deg: float, pad: np.ndarray, *, southbound: bool
) -> tuple[float, float, str | None]:
    """RAAN and argument of latitude (deg) of the plane of inclination ``inc_deg`` through
    the pad, flown north- or southbound there; a note when the pad lies beyond the plane's
    reach (inclination below its latitude), where the nearest plane is taken."""
    lat = math.asin(float(pad[2]))
    alpha = math.atan2(float(pad[1]), float(pad[0]))
    inc = math.radians(inc_deg)
    s = math.sin(lat) / math.sin(inc) if math.sin(inc) > 1e-9 else math.copysign(2.0, lat)
    note = None
    if abs(s) > 1.0:
        note = (
            f"the pad's latitude {math.degrees(lat):.2f} deg is beyond an inclination of "
            f"{inc_deg:g} deg: the plane passes as near as it can"
        )
        s = math.copysign(1.0, s)
    u_arg = math.asin(s)
    if southbound:
        u_arg = math.pi - u_arg
    delta = math.atan2(math.cos(inc) * math.sin(u_arg), math.cos(u_arg))
    return math.degrees(alpha - delta) % 360, math.degrees(u_arg) % 360, note


def build_orbit(
    el: OrbitElements,
    *,
    site: tuple[float, float] | None = None,
    southbound: bool = True,
) -> BuiltOrbit:
    """A poliastro Orbit from a record, with every assumed element stated.

    Defaults, in order: the shape from perigee/apogee when no a/e; the inclination
    from the J2 Sun-synchronous condition when the record is SSO; the RAAN from the
    local time of the ascending node, else the plane through the launch ``site``
    (geodetic latitude, longitude in deg) at the epoch, flown the way the vehicle flies
    (``southbound``, as ``flight.guidance`` steers), with the object over the pad at the
    epoch; else RAAN 0 deg; argument of perigee and true anomaly 0 deg.
    """
    notes: list[str] = []
    if el.a_km is not None and el.ecc is not None:
        a, ecc = el.a_km, el.ecc
    elif el.perigee_km is not None and el.apogee_km is not None:
        if el.perigee_km > el.apogee_km:
            raise OrbitError(
                el.label,
                "perigee",
                f"perigee {el.perigee_km:g} km is above apogee {el.apogee_km:g} km",
            )
        a, ecc = a_e_from_altitudes(el.perigee_km, el.apogee_km)
    else:
        raise OrbitError(el.label, "semi_major_axis", "needs a and e, or perigee and apogee")
    if ecc >= 1.0 or a <= 0:
        raise OpenOrbitError(el.label, "eccentricity", f"e = {ecc:g}: not a closed orbit")
    if ecc < 0:
        raise OrbitError(el.label, "eccentricity", f"e = {ecc:g} is negative")
    if el.inc_deg is not None:
        inc = el.inc_deg
    elif el.sun_synchronous:
        inc = math.degrees(sso_inclination_rad(a, ecc))
        notes.append(f"inclination {inc:.3f} deg from the J2 Sun-synchronous condition")
    else:
        raise OrbitError(
            el.label, "inclination", "unknown and the orbit is not marked Sun-synchronous"
        )
    if not 0 <= inc <= 180:
        raise OrbitError(el.label, "inclination", f"{inc:g} deg is outside 0 to 180 deg")
    argp = el.argp_deg if el.argp_deg is not None else 0.0
    if el.argp_deg is None and ecc > 0:
        notes.append("argument of perigee assumed 0 deg (not recorded)")
    nu = el.nu_deg
    if el.raan_deg is not None:
        raan = el.raan_deg
    elif el.local_time_node:
        hh, mm = (int(x) for x in el.local_time_node.split(":"))
        raan = (sun_right_ascension(el.epoch).value + (hh + mm / 60 - 12) * 15) % 360
        notes.append(
            f"RAAN {raan:.2f} deg from the local time of the ascending node {el.local_time_node}"
        )
    elif site is not None:
        pad = pad_direction(el.epoch, *site)
        raan, u_arg, reach = node_through_pad(inc, pad, southbound=southbound)
        way = "southbound" if southbound else "northbound"
        notes.append(
            f"RAAN {raan:.2f} deg assumed: the plane through the pad at the epoch, "
            f"flown {way} as the ascent flies"
        )
        if reach:
            notes.append(reach)
        if nu is None:
            nu = u_arg - argp
            notes.append(f"true anomaly {nu % 360:.2f} deg assumed: over the pad at the epoch")
    else:
        raan = 0.0
        notes.append("RAAN assumed 0 deg (not recorded)")
    if nu is None:
        nu = 0.0
        notes.append("true anomaly assumed 0 deg at the epoch (not recorded)")
    built = BuiltOrbit(
        el.label,
        el.epoch,
        a,
        ecc,
        math.radians(inc),
        math.radians(raan),
        math.radians(argp),
        math.radians(_wrap_nu(nu)),
        notes,
        frame=el.frame,
        elements=el.elements,
        inc_precision_deg=el.inc_precision_deg if el.inc_deg is not None else None,
    )
    perigee_km = a * (1 - ecc) - R_EARTH_KM
    if perigee_km < 0:
        raise SuborbitalError(el.label, impact_of(built.orbit))
    if perigee_km < REENTRY_ALTITUDE_KM:
        raise OrbitError(
            el.label,
            "perigee",
            f"perigee {perigee_km:.1f} km is below the {REENTRY_ALTITUDE_KM:.0f} km re-entry "
            "altitude: not an orbit that lasts a revolution, so not propagated",
        )
    return built


def _wrap_nu(nu_deg: float) -> float:
    return (nu_deg + 180.0) % 360.0 - 180.0


def impact_of(orbit: Orbit) -> Impact:
    """First crossing of the reference sphere after the epoch, by Kepler (no drag)."""
    a, e = orbit.a.to_value(u.km), orbit.ecc.value
    p = a * (1 - e**2)
    cos_nu = np.clip((p / R_EARTH_KM - 1) / e, -1, 1)
    nu_impact = 2 * math.pi - math.acos(cos_nu)  # descending branch
    nu0 = orbit.nu.to_value(u.rad) % (2 * math.pi)
    n = math.sqrt(MU_EARTH_KM3_S2 / a**3)
    dM = (nu_to_M(nu_impact, e) - nu_to_M(nu0, e)) % (2 * math.pi)
    tof = dM / n
    at = orbit.propagate(tof * u.s)
    lat, lon, _ = geodetic(at.epoch, at.r.to_value(u.km)[None, :])
    apogee = orbit.r_a.to_value(u.km) - R_EARTH_KM
    return Impact(tof, float(lat[0]), float(lon[0]), epoch=orbit.epoch, apogee_km=apogee)


def geodetic(epochs: Time, r_gcrs_km: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geodetic latitude and longitude (deg) and height (km) on WGS-84 of GCRS positions."""
    configure()  # cached kernels, offline IERS: before the first use
    from astropy.coordinates import GCRS, ITRS, CartesianRepresentation, EarthLocation

    rep = CartesianRepresentation(r_gcrs_km.T * u.km)
    itrs = GCRS(rep, obstime=epochs).transform_to(ITRS(obstime=epochs))
    loc = EarthLocation.from_geocentric(itrs.x, itrs.y, itrs.z)
    geo = loc.to_geodetic("WGS84")
    return geo.lat.to_value(u.deg), geo.lon.to_value(u.deg), geo.height.to_value(u.km)


def summarise(orbit: BuiltOrbit | Orbit) -> OrbitSummary:
    """Period, altitudes, J2 nodal rate, SSO check and LTAN, Earth-relative: in the frame
    of date (TEME), whatever frame the orbit is held in. A ``BuiltOrbit`` is summarised
    from its own floats, without building (or importing) poliastro."""
    if isinstance(orbit, BuiltOrbit):
        a, e, inc, raan, _, _ = orbit.earth_elements()
        elements, precision = orbit.elements, orbit.inc_precision_deg
    else:
        r = orbit.r.to_value(u.km)
        v = orbit.v.to_value(u.km / u.s)
        rot = rotation(orbit.epoch, "GCRS", EARTH_FRAME)
        a, e, inc, raan, _, _ = rv_to_elements(MU_EARTH_KM3_S2, rot @ r, rot @ v)
        elements, precision = OSCULATING, None
    raan = math.degrees(raan)
    rate = math.degrees(nodal_regression_rad_s(a, e, inc)) * 86_400
    try:
        exact: float | None = math.degrees(sso_inclination_rad(a, e))
    except InvalidInput:
        exact = None
    sun_ra = sun_right_ascension(orbit.epoch).value
    hours = (12 + (raan - sun_ra) / 15) % 24
    hh, mm = int(hours), round((hours % 1) * 60)
    if mm == 60:
        hh, mm = (hh + 1) % 24, 0
    return OrbitSummary(
        semi_major_axis_km=a,
        eccentricity=e,
        inclination_deg=math.degrees(inc),
        raan_deg=raan % 360,
        period_min=period_s(a) / 60.0,
        perigee_altitude_km=a * (1 - e) - R_EARTH_KM,
        apogee_altitude_km=a * (1 + e) - R_EARTH_KM,
        nodal_regression_deg_day=rate,
        sso=SsoCheck(rate, rate - SUN_MEAN_MOTION_DEG_DAY, exact, math.degrees(inc), precision),
        ltan=f"{hh:02d}:{mm:02d}",
        ltan_hours=hours,
        elements=elements,
    )


def summarise_elements(
    el: OrbitElements, *, site: tuple[float, float] | None = None, southbound: bool = True
) -> OrbitSummary:
    """``summarise(build_orbit(el, site=site, southbound=southbound))``, kept between
    processes (``flight.elements.kept_summary``): the node and the LTAN need astropy's
    frames and the Sun's place, whose import is most of what ``launchlog show`` waits for.
    A record that cannot be built raises every time."""
    return kept_summary(
        lambda: summarise(build_orbit(el, site=site, southbound=southbound)),
        el,
        epoch_stamp(el.epoch),
        site,
        southbound,
    )


def ltan_gap_hours(a_h: float, b_h: float) -> float:
    """``a_h`` minus ``b_h``, two local times in hours, wrapped to +/-12 h: 00:10 against
    23:50 is +20 min, not -23 h 40 min."""
    return (a_h - b_h + 12) % 24 - 12


def difference(intended: OrbitSummary, achieved: OrbitSummary) -> dict[str, u.Quantity]:
    """Intended minus achieved, for the figures launch reports quote; both Earth-relative
    (frame of date). The LTAN difference is wrapped to +/-12 h."""
    d_ltan = ltan_gap_hours(intended.ltan_hours, achieved.ltan_hours)
    return {
        "perigee_altitude": intended.perigee_altitude - achieved.perigee_altitude,
        "apogee_altitude": intended.apogee_altitude - achieved.apogee_altitude,
        "inclination": intended.inclination - achieved.inclination,
        "period": intended.period - achieved.period,
        "ltan": (d_ltan * 60) * u.min,
    }


def orbit_from_vectors(r_km: np.ndarray, v_km_s: np.ndarray, epoch: Time) -> Orbit:
    configure()  # cached kernels, offline IERS: before the first use
    from poliastro.bodies import Earth
    from poliastro.twobody import Orbit

    return Orbit.from_vectors(
        Earth, np.asarray(r_km) * u.km, np.asarray(v_km_s) * u.km / u.s, epoch=epoch
    )
