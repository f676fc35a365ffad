"""Flown scenes kept between views, so that a mission is on screen in a moment, not after
its ascent is flown again (about 3 s, most of it importing the flight machinery).

A scene is kept under a fingerprint of everything it is made from: the mission's rows and
every row they reach (vehicle, stages, engines, capacities, site, pad, payloads, orbits,
events, failures, landings and zones), the citations and sources behind them, and the
source code of ``flight``, ``archive`` and ``viewer``. Change a record (or the code) and the
fingerprint changes, so the scene is flown afresh; nothing is ever invalidated by hand.

The files are pickles in the user's own cache folder (``$LAUNCHLOG_CACHE_DIR``, else
platformdirs' user cache folder for launchlog, ``~/.cache/launchlog/scenes`` on Linux),
made private to the user: a pickle runs code when loaded, so the folder must be one only
its owner writes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive import model as m
from archive.queries import citations_of, get_mission, record_rows
from flight.kept import source_hash
from flight.runtime import cache_dir

from .model import Scene

FORMAT = 1  # bump when the pickled Scene changes shape
_PACKAGES = ("flight", "archive", "viewer")


def folder() -> Path:
    """Where scenes are kept (made if missing, private to the user)."""
    base = os.environ.get("LAUNCHLOG_CACHE_DIR")
    path = Path(base) if base else cache_dir() / "scenes"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@cache
def code_version() -> str:
    """A hash of the code a scene is computed by (read once per process)."""
    return source_hash(*_PACKAGES, salt=str(FORMAT))


def _columns(obj: Any) -> str:
    mapper = obj.__mapper__
    return repr(
        (mapper.local_table.name, [(c.key, getattr(obj, c.key)) for c in mapper.column_attrs])
    )


def _rows(mission: m.Mission) -> list[Any]:
    """Every row the mission's scene and panel are made from: its record's rows (those
    sources are cited for) and the links and neighbours the scene also reads."""
    rows = [row for row, _label in record_rows(mission)]
    if mission.pad is not None:
        rows.append(mission.pad)
    rows += [se for st in mission.vehicle.stages for se in st.engines]
    rows += mission.failure_modes
    rows += mission.payload_links
    rows += [p.operator for p in mission.payloads if p.operator is not None]
    return rows


def fingerprint(session: Session, slug: str) -> str:
    """A hash of every row the mission's scene is made from, with the citations and sources
    behind them, and of the code."""
    rows = _rows(get_mission(session, slug))
    h = hashlib.sha256(code_version().encode())
    for row in rows:
        h.update(_columns(row).encode())
    for c in citations_of(session, rows):
        h.update(_columns(c).encode())
        if c.source is not None:
            h.update(_columns(c.source).encode())
    return h.hexdigest()


def scene(session: Session, slug: str, build: Callable[[Session, str], Scene]) -> Scene:
    """The mission's scene: kept from an earlier view if its records and the code are
    unchanged, else built (``build``) and kept."""
    path = folder() / f"{slug}-{fingerprint(session, slug)[:32]}.pickle"
    if path.is_file():
        with path.open("rb") as f:
            kept = pickle.load(f)
        if isinstance(kept, Scene) and kept.slug == slug:
            return kept
    made = build(session, slug)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as f:
        pickle.dump(made, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(f.name, path)  # whole or not at all, even with two viewers at once
    for old in path.parent.glob(f"{slug}-*.pickle"):  # this mission's superseded scenes
        if old != path and len(old.stem) == len(path.stem):
            old.unlink(missing_ok=True)
    return made
