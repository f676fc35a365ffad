"""Process set-up for numba, poliastro and astropy's IERS, by an explicit ``configure()``.

poliastro decorates its kernels with ``numba.njit`` but without ``cache=True``,
so every process recompiled them (about 6 s). Making ``njit`` default to
``cache=True`` before poliastro is imported lets a second process load them
from disk. astropy must never try to download IERS tables: the
astropy-iers-data package ships them and nothing may reach the network.

Importing ``flight`` does none of this. ``configure()`` does, and is called by the
project's entry points (the ``launchlog`` command, the benchmarks, the tests) and by
flight itself before it first imports poliastro. It installs post-import hooks, applied
when numba or ``astropy.utils.iers`` is first imported (or at once if already imported),
so that paths needing neither pay for neither (together about 0.5 s). If poliastro was
imported first, everything still works; its kernels are then compiled, not cached.
The IERS-B table itself is parsed once per machine and kept as arrays (``flight.eop``).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import platformdirs


def _cache_numba_kernels(numba: ModuleType) -> None:
    if getattr(numba.njit, "_launchlog_cached", False):
        return
    njit = numba.njit

    def cached_njit(*args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("cache", True)
        return njit(*args, **kwargs)

    cached_njit._launchlog_cached = True  # type: ignore[attr-defined]
    numba.njit = cached_njit


def cache_dir() -> Path:
    """The user's cache folder for launchlog (platformdirs; ``~/.cache/launchlog`` on
    Linux): numba's kernels, the IERS table, COESA76, kept answers and scenes live under it."""
    return Path(platformdirs.user_cache_dir("launchlog"))


def _offline_iers(iers: ModuleType) -> None:
    iers.conf.auto_download = False
    iers.conf.auto_max_age = None  # the packaged table is the only one we use; never "too old"
    from .eop import keep_iers_b

    keep_iers_b(iers)  # parsed once per machine, not in every process


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs a hook on a module right after its first import."""

    def __init__(self, hooks: dict[str, Callable[[ModuleType], None]]) -> None:
        self.hooks = hooks

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        hook = self.hooks.get(name)
        if hook is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        exec_module = spec.loader.exec_module

        def exec_then_hook(module: ModuleType) -> None:
            exec_module(module)
            hook(module)

        spec.loader.exec_module = exec_then_hook  # type: ignore[method-assign]
        return spec


def configure() -> None:
    """Cached numba kernels (from now on) and offline IERS tables; idempotent."""
    if any(isinstance(f, _AfterImport) for f in sys.meta_path):
        return
    os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))
    hooks = {"numba": _cache_numba_kernels, "astropy.utils.iers": _offline_iers}
    for name, hook in list(hooks.items()):
        if name in sys.modules:
            hook(sys.modules[name])
            del hooks[name]
    sys.meta_path.insert(0, _AfterImport(hooks))
