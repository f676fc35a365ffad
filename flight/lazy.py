"""A package API whose names load from their modules on first use (PEP 562).

``import archive`` (or ``flight``, ``viewer``) then imports nothing else, so a command pays
only for the parts it uses; the package declares each public name once, with its module.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def lazy_api(package: str, api: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: ``api`` maps each submodule to the names it gives."""
    where = {name: module for module, names in api.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)  # the next lookup is an ordinary one
        return value

    return __getattr__


def public_names(api: dict[str, tuple[str, ...]]) -> list[str]:
    return sorted(name for names in api.values() for name in names)
