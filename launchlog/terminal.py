"""The rich Console every command writes through: no markup read from records, no control
characters sent to the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from .render import printable


class SafeConsole(Console):
    """A rich Console that reads no markup in text (a name like ``Sat [/bold]`` is printed as
    written) and shows control characters instead of sending them."""

    def render_str(self, text: str, **kwargs: Any) -> Any:
        return super().render_str(printable(text), **{**kwargs, "markup": False})
