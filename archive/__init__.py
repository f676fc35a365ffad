"""launchlog's mission archive: a SQLAlchemy database of launch vehicles, missions and payloads.

The public API, for scripts and notebooks::

    from archive import open_archive, session, list_missions, get_mission

    engine = open_archive()            # $LAUNCHLOG_DATABASE_URL or the user's SQLite file
    with session(engine) as s:
        for row in list_missions(s, family="zhuque-2", outcome="success"):
            print(row.slug, row.launch_time.iso)
        zq1 = get_mission(s, "zq1-y1")
        print(zq1.vehicle.liftoff_mass.to("t"), [st.burn_time for st in zq1.vehicle.stages])
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from .db import (
    SchemaOutOfDate,
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    resolve_url,
    session_scope,
    upgrade,
)
from .errors import LoadError, NotFound, RecordProblem, WriteRefused

# The rest of the API loads on first use (PEP 562): the record schema and the query layer
# pull in pydantic and astropy, which commands such as `view` need only later, if at all.
_LAZY = {
    "LoadReport": "loader",
    "load_paths": "loader",
    "validate_files": "loader",
    **{
        name: "queries"
        for name in (
            "MissionRow",
            "PayloadRow",
            "SiteRow",
            "VehicleRow",
            "as_plain",
            "get_mission",
            "list_missions",
            "list_payloads",
            "list_sites",
            "list_vehicles",
            "mission_provenance",
            "run_sql",
        )
    },
}

if TYPE_CHECKING:
    from .loader import LoadReport, load_paths, validate_files
    from .queries import (
        MissionRow,
        PayloadRow,
        SiteRow,
        VehicleRow,
        as_plain,
        get_mission,
        list_missions,
        list_payloads,
        list_sites,
        list_vehicles,
        mission_provenance,
        run_sql,
    )


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'archive' has no attribute {name!r}")


def open_archive(db: str | None = None, *, upgrade_schema: bool = False) -> Engine:
    """An engine on the archive at ``db`` (URL or SQLite path; default as the CLI's ``--db``)."""
    engine = make_engine(db)
    if upgrade_schema:
        upgrade(engine)
    return engine


session = session_scope

__all__ = [
    "LoadError",
    "LoadReport",
    "MissionRow",
    "NotFound",
    "PayloadRow",
    "RecordProblem",
    "SchemaOutOfDate",
    "SiteRow",
    "VehicleRow",
    "WriteRefused",
    "as_plain",
    "current_revision",
    "downgrade",
    "get_mission",
    "head_revision",
    "list_missions",
    "list_payloads",
    "list_sites",
    "list_vehicles",
    "load_paths",
    "mission_provenance",
    "open_archive",
    "resolve_url",
    "run_sql",
    "session",
    "upgrade",
    "validate_files",
]
