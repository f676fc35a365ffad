"""Archive-wide two-body propagation throughput, in states per second (one core).

    .venv/bin/python benchmarks/throughput.py

Builds an archive in a temporary SQLite file (missions/ plus the element sets in
../shared/data/tle), converts every achieved orbit to elements, and propagates all of
them to 1,440 epochs (one day at 60 s) with launchlog's numba Kepler solver
(flight.kernels.kepler_ephemeris). For comparison: poliastro's per-orbit to_ephem path and
the sgp4 library's vectorised SatrecArray on the same element sets.
"""

from __future__ import annotations

import math
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TLE = ROOT.parent / "shared" / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"


def best(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    from astropy import units as u
    from sgp4.api import Satrec, SatrecArray
    from sqlalchemy import select

    from archive import load_paths, open_archive, session
    from archive.model import Mission
    from archive.orbits import import_tle, mission_orbits
    from flight.constants import MU_EARTH_KM3_S2
    from flight.core import nu_to_M
    from flight.kernels import kepler_ephemeris
    from flight.propagation import propagate

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_archive(f"{tmp}/bench.sqlite", upgrade_schema=True)
        load_paths(engine, [ROOT / "missions"])
        with session(engine, write=True) as s:
            import_tle(s, TLE)
        with session(engine) as s:
            slugs = list(s.scalars(select(Mission.slug)))
            orbits = [
                o.built.orbit
                for slug in slugs
                for o in mission_orbits(s, slug)
                if o.row.kind.value == "achieved"
            ]
    n = len(orbits)
    t = np.arange(1440) * 60.0
    el = np.array(
        [
            [
                o.a.to_value(u.km),
                o.ecc.value,
                o.inc.to_value(u.rad),
                o.raan.to_value(u.rad),
                o.argp.to_value(u.rad),
                nu_to_M(o.nu.to_value(u.rad), o.ecc.value),
            ]
            for o in orbits
        ]
    )
    args = [np.ascontiguousarray(el[:, i]) for i in range(6)]
    kepler_ephemeris(MU_EARTH_KM3_S2, *args, t)  # compiled / loaded from cache
    reps = max(1, 2_000_000 // (n * len(t)))
    tiled = [np.tile(a, reps) for a in args]
    dt = best(lambda: kepler_ephemeris(MU_EARTH_KM3_S2, *tiled, t))
    states = reps * n * len(t)
    print(f"{n} achieved orbits in the archive x 1,440 epochs")
    print(
        f"numba Kepler (flight.kernels.kepler_ephemeris): {states / dt:,.0f} states/s "
        f"({reps} copies, {states:,} states in {dt * 1e3:.0f} ms)"
    )

    propagate(orbits[0], span=1 * u.day, step=60 * u.s, model="twobody")
    dt = best(
        lambda: [propagate(o, span=1439 * u.min, step=60 * u.s, model="twobody") for o in orbits], 3
    )
    print(f"poliastro to_ephem (Farnocchia), per orbit: {n * 1440 / dt:,.0f} states/s")

    from flight import tle

    sets = tle.read(TLE)
    arr = SatrecArray([Satrec.twoline2rv(s.line1, s.line2) for s in sets])
    jd0 = sets[0].epoch.utc.jd1 + sets[0].epoch.utc.jd2
    jd = np.full(1440, math.floor(jd0))
    fr = (jd0 - math.floor(jd0)) + t / 86400.0
    arr.sgp4(jd, fr)
    dt = best(lambda: arr.sgp4(jd, fr))
    print(f"sgp4 SatrecArray ({len(sets)} element sets): {len(sets) * 1440 / dt:,.0f} states/s")


if __name__ == "__main__":
    main()
