"""VPython's server, made safe: loopback only, its own assets only, same-origin websocket only.

VPython (outside Jupyter) starts an HTTP server and a websocket server when the
first 3D object is made, and as shipped both listen on every interface; the HTTP server serves
any .js/.html/.css/.png/... file a ``../`` path reaches (it tries the working
directory first), one request at a time, waiting forever on a client that never finishes its
headers; and the websocket accepts any origin and any message size, while closing any
connection ends the program. ``install`` patches the three places VPython takes them from,
before that first object (``viewer.scene`` does so), and ``uninstall`` puts them back once
the servers run. This module does not import vpython.

What the servers accept, then: HTTP on 127.0.0.1 only, from a ``Host`` naming it, for the
page and VPython's own assets, each connection in its own thread with a ``HTTP_TIMEOUT_S``
socket timeout, at most ``MAX_HTTP_CLIENTS`` at once; one websocket at a time (the viewer's
page: a second tab, or a local process forging the page's ``Origin``, is refused while it is
open, so neither can close or break it), from the page's own origin, with frames and
messages of at most ``MAX_WS_BYTES``.

The page itself is VPython's, with two edits (``page``): plotly (3.8 MB, only for graphs,
which the viewer does not draw) is not loaded, and on a software WebGL renderer the 3D
canvas is made without multisample antialiasing, which there costs more than the scene.
"""

from __future__ import annotations

import asyncio
import http.server
import os
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import PageChanged

LOOPBACK = "127.0.0.1"
HTTP_TIMEOUT_S = 10.0
MAX_HTTP_CLIENTS = 32
MAX_WS_BYTES = 2**20  # the page sends events and picks: a few hundred bytes
_saved: dict[str, Any] = {}
REFUSED: list[str] = []  # what was turned away, for the log and the tests


def free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def allowed_hosts(port: int) -> set[str]:
    return {f"{LOOPBACK}:{port}", f"localhost:{port}", f"[::1]:{port}"}


def allowed_origins(port: int) -> set[str]:
    return {f"http://{h}" for h in allowed_hosts(port)}


PLOTLY_TAG = '<script type="text/javascript" src="plotly.min.js"></script>\n'
GLOW_TAG = '<script type="text/javascript" src="glow.min.js"></script>'
# Software rasterisers (SwiftShader, llvmpipe) pay per sample: 4x MSAA there costs more than
# the whole scene, so it is turned off for them; GPUs keep it. ``launchlogKeepAntialias``
# (set by the screenshot command, where a still's quality matters more) keeps it anyway.
SOFTWARE_WEBGL_SHIM = """<script type="text/javascript">
(() => {
  const probe = document.createElement("canvas").getContext("webgl2");
  if (!probe) return;
  const info = probe.getExtension("WEBGL_debug_renderer_info");
  const name = String(probe.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : probe.RENDERER));
  const lose = probe.getExtension("WEBGL_lose_context");
  if (lose) lose.loseContext();
  window.launchlogSoftwareWebGL = /swiftshader|llvmpipe|softpipe|software/i.test(name);
  if (!window.launchlogSoftwareWebGL || window.launchlogKeepAntialias) return;
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, attrs) {
    if (kind === "webgl2") attrs = Object.assign({antialias: false}, attrs);
    return getContext.call(this, kind, attrs);
  };
})();
</script>
"""


# GlowScript's one fragment shader for opaque objects does everything for every pixel:
# texture, bump map, emissive glow, each light's diffuse and specular terms. A GPU does not
# notice; a software renderer runs every branch for every pixel (its lanes cannot skip a
# branch a varying decides), and the Earth's pixels are most of the picture. With software
# WebGL the viewer swaps in a lighter material before GlowScript compiles it: the texture,
# flat emissive colour, the ambient and each light's diffuse term; no bump maps (the viewer
# draws none) and no specular highlight. Stills (``launchlogKeepAntialias``) and GPUs keep
# GlowScript's own.
LEAN_SHADER_SHIM = """<script type="text/javascript">
(() => {
  if (!window.launchlogSoftwareWebGL || window.launchlogKeepAntialias) return;
  if (!window.shaders || !window.shaders.opaque_render_fragment) return;
  window.shaders.opaque_render_fragment = `#version 300 es
precision highp float;
uniform int light_count;
uniform vec4 light_pos[32];
uniform vec3 light_color[32];
uniform vec3 light_ambient;
uniform sampler2D texmap;
in vec3 es_position;
in vec3 es_normal;
in vec2 mat_pos;
in vec4 vcolor;
in vec4 parameters; // shininess, emissive, hasTexture, hasBump
out vec4 output_color;
void main(void) {
    vec3 diffuse = vcolor.rgb * mix(vec3(1.0), texture(texmap, mat_pos).xyz, parameters[2]);
    vec3 L = normalize(light_pos[0].xyz - es_position * light_pos[0].w);
    float lit = max(dot(normalize(es_normal), L), 0.0);
    vec3 shaded = (light_ambient + light_color[0] * lit) * diffuse;
    output_color = vec4(mix(shaded, diffuse, parameters[1]), 1.0);
}
`;
  window.launchlogLeanShader = true;
})();
</script>
"""


# GlowScript hears keys on the whole document: typing a search into the find box would play
# and pause the scene, Space on a button just clicked would press it as well as play, and
# the arrows would also move a slider just dragged. Keys typed into a text box or a menu
# stop at the page's body (the box has had them); a focused button or slider lets go of
# the focus when Space or an arrow goes down, so that only the scene hears it.
KEYS_SHIM = """<script type="text/javascript">
document.addEventListener("DOMContentLoaded", () => {
  document.body.addEventListener("keydown", (e) => {
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) e.stopPropagation();
  });
  document.body.addEventListener("keyup", (e) => {
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) e.stopPropagation();
  });
});
window.addEventListener("keydown", (e) => {
  const scene = e.key === " " || e.key === "ArrowLeft" || e.key === "ArrowRight";
  const owner = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
  if (scene && !owner && e.target !== document.body && e.target.blur) e.target.blur();
}, true);
</script>
"""


# GlowScript never culls faces, so every closed object is shaded twice where its far side is
# drawn before its near side: the Earth, which covers most of the picture, most of all. Its
# meshes (and the viewer's tubes) wind their outer faces counter-clockwise, so culling back
# faces (WebGL's default when culling is on) leaves exactly the sides facing the camera.
# Software WebGL then draws the whole-Earth view about half as fast again.
CULL_SHIM = """<script type="text/javascript">
(() => {
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, attrs) {
    const gl = getContext.call(this, kind, attrs);
    if (gl && kind === "webgl2" && !gl.launchlogCulled) {
      gl.enable(gl.CULL_FACE);
      gl.launchlogCulled = true;
    }
    return gl;
  };
})();
</script>
"""


def around_the_scene() -> str:
    """launchlog's own page around the scene (``page.css``, ``page.js``), inline: the panel,
    the legend, the telemetry strip, the fitted canvas, the address, the search as one types."""
    here = Path(__file__).parent
    css = (here / "page.css").read_text(encoding="utf-8")
    js = (here / "page.js").read_text(encoding="utf-8")
    if "</" in css or "</script" in js:
        raise PageChanged("the page's own script or style would end its element early")
    return f'<style>\n{css}</style>\n<script type="text/javascript">\n{js}</script>\n'


def page(vpython_page: str) -> str:
    """VPython's page without plotly, with the software-WebGL and culling shims before its
    library, and the keys shim and launchlog's own page after it."""
    if GLOW_TAG not in vpython_page:
        raise PageChanged("VPython's page has changed: glow.min.js is not where it was")
    shimmed = (
        SOFTWARE_WEBGL_SHIM
        + CULL_SHIM
        + GLOW_TAG
        + "\n"
        + LEAN_SHADER_SHIM
        + KEYS_SHIM
        + around_the_scene()
    )
    return vpython_page.replace(PLOTLY_TAG, "").replace(GLOW_TAG, shimmed, 1)


# What pages asked for, oldest first: the address's ``/?mission=zq1-y1&t=420&camera=follow``
# (so that a view can be shared and reopened), and the page script's own asks (a search as
# it is typed, a click on the telemetry strip, the window's size); the scene's loop takes them.
PAGE_ASKS: list[dict[str, str]] = []
_ASKABLE = ("mission", "t", "camera")
_PAGE_ASKABLE = (*_ASKABLE, "find", "width", "height")
ASK_HEADER = "X-Launchlog-Page"  # a cross-origin page cannot send it without a preflight,
# which this server does not answer: only the viewer's own page asks this way
MISSION_PATH = "/launchlog/mission.json"
ASK_PATH = "/launchlog/ask"
_mission_json: list[bytes] = [b"{}"]


def publish(record: bytes) -> None:
    """The record of the mission now drawn, as JSON, for the page's panel and strip."""
    _mission_json[0] = record


def _heard(query: str, askable: tuple[str, ...] = _ASKABLE) -> None:
    """Keep what a query asks of the ``askable`` fields (the address: mission, time and
    camera; the page's script also a search and a size): the last of each, at most 200
    characters, no other field, and nothing from a query of more than eight fields."""
    if not query:
        return
    try:
        fields = parse_qs(query, max_num_fields=8)
    except ValueError:
        REFUSED.append("query of more than eight fields")
        return
    asked = {k: v[-1][:200] for k, v in fields.items() if k in askable}
    if asked:
        PAGE_ASKS.append(asked)


def _safe_handler(base: type, port: int) -> type:
    """Serve "/" (VPython's page) and files inside VPython's own asset folders, nothing else."""
    roots = [Path(base.serverlib).resolve(), Path(base.serverdata).resolve()]  # type: ignore[attr-defined]
    vpython_server = sys.modules[base.__module__]  # vpython.no_notebook
    body_of_root = page(vpython_server.glowcomm).encode()

    class SafeHandler(base):  # type: ignore[misc, valid-type]
        timeout = HTTP_TIMEOUT_S  # a client that stops mid-request is dropped

        def do_GET(self) -> None:
            if self.headers.get("Host", "") not in allowed_hosts(port):
                REFUSED.append(f"host {self.headers.get('Host')!r}")
                self.send_error(403, "foreign host")
                return
            raw = urlsplit(self.path).path
            if raw == MISSION_PATH:
                self._send(_mission_json[0], "application/json", fresh=True)
                return
            if raw == ASK_PATH:
                if self.headers.get(ASK_HEADER) != "1":
                    REFUSED.append("ask without the page's header")
                    self.send_error(403, "not the viewer's page")
                    return
                _heard(urlsplit(self.path).query, _PAGE_ASKABLE)
                self._send(b"{}", "application/json", fresh=True)
                return
            if raw == "/":
                _heard(urlsplit(self.path).query)
                vpython_server.httpserving = True  # VPython waits for its page to be fetched
                self._send(body_of_root, "text/html; charset=utf-8")
                return
            name = unquote(raw)
            parts = name.lstrip("/").split("/")
            suffix = name.rsplit(".", 1)[-1] if "." in name else ""
            bad = "\\" in name or "\x00" in name or any(p in ("", ".", "..") for p in parts)
            if not bad and suffix in self.mimes:
                for root in roots:
                    candidate = root.joinpath(*parts).resolve()
                    if candidate.is_relative_to(root) and candidate.is_file():
                        self._send(candidate.read_bytes(), self.mimes[suffix][0])
                        return
            REFUSED.append(f"path {self.path!r}")
            self.send_error(404)

        def _send(self, body: bytes, mime: str, fresh: bool = False) -> None:
            self.send_response(200)
            self.send_header("Content-Type", mime)
            if fresh:  # the mission drawn now, not a copy kept from before
                self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return SafeHandler


def install(http_port: int, on_listening: Callable[[], None] | None = None) -> None:
    """Patch before ``import vpython``: its servers bind 127.0.0.1 and guard themselves.
    ``on_listening`` is called once the HTTP server accepts connections (the moment to name
    the URL or open a browser: before it, a browser finds nothing there)."""
    import autobahn.asyncio.websocket as ab
    from autobahn.websocket.types import ConnectionDeny

    os.environ["VPYTHON_HTTP_PORT"] = str(http_port)
    os.environ["VPYTHON_NO_LAUNCH_BROWSER"] = "1"  # the viewer opens (or names) the page itself
    _saved.update(
        http=http.server.HTTPServer,
        factory=ab.WebSocketServerFactory,
        new_loop=asyncio.new_event_loop,
    )
    class LoopbackHTTPServer(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def __init__(self, address: tuple[str, int], handler: type, *a: Any, **k: Any) -> None:
            self.slots = threading.BoundedSemaphore(MAX_HTTP_CLIENTS)
            super().__init__((LOOPBACK, address[1]), _safe_handler(handler, address[1]), *a, **k)
            if on_listening is not None:
                on_listening()

        def process_request(self, request: Any, client_address: Any) -> None:
            if not self.slots.acquire(blocking=False):
                REFUSED.append("http: too many connections")
                self.shutdown_request(request)
                return
            super().process_request(request, client_address)

        def process_request_thread(self, request: Any, client_address: Any) -> None:
            try:
                super().process_request_thread(request, client_address)
            finally:
                self.slots.release()

    origins = allowed_origins(http_port)
    open_pages = [0]

    def guarded(protocol: type) -> type:
        class Guarded(protocol):  # type: ignore[misc, valid-type]
            _accepted = False

            def onConnect(self, request: Any) -> Any:
                if request.origin not in origins:
                    REFUSED.append(f"websocket origin {request.origin!r}")
                    raise ConnectionDeny(403, "origin not allowed")
                if open_pages[0]:
                    REFUSED.append("websocket: a second page")
                    raise ConnectionDeny(409, "the viewer is open in another tab")
                open_pages[0] += 1
                self._accepted = True
                return super().onConnect(request)

            def onClose(self, wasClean: bool, code: Any, reason: Any) -> None:
                if self._accepted:  # only our own page's closing ends the program
                    open_pages[0] -= 1
                    super().onClose(wasClean, code, reason)

        return Guarded

    class GuardedFactory(_saved["factory"]):  # type: ignore[misc, valid-type]
        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            self.setProtocolOptions(
                maxFramePayloadSize=MAX_WS_BYTES, maxMessagePayloadSize=MAX_WS_BYTES
            )

        @property
        def protocol(self) -> type:
            return self._guarded

        @protocol.setter
        def protocol(self, value: type) -> None:
            self._guarded = guarded(value)

    def loopback_loop() -> asyncio.AbstractEventLoop:
        loop = _saved["new_loop"]()
        create = loop.create_server

        async def create_server(factory: Any, host: Any = None, port: Any = None, **kw: Any):  # type: ignore[no-untyped-def]
            return await create(factory, LOOPBACK, port, **kw)

        loop.create_server = create_server  # type: ignore[method-assign]
        return loop

    http.server.HTTPServer = LoopbackHTTPServer  # type: ignore[misc]
    ab.WebSocketServerFactory = GuardedFactory  # type: ignore[misc]
    asyncio.new_event_loop = loopback_loop


def uninstall() -> None:
    """Put back what ``install`` replaced (VPython has bound its own references by now)."""
    import autobahn.asyncio.websocket as ab

    if _saved:
        http.server.HTTPServer = _saved.pop("http")  # type: ignore[misc]
        ab.WebSocketServerFactory = _saved.pop("factory")  # type: ignore[misc]
        asyncio.new_event_loop = _saved.pop("new_loop")
