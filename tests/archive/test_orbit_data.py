"""Element sets, exports and the `orbit` / `import tle` commands on the real archive."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from astropy import units as u
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from archive import model as m
from archive import session
from archive.orbits import import_tle, mission_orbits
from flight import tle
from flight.errors import TLEError
from flight.export import read_oem, to_oem
from launchlog.cli import app

from ..conftest import MISSIONS, SHARED

TLE_FILE = SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"
runner = CliRunner()
needs_tle = pytest.mark.skipif(not TLE_FILE.exists(), reason="../shared/data/tle not present")

HONGHU = """HONGHU 2
1 58555U 23193C   25274.91721669  .00004076  00000+0  16695-3 0  9993
2 58555  97.2664 269.1211 0038982 104.5186 256.0381 15.24143294 62751
"""


def test_checksum_and_fields() -> None:
    (es,) = tle.parse(HONGHU)
    assert es.norad_id == 58555 and es.cospar_id == "2023-193C" and es.name == "HONGHU 2"
    assert es.inclination_deg == 97.2664 and es.eccentricity == pytest.approx(0.0038982)
    assert es.epoch.utc.iso.startswith("2025-10-01 22:00:47")  # day 274.917 of 2025


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (HONGHU.replace("0  9993", "0  9994"), 2, "checksum"),
        (HONGHU.replace(" 62751", " 6275"), 3, "line 2"),
        ("\n".join(HONGHU.splitlines()[:2]), 2, "line 2"),
        (
            HONGHU.replace("2 58555  97", "2 58556  97").replace("62751", "62741"),
            3,
            "catalog number",
        ),
    ],
    ids=["bad checksum", "short line", "truncated", "mismatched catalog numbers"],
)
def test_bad_element_sets_name_file_line_field(text: str, line: int, field: str) -> None:
    with pytest.raises(TLEError) as err:
        tle.parse(text, "bad.tle")
    assert (err.value.file, err.value.line, err.value.field) == ("bad.tle", line, field)
    assert str(err.value).startswith(f"bad.tle:{line}: field '{field}'")


def test_sgp4_state_is_consistent_with_the_mean_motion() -> None:
    (es,) = tle.parse(HONGHU)
    r, v, _ = tle.state_gcrs(es)
    a_mean = (398_600.4418 / (es.mean_motion_rev_day * 2 * np.pi / 86_400) ** 2) ** (1 / 3)
    energy = np.dot(v, v) / 2 - 398_600.4418 / np.linalg.norm(r)
    assert -398_600.4418 / (2 * energy) == pytest.approx(a_mean, abs=15)  # osculating vs mean, km


@needs_tle
def test_import_attaches_achieved_orbits_and_is_idempotent(loaded: Engine) -> None:
    with session(loaded, write=True) as s:
        report = import_tle(s, TLE_FILE)
    assert len(report.attached) == 9 and not report.unmatched
    assert {slug for slug, _ in report.attached} >= {"honghu-2", "guangchuan-01", "guangchuan-02"}
    with session(loaded, write=True) as s:
        again = import_tle(s, TLE_FILE)
    assert not again.attached and not again.updated and len(again.unchanged) == 9
    with session(loaded) as s:
        rows = s.scalars(select(m.Orbit).where(m.Orbit.origin == m.OrbitOrigin.ELEMENT_SET)).all()
        assert len(rows) == 9 and all(r.element_set.count("\n") == 2 for r in rows)
        honghu = next(r for r in rows if r.payload.slug == "honghu-2")
        assert honghu.mission.slug == "zq2-y3" and honghu.kind is m.OrbitKind.ACHIEVED
        orbits = {o.row.key: o for o in mission_orbits(s, "zq2-y3")}
        tle_orbit = orbits[honghu.key].summary
        # the TLE's own 97.2664 deg, of date: SGP4 mean elements in TEME, not GCRS ones
        assert tle_orbit.inclination.to_value(u.deg) == pytest.approx(97.2664, abs=1e-4)
        assert tle_orbit.elements == "sgp4-mean" and tle_orbit.frame == "TEME"
        # SpaceNews: "about 433 x 461 km" in Dec 2023; two years later it sits lower
        assert 430 < tle_orbit.apogee_altitude.to_value(u.km) < 560


def test_oem_round_trip() -> None:
    from astropy.time import Time, TimeDelta

    epochs = Time("2025-01-01T00:00:00", scale="utc") + TimeDelta(np.arange(5) * 60.0, format="sec")
    r = np.random.default_rng(1).normal(size=(5, 3)) * 7000
    v = np.random.default_rng(2).normal(size=(5, 3)) * 7
    oem = read_oem(to_oem(epochs, r, v, object_name="TEST", object_id="2025-001A", comments=["x"]))
    assert oem.header["CCSDS_OEM_VERS"] == "2.0" and oem.meta["REF_FRAME"] == "GCRF"
    assert oem.meta["CENTER_NAME"] == "EARTH" and oem.meta["TIME_SYSTEM"] == "UTC"
    np.testing.assert_allclose(oem.states[:, :3], r, atol=1e-6)
    np.testing.assert_allclose(oem.states[:, 3:], v, atol=1e-9)
    assert np.allclose((oem.epochs - epochs).sec, 0, atol=1e-3)


@pytest.fixture
def cli_db(tmp_path: Path) -> list[str]:
    db = ["--db", str(tmp_path / "o.sqlite")]
    runner.invoke(app, [*db, "db", "upgrade"])
    assert runner.invoke(app, [*db, "load", str(MISSIONS)]).exit_code == 0
    return db


def test_orbit_command_shows_futures_intended_orbit(cli_db: list[str]) -> None:
    out = runner.invoke(app, [*cli_db, "orbit", "zq1-y1"]).output
    assert "Sun-synchronous\tyes: nodal rate +0.0000 deg/day from the Sun's" in out
    assert "elements\tas published, TEME of date" in out
    assert "period\t94.62 min" in out and "inclination\t97.402 deg" in out
    assert "span\t24 h, 1441 states every 60 s" in out and "model\tj2" in out


def test_orbit_exports(cli_db: list[str], tmp_path: Path) -> None:
    oem_path, czml_path, png = tmp_path / "f.oem", tmp_path / "f.czml", tmp_path / "f.png"
    r = runner.invoke(
        app,
        [
            *cli_db,
            "orbit",
            "zq1-y1",
            "--span",
            "90min",
            "--step",
            "30s",
            "--model",
            "twobody",
            "--format",
            "oem",
            "-o",
            str(oem_path),
            "--plot",
            str(png),
        ],
    )
    assert r.exit_code == 0, r.output
    oem = read_oem(oem_path.read_text())
    assert len(oem.epochs) == 181 and oem.meta["OBJECT_NAME"] == "Future"
    radii = np.linalg.norm(oem.states[:, :3], axis=1)
    assert radii == pytest.approx(6878.1363, abs=1e-3)  # circular 500 km, two-body
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 30_000
    r = runner.invoke(
        app, [*cli_db, "orbit", "zq1-y1", "--span", "1h", "--format", "czml", "-o", str(czml_path)]
    )
    from czml3 import Document

    doc = Document.model_validate_json(czml_path.read_text())
    packet = doc.packets[1]
    assert packet.name == "Future" and packet.position.referenceFrame == "INERTIAL"
    assert len(json.loads(czml_path.read_text())[1]["position"]["cartesian"]) == 61 * 4
    csv = runner.invoke(
        app, [*cli_db, "orbit", "zq1-y1", "--span", "2min", "--format", "csv"]
    ).output.splitlines()
    assert (
        csv[0] == "utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,lat_deg,lon_deg,alt_km"
        and len(csv) == 4
    )


@needs_tle
def test_drag_without_mass_is_a_clear_error(cli_db: list[str]) -> None:
    import os
    import subprocess
    import sys

    from ..conftest import ROOT

    runner.invoke(app, [*cli_db, "import", "tle", str(TLE_FILE)])
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": cli_db[1]}
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "launchlog",
            "orbit",
            "zq2-y3",
            "--orbit",
            "achieved",
            "--model",
            "drag",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert (
        "payload 'honghu-2': field 'dimensions': the drag model needs its mass and dimensions; "
        "missing: dimensions" in r.stderr
    )


def test_orbit_command_errors(cli_db: list[str]) -> None:
    r = runner.invoke(app, [*cli_db, "orbit", "zq1-y1", "--model", "sgp5"])
    assert r.exit_code == 2 and "sgp5" in r.output
    r = runner.invoke(app, [*cli_db, "orbit", "zq1-y1", "--span", "1 fortnight"])
    assert r.exit_code == 2


def test_a_records_kept_summary_is_the_one_flight_keeps(
    loaded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``show`` keys a record's summary on the stored datetime (no astropy); flight keys the
    same elements on their ``Time``. One answer, computed once, the same to the bit."""
    import platformdirs

    from archive.orbit_rows import recorded_summary, site_of
    from archive.orbits import elements_of
    from flight import kept
    from flight import orbits as fo

    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *_a, **_k: str(tmp_path))
    monkeypatch.setattr(kept, "_MEMORY", {})
    with session(loaded) as s:
        row = s.scalars(select(m.Orbit).where(m.Orbit.key == "future-intended")).one()
        computed = fo.summarise(fo.build_orbit(elements_of(row), site=site_of(row)))
        shown = recorded_summary(row)  # computed and kept
        monkeypatch.setattr(fo, "build_orbit", lambda *_a, **_k: pytest.fail("not kept"))
        from_flight = fo.summarise_elements(elements_of(row), site=site_of(row))
    assert shown == from_flight == computed
    assert (shown.ltan, round(shown.period_min, 1)) == ("02:31", 94.6)  # as `show` prints
