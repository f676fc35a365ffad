"""Viewer speed in headless Chromium (software WebGL), as a user meets it.

    .venv/bin/python benchmarks/viewer_fps.py [--runs 3]

Targets (issue 18): the mission on screen within 2.5 s of starting ``launchlog view`` on a
warmed install (numba cache, COESA76 table, and the flown scene kept by ``viewer.cache``
from an earlier view: the first view of each mission flies it and keeps it), in a browser
already running with a tab open, as a user's is; and 30 or more new pictures a second of
the full zq1-y1 scene playing at 100x, on the whole-Earth view and following the vehicle,
with an 800 x 500 scene (1280 x 800 reported beside it).

"On screen" is when the page has the mission's record (``body[data-mission]``, set once
the scene's objects have reached the page) and the browser has drawn a frame after it.
"New pictures" are the renders GlowScript makes (its canvas's ``draw_complete``); the
browser's own frames (requestAnimationFrame callbacks, which repeat a picture as often as
not) are printed beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "zq1-y1"
FPS_JS = """() => new Promise(done => {
  const canvas = window.__context.canvas_selected;
  let frames = 0, renders = 0; const t0 = performance.now();
  canvas.bind("draw_complete", () => { renders++; });
  function tick() {
    frames++;
    const dt = performance.now() - t0;
    if (dt < 5000) requestAnimationFrame(tick);
    else done([frames * 1000 / dt, renders * 1000 / dt]);
  }
  requestAnimationFrame(tick);
})"""
ON_SCREEN_JS = """slug => new Promise(done => {
  (function wait() {
    if (document.body && document.body.dataset.mission === slug)
      requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())));
    else setTimeout(wait, 10);
  })();
})"""
SIZE_JS = """([w, h]) => fetch(`/launchlog/ask?width=${w}&height=${h}`,
  {headers: {"X-Launchlog-Page": "1"}}).then(() => true)"""


def start(env: dict[str, str]) -> tuple[subprocess.Popen[str], str, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "launchlog", "view", SLUG, "--no-browser"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    url = next(line.split()[1] for line in proc.stdout if line.startswith("viewer: "))
    return proc, url, t0


def on_screen(browser, env: dict[str, str]) -> float:  # type: ignore[no-untyped-def]
    """Seconds from process start to the mission drawn, in a tab already open."""
    from viewer.app import new_tab, open_page

    tab = new_tab(browser)
    proc, url, t0 = start(env)
    try:
        page = open_page(browser, url, page=tab)  # as soon as the URL is printed
        page.evaluate(ON_SCREEN_JS, SLUG)
        return time.perf_counter() - t0
    finally:
        proc.kill()
        tab.close()


def fitted(page, w: int, h: int) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(SIZE_JS, [w, h])
    deadline = time.monotonic() + 20
    size = "(c => c.width + 'x' + c.height)(document.querySelector('#glowscript canvas'))"
    while page.evaluate(size) != f"{w}x{h}":
        if time.monotonic() > deadline:
            raise TimeoutError(f"the scene never took {w}x{h}")
        time.sleep(0.1)


def rates(browser, env: dict[str, str], w: int, h: int) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """(browser frames, renders) per second on both views, the scene at w x h."""
    from viewer.app import new_tab, open_page

    proc, url, _ = start(env)
    try:
        page = open_page(browser, url, page=new_tab(browser, {"width": w + 420, "height": h + 400}))
        page.evaluate(ON_SCREEN_JS, SLUG)
        fitted(page, w, h)
        page.locator("button").first.click()  # play at 100x
        time.sleep(1.0)
        out = {"whole Earth": page.evaluate(FPS_JS)}
        page.locator("select").nth(3).select_option(index=1)  # back to lift-off
        page.locator("select").nth(1).select_option("follow vehicle")
        time.sleep(1.0)
        out["follow vehicle"] = page.evaluate(FPS_JS)
        return out
    finally:
        proc.kill()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from viewer.app import launch_chromium

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as d:
        env = {
            **os.environ,
            "LAUNCHLOG_DATABASE_URL": f"sqlite:///{d}/v.sqlite",
            "LAUNCHLOG_CACHE_DIR": f"{d}/cache",
        }
        env.pop("DISPLAY", None)
        for args in (["db", "upgrade"], ["load", str(ROOT / "missions")]):
            subprocess.run(
                [sys.executable, "-m", "launchlog", *args], env=env, check=True, capture_output=True
            )
        with sync_playwright() as p:
            browser = launch_chromium(p)  # the user's browser, already running
            try:
                first = on_screen(browser, env)  # flies the ascent and keeps the scene
                warm = [on_screen(browser, env) for _ in range(runs)]
                sizes = {size: rates(browser, env, *size) for size in ((800, 500), (1280, 800))}
            finally:
                browser.close()
    print(f"process start to {SLUG} on screen, first view (the ascent flown): {first:.2f} s")
    print(
        f"process start to {SLUG} on screen, warm (scene kept): median"
        f" {statistics.median(warm):.2f} s of {', '.join(f'{x:.2f}' for x in warm)}"
    )
    for (w, h), views in sizes.items():
        for camera, (frames, renders) in views.items():
            print(
                f"{SLUG} playing at 100x, {w}x{h}, {camera}: {renders:.1f} renders/s"
                f" (browser {frames:.1f} frames/s)"
            )


if __name__ == "__main__":
    main()
