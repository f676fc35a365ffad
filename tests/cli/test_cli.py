"""The `launchlog` command, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchlog.cli import app

from ..conftest import MISSIONS, ROOT
from ..gcat_files import GCAT, cut_gcat

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path) -> list[str]:
    db = ["--db", str(tmp_path / "cli.sqlite")]
    assert runner.invoke(app, [*db, "db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, [*db, "load", str(MISSIONS)])
    assert result.exit_code == 0, result.output
    assert "loaded 73 records from 6 files" in result.output
    return db


def test_second_load_reports_no_changes(cli_db: list[str]) -> None:
    result = runner.invoke(app, [*cli_db, "load", str(MISSIONS)])
    assert "no changes (already loaded)" in result.output


def test_show_zq1_y1_tells_the_story(cli_db: list[str]) -> None:
    out = runner.invoke(app, [*cli_db, "show", "zq1-y1"]).output
    for needle in [
        "Zhuque-1 Y1",
        "2018-10-27 08:00 UTC",
        "FAILURE (stage 3)",
        "Stages",
        "≈16,900 kg",
        "402 s",
        "OFF-NOMINAL",
        "reaction control",
        "Future",
        "Weilai-1",
        "0.320 x 0.295 x 0.248 m",
        "space science and remote sensing",
        "intended",
        "from J2 (SSO)",
        "Sources",
        "NASASpaceflight",
        "Parabolic Arc",
        "Estimates",
        "sources disagree: about 40 kg",
        # derived by flight from the intended orbit, its plane through the pad (southbound)
        "94.6 min, +0.986 deg/day (SSO), LTAN 02:31 (as published, TEME of date)",
    ]:
        assert needle in out, needle
    # the timeline runs in order up to the failure
    timeline = out[out.index("Timeline") : out.index("Payloads")]
    order = ["liftoff", "burnout", "separation", "fairing jettison", "anomaly", "reentry"]
    assert [timeline.index(k) for k in order] == sorted(timeline.index(k) for k in order)


def test_show_converts_units_as_astropy_does() -> None:
    """``show`` writes a lift-off mass in tonnes and a thrust in kN without astropy."""
    from astropy import units as u

    from launchlog.show import _SHOWN

    for (column_unit, shown), factor in _SHOWN.items():
        assert u.Unit(column_unit).to(shown) == pytest.approx(factor, rel=1e-15)


def test_show_reads_kept_summaries_without_astropy(cli_db: list[str], tmp_path: Path) -> None:
    """``show`` computes an orbit's summary once (astropy's frames and Sun), then prints it
    from the kept summary without importing astropy or numpy: what makes it answer in about
    half a second. Both runs print the same page."""
    code = (
        "import sys; from launchlog.cli import main\n"
        f"sys.argv = ['launchlog', *{cli_db!r}, 'show', 'zq1-y1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [n for n in ('astropy', 'numpy', 'poliastro') if n in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}  # nothing kept yet
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        for _ in range(2)
    ]
    first, second = runs
    assert "LTAN 02:31 (as published, TEME of date)" in first.stdout
    assert first.stderr.strip().splitlines()[-1] != "[]"  # computed: astropy was needed
    assert second.stdout == first.stdout
    assert second.stderr.strip().splitlines()[-1] == "[]"


def test_list_missions_filters_and_pipes_plainly(cli_db: list[str]) -> None:
    out = runner.invoke(
        app, [*cli_db, "list", "missions", "--family", "zhuque-2", "--outcome", "failure"]
    ).output
    lines = out.strip().splitlines()
    assert lines[0].split("\t")[0] == "slug"
    assert [line.split("\t")[0] for line in lines[1:]] == ["zq2-y1", "zq2e-y3"]
    out = runner.invoke(app, [*cli_db, "list", "missions", "--from", "2023", "--to", "2023"]).output
    assert [line.split("\t")[0] for line in out.strip().splitlines()[1:]] == ["zq2-y2", "zq2-y3"]
    out = runner.invoke(app, [*cli_db, "list", "missions", "--operator", "hongqing"]).output
    assert [line.split("\t")[0] for line in out.strip().splitlines()[1:]] == ["zq2-y3", "zq2e-y1"]
    out = runner.invoke(
        app, [*cli_db, "list", "missions", "--vehicle", "zq-1", "--site", "jiuquan"]
    ).output
    assert [line.split("\t")[0] for line in out.strip().splitlines()[1:]] == ["zq1-y1"]


def test_list_json_has_units_in_keys(cli_db: list[str]) -> None:
    data = json.loads(runner.invoke(app, [*cli_db, "list", "vehicles", "--json"]).output)
    zq2 = next(v for v in data if v["key"] == "zq-2")
    assert zq2["height_m"] == 49.5 and zq2["liftoff_mass_t"] == 216.0 and zq2["launches"] == 3
    sites = json.loads(runner.invoke(app, [*cli_db, "list", "sites", "--json"]).output)
    assert sites[0]["latitude_deg"] == 41.31
    payloads = json.loads(
        runner.invoke(app, [*cli_db, "list", "payloads", "--mission", "zq1-y1", "--json"]).output
    )
    assert payloads == [payloads[0]] and payloads[0]["mass_kg"] == 40.0
    missions = json.loads(runner.invoke(app, [*cli_db, "list", "missions", "--json"]).output)
    assert missions[0]["launch_time"] == "2018-10-27T08:00:00.000Z"


def test_sql_reads(cli_db: list[str]) -> None:
    out = runner.invoke(
        app, [*cli_db, "sql", "SELECT slug FROM mission WHERE failed_stage = 3", "--json"]
    ).output
    assert json.loads(out) == [{"slug": "zq1-y1"}]


def test_help_everywhere() -> None:
    for args in (
        [],
        ["db"],
        ["list"],
        ["list", "missions"],
        ["show"],
        ["load"],
        ["sql"],
        ["db", "upgrade"],
    ):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, args


def _launchlog(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": db}
    return subprocess.run(
        [sys.executable, "-m", "launchlog", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_errors_are_one_clear_line_and_an_exit_code(cli_db: list[str]) -> None:
    db = cli_db[1]
    refused = _launchlog("sql", "DELETE FROM mission", db=db)
    assert (
        refused.returncode == 3
        and "read-only" in refused.stderr
        and "Traceback" not in refused.stderr
    )
    assert _launchlog("sql", "SELECT count(*) AS n FROM mission", db=db).stdout.split() == [
        "n",
        "8",
    ]
    missing = _launchlog("show", "zq1-y2", db=db)
    assert (
        missing.returncode == 1 and "did you mean" in missing.stderr and "zq1-y1" in missing.stderr
    )


def test_out_of_date_database_says_what_to_do(tmp_path: Path) -> None:
    result = _launchlog("list", "missions", db=str(tmp_path / "new.sqlite"))
    assert result.returncode == 1 and "launchlog db upgrade" in result.stderr


def test_stats_command(cli_db: list[str]) -> None:
    by_year = runner.invoke(app, [*cli_db, "stats", "--by", "year"])
    assert by_year.exit_code == 0, by_year.output
    lines = by_year.output.splitlines()
    assert lines[0].split("\t") == [
        "year",
        "launches",
        "successes",
        "partial",
        "failures",
        "success rate",
        "sources",
    ]
    assert "2018\t1\t0\t0\t1\t0.0 %\t" in lines and "all\t8\t5\t0\t3\t62.5 %\t" in lines
    # which sources cover which dates: the curated flights GCAT also lists, and the three
    # of 2025 only the records hold (GCAT's edition ends in April 2025)
    assert "GCAT launch log: 5 launches, 2018-10-27 to 2024-11-27" in lines
    assert "records only: 3 launches, 2025-05-17 to 2025-12-03" in lines
    first = runner.invoke(app, [*cli_db, "stats", "--first", "2", "--vehicle", "zq-2"])
    assert "zq2-y1" in first.output and "1 of 2 succeeded (50 %)" in first.output
    site = runner.invoke(app, [*cli_db, "stats", "--site", "jiuquan", "--json"])
    record = json.loads(site.output)
    assert record["tally"]["launches"] == 8 and record["success_rate"] == round(5 / 8, 4)
    bad = _launchlog("stats", "--site", "jiuqan", db=cli_db[1])
    assert bad.returncode == 1 and "no site 'jiuqan'; did you mean jiuquan?" in bad.stderr
    lone = _launchlog("stats", "--first", "3", db=cli_db[1])
    assert lone.returncode == 2 and "--first needs --vehicle or --family" in lone.stderr


@pytest.mark.skipif(not GCAT.exists(), reason="../shared/data/gcat not present")
def test_import_gcat_command(cli_db: list[str], tmp_path: Path) -> None:
    small = cut_gcat(tmp_path / "gcat")
    result = _launchlog("import", "gcat", str(small), db=cli_db[1])
    assert result.returncode == 0, result.stderr
    assert "36 Earth launches in GCAT" in result.stdout
    assert "5 already curated, kept as they are: 2018-F02 = zq1-y1" in result.stdout
    assert "31 mission" in result.stdout and "missions" in result.stderr  # the progress bars
    again = _launchlog("import", "gcat", str(small), db=cli_db[1])
    assert "31 imported before: unchanged" in again.stdout and "no changes" in again.stdout
    (small / "sites.tsv").write_bytes(b"\xff\xfe")
    broken = _launchlog("import", "gcat", str(small), db=cli_db[1])
    assert broken.returncode == 1 and "sites.tsv:1: not UTF-8" in broken.stderr
    assert "nothing was written" in broken.stderr and "Traceback" not in broken.stderr


def test_show_says_what_gcats_catalogue_says_a_payload_was_for() -> None:
    """Weilai hao-1R's line in GCAT's psatcat.tsv: IMG, BDSAGR, class B, ended 2022?"""
    from types import SimpleNamespace

    from launchlog.show import _catalogued

    def payload(**said: str | None) -> SimpleNamespace:
        blank = dict.fromkeys(("category", "programme", "payload_class", "operations_ended"))
        return SimpleNamespace(**{**blank, **said})

    weilai = payload(
        category="IMG", programme="BDSAGR", payload_class="B", operations_ended="2022?"
    )
    assert _catalogued(weilai) == "GCAT: IMG, programme BDSAGR, class B, ended 2022?"
    assert _catalogued(payload(operations_ended="ongoing")) == "GCAT: in operation"
    assert _catalogued(payload()) == ""


def test_the_command_line_collects_garbage_rarely_but_still_collects(cli_db: list[str]) -> None:
    """Python's default collector made ~300 passes while ``show`` imported its libraries
    (0.1 s of 0.83 s); the console script sets ``GC_THRESHOLD`` before any of them, and keeps
    the collector on."""
    code = (
        "import atexit, gc, sys\n"
        "def report():\n"
        "    passes = sum(s['collections'] for s in gc.get_stats())\n"
        "    sys.stderr.write(f'{passes} {gc.isenabled()} {gc.get_threshold()}')\n"
        "atexit.register(report)\n"
        f"sys.argv = ['launchlog', '--db', {cli_db[1]!r}, 'show', 'zq1-y1']\n"
        "from launchlog.console import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "Zhuque-1 Y1" in done.stdout
    passes, enabled, threshold = done.stderr.strip().split(" ", 2)
    assert int(passes) < 30 and enabled == "True"
    assert threshold == "(50000, 20, 20)"
