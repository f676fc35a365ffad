"""Process start to first propagated ephemeris, cold (empty numba cache) and warm.

    .venv/bin/python benchmarks/orbit_start.py

Each run is a fresh `python` process that builds Future's intended orbit and propagates it
one day at 60 s (1,441 states), with the two-body model (numpy Kepler, no numba, no
poliastro import) and with the J2 model (poliastro's Cowell and its numba kernels, which
`flight.runtime.configure()` makes cacheable). Target: warm under 1.5 s wall.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT = """
from astropy import units as u
from astropy.time import Time
from flight.orbits import OrbitElements, build_orbit
from flight.propagation import propagate
o = build_orbit(OrbitElements("future", Time("2018-10-27 08:00", scale="utc"), perigee_km=500,
                              apogee_km=500, sun_synchronous=True, raan_deg=0))
e = propagate(o, span=1 * u.day, step=60 * u.s, model="MODEL")
assert e.r_km.shape == (1441, 3)
"""


def run(cache: str, model: str) -> float:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", SCRIPT.replace("MODEL", model)], check=True, env=env)
    return time.perf_counter() - t0


def main() -> None:
    for model in ("twobody", "j2"):
        with tempfile.TemporaryDirectory() as cache:
            cold = run(cache, model)
            warm = [run(cache, model) for _ in range(5)]
        print(f"{model}: cold start to first ephemeris {cold:.2f} s (empty numba cache)")
        print(
            f"{model}: warm start to first ephemeris median {statistics.median(warm):.2f} s, "
            f"min {min(warm):.2f} s over {len(warm)} processes"
        )


if __name__ == "__main__":
    main()
