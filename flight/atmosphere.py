"""The COESA76 standard atmosphere as tables the numba kernels interpolate.

poliastro's ``COESA76`` is exact but costs about 13 ms a call (astropy units at
every level), far too slow inside an integrator. It is sampled once, every
0.5 km to 120 km (where ascents need detail) and every km to 1,000 km, and the
table is kept on disk in the user cache directory, keyed by poliastro's version.
Interpolation is linear in log-pressure and log-density, and in sound speed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.metadata import version

import numpy as np

from .runtime import cache_dir, configure


@dataclass(frozen=True)
class AtmosphereTable:
    alt_km: np.ndarray
    log_p_pa: np.ndarray
    log_rho_kg_m3: np.ndarray
    sound_speed_m_s: np.ndarray

    def at(self, alt_km: float | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pressure Pa, density kg/m3, sound speed m/s) by interpolation."""
        h = np.clip(alt_km, self.alt_km[0], self.alt_km[-1])
        return (
            np.exp(np.interp(h, self.alt_km, self.log_p_pa)),
            np.exp(np.interp(h, self.alt_km, self.log_rho_kg_m3)),
            np.interp(h, self.alt_km, self.sound_speed_m_s),
        )


def grid_km() -> np.ndarray:
    return np.concatenate([np.arange(0.0, 120.0, 0.5), np.arange(120.0, 1000.5, 1.0)])


def _sample() -> np.ndarray:
    from astropy import units as u

    configure()  # cached kernels, offline IERS: before the first use
    from poliastro.earth.atmosphere import COESA76

    atm = COESA76()
    rows = []
    for h in grid_km():
        _, p, rho = atm.properties(h * u.km)
        a = atm.sound_speed(h * u.km) if h <= 86.0 else rows[-1][3] * u.m / u.s
        rows.append((h, p.to_value(u.Pa), rho.to_value(u.kg / u.m**3), a.to_value(u.m / u.s)))
    return np.array(rows)


@functools.cache
def coesa76() -> AtmosphereTable:
    """The table, from the disk cache or sampled (about 15 s, once per machine)."""
    path = cache_dir() / f"coesa76-poliastro-{version('poliastro')}-v1.npy"
    try:
        data = np.load(path)
    except (OSError, ValueError):
        data = _sample()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, data)
        tmp.replace(path)
    return AtmosphereTable(data[:, 0], np.log(data[:, 1]), np.log(data[:, 2]), data[:, 3])
