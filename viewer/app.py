"""``launchlog view``: open a mission in the 3D viewer, or render one moment to a PNG.

The scene is computed before VPython starts (it blocks until a page connects), so
the page's first frame comes quickly. ``--screenshot`` drives Debian's Chromium
headless through Playwright (software WebGL), never a downloaded browser.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, select

from archive import NotFound, session
from archive.model import Mission

from . import cache, model, server
from .cameras import CAMERAS
from .errors import ViewerTimeout

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--enable-unsafe-swiftshader"]


def has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch_chromium(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


WINDOW = {"width": 1280, "height": 900}  # a laptop's browser window


def new_tab(browser, size: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    """A browser tab of a laptop window's size (the scene fills what the panel leaves)."""
    return browser.new_page(viewport=size or WINDOW)


def open_page(browser, url: str, timeout_s: float = 30.0, page=None):  # type: ignore[no-untyped-def]
    """A page on the viewer, retrying until its server answers."""
    page = page or new_tab(browser)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            page.goto(url, wait_until="load")
            return page
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _shoot(
    url: str,
    out: Path,
    ready: threading.Event,
    stop: threading.Event,
    say: Callable[[str], None],
    whole_page: bool,
) -> None:
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = new_tab(browser)
            page.add_init_script("window.launchlogKeepAntialias = true")  # a still: quality first
            page = open_page(browser, url, page=page)
            if not ready.wait(120):
                raise ViewerTimeout("the viewer did not draw within 120 s")
            time.sleep(1.5)  # let the last updates reach WebGL
            box = None if whole_page else page.locator("canvas").first.bounding_box()
            if box:  # the scene alone, with the legend drawn over it
                page.screenshot(path=str(out), clip=box)
            else:
                page.screenshot(path=str(out))
            say(f"wrote {out}")
            browser.close()
    finally:
        stop.set()


def view(
    engine: Engine,
    slug: str,
    *,
    open_browser: bool = True,
    screenshot: Path | None = None,
    whole_page: bool = False,
    at_s: float | None = None,
    port: int | None = None,
    camera: str = "earth",
    say: Callable[[str], None] = lambda line: None,
) -> None:
    """Serve mission ``slug`` in the 3D viewer until the page closes (or, with ``screenshot``,
    render one moment to that PNG: the scene alone, or with ``whole_page`` the page with
    its record panel and telemetry strip). ``say`` receives what a person should read: the URL,
    files written, and the scene's state lines."""
    from . import scene

    with session(engine) as s:
        if not model.can_show(s, slug):
            if s.scalar(select(Mission.id).where(Mission.slug == slug)) is None:
                raise NotFound(f"no mission '{slug}' in the archive")
            raise NotFound(
                f"mission '{slug}' has no orbit recorded and its vehicle no stage data: "
                "nothing to show in 3D (see `launchlog show`)"
            )
        port = port or server.free_loopback_port()
        url = f"http://127.0.0.1:{port}/"
        stop = threading.Event()
        on_ready = None
        if screenshot is not None:
            ready = threading.Event()
            on_ready = ready.set

            def on_listening() -> None:
                threading.Thread(
                    target=_shoot,
                    args=(url, screenshot, ready, stop, say, whole_page),
                    daemon=True,
                ).start()
        else:

            def on_listening() -> None:  # the server answers from now on
                say(f"viewer: {url}  (Ctrl-C to stop)")
                if open_browser and has_display():
                    threading.Thread(target=webbrowser.open, args=[url], daemon=True).start()

        scene.run(
            slug,
            lambda words: model.missions(s, words),
            lambda sl: cache.scene(s, sl, model.build_scene),
            port=port,
            at_s=at_s,
            on_ready=on_ready,
            on_listening=on_listening,
            stop=stop,
            camera=CAMERAS[camera],
            report=say,
        )
