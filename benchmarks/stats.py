"""Launch statistics on a synthetic 100,000-launch archive (target: 5 ms or less per query).

    .venv/bin/python benchmarks/stats.py [--launches 100000] [--postgres URL]

Builds the archive with bulk inserts (fixed random seed): 300 families of 4 vehicles, 60
launch sites, 80 providers, 25 countries, launches spread over 1957-2030, 92 % successes.
Then times each statistics function of ``archive.stats`` (median of 200 calls, warm) and,
for comparison, the same per-year breakdown as a GROUP BY over every launch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import String, cast, create_engine, extract, func, insert, select, text
from sqlalchemy.engine import make_url


def build(engine, n: int) -> None:  # type: ignore[no-untyped-def]
    from archive import model as m
    from archive.db import session_scope
    from archive.tally import refresh_tally

    rnd = random.Random(1957)
    countries = [f"C{i:02d}" for i in range(25)]
    with session_scope(engine, write=True) as s:
        orgs = (
            s.execute(
                insert(m.Organisation).returning(m.Organisation.id, sort_by_parameter_order=True),
                [
                    dict(key=f"org-{i}", name=f"Provider {i}", aliases=[], roles=[])
                    for i in range(80)
                ],
            )
            .scalars()
            .all()
        )
        sites = (
            s.execute(
                insert(m.Site).returning(m.Site.id, sort_by_parameter_order=True),
                [
                    dict(
                        key=f"site-{i}",
                        name=f"Site {i}",
                        aliases=[],
                        latitude_deg=rnd.uniform(-60, 60),
                        longitude_deg=rnd.uniform(-180, 180),
                    )
                    for i in range(60)
                ],
            )
            .scalars()
            .all()
        )
        fams = (
            s.execute(
                insert(m.VehicleFamily).returning(m.VehicleFamily.id, sort_by_parameter_order=True),
                [dict(key=f"family-{i}", name=f"Family {i}") for i in range(300)],
            )
            .scalars()
            .all()
        )
        vehicles = (
            s.execute(
                insert(m.Vehicle).returning(m.Vehicle.id, sort_by_parameter_order=True),
                [
                    dict(
                        key=f"vehicle-{i}", name=f"Vehicle {i}", aliases=[], family_id=fams[i // 4]
                    )
                    for i in range(1200)
                ],
            )
            .scalars()
            .all()
        )
        rows = []
        for i in range(n):
            when = dt.datetime(1957, 10, 4) + dt.timedelta(
                seconds=rnd.uniform(0, 73 * 365.25 * 86400)
            )
            v = rnd.randrange(len(vehicles))
            r = rnd.random()
            outcome = "success" if r < 0.92 else ("partial" if r < 0.94 else "failure")
            rows.append(
                dict(
                    slug=f"syn-{i:06d}",
                    name=f"Synthetic {i}",
                    vehicle_id=vehicles[v],
                    site_id=sites[v % len(sites)],
                    launch_time=when,
                    launch_time_precision="second",
                    outcome=outcome,
                    country=countries[v % len(countries)],
                    provider_id=orgs[v % len(orgs)],
                )
            )
        for i in range(0, n, 10_000):
            s.execute(insert(m.Mission), rows[i : i + 10_000])
        refresh_tally(s)
    with engine.connect() as c:
        c.exec_driver_sql("ANALYZE")
        c.commit()


def median_ms(fn, calls: int = 200) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def main() -> None:
    from archive import model as m
    from archive import open_archive
    from archive.db import resolve_url, session_scope
    from archive.stats import first_flights, launches_by, provider_record, site_record

    parser = argparse.ArgumentParser()
    parser.add_argument("--launches", type=int, default=100_000)
    parser.add_argument("--postgres", help="PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "stats.sqlite")
        if args.postgres:
            name = f"bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(resolve_url(args.postgres), isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))
            url = (
                make_url(resolve_url(args.postgres))
                .set(database=name)
                .render_as_string(hide_password=False)
            )
        engine = open_archive(url, upgrade_schema=True)
        t0 = time.perf_counter()
        build(engine, args.launches)
        print(
            f"{args.launches:,} synthetic launches on {engine.dialect.name}, built in "
            f"{time.perf_counter() - t0:.1f} s; median of 200 warm calls:"
        )
        with session_scope(engine) as s:
            year = cast(extract("year", m.Mission.launch_time), String)
            cases = {
                "launches_by year": lambda: launches_by(s, "year"),
                "launches_by country": lambda: launches_by(s, "country"),
                "launches_by family": lambda: launches_by(s, "family"),
                "first_flights vehicle, 10": lambda: first_flights(s, 10, vehicle="vehicle-7"),
                "first_flights family, 10": lambda: first_flights(s, 10, family="family-7"),
                "site_record": lambda: site_record(s, "site-7"),
                "provider_record": lambda: provider_record(s, "org-7"),
                "(for comparison) GROUP BY year over every launch": lambda: s.execute(
                    select(year, m.Mission.outcome, func.count()).group_by(year, m.Mission.outcome)
                ).all(),
            }
            for label, fn in cases.items():
                print(f"  {label:50s} {median_ms(fn):7.2f} ms")


if __name__ == "__main__":
    main()
