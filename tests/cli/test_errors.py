"""Every error a user can cause reaches them as one line naming what is wrong: never a
traceback. Each command is run as ``launchlog.cli.main`` runs it, with bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from launchlog.cli import main

from ..conftest import MISSIONS, ROOT


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("errors") / "a.sqlite")
    for args in (["db", "upgrade"], ["load", str(MISSIONS)]):
        assert run(db, args)[0] == 0
    return db


def run(db: str, args: list[str]) -> tuple[int, str]:
    """Exit code and standard error of ``launchlog --db DB ARGS``, in this process."""
    import contextlib
    import io
    import sys

    err = io.StringIO()
    argv = sys.argv
    sys.argv = ["launchlog", "--db", db, *args]
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = argv
    return code, err.getvalue()


BAD = {
    "unknown mission to show": (["show", "nope"], "no mission 'nope'"),
    "unknown mission to fly": (["ascent", "nope", "--no-store"], "no mission 'nope'"),
    "unknown mission's orbit": (["orbit", "nope"], "no mission 'nope'"),
    "unknown mission to view": (["view", "nope", "--no-browser"], "no mission 'nope'"),
    "unknown vehicle's capacity": (["capacity", "nope", "--orbit", "leo:300"], "nope"),
    "unreadable target orbit": (["capacity", "zq-1", "--orbit", "moon"], "moon"),
    "no such record folder": (["load", "/nonexistent/records"], "no such file or directory"),
    "no such GCAT folder": (["import", "gcat", "/nonexistent/gcat"], "no such directory"),
    "no such element-set file": (["import", "tle", "/nonexistent.tle"], "/nonexistent.tle"),
    "unknown table in sql": (["sql", "SELECT * FROM nope"], "no such table"),
    "a write through sql": (["sql", "DELETE FROM mission"], "read-only"),
    "unknown site's record": (["stats", "--site", "nowhere"], "nowhere"),
    "unknown schema revision": (["db", "downgrade", "9999"], "9999"),
    "bad duration": (["orbit", "zq1-y1", "--span", "1 fortnight"], "1 fortnight"),
    "unknown orbit key": (["orbit", "zq1-y1", "--orbit", "nope"], "nope"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_one_clear_line(archive_db: str, case: str) -> None:
    args, needle = BAD[case]
    code, err = run(archive_db, args)
    assert code != 0
    assert "Traceback" not in err
    assert needle in err, err
    said = [ln for ln in err.splitlines() if ln.startswith("launchlog: ")]
    usage = "Invalid value" in err or "Usage: " in err  # typer's own usage errors
    assert len(said) == 1 or usage, err


def test_an_orbit_that_belongs_to_no_mission_stops_export_with_a_line(
    archive_db: str, tmp_path: Path
) -> None:
    """``ExportError`` was missing from the command line's list and ended in a traceback."""
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(archive_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as con:
        payload = con.execute("SELECT id FROM payload WHERE slug = 'future'").fetchone()[0]
        con.execute(
            "INSERT INTO orbit (key, kind, origin, payload_id, frame, sun_synchronous) "
            "VALUES ('stray', 'achieved', 'published', ?, 'GCRS', 0)",
            (payload,),
        )
    code, err = run(str(copy), ["export", str(tmp_path / "out")])
    assert code == 1
    assert err.strip() == (
        "launchlog: orbit 'stray' of payload 'future' belongs to no mission, and record files "
        "keep orbits under their mission"
    )


def test_an_unreachable_database_is_one_line() -> None:
    code, err = run("postgresql://nobody@127.0.0.1:1/none", ["list", "missions"])
    assert code == 1 and "Traceback" not in err
    assert err.startswith("launchlog: database error: ") and err.count("\n") == 1


def test_a_bug_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only errors a user can cause become a line; a programming error keeps its traceback."""
    import launchlog.commands.queries as q

    monkeypatch.setattr(q, "_missions", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        run(str(ROOT / "unused.sqlite"), ["list", "missions"])
