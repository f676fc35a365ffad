"""The pitch-over each flight was found to need, kept on disk between processes.

Choosing a mission's pitch-over flies the vehicle some twenty times (``mission_kick``);
the answer depends only on the vehicle, the site, the target and the payload, so it is
kept under a hash of exactly those (their dataclass reprs, floats to the bit) and the
project's version: a changed record gives another key, never a stale answer. The file
lives in the user cache directory beside the COESA76 table; a damaged file is ignored.
A returning stage's guidance solutions (``flight.booster``) are kept the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import platformdirs

_MEMORY: dict[str, object] = {}


def _path() -> Path:
    return Path(platformdirs.user_cache_dir("launchlog")) / "pitch-over-v1.json"


def _key(*parts: object) -> str:
    try:
        ours = version("launchlog")
    except PackageNotFoundError:
        ours = "source"
    return hashlib.sha256(repr((ours, *parts)).encode()).hexdigest()


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
    compute: Callable[[], object], valid: Callable[[object], bool], *parts: object
) -> object:
    """``compute()``'s answer (JSON numbers) for these inputs; ``valid`` checks what was read."""
    key = _key(*parts)
    if key in _MEMORY:
        return _MEMORY[key]
    path = _path()
    try:
        stored = json.loads(path.read_text())
        if not isinstance(stored, dict):
            stored = {}
    except (OSError, ValueError):
        stored = {}
    value = stored.get(key)
    if not valid(value):
        value = compute()
        stored[key] = value
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{key[:8]}.tmp")
            tmp.write_text(json.dumps(stored))
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the search next time
    _MEMORY[key] = value
    return value
