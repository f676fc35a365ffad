"""From recorded elements to poliastro orbits, and what a person wants to know about them.

This is the unit-aware layer: ``OrbitElements`` holds what a record says (plain
numbers in km and degrees, any of them possibly missing); ``build_orbit``
fills the gaps with documented, reported assumptions and returns a
``BuiltOrbit`` whose ``.orbit`` is the poliastro ``Orbit``; ``summarise``
derives period, altitudes, J2 nodal regression, the Sun-synchronous check and
the local time of the ascending node.

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
    nodal_regression_rad_s,
    nu_to_M,
    period_s,
    sso_inclination_rad,
)
from .errors import OpenOrbitError, OrbitError
from .impact import Impact
from .runtime import configure

if TYPE_CHECKING:
    from poliastro.twobody import Orbit

# Below this perigee an orbit does not last a revolution: the atmosphere takes it (the drag
# model's re-entry altitude too). Such a record is refused, not propagated through the air.
REENTRY_ALTITUDE_KM = 100.0
SSO_TOLERANCE_DEG_DAY = 0.01  # |nodal rate - 0.9856 deg/day| below this counts as Sun-synchronous


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


@dataclass
class BuiltOrbit:
    """A closed orbit's classical elements (km, rad) at ``epoch``, and what was assumed."""

    label: str
    epoch: Time
    a_km: float
    ecc: float
    inc_rad: float
    raan_rad: float
    argp_rad: float
    nu_rad: float
    assumptions: list[str] = field(default_factory=list)

    @functools.cached_property
    def orbit(self) -> Orbit:
        """The poliastro ``Orbit`` (built on first use)."""
        configure()  # cached kernels, offline IERS: before the first use
        from poliastro.bodies import Earth
        from poliastro.twobody import Orbit

        return Orbit.from_classical(
            Earth,
            self.a_km * u.km,
            self.ecc * u.one,
            self.inc_rad * u.rad,
            self.raan_rad * u.rad,
            self.argp_rad * u.rad,
            self.nu_rad * u.rad,
            epoch=self.epoch,
        )


def sun_right_ascension(epoch: Time) -> u.Quantity:
    configure()  # cached kernels, offline IERS: before the first use
    from astropy.coordinates import get_sun

    return get_sun(epoch).ra.to(u.deg)


def local_sidereal_angle(epoch: Time, longitude_deg: float) -> u.Quantity:
    """Right ascension of a meridian at ``epoch`` (Earth rotation angle plus longitude)."""
    configure()  # the rotation angle needs UT1: offline IERS
    return (epoch.earth_rotation_angle(longitude_deg * u.deg)).to(u.deg)


def build_orbit(el: OrbitElements, *, site_longitude_deg: float | None = None) -> BuiltOrbit:
    """A poliastro Orbit from a record, with every assumed element stated.

    Defaults, in order: the shape from perigee/apogee when no a/e; the inclination
    from the J2 Sun-synchronous condition when the record is SSO; the RAAN from the
    local time of the ascending node, else the launch site's meridian at the epoch,
    else 0 deg; argument of perigee and true anomaly 0 deg.
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
    if el.raan_deg is not None:
        raan = el.raan_deg
    elif el.local_time_node:
        hh, mm = (int(x) for x in el.local_time_node.split(":"))
        raan = (sun_right_ascension(el.epoch).value + (hh + mm / 60 - 12) * 15) % 360
        notes.append(
            f"RAAN {raan:.2f} deg from the local time of the ascending node {el.local_time_node}"
        )
    elif site_longitude_deg is not None:
        raan = local_sidereal_angle(el.epoch, site_longitude_deg).value % 360
        notes.append(f"RAAN {raan:.2f} deg assumed: the launch site's meridian at the epoch")
    else:
        raan = 0.0
        notes.append("RAAN assumed 0 deg (not recorded)")
    argp = el.argp_deg if el.argp_deg is not None else 0.0
    nu = el.nu_deg if el.nu_deg is not None else 0.0
    if el.argp_deg is None and ecc > 0:
        notes.append("argument of perigee assumed 0 deg (not recorded)")
    if el.nu_deg is None:
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


@dataclass(frozen=True)
class OrbitSummary:
    semi_major_axis: u.Quantity
    eccentricity: float
    inclination: u.Quantity
    raan: u.Quantity
    period: u.Quantity
    perigee_altitude: u.Quantity
    apogee_altitude: u.Quantity
    nodal_regression: u.Quantity  # deg/day, J2 secular
    sun_synchronous: bool
    ltan: str  # local mean solar time of the ascending node, HH:MM


def summarise(orbit: BuiltOrbit | Orbit) -> OrbitSummary:
    """Period, altitudes, J2 nodal rate, SSO check and LTAN. A ``BuiltOrbit`` is summarised
    from its own floats, without building (or importing) poliastro."""
    if isinstance(orbit, BuiltOrbit):
        a, e, inc, raan = orbit.a_km, orbit.ecc, orbit.inc_rad, math.degrees(orbit.raan_rad)
    else:
        a, e, inc = orbit.a.to_value(u.km), orbit.ecc.value, orbit.inc.to_value(u.rad)
        raan = orbit.raan.to_value(u.deg)
    rate = math.degrees(nodal_regression_rad_s(a, e, inc)) * 86_400
    sun_ra = sun_right_ascension(orbit.epoch).value
    hours = (12 + (raan - sun_ra) / 15) % 24
    hh, mm = int(hours), round((hours % 1) * 60)
    if mm == 60:
        hh, mm = (hh + 1) % 24, 0
    return OrbitSummary(
        semi_major_axis=a * u.km,
        eccentricity=e,
        inclination=math.degrees(inc) * u.deg,
        raan=raan % 360 * u.deg,
        period=(period_s(a) * u.s).to(u.min),
        perigee_altitude=(a * (1 - e) - R_EARTH_KM) * u.km,
        apogee_altitude=(a * (1 + e) - R_EARTH_KM) * u.km,
        nodal_regression=rate * u.deg / u.day,
        sun_synchronous=abs(rate - SUN_MEAN_MOTION_DEG_DAY) < SSO_TOLERANCE_DEG_DAY,
        ltan=f"{hh:02d}:{mm:02d}",
    )


def difference(intended: OrbitSummary, achieved: OrbitSummary) -> dict[str, u.Quantity]:
    """Intended minus achieved, for the figures launch reports quote."""
    return {
        "perigee_altitude": intended.perigee_altitude - achieved.perigee_altitude,
        "apogee_altitude": intended.apogee_altitude - achieved.apogee_altitude,
        "inclination": intended.inclination - achieved.inclination,
        "period": intended.period - achieved.period,
    }


def orbit_from_vectors(r_km: np.ndarray, v_km_s: np.ndarray, epoch: Time) -> Orbit:
    configure()  # cached kernels, offline IERS: before the first use
    from poliastro.bodies import Earth
    from poliastro.twobody import Orbit

    return Orbit.from_vectors(
        Earth, np.asarray(r_km) * u.km, np.asarray(v_km_s) * u.km / u.s, epoch=epoch
    )
