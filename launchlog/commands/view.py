"""``launchlog view``: the mission in 3D in the browser, or one moment of it as a PNG."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

from viewer.cameras import CAMERAS

from ..app import app, choice, current_engine, duration_s
from ..render import printable

Camera = choice("Camera", CAMERAS)


@app.command("view")
def view(
    slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")] = "zq1-y1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL instead of opening a browser.")
    ] = False,
    screenshot: Annotated[
        Path | None, typer.Option("--screenshot", help="Render one moment to a PNG and exit.")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Mission time to show, e.g. 420s or 7min.")
    ] = None,
    camera: Annotated[
        Camera,
        typer.Option("--camera", help="Camera: whole Earth, the vehicle, the pad, a booster."),
    ] = Camera("earth"),
    whole_page: Annotated[
        bool,
        typer.Option(
            "--whole-page",
            help="With --screenshot: the whole page (scene, record panel, telemetry strip), "
            "not the scene alone.",
        ),
    ] = False,
) -> None:
    """The mission in 3D (VPython in the browser): ascent, staging, orbits, time controls."""
    from viewer import view as run_view

    lock = threading.Lock()

    def said(line: str) -> None:
        # one write under a lock: the scene's threads report at once, and print() writes
        # the text and the newline separately (two STATE lines could run into one)
        with lock:
            sys.stdout.write(printable(line) + "\n")
            sys.stdout.flush()

    run_view(
        current_engine(),
        slug,
        open_browser=not no_browser,
        screenshot=screenshot,
        whole_page=whole_page,
        at_s=duration_s(at) if at else None,
        camera=Camera(camera).value,
        say=said,
    )
