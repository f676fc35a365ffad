"""Where and when a flight meets the Earth's surface: one record for the ascent and for orbits.

Plain floats (seconds after an epoch, geodetic degrees, km), as the ascent computes them;
the astropy views (``time``, ``latitude``, ...) are for the unit-aware layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from astropy.time import Time


@dataclass(frozen=True)
class Impact:
    t_s: float  # seconds after ``epoch`` (the ascent: after lift-off)
    latitude_deg: float
    longitude_deg: float
    epoch: Time | None = None
    apogee_km: float | None = None  # the highest point on the way, where known

    @property
    def time(self) -> Time:
        """The UTC instant of impact (needs the epoch)."""
        from astropy import units as u

        if self.epoch is None:
            raise ValueError("this impact has no epoch to count from")
        return self.epoch + self.t_s * u.s

    @property
    def latitude(self) -> Any:
        from astropy import units as u

        return self.latitude_deg * u.deg

    @property
    def longitude(self) -> Any:
        from astropy import units as u

        return self.longitude_deg * u.deg

    @property
    def apogee_altitude(self) -> Any:
        from astropy import units as u

        return None if self.apogee_km is None else self.apogee_km * u.km
