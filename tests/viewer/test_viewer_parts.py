"""Viewer pieces that need no browser: tubes of quads (viewer.tubes), the follow camera's plane,
and the served page's edits (viewer.server.page)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sqlalchemy import select

from viewer import server
from viewer.tubes import SIDES, Tube, distinct, tube_rings


def test_a_circle_becomes_a_tube_of_its_radius_around_it() -> None:
    th = np.linspace(0, 2 * np.pi, 121)
    circle = np.c_[7000 * np.cos(th), 7000 * np.sin(th), np.zeros_like(th)]
    corners, outward = tube_rings(circle, 14.0)
    assert corners.shape == outward.shape == (121, SIDES, 3)
    np.testing.assert_allclose(np.linalg.norm(corners - circle[:, None, :], axis=2), 14.0)
    # the corners of one cross-section are an equilateral triangle of side r * sqrt(3)
    side = np.linalg.norm(corners[:, 0] - corners[:, 1], axis=1)
    np.testing.assert_allclose(side, 14.0 * np.sqrt(3))
    # in the circle's plane the transported frame turns with the tangent: no twist at all
    np.testing.assert_allclose(np.abs(outward[:, 0] @ [0, 0, 1.0]), outward[0, 0] @ [0, 0, 1.0])


finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 40), st.just(3)), elements=finite))
def test_any_polyline_gets_a_round_untwisted_tube(points: np.ndarray) -> None:
    points = np.round(points, 3)  # km to the metre, as the scenes are
    points = points[distinct(points)]
    if len(points) < 2:
        return
    corners, outward = tube_rings(points, 5.0)
    tangent = np.gradient(points, axis=0)
    back = np.linalg.norm(tangent, axis=1) <= 1e-9 * np.abs(points).max()
    tangent[back] = np.r_[np.diff(points[:2], axis=0), np.diff(points, axis=0)][back]
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    np.testing.assert_allclose(np.linalg.norm(outward, axis=2), 1.0, atol=1e-9)
    np.testing.assert_allclose(np.einsum("nsk,nk->ns", outward, tangent), 0.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(corners - points[:, None], axis=2), 5.0, rtol=1e-6)
    # parallel transport turns the frame no more than the tangent turns
    a = outward[:, 0]
    turn = np.linalg.norm(np.diff(tangent, axis=0), axis=1)
    kept = np.einsum("nk,nk->n", a[1:], a[:-1])
    gentle = turn < 0.99  # beyond that the normal may have to start afresh
    assert np.all(kept[gentle] >= np.sqrt(1 - turn[gentle] ** 2) - 1e-6)


def test_distinct_drops_only_consecutive_repeats() -> None:
    pts = np.array([[0, 0, 0], [0, 0, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0.0]])
    assert distinct(pts).tolist() == [True, False, True, True, False]
    assert distinct(np.empty((0, 3))).tolist() == []


def test_a_tube_needs_two_distinct_points() -> None:
    with pytest.raises(ValueError, match="two points"):
        tube_rings(np.zeros((1, 3)), 1.0)
    with pytest.raises(ValueError, match="differ"):
        tube_rings(np.zeros((3, 3)), 1.0)


def test_a_path_that_turns_straight_back_keeps_a_round_tube() -> None:
    there_and_back = np.array([[0.0, 0, 0], [10, 0, 0], [0, 0, 0]])
    corners, outward = tube_rings(there_and_back, 2.0)
    np.testing.assert_allclose(outward[1] @ [1.0, 0, 0], 0.0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(corners[1] - [10, 0, 0], axis=1), 2.0)


class FakeVPython:
    """Records what a Tube asks of VPython: objects made, and visibility changes sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, bool]] = []
        outer = self

        class Quad:
            def __init__(self, vs: list, visible: bool) -> None:
                self.vs, self._visible = vs, visible

            @property
            def visible(self) -> bool:
                return self._visible

            @visible.setter
            def visible(self, on: bool) -> None:
                outer.sent.append((id(self), on))
                self._visible = on

        self.quad = Quad
        self.vertex = lambda **kw: kw
        self.vector = lambda *xyz: xyz


def test_a_trail_shows_its_first_segments_and_sends_only_changes() -> None:
    vp = FakeVPython()
    line = np.c_[np.arange(11.0), np.zeros(11), np.zeros(11)]
    tube = Tube(vp, line, 1.0, (1, 0, 0), shown=False)
    assert len(tube.segments) == 10 and len(tube.quads) == 10 * SIDES
    assert not any(q.visible for q in tube.quads)
    tube.show(4)
    assert [any(q.visible for q in seg) for seg in tube.segments] == [True] * 4 + [False] * 6
    assert len(vp.sent) == 4 * SIDES
    tube.show(4)
    assert len(vp.sent) == 4 * SIDES  # nothing changed, nothing sent
    tube.show(2)  # scrubbed back
    assert len(vp.sent) == 6 * SIDES and tube.shown == 2
    tube.show(99)
    assert all(q.visible for q in tube.quads) and tube.shown == 10
    # each quad joins two cross-sections: corners j, j-1 of one and the next
    first = tube.segments[0][0].vs
    assert [v["pos"][0] for v in first] == [0.0, 1.0, 1.0, 0.0]


VPYTHON_PAGE = """<head>
<script type="text/javascript" src="jquery.min.js"></script>
<script type="text/javascript" src="plotly.min.js"></script>
<script type="text/javascript" src="glow.min.js"></script>
</head>"""


def test_the_page_loads_no_plotly_and_sets_up_webgl_before_glowscript() -> None:
    page = server.page(VPYTHON_PAGE)
    assert "plotly" not in page
    assert page.index("launchlogSoftwareWebGL") < page.index("glow.min.js")
    assert page.index("glow.min.js") < page.index('addEventListener("keydown"')  # keys shim
    # the shims (software WebGL, culling; the lighter material, keys), VPython's own two,
    # launchlog's page script
    assert page.count("<script") == 7
    assert page.index("CULL_FACE") < page.index("glow.min.js") < page.index("launchlogLeanShader")
    assert page.index("launchlogLeanShader") < page.index("ll-panel")


def test_a_changed_vpython_page_is_refused_not_served_half_edited() -> None:
    with pytest.raises(RuntimeError, match=r"glow\.min\.js"):
        server.page("<head></head>")


def test_the_follow_camera_looks_across_the_flight() -> None:
    from viewer.scene import plane_normal

    pad, end = np.array([6378.0, 0, 0]), np.array([6000.0, 2000.0, 300.0])
    ascent = np.array([pad, 0.6 * pad + 0.5 * end, end])  # climbing, in one plane
    n = plane_normal(ascent)
    np.testing.assert_allclose([*(ascent @ n), np.linalg.norm(n)], [0, 0, 0, 1], atol=1e-9)
    assert n @ np.cross(pad, end) > 0  # and the way it goes round
    # a whole circular orbit, inclined 60 degrees: its angular momentum, though it ends where
    # it began
    th = np.linspace(0, 2 * np.pi, 50)
    i = np.radians(60)
    orbit = 7000 * np.c_[np.cos(th), np.sin(th) * np.cos(i), np.sin(th) * np.sin(i)]
    np.testing.assert_allclose(plane_normal(orbit), [0, -np.sin(i), np.cos(i)], atol=1e-12)
    for straight_up in ([[6378.0, 0, 0], [6900.0, 0, 0]], [[0, 0, 6357.0], [0, 0, 6900.0]]):
        n = plane_normal(np.array(straight_up))
        np.testing.assert_allclose([n @ straight_up[0], np.linalg.norm(n)], [0, 1], atol=1e-9)


def test_event_labels_point_where_the_vehicle_was(loaded) -> None:  # type: ignore[no-untyped-def]
    from archive.db import session_scope
    from flight.geodesy import earth_fixed, geodetic_from_ecef
    from viewer.model import build_scene

    with session_scope(loaded) as s:
        sc = build_scene(s, "zq1-y1")
    # `launchlog ascent zq1-y1`: stage 1 separates at T+93.1 s at 45.7 km, stage 2 at
    # T+174.8 s at 175.6 km; the third stage ignites at the reported failure, T+402 s, at
    # 521.5 km and loses attitude; impact at +21.44 deg, +94.51 deg
    expected = {("separation", 1): 45.7, ("separation", 2): 175.6, ("attitude loss", 3): 521.5}
    seen = set()
    for e in sc.events:
        lat, lon, h_m = geodetic_from_ecef(earth_fixed(e.t_s, e.r_km * 1000.0))
        if (e.name, e.stage) in expected:
            assert h_m[0] / 1000 == pytest.approx(expected[e.name, e.stage], abs=0.5), e.name
            seen.add((e.name, e.stage))
        if e.name == "impact":
            assert (lat[0], lon[0]) == pytest.approx((21.44, 94.51), abs=0.01)
            assert h_m[0] == pytest.approx(0.0, abs=500)
            seen.add("impact")
    assert seen == {*expected, "impact"}


@pytest.mark.parametrize(
    ("slug", "failed"),
    [
        ("zq1-y1", True),
        ("zq2-y1", True),
        ("zq2-y3", False),
        ("zq2e-y2", False),
        ("zq2e-y3", True),
        ("zq3-y1", False),
    ],
)
def test_every_curated_mission_shows_its_ascent_and_a_legend_of_what_is_drawn(
    loaded, slug: str, failed: bool
) -> None:  # type: ignore[no-untyped-def]
    from archive.db import session_scope
    from viewer.model import build_scene, legend_of

    with session_scope(loaded) as s:
        sc = build_scene(s, slug)
    keys = [key for _words, key in legend_of(sc)]
    assert sc.vehicle is not None and "trajectory" in keys  # the ascent is flown and drawn
    # the record beside it: the telemetry is the flown ascent's, the outcome the record's
    # (and after insertion the payload along its orbit, in the same measures)
    tm = sc.panel["telemetry"]
    t, alt = np.array(tm["t_s"]), np.array(tm["altitude_km"])
    end = round(float(sc.vehicle.t_s[-1]), 2)
    assert t[0] == 0 and end in t and np.all(np.diff(t) > 0)
    climb = alt[t <= end]
    assert climb.max() == pytest.approx(sc.readouts["altitude_km"].max(), abs=0.5)
    if sc.payload is not None:  # on to the scene's end, with no jump at insertion
        assert sc.t_end_s - 60 < t[-1] <= sc.t_end_s  # to within a sample
        after = alt[t > end]
        assert abs(after[0] - climb[-1]) < 5 and after.min() > 150
    assert (sc.panel["outcome"] == "success") == (not failed)
    assert ("failure" in keys) == failed == (sc.outcome != "orbit")
    assert "intended" in keys or "achieved" in keys
    if "debris" in keys:
        assert sc.debris
    assert ("booster" in keys) == bool(sc.returns) == (slug == "zq3-y1")


def test_the_booster_flies_back_to_minqin_with_its_burns_labelled(loaded) -> None:  # type: ignore[no-untyped-def]
    from archive.db import session_scope
    from flight.geodesy import earth_fixed
    from viewer.cameras import CAMERAS
    from viewer.model import build_scene

    with session_scope(loaded) as s:
        sc = build_scene(s, "zq3-y1")
    [ret] = sc.returns
    names = [e.name for e in ret.events]
    assert names[:1] == ["apogee"] and "entry burn" in names and "landing burn" in names
    assert ret.outcome == "crashed" and ret.zone_name == "Minqin landing zone"
    # the path ends where the zone is (scene km, Earth-fixed at the end's time)
    end = earth_fixed(ret.path.t_s[-1:], ret.path.r_km[-1:])[0]
    assert float(np.linalg.norm(end - ret.zone_ecef_km)) < 1.0
    assert "booster" in CAMERAS


def test_a_page_address_asks_only_for_a_mission_a_time_and_a_camera() -> None:
    server.PAGE_ASKS.clear()
    server._heard("mission=zq2-y3&t=100&camera=follow&evil=%3Cscript%3E&t=120")
    server._heard("&".join(f"f{i}=1" for i in range(9)))  # too many fields: nothing
    server._heard("")
    assert server.PAGE_ASKS == [{"mission": "zq2-y3", "t": "120", "camera": "follow"}]
    server.PAGE_ASKS.clear()


def test_a_kept_scene_is_used_until_a_record_behind_it_changes(
    loaded, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: views do not fly the ascent again, unless the records (or code) change."""
    from archive import model as am
    from archive.db import session_scope
    from viewer import cache
    from viewer.model import build_scene

    monkeypatch.setenv("LAUNCHLOG_CACHE_DIR", str(tmp_path))
    built: list[str] = []

    def build(s, slug):  # type: ignore[no-untyped-def]
        built.append(slug)
        return build_scene(s, slug)

    with session_scope(loaded) as s:
        first = cache.scene(s, "zq1-y1", build)
        again = cache.scene(s, "zq1-y1", build)
        assert built == ["zq1-y1"]  # the second view used the kept scene
        assert np.array_equal(again.vehicle.r_km, first.vehicle.r_km)
        assert again.panel == first.panel
        before = cache.fingerprint(s, "zq1-y1")
        payload = s.scalars(select(am.Payload).where(am.Payload.slug == "future")).one()
        payload.mass_kg = 41.0  # a record behind the scene changes
        s.flush()
        assert cache.fingerprint(s, "zq1-y1") != before
        cache.scene(s, "zq1-y1", build)
        assert built == ["zq1-y1", "zq1-y1"]  # flown afresh
        s.rollback()
    assert len(list(tmp_path.glob("zq1-y1-*.pickle"))) == 1  # the superseded one removed


def test_the_panel_compares_each_orbit_with_the_intended_one() -> None:
    from viewer.panel import differences

    rows = [
        {
            "label": "intended",
            "kind": "intended",
            "perigee_km": 500.0,
            "apogee_km": 500.0,
            "inclination_deg": 97.4,
            "ltan_h": 23.9,
        },
        {
            "label": "achieved",
            "kind": "achieved",
            "perigee_km": 480.5,
            "apogee_km": 510.0,
            "inclination_deg": 97.5,
            "ltan_h": 0.1,
        },
    ]
    (d,) = differences(rows)
    assert (d["perigee_km"], d["apogee_km"], d["inclination_deg"]) == (-19.5, 10.0, 0.1)
    assert d["ltan_min"] == 12.0  # across midnight, not -23 h 48 min
