"""Figures flight computes slowly from few inputs, kept on disk between processes.

- Each flight's pitch-over: choosing it flies the vehicle some twenty times
  (``flight.ascent.mission_kick``).
- A returning stage's guidance solutions (``flight.booster``).
- An orbit's summary (``flight.elements.kept_summary``): its node and LTAN need
  astropy's frames and Sun; a kept one is read without importing astropy (``launchlog
  show``).

Each answer is kept under a hash of exactly what it depends on (the inputs' dataclass
reprs, floats to the bit) and of the source code of ``flight`` itself: a changed record
or changed physics gives another key, never a stale answer. The files (JSON numbers, one
per kind) live in the user cache folder beside the COESA76 table; a damaged file is
ignored, an unwritable one costs only the computation next time.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .runtime import cache_dir

_MEMORY: dict[str, object] = {}
KICKS = "pitch-over-v2"
ORBIT_SUMMARIES = "orbit-summary-v1"


def _path(store: str) -> Path:
    return cache_dir() / f"{store}.json"


def source_hash(*packages: str, salt: str = "") -> str:
    """A hash of the named top-level packages' Python source (each file's path and bytes),
    after ``salt``: what an answer kept on disk was computed by."""
    h = hashlib.sha256(salt.encode())
    root = Path(__file__).resolve().parent.parent
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@functools.cache
def code_version() -> str:
    """A hash of flight's source (read once per process): new physics, new keys."""
    return source_hash("flight")


def _key(*parts: object) -> str:
    return hashlib.sha256(repr((code_version(), *parts)).encode()).hexdigest()


def _read(path: Path) -> dict[str, object]:
    """The answers kept by this code (a file written by other code is dropped whole, so it
    holds one version's answers, not every version's)."""
    try:
        stored = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("code") != code_version():
        return {}
    values = stored.get("values")
    return values if isinstance(values, dict) else {}


def cached_kick(compute: Callable[[], float], *parts: object) -> float:
    """``compute()``'s answer for these inputs, from memory, disk, or computed and kept."""
    value = cached(compute, lambda v: isinstance(v, float), *parts)
    assert isinstance(value, float)
    return value


def cached_floats(compute: Callable[[], list[float]], *parts: object) -> list[float]:
    """As ``cached_kick``, for a solution of several numbers."""
    value = cached(
        compute, lambda v: isinstance(v, list) and all(isinstance(x, float) for x in v), *parts
    )
    assert isinstance(value, list)
    return value


def cached(
    compute: Callable[[], object],
    valid: Callable[[object], bool],
    *parts: object,
    store: str = KICKS,
) -> object:
    """``compute()``'s answer (JSON) for these inputs; ``valid`` checks what was read."""
    key = _key(store, *parts)
    if key in _MEMORY:
        return _MEMORY[key]
    path = _path(store)
    stored = _read(path)
    value = stored.get(key)
    if not valid(value):
        value = compute()
        stored[key] = value
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{key[:8]}.tmp")
            tmp.write_text(json.dumps({"code": code_version(), "values": stored}))
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the computation next time
    _MEMORY[key] = value
    return value
