"""``launchlog load`` and ``launchlog export``: record files in, record files out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..app import app, current_engine, engine


@app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="Record files (.yaml) or folders of them.")],
) -> None:
    """Validate record files and load them, all or nothing; loading twice changes nothing."""
    from archive import load_paths

    report = load_paths(engine(), paths)
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


@app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write the record files into.")],
) -> None:
    """Write the whole archive out as record files; `launchlog load` reads them back."""
    from archive import export_archive

    report = export_archive(current_engine(), folder)
    print(f"wrote {report.records:,} records to {len(report.files)} files in {folder}")
