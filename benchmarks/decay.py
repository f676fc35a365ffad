"""Drag: re-entered spheres' lifetimes predicted against the catalogued ones, and the time
a one-year drag propagation of a 500 km orbit takes (target: 10 s or less, issue 14).

    .venv/bin/python benchmarks/decay.py [--space-weather PATH]

Lifetimes through ``flight.propagation.propagate`` (model ``drag``), the code path
`launchlog orbit --model drag` runs, for each atmosphere; the one-year case as
`launchlog orbit SLUG --model drag --span 365d --step 60s` computes it (525,601 states).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "docs" / "validation" / "reentered_spheres.csv"
WEATHER = ROOT.parent / "shared" / "data" / "spaceweather" / "SW-All.csv"


def cases() -> list[dict[str, str]]:
    lines = [ln for ln in CASES.read_text().splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def lifetime_days(case: dict[str, str], atmosphere: str, weather) -> float:  # type: ignore[no-untyped-def]
    from astropy import units as u
    from astropy.time import Time

    from flight.orbits import OrbitElements, build_orbit
    from flight.propagation import DragSpec, propagate

    start = Time(case["start"], scale="utc")
    orbit = build_orbit(
        OrbitElements(
            case["name"],
            start,
            perigee_km=float(case["perigee_km"]),
            apogee_km=float(case["apogee_km"]),
            inc_deg=float(case["inclination_deg"]),
            raan_deg=0.0,
        )
    )
    d = float(case["diameter_m"])
    sphere = DragSpec(2.2, math.pi * d * d / 4, float(case["mass_kg"]), "sphere, Cd 2.2")
    eph = propagate(
        orbit, span=4000 * u.day, step=1 * u.day, model="drag", drag=sphere,
        atmosphere=atmosphere, space_weather=weather,
    )  # fmt: skip
    if eph.reentry is None:
        return math.inf
    return float((eph.reentry - start).to_value(u.day))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space-weather", type=Path, default=WEATHER)
    args = parser.parse_args()
    from astropy import units as u
    from astropy.time import Time

    from flight.orbits import OrbitElements, build_orbit
    from flight.propagation import DragSpec, propagate
    from flight.runtime import configure
    from flight.spaceweather import read

    configure()
    weather = read(args.space_weather)
    print("| Object | Start | Actual (days) | NRLMSIS 2.1 | NRLMSISE-00 | COESA76 |")
    print("|---|---|---:|---:|---:|---:|")
    for case in cases():
        actual = (Time(case["decay"]) - Time(case["start"])).to_value(u.day)
        cells = []
        for atm in ("msis", "nrlmsise00", "coesa76"):
            days = lifetime_days(case, atm, weather)
            cells.append(f"{days:.0f} ({100 * (days / actual - 1):+.0f} %)")
        print(f"| {case['name']} | {case['start']} | {actual:.0f} | " + " | ".join(cells) + " |")
    orbit = build_orbit(
        OrbitElements("500 km", Time("2024-01-01", scale="utc"), perigee_km=500,
                      apogee_km=500, inc_deg=97.4, raan_deg=0.0)
    )  # fmt: skip
    cubesat = DragSpec.tumbling_box((0.1, 0.1, 0.34), 4.0)
    for atm in ("msis", "coesa76"):
        t0 = time.perf_counter()
        eph = propagate(
            orbit, span=365 * u.day, step=60 * u.s, model="drag", drag=cubesat,
            atmosphere=atm, space_weather=weather,
        )  # fmt: skip
        took = time.perf_counter() - t0
        print(
            f"one year of drag at 500 km ({atm}): {took:.2f} s for {len(eph.epochs)} states "
            "(target 10 s)"
        )


if __name__ == "__main__":
    main()
