"""Ascent speed: one nominal ascent, one capacity search, and every curated mission flown
as recorded in one process (targets: 10 ms, 1 s, 0.5 s).

    .venv/bin/python benchmarks/ascent.py

"Every curated mission" is what `launchlog ascent SLUG` and the viewer run for each:
``archive.ascent.fly_mission`` (records read, pitch-over chosen, the flight flown with its
failures and samples kept), all seven in one process after a first warm-up pass.

The vehicles are the archive's (missions/ loaded into a throw-away SQLite file). Kernels
are compiled (or loaded from the numba cache) before timing; times are medians.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from archive import model as m
from archive.ascent import fly_mission, vehicle_spec
from archive.db import make_engine, session_scope, upgrade
from archive.loader import load_paths
from flight.ascent import Ascent, Site
from flight.capacity_search import capacity
from flight.vehicle import Target

ROOT = Path(__file__).resolve().parent.parent
SITE = Site(41.31, 100.31, 1000.0)


def median_time(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        engine = make_engine(f"sqlite:///{d}/b.sqlite")
        upgrade(engine)
        load_paths(engine, [ROOT / "missions"])
        with session_scope(engine) as s:
            specs = {
                k: vehicle_spec(s.scalar(select(m.Vehicle).where(m.Vehicle.key == k)))
                for k in ("zq-1", "zq-2")
            }
            slugs = list(s.scalars(select(m.Mission.slug).order_by(m.Mission.launch_time)))
            for slug in slugs:  # warm-up: kernels compiled or loaded, tables read
                fly_mission(s, slug)
            runs = []
            for _ in range(5):
                t0 = time.perf_counter()
                outcomes = [fly_mission(s, slug).trajectory.outcome for slug in slugs]
                runs.append(time.perf_counter() - t0)
            print(
                f"all {len(slugs)} curated missions flown as recorded: "
                f"{statistics.median(runs):.3f} s median of 5 ({', '.join(outcomes)})"
            )
        engine.dispose()
    cases = [
        ("zq-2", Target(200, 200, 41.31), 3800.0, 1.13),
        ("zq-1", Target(300, 300, 41.31), 290.0, 25.2),
    ]
    for key, target, payload, kick in cases:
        ascent = Ascent(specs[key], SITE, target)
        ascent.fly(payload, kick_deg=kick, record=False)  # compile / load kernels
        one = median_time(
            lambda a=ascent, p=payload, k=kick: a.fly(p, kick_deg=k, record=False), 20
        )
        rec = median_time(lambda a=ascent, p=payload, k=kick: a.fly(p, kick_deg=k), 5)
        print(
            f"{key} one nominal ascent to {target.perigee_km:g} km: {one * 1e3:.1f} ms "
            f"({rec * 1e3:.0f} ms with 1 s samples and diagnostics kept)"
        )
    for key, target in (
        ("zq-1", Target(300, 300, 41.31)),
        ("zq-2", Target(200, 200, 41.31)),
        ("zq-2", Target(500, 500, 97.40)),
    ):
        t0 = time.perf_counter()
        cap = capacity(specs[key], SITE, target)
        dt = time.perf_counter() - t0
        print(
            f"{key} capacity to {target.perigee_km:g} km, {target.inclination_deg:g} deg: "
            f"{cap.payload_kg:,.0f} kg in {dt:.2f} s ({cap.flights} flights)"
        )


if __name__ == "__main__":
    main()
