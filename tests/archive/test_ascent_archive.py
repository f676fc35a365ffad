"""Ascent from the archive: zq1-y1 as it failed, published capacities, errors, storage."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from archive import load_paths, session
from archive import model as m
from archive.ascent import fly_mission, parse_target, vehicle_capacity
from flight.ascent import Site
from launchlog.cli import app

from ..cli.test_cli import _launchlog
from ..conftest import MISSIONS

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path) -> list[str]:
    db = ["--db", str(tmp_path / "a.sqlite")]
    runner.invoke(app, [*db, "db", "upgrade"])
    assert runner.invoke(app, [*db, "load", str(MISSIONS)]).exit_code == 0
    return db


def test_zq1_y1_flies_its_failure(cli_db: list[str], tmp_path: Path) -> None:
    out_csv, out_png = tmp_path / "zq1.csv", tmp_path / "zq1.png"
    r = runner.invoke(
        app, [*cli_db, "ascent", "zq1-y1", "--csv", str(out_csv), "--plot", str(out_png)]
    )
    assert r.exit_code == 0, r.output
    out = r.output
    for text in ("lift-off", "separation", "attitude loss", "SUBORBITAL", "impact", "max-Q"):
        assert text in out, text
    impact = next(line for line in out.splitlines() if line.startswith("impact\t"))
    lat, lon = (float(x.split()[0]) for x in impact.split(" at ")[1].split(","))
    # reported: it came down in the Indian Ocean; flying south from Jiuquan the arc ends in
    # the Bay of Bengal / Indian Ocean sector
    assert 0 < lat < 25 and 80 < lon < 100
    rows = list(csv.DictReader(out_csv.open()))
    assert rows[0]["stage"] == "1" and float(rows[0]["altitude_km"]) == pytest.approx(1.0, abs=0.01)
    assert float(rows[-1]["altitude_km"]) == pytest.approx(0.0, abs=0.1)
    assert {"dynamic_pressure_pa", "mach", "acceleration_m_s2", "downrange_km"} <= set(rows[0])
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out_png.stat().st_size > 50_000
    # the failure is stored as the mission's simulated achieved orbit (see also the reload test)
    assert "stored as zq1-y1 orbit 'simulated'" in out
    show = runner.invoke(app, [*cli_db, "show", "zq1-y1"]).output
    assert "simulated" in show


def test_nominal_zq1_y1_reaches_the_intended_orbit(loaded: Engine) -> None:
    with session(loaded) as s:
        run = fly_mission(s, "zq1-y1", nominal=True)
    el = run.trajectory.insertion_elements()
    assert run.trajectory.outcome == "orbit"
    # the solid third stage cannot cut off: lofting spends the surplus; it ends within 15 km
    assert el["perigee_km"] == pytest.approx(500, abs=15)
    assert el["apogee_km"] == pytest.approx(500, abs=15)
    assert el["inclination_deg"] == pytest.approx(97.40, abs=0.05)
    t_q, q = run.trajectory.max_q
    assert 20e3 < q < 80e3 and 30 < t_q < 90


# The figures each vehicle is calibrated to (../shared/facts/landspace.md): ZQ-1 300 kg to
# 300 km LEO (NASASpaceflight 2018); ZQ-2 as flown, about 1,500 kg to SSO (SpaceNews, Dec
# 2023; 500 km taken). LandSpace's 2018 plans (4,000 kg LEO, 2,000 kg SSO) were the design's.
PUBLISHED = [("zq-1", "leo:300", 300.0), ("zq-2", "sso:500", 1500.0)]


@pytest.mark.parametrize(("vehicle", "orbit", "kg"), PUBLISHED)
def test_calibrated_capacities_match_the_published_figures(
    loaded: Engine, vehicle: str, orbit: str, kg: float
) -> None:
    with session(loaded) as s:
        cap = vehicle_capacity(s, vehicle, orbit)
    assert cap.reachable
    assert cap.payload_kg == pytest.approx(kg, rel=0.05)
    target = cap.target
    assert cap.elements["perigee_km"] == pytest.approx(target.perigee_km, abs=10)
    assert cap.elements["inclination_deg"] == pytest.approx(target.inclination_deg, abs=0.1)


def test_unreachable_target_and_missing_stage_data(cli_db: list[str]) -> None:
    r = runner.invoke(app, [*cli_db, "capacity", "zq-1", "--orbit", "sso:3000"])
    assert r.exit_code == 0 and "out of reach" in r.output
    db = cli_db[1]
    r = _launchlog("capacity", "zq-2a", "--orbit", "leo:200", "--site", "jiuquan", db=db)
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "launchlog: vehicle 'zq-2a': cannot fly without: diameter; fairing_mass; "
        "stages (none recorded)"
    )
    r = _launchlog("capacity", "zq-2", "--orbit", "geo", db=db)
    assert r.returncode != 0 and "--orbit 'geo'" in r.stderr
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE payload SET mass_kg = NULL WHERE slug IN ('tianyi-33', 'honghu-2')")
    r = _launchlog("ascent", "zq2-y3", db=db)
    assert r.returncode == 1 and "no mass recorded for: tianyi-33, honghu-2" in r.stderr


def test_missing_fields_are_listed_exactly(loaded: Engine) -> None:
    from archive.ascent import vehicle_spec
    from flight.errors import MissingStageData

    with session(loaded) as s:
        v = s.scalar(select(m.Vehicle).where(m.Vehicle.key == "zq-1"))
        v.stages[1].dry_mass_kg = None
        v.stages[2].engines[0].engine.isp_vac_s = None
        with pytest.raises(MissingStageData) as err:
            vehicle_spec(v)
        s.rollback()
    assert err.value.missing == ["stage 2 dry_mass", "stage 3 engine 'zq1-motor-3' isp_vac"]


def test_target_spec() -> None:
    site = Site(41.31, 100.31, 1000.0)
    assert parse_target("leo:300", site).inclination_deg == pytest.approx(41.31)
    t = parse_target("leo:200x400@50", site)
    assert (t.perigee_km, t.apogee_km, t.inclination_deg) == (200, 400, 50)
    assert parse_target("sso:500", site).inclination_deg == pytest.approx(97.40, abs=0.01)
    with pytest.raises(ValueError, match="apogee below perigee"):
        parse_target("leo:400x200", site)


def test_reload_keeps_simulated_orbit(loaded: Engine) -> None:
    from archive.ascent import store_simulated_orbit

    with session(loaded, write=True) as s:
        run = fly_mission(s, "zq1-y1")
        store_simulated_orbit(s, run)
    load_paths(loaded, [MISSIONS])
    with session(loaded) as s:
        rows = s.scalars(select(m.Orbit).where(m.Orbit.origin == m.OrbitOrigin.SIMULATED)).all()
        assert [r.key for r in rows] == ["simulated"]
        assert rows[0].mission.slug == "zq1-y1" and rows[0].kind == m.OrbitKind.ACHIEVED


def test_zq3_y1_shows_both_stages_and_the_failed_landing(cli_db: list[str], tmp_path: Path) -> None:
    png = tmp_path / "zq3.png"
    r = runner.invoke(app, [*cli_db, "ascent", "zq3-y1", "--no-store", "--plot", str(png)])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "orbit insertion" in out and "flies back to Minqin landing zone" in out
    for text in ("entry burn", "landing burn", "engine out  [failure]", "CRASHED at T+"):
        assert text in out, text
    assert "recorded\tCRASHED, 40 m from the centre" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    show = runner.invoke(app, [*cli_db, "show", "zq3-y1"]).output
    assert "Landings" in show and "Minqin landing zone" in show and "landing burn" in show
    spent = runner.invoke(app, [*cli_db, "capacity", "zq-3", "--orbit", "leo:200"]).output
    kept = runner.invoke(
        app, [*cli_db, "capacity", "zq-3", "--orbit", "leo:200", "--recovery", "downrange"]
    ).output
    assert "stage 1 holds back 80,000 kg for its return" in kept

    def kg(text: str) -> float:
        line = next(x for x in text.splitlines() if x.startswith("capacity\t"))
        return float(line.split("\t")[1].split()[0].replace(",", ""))

    assert kg(kept) < kg(spent) - 5000
    bad = _launchlog("capacity", "zq-3", "--orbit", "leo:200", "--recovery", "ship", db=cli_db[1])
    assert bad.returncode == 2  # a usage error, one line
    assert bad.stderr == "launchlog: --recovery 'ship': expected one of none, downrange\n"
