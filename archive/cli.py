"""The ``launchlog`` command: a thin layer over the archive's Python API (typer + rich)."""

from __future__ import annotations

import enum
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import DBAPIError, OperationalError

from flight.errors import MODELS, OrbitError, TLEError, UnknownModel
from flight.vehicle import MissingStageData

from . import db
from . import model as m
from .errors import LoadError, NotFound, WriteRefused
from .render import console, fmt, fmt_time, print_json, table

app = typer.Typer(
    name="launchlog",
    help="A space-launch mission archive: load, query, show. See `launchlog COMMAND --help`.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    help="Create, upgrade or inspect the database schema (Alembic).", no_args_is_help=True
)
list_app = typer.Typer(
    help="List missions, vehicles, payloads or sites, with filters.", no_args_is_help=True
)
import_app = typer.Typer(
    help="Import outside data (GCAT's launch history, element sets).", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(list_app, name="list")
app.add_typer(import_app, name="import")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=f"Database URL or SQLite file path (default: ${db.ENV_VAR}, else {db.default_url()}).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class State:
    db_url: str | None = None


def _engine():  # type: ignore[no-untyped-def]
    return db.make_engine(State.db_url)


def fail(message: str, code: int = 1) -> None:
    sys.stderr.write(f"launchlog: {message}\n")
    sys.exit(code)


@app.callback()
def _main(db_url: DbOption = None) -> None:
    State.db_url = db_url


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Create the database or bring it up to date, keeping every record."""
    engine = _engine()
    before = db.current_revision(engine)
    db.upgrade(engine, revision)
    after = db.current_revision(engine)
    where = engine.url.render_as_string(hide_password=True)
    print(
        f"{where}: schema {before or '(empty)'} -> {after}"
        if before != after
        else f"{where}: schema already at {after}"
    )


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
) -> None:
    """Step the schema back (drops what later revisions added)."""
    engine = _engine()
    db.downgrade(engine, revision)
    print(f"schema now at {db.current_revision(engine) or '(empty)'}")


@db_app.command("current")
def db_current() -> None:
    """Show the database's schema revision and the newest one this launchlog knows."""
    engine = _engine()
    print(f"database: {db.current_revision(engine) or '(empty)'}\nhead:     {db.head_revision()}")


@app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.yaml) or folders of them.")],
) -> None:
    """Validate record files and load them, all or nothing; loading twice changes nothing."""
    from .loader import load_paths

    report = load_paths(_engine(), paths)
    changes = []
    for label, counter in (
        ("added", report.inserted),
        ("updated", report.updated),
        ("removed", report.deleted),
    ):
        if counter:
            changes.append(f"{label} " + ", ".join(f"{n} {t}" for t, n in sorted(counter.items())))
    summary = "; ".join(changes) if changes else "no changes (already loaded)"
    print(f"loaded {report.records} records from {report.files} files: {summary}")


Outcome = enum.StrEnum("Outcome", {o.name: o.value for o in m.Outcome})  # type: ignore[misc]
Status = enum.StrEnum("Status", {o.name: o.value for o in m.VehicleStatus})  # type: ignore[misc]


@list_app.command("missions")
def list_missions(
    vehicle: Annotated[str | None, typer.Option(help="Vehicle key, e.g. zq-2.")] = None,
    family: Annotated[str | None, typer.Option(help="Vehicle family key, e.g. zhuque-2.")] = None,
    outcome: Annotated[Outcome | None, typer.Option(help="Outcome.")] = None,
    since: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    until: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    site: Annotated[str | None, typer.Option(help="Launch site key, e.g. jiuquan.")] = None,
    operator: Annotated[
        str | None, typer.Option(help="Payload operator (key or part of name).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Missions in launch order."""
    from . import queries  # astropy comes with it: only for the commands that need it

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        rows = queries.list_missions(
            s,
            vehicle=vehicle,
            family=family,
            outcome=outcome.value if outcome else None,
            year_from=since,
            year_to=until,
            site=site,
            operator=operator,
        )
    if as_json:
        return print_json([queries.as_plain(r) for r in rows])
    table(
        ["slug", "launch (UTC)", "vehicle", "site", "outcome", "payloads"],
        [
            [
                r.slug,
                fmt_time(r.launch_time, r.launch_time_precision),
                r.vehicle,
                r.site,
                r.outcome + (f" (stage {r.failed_stage})" if r.failed_stage else ""),
                ", ".join(r.payloads),
            ]
            for r in rows
        ],
        title=f"{len(rows)} missions",
    )


@list_app.command("vehicles")
def list_vehicles(
    family: Annotated[str | None, typer.Option(help="Vehicle family key.")] = None,
    status: Annotated[Status | None, typer.Option(help="planned, active or retired.")] = None,
    manufacturer: Annotated[
        str | None, typer.Option(help="Manufacturer key or part of its name.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Launch vehicles with their size, mass and thrust."""
    from . import queries  # astropy comes with it: only for the commands that need it

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        rows = queries.list_vehicles(
            s, family=family, status=status.value if status else None, manufacturer=manufacturer
        )
    if as_json:
        return print_json([queries.as_plain(r) for r in rows])
    table(
        [
            "key",
            "name",
            "family",
            "status",
            "height",
            "diameter",
            "lift-off mass",
            "thrust",
            "stages",
            "launches",
        ],
        [
            [
                r.key,
                r.name,
                r.family,
                r.status,
                r.height,
                r.diameter,
                r.liftoff_mass,
                r.liftoff_thrust,
                r.stages,
                r.launches,
            ]
            for r in rows
        ],
        title=f"{len(rows)} vehicles",
    )


@list_app.command("payloads")
def list_payloads(
    operator: Annotated[str | None, typer.Option(help="Operator key or part of its name.")] = None,
    vehicle: Annotated[str | None, typer.Option(help="Vehicle key that carried it.")] = None,
    mission: Annotated[str | None, typer.Option(help="Mission slug.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Payloads and the missions that carried them."""
    from . import queries  # astropy comes with it: only for the commands that need it

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        rows = queries.list_payloads(s, operator=operator, vehicle=vehicle, mission=mission)
    if as_json:
        return print_json([queries.as_plain(r) for r in rows])
    table(
        ["slug", "name", "operator", "mass", "NORAD", "COSPAR", "missions"],
        [
            [r.slug, r.name, r.operator, r.mass, r.norad_id, r.cospar_id, ", ".join(r.missions)]
            for r in rows
        ],
        title=f"{len(rows)} payloads",
    )


@list_app.command("sites")
def list_sites(
    country: Annotated[str | None, typer.Option(help="Country code, e.g. CN.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Launch sites with their pads."""
    from . import queries  # astropy comes with it: only for the commands that need it

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        rows = queries.list_sites(s, country=country)
    if as_json:
        return print_json([queries.as_plain(r) for r in rows])
    table(
        ["key", "name", "country", "latitude", "longitude", "altitude", "pads", "launches"],
        [
            [
                r.key,
                r.name,
                r.country,
                r.latitude,
                r.longitude,
                r.altitude,
                ", ".join(r.pads),
                r.launches,
            ]
            for r in rows
        ],
        title=f"{len(rows)} sites",
    )


@app.command("show")
def show(slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")]) -> None:
    """One mission: vehicle and stages, timeline, payloads, intended vs achieved orbits, sources."""
    from .show import print_mission

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        print_mission(s, slug, console())


@app.command("sql")
def sql(
    query: Annotated[
        str, typer.Argument(help='One read-only statement, e.g. "SELECT slug FROM mission".')
    ],
    as_json: JsonOption = False,
) -> None:
    """Run an ad-hoc read-only SQL query (writes are refused by the database connection)."""
    from . import queries  # astropy comes with it: only for the commands that need it

    cols, rows = queries.run_sql(_engine(), query)
    if as_json:
        return print_json([dict(zip(cols, r, strict=True)) for r in rows])
    table(cols, rows)


Model = enum.StrEnum("Model", {name: name for name in MODELS})  # type: ignore[misc]


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    oem = "oem"
    czml = "czml"


def _duration(text: str) -> object:
    from astropy import units as u

    units = {"s": u.s, "m": u.min, "min": u.min, "h": u.h, "d": u.day, "day": u.day}
    num = text.rstrip("smindahy")
    unit = text[len(num) :] or "s"
    if unit not in units:
        raise typer.BadParameter(f"{text!r}: use a number and s, min, h or d (e.g. 1d, 60s)")
    try:
        return float(num) * units[unit]
    except ValueError:
        raise typer.BadParameter(
            f"{text!r}: use a number and s, min, h or d (e.g. 1d, 60s)"
        ) from None


@app.command("orbit")
def orbit(
    slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")],
    which: Annotated[
        str | None, typer.Option("--orbit", help="Orbit key, or intended / achieved.")
    ] = None,
    span: Annotated[str, typer.Option(help="How long, e.g. 90min, 1d.")] = "1d",
    step: Annotated[str, typer.Option(help="Output step, e.g. 60s.")] = "60s",
    model: Annotated[
        Model, typer.Option(help="twobody (Farnocchia), j2 (Cowell) or drag (J2 + COESA76).")
    ] = Model("j2"),
    fmt: Annotated[
        Format, typer.Option("--format", help="table: summary; csv, oem or czml: ephemeris.")
    ] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the ephemeris here (default: stdout)."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the orbit and its ground track.")
    ] = None,
) -> None:
    """Propagate a mission's orbit: summary, ground track, CSV / CCSDS OEM / CZML export, plot."""
    from .orbit_cli import run_orbit

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        run_orbit(
            s, slug, which, _duration(span), _duration(step), model.value, fmt.value, output, plot
        )


@import_app.command("tle")
def import_tle(
    path: Annotated[Path, typer.Argument(help="A TLE file (two- or three-line form).")],
) -> None:
    """Attach element sets to the payloads they belong to, as achieved orbits."""
    from .orbits import import_tle as do_import

    with db.session_scope(_engine(), write=True) as s:
        db.require_current(s.get_bind())
        report = do_import(s, path)
    for slug, key in report.attached:
        print(f"attached {key} to payload {slug}")
    for slug, key in report.unchanged:
        print(f"unchanged {key} (payload {slug})")
    for name in report.unmatched:
        print(f"no payload in the archive for {name}; skipped")
    counts = (len(report.attached), len(report.unchanged), len(report.unmatched))
    print("{} attached, {} unchanged, {} unmatched".format(*counts))


@import_app.command("gcat")
def import_gcat(
    folder: Annotated[
        Path, typer.Argument(help="GCAT's folder: launchlog.tsv, lv.tsv, sites.tsv, orgs.tsv.")
    ],
) -> None:
    """Import GCAT's launch history, merged with the curated records; twice = no change."""
    from rich.console import Console

    from .history_cli import run_import_gcat

    run_import_gcat(_engine(), folder, Console(stderr=True))


class By(enum.StrEnum):
    year = "year"
    country = "country"
    family = "family"


@app.command("stats")
def stats(
    by: Annotated[By, typer.Option("--by", help="Launches per year, country or family.")] = By.year,
    first: Annotated[
        int | None,
        typer.Option("--first", min=1, help="The first N flights (with --vehicle/--family)."),
    ] = None,
    vehicle: Annotated[str | None, typer.Option(help="Vehicle key, e.g. zq-2.")] = None,
    family: Annotated[str | None, typer.Option(help="Vehicle family key, e.g. zhuque-2.")] = None,
    site: Annotated[str | None, typer.Option(help="A launch site's record, e.g. jiuquan.")] = None,
    provider: Annotated[
        str | None, typer.Option(help="A launch provider's record (organisation key).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Launch statistics: per year/country/family, first flights, a site's or provider's record."""
    from .history_cli import run_stats

    if vehicle and family:
        raise typer.BadParameter("give --vehicle or --family, not both")
    if first is not None and not (vehicle or family):
        raise typer.BadParameter("--first needs --vehicle or --family")
    engine = _engine()
    db.require_current(engine)
    run_stats(
        engine,
        by=by.value,
        first=first,
        vehicle=vehicle,
        family=family,
        site=site,
        provider=provider,
        as_json=as_json,
    )


@app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write the record files into.")],
) -> None:
    """Write the whole archive out as record files; `launchlog load` reads them back."""
    from .export import export_archive

    engine = _engine()
    db.require_current(engine)
    report = export_archive(engine, folder)
    print(f"wrote {report.records:,} records to {len(report.files)} files in {folder}")


@app.command("ascent")
def ascent(
    slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write the trajectory as CSV (- for stdout).")
    ] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a telemetry figure.")] = None,
    nominal: Annotated[
        bool, typer.Option("--nominal", help="Fly without the recorded failures.")
    ] = False,
    store: Annotated[
        bool,
        typer.Option("--store/--no-store", help="Keep the result as the simulated achieved orbit."),
    ] = True,
) -> None:
    """Fly a mission from its archived vehicle, pad, payload and failures: the event table."""
    from .ascent_cli import run_ascent

    with db.session_scope(_engine(), write=store) as s:
        db.require_current(s.get_bind())
        run_ascent(
            s,
            slug,
            csv_path=csv_path,
            plot=plot,
            store=store and not nominal,
            nominal=nominal,
            console=console(),
        )


@app.command("capacity")
def capacity(
    vehicle: Annotated[str, typer.Argument(help="Vehicle key, e.g. zq-2.")],
    orbit: Annotated[
        str, typer.Option("--orbit", help="leo:300, leo:200x400@50 or sso:500 (km, deg).")
    ],
    site: Annotated[
        str | None, typer.Option("--site", help="Launch site key (default: where it flew).")
    ] = None,
) -> None:
    """The largest payload the vehicle's nominal ascent puts into the orbit."""
    from .ascent_cli import run_capacity

    with db.session_scope(_engine()) as s:
        db.require_current(s.get_bind())
        run_capacity(s, vehicle, orbit, site, console())


@app.command("browse")
def browse(
    port: Annotated[int, typer.Option("--port", help="Loopback port to serve on.")] = 8001,
) -> None:
    """Point-and-click browsing of the archive in Datasette (read-only, 127.0.0.1)."""
    from .browse import browse as run_browse

    run_browse(_engine(), port)


class Camera(enum.StrEnum):
    earth = "earth"
    follow = "follow"
    site = "site"


@app.command("view")
def view(
    slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")] = "zq1-y1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL instead of opening a browser.")
    ] = False,
    screenshot: Annotated[
        Path | None, typer.Option("--screenshot", help="Render one moment to a PNG and exit.")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Mission time to show, e.g. 420s or 7min.")
    ] = None,
    camera: Annotated[
        Camera, typer.Option("--camera", help="Camera: whole Earth, the vehicle, the pad.")
    ] = "earth",  # type: ignore[assignment]
) -> None:
    """The mission in 3D (VPython in the browser): ascent, staging, orbits, time controls."""
    from viewer.app import view as run_view

    at_s = _duration(at).to_value("s") if at else None
    engine = _engine()
    db.require_current(engine)
    names = {"earth": "whole Earth", "follow": "follow vehicle", "site": "launch site"}
    run_view(
        engine,
        slug,
        open_browser=not no_browser,
        screenshot=screenshot,
        at_s=at_s,
        camera=names[Camera(camera).value],
    )


def main() -> None:
    """Entry point: map the archive's own errors to one clear line and an exit code."""
    # UTC is undefined before 1960; ERFA says so for every 1957-59 launch time. The archive
    # keeps those times as GCAT gives them, so the warning tells the user nothing new.
    warnings.filterwarnings("ignore", message=".*dubious year")
    try:
        app()
    except LoadError as exc:
        fail(str(exc))
    except db.SchemaOutOfDate as exc:
        fail(str(exc))
    except NotFound as exc:
        fail(str(exc))
    except WriteRefused as exc:
        fail(str(exc), 3)
    except OrbitError as exc:
        fail(str(exc))
    except TLEError as exc:
        fail(str(exc))
    except UnknownModel as exc:
        fail(str(exc), 2)
    except MissingStageData as exc:
        fail(str(exc))
    except OperationalError as exc:
        fail(f"database error: {exc.orig}")
    except DBAPIError as exc:
        fail(f"database error: {exc.orig}")


if __name__ == "__main__":
    main()

__all__ = ["app", "fmt", "main"]
