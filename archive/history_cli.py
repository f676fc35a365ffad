"""The archive-scale commands' output: GCAT import progress and report, statistics tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Engine

from .db import session_scope
from .gcat_import import GcatReport, import_gcat
from .render import print_json, table
from .stats import (
    FirstFlights,
    Record,
    Tally,
    first_flights,
    launches_by,
    provider_record,
    site_record,
)


@contextmanager
def _progress_bar(console: Console):  # type: ignore[no-untyped-def]
    """A rich bar per phase, on stderr so that piped output stays clean."""
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


def run_import_gcat(engine: Engine, folder: Path, err_console: Console) -> GcatReport:
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
    for w in report.warnings:
        print(f"note: {w}")
    return report


def _tally_cells(t: Tally) -> list[Any]:
    rate = f"{100 * t.success_rate:.1f} %" if t.launches else ""
    return [t.bucket, t.launches, t.successes, t.partials, t.failures, rate]


TALLY_HEADERS = ["launches", "successes", "partial", "failures", "success rate"]


def _plain(obj: Any) -> Any:
    data = dataclasses.asdict(obj)
    if isinstance(obj, Tally | FirstFlights | Record):
        tally = obj if isinstance(obj, Tally) else obj.tally
        data["success_rate"] = None if not tally.launches else round(tally.success_rate, 4)
    return data


def run_stats(
    engine: Engine,
    *,
    by: str,
    first: int | None,
    vehicle: str | None,
    family: str | None,
    site: str | None,
    provider: str | None,
    as_json: bool,
) -> None:
    with session_scope(engine) as s:
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
    if as_json:
        return print_json([_plain(r) for r in rows])
    total = Tally(
        "all",
        *(
            sum(getattr(r, f) for r in rows)
            for f in ("launches", "successes", "partials", "failures")
        ),
    )
    table(
        [by, *TALLY_HEADERS],
        [*map(_tally_cells, rows), _tally_cells(total)],
        title=f"Launches by {by}",
    )
    return None


def _day(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else ""
