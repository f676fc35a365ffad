"""launchlog's 3D viewer (VPython in the browser). Only ``viewer.scene`` imports vpython.

Public API: ``view`` (serve a mission, or render one moment to a PNG), ``CAMERAS``, and the
errors. Names load on first use, so importing ``viewer`` starts nothing.
"""

from __future__ import annotations

from flight.lazy import lazy_api, public_names

_API: dict[str, tuple[str, ...]] = {
    "app": ("view",),
    "cameras": ("CAMERAS",),
    "errors": ("PageChanged", "ViewerError", "ViewerTimeout"),
}

__getattr__ = lazy_api(__name__, _API)
__all__ = public_names(_API)
