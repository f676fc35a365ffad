"""Nothing lost: the archive written out as record files loads back into the same archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from archive import model as m
from archive import session
from archive.ascent import fly_mission, store_simulated_orbit
from archive.db import make_engine, upgrade
from archive.export import export_archive
from archive.gcat_import import import_gcat
from archive.loader import load_paths
from archive.orbits import import_tle
from launchlog.cli import app

from ..conftest import MISSIONS, SHARED, database, snapshot
from ..gcat_files import GCAT, cut_gcat

TLE_FILE = SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"
pytestmark = pytest.mark.skipif(
    not (GCAT.exists() and TLE_FILE.exists()), reason="../shared data not present"
)


def build(engine: Engine, tmp_path: Path) -> None:
    """Every way rows get in: records, element sets, a simulated ascent, a GCAT import."""
    load_paths(engine, [MISSIONS])
    with session(engine, write=True) as s:
        import_tle(s, TLE_FILE)
        store_simulated_orbit(s, fly_mission(s, "zq1-y1"))
    import_gcat(engine, cut_gcat(tmp_path / "gcat"))


def test_export_then_load_into_an_empty_database_gives_every_row_back(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    build(engine, tmp_path)
    original = snapshot(engine)
    assert len(original["mission"]) == 8 + 31 and original["orbit"] and original["failure_mode"]
    assert original["landing"] and original["landing_zone"]  # issue 16: they go round too
    out = tmp_path / "export"
    report = export_archive(engine, out)
    top = ("source", "organisation", "site", "landing_zone", "engine", "vehicle_family")
    top = (*top, "vehicle", "payload")
    assert report.records == sum(len(original[t]) for t in (*top, "mission"))
    assert (out / "missions" / "1957.yaml").exists()

    kind = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    with database(kind, tmp_path / "copy") as copy_url:
        copy = make_engine(copy_url)
        upgrade(copy)
        load_paths(copy, [out])
        assert snapshot(copy) == original  # every row of every table, links resolved
        again = tmp_path / "again"
        export_archive(copy, again)
        copy.dispose()
    for path in sorted(out.rglob("*.yaml")):  # the files themselves are stable
        assert path.read_bytes() == (again / path.relative_to(out)).read_bytes(), path
    assert not load_paths(engine, [out]).changed  # and they describe the archive as it is


def test_export_keeps_provenance_beside_its_field(loaded: Engine, tmp_path: Path) -> None:
    export_archive(loaded, tmp_path)
    text = (tmp_path / "vehicles.yaml").read_text(encoding="utf-8")
    assert "estimate:" in text and "sources: [" in text
    zq1 = (tmp_path / "missions" / "2018.yaml").read_text(encoding="utf-8")
    assert "slug: zq1-y1" in zq1 and "launch_time: 2018-10-27 08:00" in zq1
    assert "tumble_rate:" in zq1  # the failure model survives


def test_export_command(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["--db", str(db), "load", str(MISSIONS)]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "wrote 73 records to" in result.output
    with session(make_engine(str(db))) as s:
        assert s.scalar(select(m.Mission.slug).where(m.Mission.slug == "zq1-y1"))
