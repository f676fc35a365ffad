"""``launchlog import gcat`` and ``launchlog stats``: the launch history at scale."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..app import JsonOption, app, current_engine, engine, import_app
from ..render import console, print_json, printable, table


@import_app.command("gcat")
def import_gcat_command(
    folder: Annotated[
        Path, typer.Argument(help="GCAT's folder: launchlog.tsv, lv.tsv, sites.tsv, orgs.tsv.")
    ],
) -> None:
    """Import GCAT's launch history, merged with the curated records; twice = no change."""
    run_import_gcat(engine(), folder)


@import_app.command("ll2")
def import_ll2_command(
    path: Annotated[
        Path, typer.Argument(help="A Launch Library 2 launch list (JSON, API v2.2.0).")
    ],
) -> None:
    """Import Launch Library 2's launches past GCAT's edition; twice = no change."""
    from archive import import_ll2

    report = import_ll2(engine(), path)
    print(f"{report.launches} launches in {printable(str(path))}")
    for text in report.matched:
        print(f"matched, kept as held: {printable(text)}")
    if report.suborbital:
        print(
            f"{len(report.suborbital)} suborbital launches left out: "
            + ", ".join(map(printable, report.suborbital))
        )
    made = {k: v for k, v in report.made.items() if v}
    print(
        f"added {len(report.added)} missions"
        + "".join(f", {v} {k}" for k, v in made.items())
        + f"; updated {len(report.updated)}; unchanged {report.unchanged}"
    )
    for slug in report.updated:
        print(f"updated {printable(slug)}")
    for note in report.notes:
        print(f"note: {printable(note)}")


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
    if vehicle and family:
        raise typer.BadParameter("give --vehicle or --family, not both")
    if first is not None and not (vehicle or family):
        raise typer.BadParameter("--first needs --vehicle or --family")
    run_stats(
        current_engine(),
        by=by.value,
        first=first,
        vehicle=vehicle,
        family=family,
        site=site,
        provider=provider,
        as_json=as_json,
    )


@contextmanager
def _progress_bar(console: Any):  # type: ignore[no-untyped-def]
    """A rich bar per phase, on stderr so that piped output stays clean."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description:>14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


def run_import_gcat(engine: Any, folder: Path) -> Any:
    from archive import import_gcat

    err_console = console(stderr=True)
    err_console.print(f"reading {folder} ...")
    with _progress_bar(err_console) as update:
        report = import_gcat(engine, folder, progress=update)
    print(
        f"{report.launches} Earth launches in GCAT ({report.skipped_off_earth} launches "
        "from other bodies left out)"
    )
    if report.merged:
        print(
            f"{len(report.merged)} already curated, kept as they are: " + ", ".join(report.merged)
        )
    if report.unchanged:
        print(f"{report.unchanged} imported before: unchanged")
    added = {k: v for k, v in report.added.items() if v}
    print(
        "added " + ", ".join(f"{v:,} {k}" for k, v in added.items())
        if added
        else "no changes (already imported)"
    )
    c = report.catalogue
    if c is None:
        print(
            f"note: no psatcat.tsv in {printable(str(folder))}: GCAT's payload catalogue not read"
        )
    else:
        print(
            f"payload catalogue: {c.entries:,} entries, {c.matched:,} matched; "
            f"{c.registered:,} registered and {c.disposal:,} disposal orbits added, "
            f"{c.filled:,} payloads' catalogue entries filled, {c.aliases:,} GCAT names "
            "added as aliases"
        )
        if c.swapped:
            print(f"note: {c.swapped} orbits were given perigee above apogee; stored swapped")
        if c.escapes:
            print(
                f"note: {c.escapes} disposal trajectories leave the Earth (negative apogee, "
                "hyperbolic): not stored as orbits"
            )
        if c.newer_than_log or c.not_in_log:
            print(
                f"note: {c.newer_than_log:,} catalogued payloads were launched after the launch "
                f"log's last launch and {c.not_in_log:,} others are not in it: not added"
            )
    for w in report.warnings:
        print(f"note: {printable(w)}")
    return report


def _tally_cells(t: Any) -> list[Any]:
    rate = f"{100 * t.success_rate:.1f} %" if t.launches else ""
    return [t.bucket, t.launches, t.successes, t.partials, t.failures, rate]


TALLY_HEADERS = ["launches", "successes", "partial", "failures", "success rate"]


def _plain(obj: Any) -> Any:
    from archive import FirstFlights, Record, Tally

    data = dataclasses.asdict(obj)
    if isinstance(obj, Tally | FirstFlights | Record):
        tally = obj if isinstance(obj, Tally) else obj.tally
        data["success_rate"] = None if not tally.launches else round(tally.success_rate, 4)
    return data


def run_stats(
    engine: Any,
    *,
    by: str,
    first: int | None,
    vehicle: str | None,
    family: str | None,
    site: str | None,
    provider: str | None,
    as_json: bool,
) -> None:
    from archive import (
        Record,
        Tally,
        coverage,
        first_flights,
        launches_by,
        provider_record,
        session,
        site_record,
    )

    with session(engine) as s:
        if first is not None or vehicle or family:
            ff = first_flights(s, first or 10, vehicle=vehicle, family=family)
            if as_json:
                return print_json(_plain(ff))
            what = f"vehicle {vehicle}" if vehicle else f"family {family}"
            table(
                ["#", "mission", "vehicle", "launch (UTC)", "outcome"],
                [
                    [i, f.slug, f.vehicle, _day(f.launch_time), f.outcome]
                    for i, f in enumerate(ff.flights, 1)
                ],
                title=f"First {ff.asked} flights of {what}",
            )
            t = ff.tally
            print(
                f"{t.successes} of {t.launches} succeeded"
                + (f" ({100 * t.success_rate:.0f} %)" if t.launches else "")
                + (f"; {t.partials} partial" if t.partials else "")
                + (f"; only {t.launches} flown" if t.launches < ff.asked else "")
            )
            return None
        if site or provider:
            fn: Callable[..., Record] = site_record if site else provider_record
            rec = fn(s, site or provider)
            if as_json:
                return print_json(_plain(rec))
            subject, *counts = _tally_cells(rec.tally)
            table(
                ["subject", "name", *TALLY_HEADERS, "first", "last"],
                [[subject, rec.name, *counts, _day(rec.first), _day(rec.last)]],
                title=("Launch site" if site else "Launch provider") + f" {rec.subject}",
            )
            return None
        rows = launches_by(s, by)
        cover = coverage(s) if by == "year" else None
    if as_json:
        return print_json([_plain(r) for r in rows])
    total = Tally(
        "all",
        *(
            sum(getattr(r, f) for r in rows)
            for f in ("launches", "successes", "partials", "failures")
        ),
    )
    partial = set(cover.partial_years) if cover else set()
    table(
        [by, *TALLY_HEADERS] + (["sources"] if cover else []),
        [
            *(
                _tally_cells(r) + (["partial" if r.bucket in partial else ""] if cover else [])
                for r in rows
            ),
            _tally_cells(total) + ([""] if cover else []),
        ],
        title=f"Launches by {by}",
    )
    if cover:
        for span in cover.spans:
            print(
                f"{span.source}: {span.launches:,} launches, "
                f"{_day(span.first)} to {_day(span.last)}"
            )
        for start, end in cover.gaps:
            print(
                f"not covered by a catalogue: {start} to {end} (only launches the records "
                "hold are counted there; years marked partial)"
            )
    return None


def _day(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else ""
