"""astropy's Earth-orientation table (IERS-B), kept on disk as plain arrays.

Every frame rotation needs UT1-UTC and the polar motion. With downloads off, astropy reads
them from the IERS-B file that astropy-iers-data ships, parsing 23,000 fixed-width lines
in every process: about 0.3 s, most of ``launchlog show``'s wait. The parsed columns are
kept as an ``.npz`` file (no pickle: loading it runs no code) in the user cache folder,
keyed by the file's path, size and time and by astropy's version, and loaded in about
15 ms. The table built from them is astropy's own ``IERS_B`` class with the same columns,
units and metadata, so every interpolation is astropy's (``tests/flight/test_eop.py``
compares it with a fresh read).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from .runtime import cache_dir


def _path(source: Path, astropy_version: str) -> Path:
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{astropy_version}"
    name = f"iers-b-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"
    return cache_dir() / "iers" / name


def _write(path: Path, table: Any) -> None:
    columns = {}
    for name in table.colnames:
        col = table[name]
        unit = getattr(col, "unit", None)
        columns[f"{name}|{unit.to_string() if unit is not None else ''}"] = np.asarray(
            getattr(col, "value", col)
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(tmp, **columns)
    tmp.replace(path)


def _read(path: Path, iers: ModuleType, meta: dict[str, str]) -> Any:
    from astropy import units as u

    with np.load(path, allow_pickle=False) as stored:
        columns = {}
        for key in stored.files:
            name, _, unit = key.partition("|")
            columns[name] = stored[key] * u.Unit(unit) if unit else stored[key]
    return iers.IERS_B(columns, meta=meta)


def keep_iers_b(iers: ModuleType) -> None:
    """Make ``iers.IERS_B.open()`` (what astropy uses offline) return the kept table.

    Read from the shipped file once per machine and astropy-iers-data release; a damaged or
    unwritable cache costs only the parse."""
    import astropy

    source = Path(iers.IERS_B_FILE)
    meta = {"data_path": str(source), "readme_path": str(iers.IERS_B_README)}
    try:
        path = _path(source, astropy.__version__)
    except OSError:
        return  # no shipped file: astropy says so itself when the table is needed
    try:
        iers.IERS_B.iers_table = _read(path, iers, meta)
        return
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # missing or damaged: parse the shipped file once more
    table = iers.IERS_B.open()
    with contextlib.suppress(OSError):  # a read-only cache folder costs only the parse
        _write(path, table)
