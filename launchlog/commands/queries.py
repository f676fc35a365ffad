"""``launchlog list``, ``show`` and ``sql``: reading the archive."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from archive.vocab import Outcome, VehicleStatus

from ..app import JsonOption, app, choice, current_engine, engine, list_app
from ..render import console, fmt_time, print_json, table

OutcomeChoice = choice("OutcomeChoice", [o.value for o in Outcome])
StatusChoice = choice("StatusChoice", [s.value for s in VehicleStatus])


def _rows(query: str, **filters: Any) -> list[Any]:
    """Rows of one of ``archive``'s list queries, read in one snapshot."""
    import archive

    with archive.session(current_engine()) as s:
        return getattr(archive, query)(s, **filters)


def _missions(**filters: Any) -> list[Any]:
    """The missions, read through SQLAlchemy Core: this command needs neither the ORM's
    mapped classes nor astropy, and answers in the time it takes to import SQLAlchemy."""
    import archive

    with archive.reading(current_engine()) as conn:
        return archive.list_missions(conn, **filters)


def _print_json(rows: list[Any]) -> None:
    from archive import as_plain

    print_json([as_plain(r) for r in rows])


@list_app.command("missions")
def list_missions(
    vehicle: Annotated[str | None, typer.Option(help="Vehicle key, e.g. zq-2.")] = None,
    family: Annotated[str | None, typer.Option(help="Vehicle family key, e.g. zhuque-2.")] = None,
    outcome: Annotated[OutcomeChoice | None, typer.Option(help="Outcome.")] = None,
    since: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    until: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    site: Annotated[str | None, typer.Option(help="Launch site key, e.g. jiuquan.")] = None,
    operator: Annotated[
        str | None, typer.Option(help="Payload operator (key or part of name).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Missions in launch order."""
    rows = _missions(
        vehicle=vehicle,
        family=family,
        outcome=outcome.value if outcome else None,
        year_from=since,
        year_to=until,
        site=site,
        operator=operator,
    )
    if as_json:
        return _print_json(rows)
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
    return None


@list_app.command("vehicles")
def list_vehicles(
    family: Annotated[str | None, typer.Option(help="Vehicle family key.")] = None,
    status: Annotated[StatusChoice | None, typer.Option(help="planned, active or retired.")] = None,
    manufacturer: Annotated[
        str | None, typer.Option(help="Manufacturer key or part of its name.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Launch vehicles with their size, mass and thrust."""
    rows = _rows(
        "list_vehicles",
        family=family,
        status=status.value if status else None,
        manufacturer=manufacturer,
    )
    if as_json:
        return _print_json(rows)
    headers = {"key": "key", "name": "name", "family": "family", "status": "status"}
    headers |= {"height": "height", "diameter": "diameter", "liftoff_mass": "lift-off mass"}
    headers |= {"liftoff_thrust": "thrust", "stages": "stages", "launches": "launches"}
    table(
        list(headers.values()),
        [[getattr(r, c) for c in headers] for r in rows],
        title=f"{len(rows)} vehicles",
    )
    return None


@list_app.command("payloads")
def list_payloads(
    operator: Annotated[str | None, typer.Option(help="Operator key or part of its name.")] = None,
    vehicle: Annotated[str | None, typer.Option(help="Vehicle key that carried it.")] = None,
    mission: Annotated[str | None, typer.Option(help="Mission slug.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Payloads and the missions that carried them."""
    rows = _rows("list_payloads", operator=operator, vehicle=vehicle, mission=mission)
    if as_json:
        return _print_json(rows)
    table(
        ["slug", "name", "operator", "mass", "NORAD", "COSPAR", "missions"],
        [
            [r.slug, r.name, r.operator, r.mass, r.norad_id, r.cospar_id, ", ".join(r.missions)]
            for r in rows
        ],
        title=f"{len(rows)} payloads",
    )
    return None


@list_app.command("sites")
def list_sites(
    country: Annotated[str | None, typer.Option(help="Country code, e.g. CN.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Launch sites with their pads."""
    rows = _rows("list_sites", country=country)
    if as_json:
        return _print_json(rows)
    columns = ["key", "name", "country", "latitude", "longitude", "altitude", "pads", "launches"]
    table(columns, [[getattr(r, c) for c in columns] for r in rows], title=f"{len(rows)} sites")
    return None


@app.command("show")
def show(slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")]) -> None:
    """One mission: vehicle and stages, timeline, payloads, intended vs achieved orbits, sources."""
    import archive

    from ..show import render_mission

    with archive.session(current_engine()) as s:
        console().print(render_mission(s, slug))


@app.command("sql")
def sql(
    query: Annotated[
        str, typer.Argument(help='One read-only statement, e.g. "SELECT slug FROM mission".')
    ],
    as_json: JsonOption = False,
) -> None:
    """One read-only query: writes, several statements and lock-taking calls are refused;
    at most 10 s, 10,000 rows and 64 MB."""
    import sys

    from archive import run_sql

    result = run_sql(engine(), query)
    if result.truncated:
        sys.stderr.write(f"launchlog: sql: showing {result.truncated}\n")
    cols, rows = result
    if as_json:
        return print_json([dict(zip(cols, r, strict=True)) for r in rows])
    table(cols, rows)
    return None
