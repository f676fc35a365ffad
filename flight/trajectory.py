"""A flown ascent: sampled states, events, outcome; what the CLI prints and the viewer draws.

Positions are kept in the simulation's inertial frame (the Earth-fixed axes
frozen at lift-off, metres). Geodetic coordinates follow by one rotation;
GCRS (for poliastro and the viewer's sky) by the ITRS -> GCRS rotation at
lift-off, from astropy with the offline IERS tables.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np

from .constants import GM_EARTH_M3_S2 as MU_M3_S2
from .constants import WGS84_A_M as R_EQ_M
from .core import conic
from .geodesy import earth_fixed, geodetic_from_ecef, surface_distance_km
from .impact import Impact

if TYPE_CHECKING:
    from astropy.time import Time
    from poliastro.twobody import Orbit


@dataclass(frozen=True)
class Event:
    t_s: float
    name: str
    stage: int
    description: str = ""
    nominal: bool = True


@dataclass
class Trajectory:
    """Samples of a flight (about one a second) and its events, from lift-off."""

    vehicle: str
    t_s: np.ndarray
    r_m: np.ndarray  # (n, 3) inertial, lift-off-frozen Earth-fixed axes
    v_m_s: np.ndarray
    mass_kg: np.ndarray
    stage: np.ndarray  # stage number firing or last fired
    dynamic_pressure_pa: np.ndarray
    acceleration_m_s2: np.ndarray  # sensed (thrust + drag), what an accelerometer reads
    mach: np.ndarray
    events: list[Event]
    site_lat_deg: float
    site_lon_deg: float
    outcome: str  # "orbit", "suborbital", "terminated"
    insertion_index: int  # sample of orbit insertion, payload separation or the last burn's end
    epoch: Time | None = None
    payload_kg: float = 0.0
    kick_deg: float = 0.0
    azimuth_deg: float = 0.0
    impact: Impact | None = None
    notes: list[str] = field(default_factory=list)
    debris: list = field(default_factory=list)  # flight.ascent.Debris: spent stages, fairing

    @functools.cached_property
    def geodetic(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Latitude, longitude (deg), height (km) on WGS-84."""
        lat, lon, h = geodetic_from_ecef(earth_fixed(self.t_s, self.r_m))
        return lat, lon, h / 1000.0

    @property
    def altitude_km(self) -> np.ndarray:
        return self.geodetic[2]

    @property
    def speed_m_s(self) -> np.ndarray:
        """Inertial speed (what orbital speed is measured in)."""
        return np.linalg.norm(self.v_m_s, axis=1)

    @property
    def downrange_km(self) -> np.ndarray:
        lat, lon, _ = self.geodetic
        return surface_distance_km(self.site_lat_deg, self.site_lon_deg, lat, lon)

    @property
    def max_q(self) -> tuple[float, float]:
        """(time s, dynamic pressure Pa) of maximum dynamic pressure in powered flight
        (a falling stage's re-entry is not the ascent's max-Q)."""
        i = int(np.argmax(self.dynamic_pressure_pa[: self.insertion_index + 1]))
        return float(self.t_s[i]), float(self.dynamic_pressure_pa[i])

    def state_at(self, t_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Position and velocity at t by Hermite interpolation between samples."""
        t = self.t_s
        i = int(np.clip(np.searchsorted(t, t_s) - 1, 0, len(t) - 2))
        h = t[i + 1] - t[i]
        s = (t_s - t[i]) / h if h > 0 else 0.0
        p0, p1 = self.r_m[i], self.r_m[i + 1]
        m0, m1 = self.v_m_s[i] * h, self.v_m_s[i + 1] * h
        h00, h10 = 2 * s**3 - 3 * s**2 + 1, s**3 - 2 * s**2 + s
        h01, h11 = -2 * s**3 + 3 * s**2, s**3 - s**2
        r = h00 * p0 + h10 * m0 + h01 * p1 + h11 * m1
        v = ((6 * s**2 - 6 * s) * p0 + (3 * s**2 - 4 * s + 1) * m0) / h
        v += ((-6 * s**2 + 6 * s) * p1 + (3 * s**2 - 2 * s) * m1) / h
        return r, v

    def insertion_elements(self) -> dict[str, float]:
        """Osculating perigee/apogee altitude (km, above the equatorial radius) and
        inclination (deg, to the equator of date) at insertion."""
        r, v = self.r_m[self.insertion_index], self.v_m_s[self.insertion_index]
        return elements_summary(r, v)

    @functools.cached_property
    def gcrs_rotation(self) -> np.ndarray:
        """3x3 rotation from the lift-off-frozen Earth-fixed axes to GCRS (needs the epoch)."""
        if self.epoch is None:
            raise ValueError("this trajectory has no launch epoch: GCRS needs one")
        from .frames import itrs_to_gcrs

        return itrs_to_gcrs(self.epoch)

    def r_gcrs_km(self) -> np.ndarray:
        return self.r_m @ self.gcrs_rotation.T / 1000.0

    def v_gcrs_km_s(self) -> np.ndarray:
        return self.v_m_s @ self.gcrs_rotation.T / 1000.0

    def orbit(self) -> Orbit:
        """The poliastro Orbit of the insertion (or failure) state, in GCRS."""
        from astropy import units as u
        from astropy.time import TimeDelta

        from .orbits import orbit_from_vectors

        i = self.insertion_index
        assert self.epoch is not None
        at = self.epoch + TimeDelta(float(self.t_s[i]) * u.s)
        return orbit_from_vectors(self.r_gcrs_km()[i], self.v_gcrs_km_s()[i], at)

    def event_rows(self) -> list[dict[str, object]]:
        """The event table: T+, altitude, speed, downrange at each event."""
        _lat, _lon, h = self.geodetic
        rows = []
        dr = self.downrange_km
        for ev in self.events:
            i = int(np.clip(np.searchsorted(self.t_s, ev.t_s), 0, len(self.t_s) - 1))
            rows.append(
                {
                    "t_s": ev.t_s,
                    "altitude_km": float(h[i]),
                    "speed_m_s": float(self.speed_m_s[i]),
                    "downrange_km": float(dr[i]),
                    "stage": ev.stage,
                    "event": ev.name,
                    "description": ev.description,
                    "nominal": ev.nominal,
                }
            )
        return rows

    def to_csv(self, target: Path | TextIO) -> None:
        """One row per sample to a file path, or to an open text stream (stdout, say)."""
        if isinstance(target, Path):
            with target.open("w", newline="") as fh:
                self.to_csv(fh)
            return
        lat, lon, h = self.geodetic
        names = {round(e.t_s, 3): e.name for e in self.events}
        w = csv.writer(target)
        w.writerow(
            [
                "t_s",
                "x_m",
                "y_m",
                "z_m",
                "vx_m_s",
                "vy_m_s",
                "vz_m_s",
                "latitude_deg",
                "longitude_deg",
                "altitude_km",
                "downrange_km",
                "speed_m_s",
                "acceleration_m_s2",
                "dynamic_pressure_pa",
                "mach",
                "mass_kg",
                "stage",
                "event",
            ]
        )
        dr, sp = self.downrange_km, self.speed_m_s
        for i, t in enumerate(self.t_s):
            w.writerow(
                [
                    f"{t:.3f}",
                    *(f"{x:.3f}" for x in self.r_m[i]),
                    *(f"{x:.4f}" for x in self.v_m_s[i]),
                    f"{lat[i]:.6f}",
                    f"{lon[i]:.6f}",
                    f"{h[i]:.4f}",
                    f"{dr[i]:.3f}",
                    f"{sp[i]:.3f}",
                    f"{self.acceleration_m_s2[i]:.4f}",
                    f"{self.dynamic_pressure_pa[i]:.2f}",
                    f"{self.mach[i]:.4f}",
                    f"{self.mass_kg[i]:.2f}",
                    int(self.stage[i]),
                    names.get(round(float(t), 3), ""),
                ]
            )


def elements_summary(r: np.ndarray, v: np.ndarray) -> dict[str, float]:
    """Perigee and apogee altitude (km, above the equatorial radius), inclination and
    eccentricity of an inertial state in metres; an open path has an infinite apogee."""
    a, evec, h = conic(MU_M3_S2, r, v)
    hn = float(np.linalg.norm(h))
    p = hn**2 / MU_M3_S2
    closed = 0 < a < math.inf
    e = float(np.linalg.norm(evec)) if closed else 1.0
    rp = p / (1 + e)
    ra = a * (1 + e) if closed else math.inf
    return {
        "perigee_km": (rp - R_EQ_M) / 1000.0,
        "apogee_km": (ra - R_EQ_M) / 1000.0,
        "inclination_deg": math.degrees(math.acos(h[2] / hn)),
        "eccentricity": e,
    }
