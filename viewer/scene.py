"""The 3D viewer: the only module that imports vpython (its first 3D object starts VPython's servers
and blocks until a browser page connects; ``viewer.server`` makes that safe first).

``run`` draws a ``viewer.model.Scene`` and loops at 30 frames per second: time
controls, camera modes, mission picker, live read-outs. Scene-frame km map to
VPython coordinates as (y, z, x), so the Earth's axis is the screen's up and the
texture's Greenwich meridian lies on the scene's x axis at t = 0.
"""

from __future__ import annotations

import html
import json
import logging
import os
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from flight.constants import R_EARTH_KM

from . import server
from .cameras import CAMERAS as CAMERA_LABELS
from .model import VEHICLE_SCALE, Scene, decimate, heading, legend_of, sample
from .tubes import Tube, distinct

FPS = 30
WIDTH, HEIGHT = 800, 500  # until the page asks for the size that fills its window
MIN_SIZE, MAX_SIZE = (320, 200), (3840, 2400)
SLIDER_STEPS = 1000
TRAIL_POINTS = 150  # of the 600 vehicle samples, for the trail and the dimmed whole ascent
LABEL_S = 60.0  # an event's label stays this long (mission time)
SPEEDS = [1, 10, 100, 1000, 10000]
CAMERAS = list(CAMERA_LABELS.values())
COLOURS = {
    "intended": (0.2, 0.9, 0.3),
    "achieved": (1.0, 0.55, 0.1),
    "trajectory": (1.0, 0.9, 0.2),
    "failure": (1.0, 0.15, 0.15),
    "debris": (0.7, 0.7, 0.75),
    "payload": (1.0, 1.0, 1.0),
    "site": (1.0, 0.85, 0.0),
    "booster": (0.75, 0.45, 1.0),
    "zone": (0.3, 0.9, 1.0),
}
# the follow camera looks level across the ascent's plane: the horizon and
# the sky behind the vehicle (a view filled with Earth also costs software WebGL most)
FOLLOW_TILT = (np.cos(np.radians(0)), np.sin(np.radians(0)))
# the whole-Earth view's half-height in km: the globe, a low orbit round it and margin (the
# globe's pixels are most of what software WebGL pays for)
EARTH_RANGE = 10500
SITE_SPIKE = (0.015, 0.0027)  # the launch site marker's height and radius, per km of range
DIM = 0.4  # the whole planned ascent, under the bright trail (no transparency: it costs a pass)
STAGE_COLOURS = [(0.92, 0.92, 0.95), (0.75, 0.78, 0.85), (0.6, 0.65, 0.75), (0.5, 0.5, 0.6)]


def text(value: object) -> str:
    """Archive text as HTML text: GlowScript puts titles, read-outs and menu choices into the
    page as HTML, and a record's name must not become markup (or script) there."""
    return html.escape(str(value))


def vp_axes(r_km: np.ndarray) -> np.ndarray:
    """Scene-frame (x, y, z) as VPython's (y, z, x), for one point or an (n, 3) array: the
    Earth's axis up the screen."""
    return np.asarray(r_km)[..., [1, 2, 0]]


def plane_normal(r_km: np.ndarray) -> np.ndarray:
    """Unit normal of the plane a path (n, 3) sweeps about the Earth's centre: the direction of
    its summed r x dr (an orbit's angular momentum); for a path straight up, any vertical
    plane through it."""
    r = np.asarray(r_km, dtype=float)
    n = np.cross(r[:-1], r[1:]).sum(axis=0)
    scale = float(np.linalg.norm(r[:-1], axis=1) @ np.linalg.norm(r[1:], axis=1))
    if np.linalg.norm(n) > 1e-9 * scale:
        return n / np.linalg.norm(n)
    for axis in ([0.0, 0.0, 1.0], [1.0, 0.0, 0.0]):
        n = np.cross(r[0], axis)
        if np.linalg.norm(n) > 1e-6 * np.linalg.norm(r[0]):
            return n / np.linalg.norm(n)
    raise ValueError("the path starts at the Earth's centre")


_REPORT: list[Callable[[str], None]] = []  # where ``say`` goes: the caller's ``report``


def say(kind: str, **data: object) -> None:
    """One line of state (``STATE {json}``), for people and for the browser tests."""
    line = "STATE " + json.dumps({"kind": kind, **data}, default=float)
    for report in _REPORT:
        report(line)


@dataclass
class State:
    t: float = 0.0
    playing: bool = False
    speed: int = 100
    camera: str = CAMERAS[0]
    pending_mission: str | None = None
    pending_search: str | None = None
    pending_jump: float | None = None
    frames: int = 0
    notes: list[str] = field(default_factory=list)


def run(
    first: str,
    find: Callable[[str], list[tuple[str, str]]],
    build: Callable[[str], Scene],
    *,
    port: int,
    camera: str = CAMERAS[0],
    at_s: float | None = None,
    on_ready: Callable[[], None] | None = None,
    on_listening: Callable[[], None] | None = None,
    stop: threading.Event | None = None,
    report: Callable[[str], None] | None = None,
) -> None:
    """Start VPython (safely), draw the Earth at once, then mission ``first`` (its ascent is
    computed while the page already shows the globe), and loop until ``stop`` is set.
    ``find(words)`` lists the missions the picker offers ((slug, name), "" for the first
    list); ``report`` receives the scene's state lines as they happen."""
    _REPORT[:] = [report] if report else []
    server.install(port, on_listening)  # VPython starts its servers at the first object
    try:
        with warnings.catch_warnings():  # vpython 7 imports pkg_resources, which warns of
            # its own deprecation at every start: noise to a user, nothing they can act on
            warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
            import vpython as vp

        view = View(vp, first, find, build, at_s=at_s, on_ready=on_ready, stop=stop, camera=camera)
        server.uninstall()
        view.show(build(first))
        view.loop()
    except SystemExit as done:  # VPython's own stop (the page closed, or Ctrl-C)
        sys.stdout.flush()
        os._exit(done.code if isinstance(done.code, int) else 0)
    except BaseException:  # VPython's server threads are not daemons: exit or hang forever
        logging.getLogger(__name__).exception("the viewer stopped on an error")
        sys.stderr.flush()
        os._exit(1)


class View:
    def __init__(self, vp, first: str, find, build, *, at_s, on_ready, stop, camera) -> None:  # type: ignore[no-untyped-def]
        self.vp = vp
        self.build = build
        self.find = find
        self.missions = find("")
        self.on_ready = on_ready
        self.stop = stop or threading.Event()
        self.at_s = at_s
        self.state = State(t=at_s or 0.0, camera=camera)
        self.aimed = False
        self.objects: list = []
        self.trail: Tube | None = None
        c = vp.scene
        c.width, c.height = WIDTH, HEIGHT
        c.background = vp.color.black
        c.up = vp.vector(0, 1, 0)
        c.forward = vp.vector(-0.3, -0.35, -1)
        c.autoscale = False  # the camera modes set the range
        c.range = 11000
        c.userspin = True
        c.lights = []
        c.ambient = vp.color.gray(0.28)
        self.sun = vp.distant_light(direction=vp.vector(1, 0, 0), color=vp.color.gray(0.85))
        self.earth = vp.sphere(
            pos=vp.vector(0, 0, 0), radius=R_EARTH_KM, texture=vp.textures.earth, shininess=0.05
        )
        self.earth_angle = 0.0
        self.shown = 0  # scenes shown: the page fetches each one's record
        self._widgets()
        c.bind("keydown", self._key)
        c.title = f"<b>{text(first)}</b>: computing the flight...\n"
        self.notes.text = "flying the ascent from the archive's stage data..."
        vp.rate(FPS)  # the globe reaches the page now

    # -- coordinates ---------------------------------------------------------------------------
    def v(self, r) -> object:  # type: ignore[no-untyped-def]
        x, y, z = vp_axes(r)
        return self.vp.vector(float(x), float(y), float(z))

    def col(self, rgb) -> object:  # type: ignore[no-untyped-def]
        return self.vp.vector(*rgb)

    def solid_tube(self, r_km: np.ndarray, radius: float, rgb) -> object:  # type: ignore[no-untyped-def]
        """A polyline that turns with the Earth (scene frame, km) as one compound object: one
        message turns it. (Making a compound waits for the browser's answer, about 0.4 s.)"""
        pts = vp_axes(np.asarray(r_km, dtype=float))
        tube = Tube(self.vp, pts[distinct(pts)], radius, self.col(rgb))
        return self.vp.compound(tube.quads, emissive=True)

    def still_tube(self, r_km: np.ndarray, radius: float, rgb) -> None:  # type: ignore[no-untyped-def]
        """A polyline that stays put (an orbit, a path flown): its quads as they are, which
        GlowScript draws in the same one call as a compound's, without the compound's wait."""
        pts = vp_axes(np.asarray(r_km, dtype=float))
        self.objects.extend(Tube(self.vp, pts[distinct(pts)], radius, self.col(rgb)).quads)

    # -- widgets -------------------------------------------------------------------------------
    def _widgets(self) -> None:
        vp, c = self.vp, self.vp.scene
        c.append_to_caption("\n")
        self.play_button = vp.button(text="  Play  ", bind=self._toggle)
        c.append_to_caption("   speed ")
        self.speed_menu = vp.menu(
            choices=[f"{s}x" for s in SPEEDS], selected="100x", bind=self._speed
        )
        c.append_to_caption("   camera ")
        self.camera_menu = vp.menu(choices=CAMERAS, selected=self.state.camera, bind=self._camera)
        c.append_to_caption("\nmission ")
        self.mission_menu = vp.menu(choices=self._choices("missions"), bind=self._mission)
        c.append_to_caption("   find ")
        self.search_box = vp.winput(bind=self._search, width=220, type="string")
        c.append_to_caption(" (name, vehicle, year or payload; Enter)\n")
        # VPython cannot change a slider's range: it runs over 0..1000 of the timeline
        self.slider = vp.slider(
            min=0, max=SLIDER_STEPS, value=0, length=WIDTH - 120, bind=self._scrub
        )
        c.append_to_caption("   ")
        self.jump_menu = vp.menu(choices=["jump to event..."], bind=self._jump)
        c.append_to_caption("\n")
        self.readout = vp.wtext(text="")
        c.append_to_caption("\n")
        self.notes = vp.wtext(text="")
        self.sync = vp.wtext(text="")  # where the scene is, for the page's script (page.js)
        self.synced = ""

    def _toggle(self, b) -> None:  # type: ignore[no-untyped-def]
        self.state.playing = not self.state.playing
        b.text = "  Pause  " if self.state.playing else "  Play  "
        say("play" if self.state.playing else "pause", t=self.state.t)

    def _speed(self, m) -> None:  # type: ignore[no-untyped-def]
        self.state.speed = SPEEDS[m.index]
        say("speed", speed=self.state.speed)

    def _camera(self, m) -> None:  # type: ignore[no-untyped-def]
        self.state.camera = CAMERAS[m.index]
        self.state.pending_jump = self.state.t  # re-aim at once
        self.aimed = False
        say("camera", camera=self.state.camera)

    def _asked(self, asked: dict[str, str]) -> None:
        """A page's address asks for a mission, a time and a camera (``?mission=zq1-y1&t=420
        &camera=follow``): each taken if it is one, else left as it is."""
        slug = asked.get("mission", "")
        if slug and slug.isascii() and len(slug) <= 64 and slug.replace("-", "").isalnum():
            self.state.pending_mission = slug
        label = CAMERA_LABELS.get(asked.get("camera", ""))
        if label is not None and label in self.camera_menu.choices:
            self.state.camera = label
            self.camera_menu.index = CAMERAS.index(label)
            self.aimed = False
            say("camera", camera=label)
        try:
            t = float(asked.get("t", "nan"))
        except ValueError:
            t = float("nan")
        if np.isfinite(t) and t >= 0:
            self.state.pending_jump = t
        if "find" in asked:
            self.state.pending_search = asked["find"]
        try:
            size = int(asked.get("width", "")), int(asked.get("height", ""))
        except ValueError:
            return
        self.resize(*size)

    def resize(self, width: int, height: int) -> None:
        """The scene's canvas at the size the page asks (it fills the window beside the
        panel), within sane bounds."""
        c = self.vp.scene
        width, height = (
            min(max(width, MIN_SIZE[0]), MAX_SIZE[0]),
            min(max(height, MIN_SIZE[1]), MAX_SIZE[1]),
        )
        if (c.width, c.height) != (width, height):
            c.width, c.height = width, height  # (the page stretches the slider itself)
            say("resize", width=width, height=height)

    def _sync(self) -> None:
        """Tell the page where the scene is: mission, revision, time, camera, playing."""
        st = self.state
        camera = next(k for k, label in CAMERA_LABELS.items() if label == st.camera)
        now = (
            f'<span class="ll-sync" data-mission="{text(self.scene.slug)}" data-rev="{self.shown}"'
            f' data-t="{st.t:.1f}" data-camera="{camera}" data-playing="{int(st.playing)}"></span>'
        )
        if now != self.synced:
            self.sync.text = self.synced = now

    def _choices(self, head: str) -> list[str]:
        """The picker's entries: a heading first (picking it does nothing), then a mission
        each, so that every mission, the first included, is picked by a change."""
        return [text(head)] + [text(f"{s}: {n}") for s, n in self.missions]

    def _mission(self, m) -> None:  # type: ignore[no-untyped-def]
        if m.index > 0:
            self.state.pending_mission = self.missions[m.index - 1][0]

    def _search(self, w) -> None:  # type: ignore[no-untyped-def]
        self.state.pending_search = str(w.text or "")

    def _scrub(self, s) -> None:  # type: ignore[no-untyped-def]
        self.state.pending_jump = float(s.value) / SLIDER_STEPS * self.scene.t_end_s

    def _jump(self, m) -> None:  # type: ignore[no-untyped-def]
        if m.index > 0:
            self.state.pending_jump = self.scene.events[m.index - 1].t_s

    def _key(self, evt) -> None:  # type: ignore[no-untyped-def]
        """Space plays and pauses; the left and right arrows step to the previous or next
        event (keys reach the scene once it has the focus: click it)."""
        if evt.key == " ":
            self._toggle(self.play_button)
        elif evt.key in ("left", "right"):
            t = self.state.t
            times = [e.t_s for e in self.scene.events]
            if evt.key == "right":
                ahead = [x for x in times if x > t + 0.5]
                self.state.pending_jump = min(ahead) if ahead else self.scene.t_end_s
            else:
                behind = [x for x in times if x < t - 0.5]
                self.state.pending_jump = max(behind) if behind else 0.0

    # -- the scene -----------------------------------------------------------------------------
    def clear(self) -> None:
        for o in self.objects:
            o.visible = False
        self.objects = []
        if self.trail is not None:
            self.trail.show(0)

    def keep(self, o):  # type: ignore[no-untyped-def]
        self.objects.append(o)
        return o

    def show(self, sc: Scene) -> None:
        vp = self.vp
        self.clear()
        self.scene = sc
        self._turn_earth(0.0)
        self.sun.direction = self.v(sc.sun_dir)
        vp.scene.title = f"<b>{text(sc.title)}</b>   <i>{text(sc.outcome)}</i>\n"
        self.site = self.keep(
            vp.cone(  # a slim spike, sized to the view (``_size_site``)
                pos=self.v(sc.site_ecef_km),
                axis=self.v(sc.site_ecef_km / np.linalg.norm(sc.site_ecef_km) * 160),
                radius=28,
                color=self.col(COLOURS["site"]),
            )
        )
        self.fixed = [self.site]  # turn with the Earth
        if sc.ground_track_ecef_km is not None:
            self.fixed.append(
                self.keep(self.solid_tube(sc.ground_track_ecef_km, 8, COLOURS["trajectory"]))
            )
        self.impact = None
        if sc.impact_ecef_km is not None:
            self.impact = self.keep(
                vp.sphere(
                    pos=self.v(sc.impact_ecef_km),
                    radius=90,
                    color=self.col(COLOURS["failure"]),
                    visible=False,
                )
            )
            self.fixed.append(self.impact)
        for kind, _, ring in sc.orbits:
            self.still_tube(ring, 14, COLOURS[kind])
        self.vehicle_parts = []
        self.trail = None
        if sc.vehicle is not None:
            rgb = COLOURS["failure" if sc.outcome != "orbit" else "trajectory"]
            every = decimate(len(sc.vehicle.t_s), TRAIL_POINTS)  # first and last included
            self.still_tube(sc.vehicle.r_km[every], 5, tuple(DIM * c for c in rgb))
            pts = vp_axes(sc.vehicle.r_km[every])
            keep = distinct(pts)
            self.trail_t = sc.vehicle.t_s[every][keep]
            self.trail = Tube(vp, pts[keep], 11, self.col(rgb), shown=False)
            for k, (_number, length, radius) in enumerate(sc.stage_sizes_km):
                part = self.keep(
                    vp.cylinder(
                        pos=vp.vector(0, 0, 0),
                        axis=vp.vector(length, 0, 0),
                        radius=radius,
                        color=self.col(STAGE_COLOURS[k % 4]),
                    )
                )
                self.vehicle_parts.append(part)
            r = sc.stage_sizes_km[-1][2] if sc.stage_sizes_km else 10
            self.nose = self.keep(
                vp.cone(
                    pos=vp.vector(0, 0, 0),
                    axis=vp.vector(3 * r, 0, 0),
                    radius=r,
                    color=vp.color.white,
                )
            )
        self.debris = [
            (
                self.keep(vp.sphere(radius=25, color=self.col(COLOURS["debris"]), visible=False)),
                path,
                name,
            )
            for name, _, path in sc.debris
        ]
        self.boosters = []
        for ret in sc.returns:
            self.still_tube(ret.path.r_km, 4, tuple(DIM * c for c in COLOURS["booster"]))
            body = self.keep(
                vp.cylinder(radius=22, color=self.col(COLOURS["booster"]), visible=False)
            )
            zone = self.keep(
                vp.cylinder(
                    pos=self.v(ret.zone_ecef_km),
                    axis=self.v(ret.zone_ecef_km / np.linalg.norm(ret.zone_ecef_km) * 6),
                    radius=45,
                    color=self.col(COLOURS["zone"]),
                )
            )
            self.fixed.append(zone)
            self.boosters.append((body, ret))
        # the follow camera looks across the flight: the ascent's plane, else the orbit's
        path = sc.vehicle if sc.vehicle is not None else sc.payload
        self.plane_normal = self.v(plane_normal(path.r_km)) if path is not None else None
        self.payload = None
        if sc.payload is not None:
            self.payload = self.keep(
                vp.sphere(
                    radius=60, color=self.col(COLOURS["payload"]), visible=False, make_trail=False
                )
            )
        shown = [
            e
            for e in sc.events
            if e.name not in ("ignition", "pitch-over", "burnout", "coast", "lift-off")
        ]
        self.event_labels = [(self._event_label(e, k), e) for k, e in enumerate(shown)]
        for ret in sc.returns:  # the returning stage's burns and landing, in its colour, below
            self.event_labels += [
                (self._event_label(e, k, COLOURS["booster"], below=True), e)
                for k, e in enumerate(ret.events)
            ]
        server.publish(self.record_json(sc))
        self.shown += 1
        self.jump_menu.choices = ["jump to event..."] + [
            text(f"T+{e.t_s:.0f} s {e.name}" + (f" (stage {e.stage})" if e.stage else ""))
            for e in sc.events
        ]
        self.mission_menu.index = next(
            (i + 1 for i, (s, _) in enumerate(self.missions) if s == sc.slug), 0
        )
        self.notes.text = ""  # the scene's notes are in the page's panel
        self.state.t = min(self.state.t, sc.t_end_s)
        self.aimed = False
        self.update(self.state.t)
        self.slider.value = self._slider_at(self.state.t)
        say("mission", slug=sc.slug, t_end=sc.t_end_s, outcome=sc.outcome)

    @staticmethod
    def record_json(sc: Scene) -> bytes:
        """The record beside the scene (``viewer.panel``) with the legend of what this scene
        draws, in the colours it draws them, for the page."""
        legend = [
            (words, "#" + "".join(f"{round(255 * c):02x}" for c in COLOURS[key]))
            for words, key in legend_of(sc)
        ]
        scale = f"vehicle drawn {VEHICLE_SCALE:,.0f}x life size" if sc.vehicle is not None else ""
        return json.dumps({**sc.panel, "legend": legend, "scale_note": scale}).encode()

    def _event_label(self, e, k: int, rgb=None, below: bool = False):  # type: ignore[no-untyped-def]
        """A hidden label pointing where ``e`` happened, staggered by ``k``; white (``rgb`` if
        given) when nominal, red when not; above right of the point, or below left."""
        vp = self.vp
        colour = vp.color.white if rgb is None else self.col(rgb)
        side = -1 if below else 1
        return self.keep(
            vp.label(
                text=f"T+{e.t_s:.0f} s {e.name}" + (f" S{e.stage}" if e.stage else ""),
                pos=self.v(e.r_km),
                height=12,
                box=False,
                background=vp.color.black,  # readable across the orbit lines
                opacity=0.6,
                color=colour if e.nominal else self.col(COLOURS["failure"]),
                visible=False,
                xoffset=40 * side,
                yoffset=side * (18 + 16 * (k % 3)),
                line=True,
            )
        )

    def _turn_earth(self, angle: float) -> None:
        d = angle - self.earth_angle
        if d:
            up = self.vp.vector(0, 1, 0)
            self.earth.rotate(angle=d, axis=up, origin=self.vp.vector(0, 0, 0))
            for o in getattr(self, "fixed", []):
                o.rotate(angle=d, axis=up, origin=self.vp.vector(0, 0, 0))
        self.earth_angle = angle

    def update(self, t: float) -> None:
        sc = self.scene
        self._turn_earth(sc.earth_angle(t))
        pos = None
        if sc.vehicle is not None:
            r, i = sample(sc.vehicle, t)
            pos = self.v(r)
            d = self.v(heading(sc.vehicle, i))
            stage_now = int(sc.stage_of[i]) if sc.stage_of is not None else 1
            flying = t <= sc.vehicle.t_s[-1] and (sc.payload is None or t < sc.payload.t_s[0])
            base = pos
            for (number, length, _), part in zip(
                sc.stage_sizes_km, self.vehicle_parts, strict=True
            ):
                if self.set_visible(part, flying and number >= stage_now):
                    part.pos, part.axis = base, d * length
                    base = base + d * length
            self.set_visible(self.nose, flying)
            self.nose.pos, self.nose.axis = base, d * self.nose.axis.mag
            if self.trail is not None:  # up to the last trail point at or before t
                self.trail.show(int(np.searchsorted(self.trail_t, t, side="right")) - 1)
        for obj, path, _name in self.debris:
            if self.set_visible(obj, path.t_s[0] <= t <= path.t_s[-1] + 30):
                obj.pos = self.v(sample(path, t)[0])
        self.booster_pos = None
        for body, ret in self.boosters:
            p = ret.path
            if self.set_visible(body, p.t_s[0] <= t <= p.t_s[-1] + 30):
                r, i = sample(p, min(t, p.t_s[-1]))
                body.pos = self.v(r)
                body.axis = self.v(heading(p, i)) * -60  # engines first, as it falls
                if self.booster_pos is None:
                    self.booster_pos = body.pos
        if self.payload is not None and self.set_visible(self.payload, t >= sc.payload.t_s[0]):
            self.payload.pos = pos = self.v(sample(sc.payload, t)[0])
        if self.impact is not None and sc.vehicle is not None:
            self.set_visible(self.impact, t >= sc.vehicle.t_s[-1] - 1)
        for lab, e in self.event_labels:
            self.set_visible(lab, e.t_s <= t <= e.t_s + LABEL_S)
        self._aim(pos)

    @staticmethod
    def set_visible(obj, on: bool) -> bool:  # type: ignore[no-untyped-def]
        """Change visibility only when it changes: every attribute set is a message."""
        if obj.visible != on:
            obj.visible = on
        return on

    def _aim(self, pos) -> None:  # type: ignore[no-untyped-def]
        """Place the camera for the mode; the direction only when the mode is chosen, so a
        user's own spin (right-drag) is kept."""
        c, vp = self.vp.scene, self.vp
        mode = self.state.camera
        near = mode == "follow booster" and getattr(self, "booster_pos", None) is not None
        if near:
            pos = self.booster_pos  # then framed as the vehicle is, closer in
            mode = "follow vehicle"
        if mode == "follow vehicle" and pos is not None and self.plane_normal is not None:
            c.center = pos
            if not self.aimed:  # side-on to the ascent, the horizon level below the vehicle
                radial = pos.norm()
                c.up = radial
                c.forward = -self.plane_normal * FOLLOW_TILT[0] - radial * FOLLOW_TILT[1]
                c.range = 400 if near else 1300
        elif mode == "launch site":
            c.center = self.site.pos
            if not self.aimed:
                c.up = vp.vector(0, 1, 0)
                c.forward, c.range = -self.site.pos.norm() + vp.vector(0, -0.4, 0), 3000
        else:
            c.center = vp.vector(0, 0, 0)
            if not self.aimed:
                c.up = vp.vector(0, 1, 0)
                c.forward, c.range = -self.site.pos.norm() + vp.vector(0, -0.35, 0), EARTH_RANGE
        if not self.aimed:
            self._size_site(float(c.range))
        self.aimed = True

    def _size_site(self, range_km: float) -> None:
        """The launch site's spike in proportion to the view: seen from the vehicle a
        marker sized for the whole Earth would pass for the rocket."""
        self.site.axis = self.site.axis.norm() * SITE_SPIKE[0] * range_km
        self.site.radius = SITE_SPIKE[1] * range_km

    def readouts(self) -> None:
        sc, t = self.scene, self.state.t
        parts = [f"<b>{sc.utc(t)}</b>", f"T+{t:,.0f} s"]
        if sc.vehicle is not None and t <= sc.vehicle.t_s[-1] + 1:
            _, i = sample(sc.vehicle, t)
            ro = sc.readouts
            parts += [
                f"altitude {ro['altitude_km'][i]:,.1f} km",
                f"speed {ro['speed_m_s'][i]:,.0f} m/s",
                f"downrange {ro['downrange_km'][i]:,.0f} km",
                f"stage {int(sc.stage_of[i])}",
                f"mass {ro['mass_kg'][i]:,.0f} kg",
            ]
        past = [e for e in sc.events if e.t_s <= t]
        if past:
            e = past[-1]
            parts.append(("event: " if e.nominal else "<b>FAILURE</b>: ") + text(e.name))
        self.readout.text = "   |   ".join(parts)

    def _slider_at(self, t: float) -> float:
        return round(t / max(self.scene.t_end_s, 1e-9) * SLIDER_STEPS)

    # -- the loop ------------------------------------------------------------------------------
    def loop(self) -> None:
        vp, st = self.vp, self.state
        ready_sent = False
        while not self.stop.is_set():
            vp.rate(FPS)
            st.frames += 1
            while server.PAGE_ASKS:
                self._asked(server.PAGE_ASKS.pop(0))
            if st.pending_mission is not None:
                slug, st.pending_mission = st.pending_mission, None
                if slug != self.scene.slug:
                    st.t, st.playing = 0.0, False
                    self.play_button.text = "  Play  "
                    try:
                        self.show(self.build(slug))
                    except Exception as exc:
                        self.notes.text = text(f"cannot show {slug}: {exc}")
                        say("error", slug=slug, message=str(exc))
            if st.pending_search is not None:
                words, st.pending_search = st.pending_search, None
                self.missions = self.find(words)
                found = len(self.missions)
                head = f"{found} found: pick one" if found else f"nothing matches '{words}'"
                self.mission_menu.choices = self._choices(head if words.strip() else "missions")
                self.mission_menu.index = 0
                say("search", query=words, found=found)
            if st.pending_jump is not None:
                st.t, st.pending_jump = min(st.pending_jump, self.scene.t_end_s), None
                self.slider.value = self._slider_at(st.t)
                self.update(st.t)
                say("seek", t=st.t)
            if st.playing:
                st.t = min(st.t + st.speed / FPS, self.scene.t_end_s)
                if st.t >= self.scene.t_end_s:
                    st.playing = False
                    self.play_button.text = "  Play  "
                    say("pause", t=st.t)
                self.update(st.t)
                if st.frames % 10 == 0:
                    self.slider.value = self._slider_at(st.t)
            if st.frames % 6 == 0 or st.frames < 3:
                self.readouts()
            if st.frames % 2 == 0 or not st.playing:  # the page's cursor at 15 a second
                self._sync()
            if not ready_sent and st.frames >= 20:
                ready_sent = True
                say(
                    "ready", t=st.t, frames=st.frames, camera=st.camera, range=float(vp.scene.range)
                )
                if self.on_ready is not None:
                    threading.Thread(target=self.on_ready, daemon=True).start()
        sys.stdout.flush()
        os._exit(0)
