"""Process set-up that must happen before poliastro or astropy's frames are first used.

poliastro decorates its kernels with ``numba.njit`` but without ``cache=True``,
so every process recompiled them (about 6 s). Making ``njit`` default to
``cache=True`` before poliastro is imported lets a second process load them
from disk. astropy must not try to download IERS tables: the
astropy-iers-data package ships them and nothing may reach the network.
Import this module first in any ``flight`` module that uses poliastro.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

if "poliastro" in sys.modules:  # too late to make its kernels cacheable
    raise ImportError("flight._startup must be imported before poliastro")

os.environ.setdefault(
    "NUMBA_CACHE_DIR", str(Path(platformdirs.user_cache_dir("launchlog")) / "numba")
)

import numba

_njit = numba.njit


def _cached_njit(*args, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("cache", True)
    return _njit(*args, **kwargs)


if not getattr(numba.njit, "_launchlog_cached", False):
    _cached_njit._launchlog_cached = True  # type: ignore[attr-defined]
    numba.njit = _cached_njit

from astropy.utils import iers  # noqa: E402

iers.conf.auto_download = False
iers.conf.auto_max_age = None  # the packaged table is the only one we use; never "too old"
