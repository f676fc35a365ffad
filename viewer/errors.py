"""The viewer's errors; the command line maps ``ViewerError`` to one line and its exit code."""

from __future__ import annotations


class ViewerError(Exception):
    """Base of the viewer's errors."""

    exit_code = 1


class ViewerTimeout(ViewerError, TimeoutError):
    """The page did not draw in time (a screenshot waits for the first drawn scene)."""


class PageChanged(ViewerError, RuntimeError):
    """VPython's page is not what ``viewer.server`` knows how to harden: refuse to serve it."""
