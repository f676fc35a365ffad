"""The 3D viewer in a real browser (Debian's Chromium, headless, through Playwright), and the
three security properties of its server: loopback only, own assets only, own origin only.

A harness starts ``launchlog view zq1-y1 --no-browser`` as a child process, reads its STATE
lines, opens the page, and always ends both (VPython serves one page per program and blocks
until it connects).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from launchlog.cli import app

from ..conftest import MISSIONS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)


@dataclass
class Viewer:
    proc: subprocess.Popen[str]
    url: str
    port: int
    lines: queue.Queue[str]
    states: list[dict] = field(default_factory=list)

    def settle(self, wait_s: float = 0.8) -> None:
        """Let what the viewer has said so far arrive, and keep it."""
        time.sleep(wait_s)
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line.startswith("STATE "):
                self.states.append(json.loads(line[6:]))

    def forget(self) -> None:
        """Let what the viewer has said so far arrive, then forget it: the next wait_state
        sees only what comes after."""
        self.settle(0.5)
        self.states.clear()

    def wait_state(self, kind: str, timeout: float = 30.0, **match: object) -> dict:
        deadline = time.monotonic() + timeout
        for s in self.states:
            if s["kind"] == kind and all(s.get(k) == v for k, v in match.items()):
                return s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise AssertionError(f"viewer exited with {self.proc.returncode}") from None
                continue
            if line.startswith("STATE "):
                s = json.loads(line[6:])
                self.states.append(s)
                if s["kind"] == kind and all(s.get(k) == v for k, v in match.items()):
                    return s
        raise AssertionError(f"no STATE {kind} {match} within {timeout} s: {self.states}")


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("viewer") / "v.sqlite")
    runner = CliRunner()
    runner.invoke(app, ["--db", db, "db", "upgrade"])
    assert runner.invoke(app, ["--db", db, "load", str(MISSIONS)]).exit_code == 0
    return db


@pytest.fixture
def viewer(archive_db: str, tmp_path: Path) -> Iterator[Viewer]:
    (tmp_path / "leak.js").write_text("the working directory must not be served\n")
    with start_viewer(archive_db, "zq1-y1", tmp_path) as v:
        yield v


@contextlib.contextmanager
def start_viewer(db: str, slug: str, cwd: Path) -> Iterator[Viewer]:
    """``launchlog view SLUG --no-browser`` as a process, until its URL is printed."""
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": db, "PYTHONUNBUFFERED": "1"}
    env.pop("DISPLAY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "launchlog", "view", slug, "--no-browser"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    try:
        url = None
        deadline = time.monotonic() + 90
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                assert proc.poll() is None, "viewer exited before serving"
                continue
            if line.startswith("viewer: "):
                url = line.split()[1]
        assert url is not None, "the viewer never printed its URL"
        yield Viewer(proc, url, int(url.rsplit(":", 1)[1].strip("/")), lines)
    finally:
        proc.kill()
        proc.wait(10)


@pytest.fixture
def page(viewer: Viewer):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from viewer.app import launch_chromium, new_tab, open_page

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            requests: list[str] = []
            pg = new_tab(browser)
            pg.on("request", lambda r: requests.append(r.url))
            pg.on("websocket", lambda ws: requests.append(ws.url))
            pg = open_page(browser, viewer.url, page=pg)
            viewer.wait_state("ready", timeout=60)
            pg.requests = requests  # type: ignore[attr-defined]
            yield pg
        finally:
            browser.close()


def earth_fraction(png: bytes, tmp: Path) -> float:
    """Share of pixels that are ocean blue or land green/brown (not black space, not UI)."""
    path = tmp / "shot.png"
    path.write_bytes(png)
    px = np.asarray(Image.open(path).convert("RGB").resize((220, 130)), dtype=int)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    earthy = ((b > 60) & (b > r + 15)) | ((g > 60) & (g >= b))
    return float(earthy.mean())


def test_page_loads_locally_and_draws_the_earth(viewer: Viewer, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    time.sleep(1.0)
    png = page.locator("canvas").first.screenshot()
    # lit ocean and land cover a good part of the view (a blank canvas scores 0)
    assert earth_fraction(png, tmp_path) > 0.08
    hosts = {r.split("/")[2].split(":")[0] for r in page.requests}
    assert hosts <= {"127.0.0.1", "localhost"}, page.requests
    assert any(r.endswith("earth_texture.jpg") for r in page.requests)
    assert not any("plotly" in r for r in page.requests)  # 3.8 MB the viewer does not use
    # SwiftShader is a software renderer: the 3D canvas is made without multisampling, with
    # back faces culled and GlowScript's material swapped for a lighter one
    webgl = page.evaluate(
        """() => { const c = document.querySelector('canvas'), gl = c.getContext('webgl2');
                   return [window.launchlogSoftwareWebGL, gl.getContextAttributes().antialias,
                           gl.isEnabled(gl.CULL_FACE), window.launchlogLeanShader === true]; }"""
    )
    assert webgl == [True, False, True, True]


def test_controls_change_the_python_state(viewer: Viewer, page) -> None:  # type: ignore[no-untyped-def]
    buttons = page.locator("button")
    buttons.first.click()
    viewer.wait_state("play")
    buttons.first.click()
    viewer.wait_state("pause")
    # the slider: VPython drops the first change, so move it twice
    handle = page.locator(".ui-slider").first
    box = handle.bounding_box()
    assert box is not None
    for frac in (0.3, 0.5):
        page.mouse.click(box["x"] + box["width"] * frac, box["y"] + box["height"] / 2)
        time.sleep(0.5)
    seek = viewer.wait_state("seek")
    assert 0.2 * 900 < seek["t"] < 0.6 * 1000
    # keys, once the scene has the focus: Space plays and pauses, arrows step between events
    scene_box = page.locator("canvas").first.bounding_box()
    assert scene_box is not None  # (GlowScript lays a 2-D canvas for labels over the scene)
    page.mouse.click(scene_box["x"] + 40, scene_box["y"] + scene_box["height"] - 40)
    viewer.forget()
    page.keyboard.press("Space")
    viewer.wait_state("play")
    page.keyboard.press("Space")
    at = viewer.wait_state("pause")["t"]
    viewer.forget()
    page.keyboard.press("ArrowRight")
    nxt = viewer.wait_state("seek")["t"]
    viewer.forget()
    page.keyboard.press("ArrowLeft")
    back = viewer.wait_state("seek")["t"]
    assert back <= at + 0.5 < nxt  # the events either side of where it stood
    # the mission picker's find box searches the archive: a payload's name finds its flight
    selects = page.locator("select")
    mission_select = selects.nth(2)
    search = page.locator("input[type=text]").first
    viewer.forget()
    search.type("honghu 2023")  # a space typed into the box does not play the scene
    search.press("Enter")
    found = viewer.wait_state("search", query="honghu 2023")
    assert not [st for st in viewer.states if st["kind"] in ("play", "pause")]
    head = f"{found['found']} found: pick one"
    deadline = time.monotonic() + 10  # the page gets the new choices over the websocket
    while (options := mission_select.locator("option").all_inner_texts())[0] != head:
        assert time.monotonic() < deadline, options[:3]
        time.sleep(0.1)
    assert found["found"] == len(options) - 1 >= 1
    # ... and switches the scene without a restart
    other = next(o for o in options if o.startswith("zq2-y3"))
    mission_select.select_option(label=other)
    state = viewer.wait_state("mission", slug="zq2-y3", timeout=60)
    assert state["outcome"] == "orbit"  # it flies its ascent now (issue 15)
    # the camera follows the vehicle there, up to and along its orbit
    selects.nth(1).select_option("follow vehicle")
    viewer.wait_state("camera", camera="follow vehicle")
    buttons.first.click()
    viewer.wait_state("play", timeout=10)
    time.sleep(1.0)
    assert viewer.proc.poll() is None


def test_the_address_opens_a_mission_at_a_time_with_a_camera(viewer: Viewer) -> None:
    """A view can be shared: `?mission=zq2-y3&t=100&camera=follow` opens that view."""
    from playwright.sync_api import sync_playwright

    from viewer.app import launch_chromium, open_page

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            open_page(browser, viewer.url + "?mission=zq2-y3&t=100&camera=follow&t2=x")
            viewer.wait_state("camera", camera="follow vehicle", timeout=60)
            viewer.wait_state("mission", slug="zq2-y3", timeout=90)
            viewer.wait_state("seek", t=100.0, timeout=30)
        finally:
            browser.close()


def non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for UDP connect
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") else addr


def test_servers_listen_on_loopback_only(viewer: Viewer, page) -> None:  # type: ignore[no-untyped-def]
    ws_port = int(page.evaluate("sock"))  # glowcomm.html's websocket port
    for port in (viewer.port, ws_port):
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    addr = non_loopback_address()
    if addr is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    for port in (viewer.port, ws_port):
        with pytest.raises(OSError):
            socket.create_connection((addr, port), timeout=3).close()


def get(
    port: int, path: str, host: str | None = None, headers: dict[str, str] | None = None
) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    for name, value in (headers or {}).items():
        conn.putheader(name, value)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


def test_the_url_is_named_once_the_server_answers(viewer: Viewer) -> None:
    # straight after the "viewer: URL" line, with no retry: a browser opened then finds the page
    assert get(viewer.port, "/jquery.min.js") == 200


def test_only_its_own_assets_are_served(viewer: Viewer, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = ROOT.parent / f"launchlog-secret-{os.getpid()}.js"
    secret.write_text("secret\n")
    try:
        depth = "/.." * 12
        for path in (
            "/leak.js",  # VPython as shipped serves the working directory first
            f"{depth}{secret}",
            "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e" + str(secret),
            "/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f" + str(secret).lstrip("/"),
            "/images/../../../../../../../../etc/hostname.css",
        ):
            assert get(viewer.port, path) == 404, path
        assert get(viewer.port, "/glow.min.js") == 200
        assert get(viewer.port, "/earth_texture.jpg") == 200
        assert get(viewer.port, "/", host="evil.example") == 403  # DNS rebinding
        # the page's own routes: the record for anyone on the page's host, asks only with
        # the header a foreign page cannot send without a preflight (never granted)
        assert get(viewer.port, "/launchlog/mission.json") == 200
        assert get(viewer.port, "/launchlog/mission.json", host="evil.example") == 403
        viewer.forget()
        assert get(viewer.port, "/launchlog/ask?t=300") == 403
        viewer.settle()
        assert not [st for st in viewer.states if st["kind"] == "seek"]
        assert get(viewer.port, "/launchlog/ask?t=300", headers={"X-Launchlog-Page": "1"}) == 200
        assert viewer.wait_state("seek")["t"] == 300.0
    finally:
        secret.unlink()


def test_foreign_origins_are_refused_and_the_viewer_lives_on(viewer: Viewer, page) -> None:  # type: ignore[no-untyped-def]
    ws_port = int(page.evaluate("sock"))  # glowcomm.html's websocket port
    for origin in ("http://evil.example", f"http://127.0.0.1:{viewer.port + 1}", None):
        with socket.create_connection(("127.0.0.1", ws_port), timeout=5) as s:
            head = (
                f"GET / HTTP/1.1\r\nHost: localhost:{ws_port}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n"
                + (f"Origin: {origin}\r\n" if origin else "")
                + "\r\n"
            )
            s.sendall(head.encode())
            reply = s.recv(200).decode(errors="replace")
            assert reply.startswith("HTTP/1.1 403"), (origin, reply)
    time.sleep(1.0)
    assert viewer.proc.poll() is None  # refusing them did not end the program
    page.locator("button").first.click()
    viewer.wait_state("play")  # and our own page still drives it


def test_screenshot_command_writes_a_picture(archive_db: str, tmp_path: Path) -> None:
    out = tmp_path / "failure.png"
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": archive_db}
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "launchlog",
            "view",
            "zq1-y1",
            "--screenshot",
            str(out),
            "--at",
            "420s",
            "--camera",
            "follow",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"wrote {out}" in r.stdout
    ready = next(
        json.loads(line[6:])
        for line in r.stdout.splitlines()
        if line.startswith("STATE ") and '"ready"' in line
    )
    assert ready["t"] == 420.0 and ready["camera"] == "follow vehicle"
    im = np.asarray(Image.open(out).convert("RGB"), dtype=int)
    sized = [
        json.loads(line[6:])
        for line in r.stdout.splitlines()
        if line.startswith("STATE ") and '"resize"' in line
    ][-1]  # the scene fills what the panel leaves of a 1280 x 900 window
    assert im.shape[:2] == (sized["height"], sized["width"])  # the scene alone, clipped
    assert 700 < sized["width"] < 1000 and 450 < sized["height"] < 800
    assert im.std() > 20  # not blank: Earth, orbit and trajectory
    assert earth_fraction(out.read_bytes(), tmp_path) > 0.2


PWN = '<img src=x onerror="window.pwned=1">'


def test_names_are_text_in_the_page(tmp_path: Path) -> None:
    """Finding 4 of issue 13: a mission's name went into the page title and the mission
    picker as HTML, and ran script in the viewer for any mission viewed."""
    from playwright.sync_api import sync_playwright

    from viewer.app import launch_chromium, open_page

    records = tmp_path / "pwn.yaml"
    records.write_text(
        "missions:\n  - slug: pwn\n    name: '" + PWN + "'\n    vehicle: zq-1\n"
        "    site: jiuquan\n    launch_time: '2024-01-02 03:04'\n    outcome: failure\n"
        "    failed_stage: 1\n    sources: [gcat]\n"
    )
    db = str(tmp_path / "pwn.sqlite")
    runner = CliRunner()
    runner.invoke(app, ["--db", db, "db", "upgrade"])
    assert runner.invoke(app, ["--db", db, "load", str(MISSIONS), str(records)]).exit_code == 0
    with start_viewer(db, "zq1-y1", tmp_path) as v, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = open_page(browser, v.url)
            v.wait_state("ready", timeout=60)
            options = page.evaluate("[...document.querySelectorAll('option')].map(o => o.text)")
            assert f"pwn: {PWN}" in options  # listed, as text
            page.select_option("select >> nth=2", label=f"pwn: {PWN}")  # the mission picker
            page.wait_for_function("document.body.innerText.includes('onerror')", timeout=60000)
            assert PWN in page.evaluate("document.body.innerText")  # the title, as text
            assert page.evaluate("window.pwned") is None
            assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
        finally:
            browser.close()


# Finding 5 of issue 13: the viewer died when it should not, and one client could stall it.


def handshake(ws_port: int, origin: str) -> tuple[socket.socket, str]:
    s = socket.create_connection(("127.0.0.1", ws_port), timeout=5)
    s.sendall(
        (
            f"GET / HTTP/1.1\r\nHost: localhost:{ws_port}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
        ).encode()
    )
    return s, s.recv(200).decode(errors="replace")


def test_a_second_tab_closing_leaves_the_first_its_viewer(viewer: Viewer, page) -> None:  # type: ignore[no-untyped-def]
    second = page.context.browser.new_page()
    second.goto(viewer.url, wait_until="load")
    time.sleep(2.0)
    second.close()
    time.sleep(1.0)
    assert viewer.proc.poll() is None
    page.locator("button").first.click()
    viewer.wait_state("play")


def test_a_local_process_with_the_page_origin_cannot_end_the_viewer(viewer: Viewer, page) -> None:  # type: ignore[no-untyped-def]
    ws_port = int(page.evaluate("sock"))
    s, reply = handshake(ws_port, f"http://127.0.0.1:{viewer.port}")
    assert reply.startswith("HTTP/1.1 409"), reply  # the page holds the one connection
    with contextlib.suppress(OSError):
        s.sendall(b"\x81\x05hello")  # an unmasked frame, which fails a live connection
        s.close()
    time.sleep(1.0)
    assert viewer.proc.poll() is None
    page.locator("button").first.click()
    viewer.wait_state("play")


def test_a_client_that_never_finishes_its_request_blocks_no_one(viewer: Viewer) -> None:
    stalled = socket.create_connection(("127.0.0.1", viewer.port), timeout=5)
    stalled.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
    try:
        t0 = time.monotonic()
        req = urllib.request.Request(viewer.url)
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=5) as r:
            assert r.status == 200
        assert time.monotonic() - t0 < 3
    finally:
        stalled.close()


def test_websocket_messages_are_bounded() -> None:
    import autobahn.asyncio.websocket as ab

    from viewer import server

    server.install(server.free_loopback_port())
    try:
        factory = ab.WebSocketServerFactory("ws://127.0.0.1:9/")
        assert factory.maxMessagePayloadSize == factory.maxFramePayloadSize == 2**20
    finally:
        server.uninstall()


def test_the_page_holds_the_record_a_synced_telemetry_strip_and_fills_the_window(
    viewer: Viewer, page
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: the record beside the scene, the telemetry cursor following the scene, the
    canvas following the window, the address following the view, search as one types."""
    page.wait_for_selector("#ll-panel h2")
    panel = page.locator("#ll-panel").inner_text()
    assert "Zhuque-1 Y1" in panel and "VEHICLE: ZHUQUE-1" in panel.upper()
    assert "outcome: failure" in panel and "T+402 s, stage 3" in panel
    assert "Future" in panel and "SOURCES" in panel.upper()
    links = page.locator("#ll-panel a").evaluate_all("as => as.map(a => a.href)")
    assert links and all(h.startswith(("https://", "http://")) for h in links)
    assert page.locator("#ll-legend").inner_text().splitlines()[0] == "intended orbit"
    # the canvas fills what the panel leaves of the window, and follows its resizes
    first = viewer.wait_state("resize")
    assert 800 < first["width"] < 1000  # of a 1280 x 900 window
    viewer.forget()
    page.set_viewport_size({"width": 1000, "height": 700})
    smaller = viewer.wait_state("resize")
    assert smaller["width"] < first["width"] - 200 and smaller["height"] < first["height"]
    # the telemetry cursor moves while the scene plays ...
    cursor = "Number(document.getElementById('ll-strip').dataset.t)"
    start = page.evaluate(cursor)
    page.locator("button").first.click()
    viewer.wait_state("play")
    time.sleep(1.5)
    assert page.evaluate(cursor) > start + 20  # 100x: about 150 s of mission time
    page.locator("button").first.click()
    paused = viewer.wait_state("pause")["t"]
    # ... and when the time is set elsewhere: a click on the strip seeks there
    viewer.forget()
    strip = page.locator("#ll-strip").bounding_box()
    assert strip is not None
    page.mouse.click(strip["x"] + 44 + (strip["width"] - 96) * 0.5, strip["y"] + 60)
    seek = viewer.wait_state("seek")["t"]
    assert abs(seek - paused) > 30
    deadline = time.monotonic() + 10
    while abs(page.evaluate(cursor) - seek) > 1:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    # ... and when the slider is moved (VPython drops a slider's first change: move it twice)
    handle = page.locator(".ui-slider").first.bounding_box()
    assert handle is not None
    viewer.forget()
    for frac in (0.8, 0.9):
        page.mouse.click(handle["x"] + handle["width"] * frac, handle["y"] + handle["height"] / 2)
        time.sleep(0.5)
    viewer.wait_state("seek")
    viewer.settle()
    slid = [st for st in viewer.states if st["kind"] == "seek"][-1]["t"]
    assert slid > 0.6 * 900
    deadline = time.monotonic() + 10
    while abs(page.evaluate(cursor) - slid) > 1:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    # the address follows the view: it can be shared as it stands
    deadline = time.monotonic() + 10
    seek = slid
    while f"t={round(seek)}" not in page.url:
        assert time.monotonic() < deadline, page.url
        time.sleep(0.1)
    assert "mission=zq1-y1" in page.url and "camera=earth" in page.url
    # the find box searches as one types, without Enter
    viewer.forget()
    page.locator("input[type=text]").first.type("honghu")
    assert viewer.wait_state("search", query="honghu")["found"] >= 1
