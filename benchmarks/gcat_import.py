"""The full GCAT import, export and re-load, timed (target: import in 10 s or less).

    .venv/bin/python benchmarks/gcat_import.py [--postgres URL]

Each run starts from a new database holding the curated records (SQLite file in a temporary
folder, or a fresh database on the PostgreSQL server at URL), imports ../shared/data/gcat
(6,909 Earth launches, 24,570 payloads), imports it again (the idempotent no-op), exports the
whole archive as record files and loads those into another empty database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
GCAT = ROOT.parent / "shared" / "data" / "gcat"


def fresh(server: str | None, tmp: Path, name: str) -> str:
    if server is None:
        return str(tmp / f"{name}.sqlite")
    from archive.db import resolve_url

    db = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(resolve_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db}"'))
    return make_url(resolve_url(server)).set(database=db).render_as_string(hide_password=False)


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    from archive import load_paths, open_archive
    from archive.export import export_archive
    from archive.gcat_import import import_gcat

    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    first, again = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for run in range(args.runs):
            engine = open_archive(fresh(args.postgres, tmpdir, f"a{run}"), upgrade_schema=True)
            load_paths(engine, [ROOT / "missions"])
            seconds, report = timed(lambda: import_gcat(engine, GCAT))  # noqa: B023
            first.append(seconds)
            again.append(timed(lambda: import_gcat(engine, GCAT))[0])  # noqa: B023
        added = sum(report.added.values())
        print(f"import gcat: {report.launches} launches, {added:,} rows added")
        print(f"  first import: median {statistics.median(first):.2f} s, min {min(first):.2f} s")
        print(f"  re-import (no change): median {statistics.median(again):.2f} s")
        seconds, exported = timed(lambda: export_archive(engine, tmpdir / "export"))
        print(f"export: {exported.records:,} records, {len(exported.files)} files, {seconds:.1f} s")
        copy = open_archive(fresh(args.postgres, tmpdir, "copy"), upgrade_schema=True)
        seconds, _ = timed(lambda: load_paths(copy, [tmpdir / "export"]))
        print(f"load of the export into an empty archive: {seconds:.1f} s")
        seconds, _ = timed(lambda: load_paths(copy, [tmpdir / "export"]))
        print(f"load again (no change): {seconds:.1f} s")


if __name__ == "__main__":
    main()
