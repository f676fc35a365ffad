"""``launchlog browse``: the archive in Datasette, read-only, on the loopback interface.

Datasette opens the SQLite file read-only (``mode=ro``: it reads the WAL, which
immutable mode would ignore, and writes nothing; SQL pages run only SELECTs), binds
127.0.0.1, and shows tables with titles, descriptions and facets configured
here: missions by outcome, vehicle, site and launch date; payloads by operator. The plugin
in ``launchlog/browse_guard`` bounds what it serves (see there).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from ..app import app, engine

GUARD = Path(__file__).resolve().parent.parent / "browse_guard"  # Datasette's plugin folder

TABLES = {
    "mission": (
        "Missions",
        "Every flight: vehicle, site and pad, launch time, outcome and, for failures, the stage "
        "and what happened; GCAT's launch code verbatim; Launch Library 2's orbit class. Facet "
        "by outcome, vehicle, site, launch provider, country, orbit class or year.",
        [
            "outcome",
            "vehicle_id",
            "site_id",
            "provider_id",
            "country",
            "orbit_class",
            "gcat_launch_code",
            {"date": "launch_time"},
        ],
    ),
    "vehicle": ("Vehicles", "Launch vehicles and their variants.", ["family_id", "status"]),
    "stage": (
        "Stages",
        "Stage masses, burn times and sizes (estimates are cited as such).",
        ["vehicle_id"],
    ),
    "engine": (
        "Engines",
        "Thrust and specific impulse, sea level and vacuum.",
        ["manufacturer_id"],
    ),
    "payload": (
        "Payloads",
        "Satellites and dummy masses, with their operators; GCAT's class, category, programme "
        "and result.",
        ["operator_id", "builder_id", "payload_class", "category", "result"],
    ),
    "orbit": (
        "Orbits",
        "Intended and achieved orbits: published, from element sets (TLE or OMM), registered "
        "with the UN, catalogued by GCAT, or simulated. Facet by origin and kind.",
        ["kind", "origin", "elements", "mission_id"],
    ),
    "mission_event": ("Mission events", "Timelines, T+ in seconds.", ["kind", "nominal"]),
    "failure_mode": (
        "Failure modes",
        "What the ascent simulator flies for a failed mission.",
        ["kind", "stage"],
    ),
    "citation": (
        "Citations",
        "Which source backs which field; estimates say how they were made.",
        ["entity", "is_estimate", "source_id"],
    ),
    "source": ("Sources", "Publications and data sets the records cite.", []),
    "organisation": ("Organisations", "Manufacturers, operators, launch providers.", []),
    "site": ("Launch sites", "Sites with their coordinates.", ["country"]),
    "launch_tally": (
        "Launch tallies",
        "Launches per year, country and family by outcome (kept in step with the missions).",
        ["dimension", "outcome"],
    ),
}


def metadata(db_name: str) -> dict:
    return {
        "title": "launchlog: space-launch mission archive",
        "description": "Read-only. Every fact is traceable to a source in the citation table; "
        "estimates are marked there.",
        "databases": {
            db_name: {
                "tables": {
                    table: {"title": title, "description": text, "facets": facets}
                    for table, (title, text, facets) in TABLES.items()
                }
            }
        },
    }


@app.command("browse")
def browse(
    port: Annotated[int, typer.Option("--port", help="Loopback port to serve on.")] = 8001,
) -> None:
    """Point-and-click browsing of the archive in Datasette (read-only, 127.0.0.1)."""
    cmd = browse_command(engine(), port)
    print(f"browse: http://127.0.0.1:{port}/  (read-only; Ctrl-C to stop)", flush=True)
    os.execve(cmd[0], cmd, {**os.environ, "LAUNCHLOG_BROWSE_PORT": str(port)})


def browse_command(engine: Any, port: int) -> list[str]:
    """The Datasette command line for this archive (SQLite only)."""
    from archive import UnsupportedDatabase, require_current

    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        raise UnsupportedDatabase(
            "browse serves SQLite archives with Datasette; this archive is "
            f"{engine.url.get_backend_name()} (use its own tools, or `launchlog sql`)"
        )
    require_current(engine)
    path = Path(engine.url.database)
    with sqlite3.connect(path) as con:  # fold the WAL into the file: Datasette reads the file
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = Path(tempfile.mkdtemp(prefix="launchlog-browse-")) / "metadata.json"
    meta.write_text(json.dumps(metadata(path.stem), indent=2))
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent)) or "datasette"
    return [
        datasette,
        "serve",
        str(path),  # mutable (read-only) mode: it follows the archive's writes, WAL included
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--metadata",
        str(meta),
        "--setting",
        "sql_time_limit_ms",
        "3000",
        "--setting",
        "max_returned_rows",
        "1000",
        "--plugins-dir",
        str(GUARD),
    ]

