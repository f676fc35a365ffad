"""launchlog's mission archive: a SQLAlchemy database of launch vehicles, missions and payloads.

The public API, for scripts and notebooks; everything a user imports comes from here::

    from archive import open_archive, session, list_missions, get_mission

    engine = open_archive()            # $LAUNCHLOG_DATABASE_URL or the user's SQLite file
    with session(engine) as s:
        for row in list_missions(s, family="zhuque-2", outcome="success"):
            print(row.slug, row.launch_epoch.iso)
        zq1 = get_mission(s, "zq1-y1")
        print(zq1.vehicle.liftoff_mass.to("t"), [st.burn_time for st in zq1.vehicle.stages])

Names load on first use (PEP 562): importing ``archive`` imports nothing else, so a
command pays only for the parts (SQLAlchemy, Alembic, pydantic, astropy) it uses.
"""

from __future__ import annotations

from flight.lazy import lazy_api, public_names

_API: dict[str, tuple[str, ...]] = {
    "db": (
        "current_revision",
        "downgrade",
        "head_revision",
        "make_engine",
        "open_archive",
        "reading",
        "require_current",
        "resolve_url",
        "session",
        "session_scope",
        "upgrade",
    ),
    "errors": (
        "ArchiveError",
        "ExportError",
        "InvalidRequest",
        "LoadError",
        "NotFound",
        "RecordProblem",
        "SchemaOutOfDate",
        "SchemaRefused",
        "UnsupportedDatabase",
        "WriteRefused",
    ),
    "loader": ("LoadReport", "load_paths", "validate_files"),
    "listing": ("MissionRow", "list_missions"),
    "plain": ("as_plain",),
    "queries": (
        "PayloadRow",
        "SiteRow",
        "VehicleRow",
        "estimated_fields",
        "get_mission",
        "list_payloads",
        "list_sites",
        "list_vehicles",
        "mission_provenance",
    ),
    "readonly_sql": ("SqlResult", "run_sql"),
    "export": ("ExportReport", "export_archive"),
    "gcat_import": ("GcatReport", "import_gcat"),
    "elements_import": ("ElementImport", "TLEImport", "import_elements"),
    "ll2_import": ("LL2Report", "import_ll2"),
    "stats": (
        "Coverage",
        "FirstFlights",
        "Record",
        "Tally",
        "coverage",
        "first_flights",
        "launches_by",
        "provider_record",
        "site_record",
    ),
    "orbits": ("MissionOrbit", "import_tle", "mission_orbits", "pick", "to_orbit"),
    "ascent": ("MissionAscent", "fly_mission", "store_simulated_orbit", "vehicle_capacity"),
}

__getattr__ = lazy_api(__name__, _API)
__all__ = public_names(_API)
