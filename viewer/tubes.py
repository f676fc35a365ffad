"""Polylines as thin tubes of triangles, for software WebGL (this module does not import vpython).

A VPython ``curve`` costs one WebGL draw call per segment: the zq1-y1 scene's 600 curve
segments alone held software WebGL to about 12 frames per second. VPython's ``quad`` objects
instead all go to WebGL in one draw call, so a tube of quads costs little more than its
pixels. The tube has three sides (a line a few pixels wide needs no more) and is
emissive: its colour does not depend on the Sun, so it shows its legend colour.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

SIDES = 3


def tube_rings(
    points: np.ndarray, radius: float, sides: int = SIDES
) -> tuple[np.ndarray, np.ndarray]:
    """Corner positions and outward normals, each (n, sides, 3), of a tube of ``radius`` around
    the polyline ``points`` (n, 3) whose consecutive points differ.

    The cross-section is carried along by parallel transport, so the tube does not twist
    where a fixed reference direction would flip."""
    points = np.asarray(points, dtype=float)
    if len(points) < 2:
        raise ValueError("a tube needs at least two points")
    step = np.diff(points, axis=0)
    if not np.all(np.any(step != 0, axis=1)):
        raise ValueError("a tube's consecutive points must differ")
    tangent = np.gradient(points, axis=0)
    # where the path turns straight back the central difference vanishes: take the way in
    back = np.linalg.norm(tangent, axis=1) <= 1e-9 * np.abs(points).max()
    tangent[back] = np.r_[step[:1], step][back]
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    t0 = tangent[0]
    seed = np.eye(3)[int(np.argmin(np.abs(t0)))]  # the axis least along the first tangent
    a = np.cross(t0, seed)
    normals_a = np.empty_like(points)
    for i, t in enumerate(tangent):
        a = a - (a @ t) * t
        if np.linalg.norm(a) < 1e-6:  # the path turned onto the old normal: start afresh
            a = np.cross(t, np.eye(3)[int(np.argmin(np.abs(t)))])
        a /= np.linalg.norm(a)
        normals_a[i] = a
    normals_b = np.cross(tangent, normals_a)
    angles = 2 * np.pi * np.arange(sides) / sides
    outward = (
        np.cos(angles)[None, :, None] * normals_a[:, None, :]
        + np.sin(angles)[None, :, None] * normals_b[:, None, :]
    )
    return points[:, None, :] + radius * outward, outward


def distinct(points: np.ndarray) -> np.ndarray:
    """Which points differ from the one before (the first always does): a tube needs no
    repeats, which a vehicle held on the pad would give."""
    points = np.asarray(points, dtype=float)
    return np.r_[True, np.any(np.diff(points, axis=0) != 0, axis=1)][: len(points)]


class Tube:
    """A tube of VPython quads along ``points`` (VPython coordinates, no consecutive repeats),
    shown segment by segment: ``show(k)`` makes the first k visible (a trail that grows)."""

    def __init__(
        self, vp: Any, points: np.ndarray, radius: float, colour: Any, *, shown: bool = True
    ) -> None:
        corners, outward = tube_rings(points, radius)
        vec = vp.vector
        rings = [
            [
                vp.vertex(pos=vec(*p), normal=vec(*q), color=colour, emissive=True)
                for p, q in zip(ring, normals, strict=True)
            ]
            for ring, normals in zip(corners, outward, strict=True)
        ]
        self.segments = [
            [
                vp.quad(vs=[here[j], ahead[j], ahead[j - 1], here[j - 1]], visible=shown)
                for j in range(SIDES)
            ]
            for here, ahead in pairwise(rings)
        ]
        self.shown = len(self.segments) if shown else 0

    @property
    def quads(self) -> list[Any]:
        return [q for seg in self.segments for q in seg]

    def show(self, k: int) -> None:
        """The first ``k`` segments visible, the rest hidden; only changes are sent."""
        k = max(0, min(k, len(self.segments)))
        for i in range(min(k, self.shown), max(k, self.shown)):
            for q in self.segments[i]:
                q.visible = i < k
        self.shown = k
