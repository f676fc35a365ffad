"""Ephemeris files: CSV, CCSDS OEM 2.0 (KVN text, CCSDS 502.0-B-2) and CZML for Cesium.

``read_oem`` is a strict reader of what ``write_oem`` writes (and of the KVN
subset any OEM producer uses): mandatory keywords, increasing epochs within
START_TIME..STOP_TIME, six numbers a line. It is how the tests prove the files
are well-formed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import numpy as np
from astropy.time import Time, TimeDelta

from .errors import OEMError

OEM_HEADER_KEYS = ("CCSDS_OEM_VERS", "CREATION_DATE", "ORIGINATOR")
OEM_META_KEYS = (
    "OBJECT_NAME",
    "OBJECT_ID",
    "CENTER_NAME",
    "REF_FRAME",
    "TIME_SYSTEM",
    "START_TIME",
    "STOP_TIME",
)


def _iso(t: Time) -> str:
    return t.utc.isot


def to_csv(
    epochs: Time,
    r_km: np.ndarray,
    v_km_s: np.ndarray,
    lat_deg: np.ndarray | None = None,
    lon_deg: np.ndarray | None = None,
    h_km: np.ndarray | None = None,
) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    head = ["utc", "x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s"]
    geo = lat_deg is not None
    if geo:
        head += ["lat_deg", "lon_deg", "alt_km"]
    w.writerow(head)
    for i, t in enumerate(epochs.utc.isot):
        row = [t, *(f"{x:.6f}" for x in r_km[i]), *(f"{x:.9f}" for x in v_km_s[i])]
        if geo:
            row += [f"{lat_deg[i]:.5f}", f"{lon_deg[i]:.5f}", f"{h_km[i]:.4f}"]
        w.writerow(row)
    return buf.getvalue()


def to_oem(
    epochs: Time,
    r_km: np.ndarray,
    v_km_s: np.ndarray,
    *,
    object_name: str,
    object_id: str,
    comments: list[str] = (),
    created: Time | None = None,
) -> str:
    created = created or Time.now()
    lines = [
        "CCSDS_OEM_VERS = 2.0",
        f"CREATION_DATE = {_iso(created)}",
        "ORIGINATOR = launchlog",
        "",
        "META_START",
        f"OBJECT_NAME = {object_name}",
        f"OBJECT_ID = {object_id}",
        "CENTER_NAME = EARTH",
        "REF_FRAME = GCRF",
        "TIME_SYSTEM = UTC",
        f"START_TIME = {_iso(epochs[0])}",
        f"STOP_TIME = {_iso(epochs[-1])}",
        "META_STOP",
        "",
    ]
    lines += [f"COMMENT {c}" for c in comments]
    for t, r, v in zip(epochs.utc.isot, r_km, v_km_s, strict=True):
        lines.append(f"{t} {r[0]:.6f} {r[1]:.6f} {r[2]:.6f} {v[0]:.9f} {v[1]:.9f} {v[2]:.9f}")
    return "\n".join(lines) + "\n"


@dataclass
class OEM:
    header: dict[str, str]
    meta: dict[str, str]
    epochs: Time
    states: np.ndarray  # (n, 6) km, km/s



def read_oem(text: str) -> OEM:
    """Strict KVN reader for a single-segment OEM without covariance."""
    header: dict[str, str] = {}
    meta: dict[str, str] = {}
    data: list[tuple[str, list[float]]] = []
    section = "header"
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("COMMENT"):
            continue
        if line == "META_START":
            if section != "header":
                raise OEMError(n, "only one segment is supported")
            section = "meta"
            continue
        if line == "META_STOP":
            if section != "meta":
                raise OEMError(n, "META_STOP without META_START")
            section = "data"
            continue
        if section in ("header", "meta"):
            if "=" not in line:
                raise OEMError(n, f"expected KEY = value, got {line!r}")
            k, v = (x.strip() for x in line.split("=", 1))
            (header if section == "header" else meta)[k] = v
            continue
        parts = line.split()
        if len(parts) not in (7, 10):
            raise OEMError(
                n, f"a data line has an epoch and 6 (or 9) numbers, got {len(parts)} fields"
            )
        try:
            data.append((parts[0], [float(x) for x in parts[1:7]]))
        except ValueError:
            raise OEMError(n, "non-numeric state") from None
    for k in OEM_HEADER_KEYS:
        if k not in header:
            raise OEMError(0, f"header keyword {k} missing")
    if header["CCSDS_OEM_VERS"] not in ("1.0", "2.0", "3.0"):
        raise OEMError(0, f"unknown version {header['CCSDS_OEM_VERS']}")
    for k in OEM_META_KEYS:
        if k not in meta:
            raise OEMError(0, f"metadata keyword {k} missing")
    if not data:
        raise OEMError(0, "no data lines")
    scale = meta["TIME_SYSTEM"].lower()
    epochs = Time([d[0] for d in data], format="isot", scale=scale)
    start, stop = Time(meta["START_TIME"], scale=scale), Time(meta["STOP_TIME"], scale=scale)
    if np.any(np.diff(epochs.jd) <= 0):
        raise OEMError(0, "epochs are not strictly increasing")
    slack = TimeDelta(1e-3, format="sec")
    if epochs[0] < start - slack or epochs[-1] > stop + slack:
        raise OEMError(0, "data outside START_TIME .. STOP_TIME")
    return OEM(header, meta, epochs, np.array([d[1] for d in data]))


def to_czml(
    epochs: Time, r_km: np.ndarray, *, name: str, object_id: str, description: str = ""
) -> str:
    """A CZML document (czml3): a clock over the span and the object in the INERTIAL frame."""
    from czml3 import Document, Packet
    from czml3.properties import Clock, Path, Point, Position
    from czml3.types import TimeInterval

    start = epochs[0].utc.to_datetime(timezone=dt.UTC)
    end = epochs[-1].utc.to_datetime(timezone=dt.UTC)
    t = (epochs - epochs[0]).sec
    cart: list[float] = []
    for ti, r in zip(t, r_km * 1000.0, strict=True):  # CZML wants metres
        cart += [float(ti), float(r[0]), float(r[1]), float(r[2])]
    doc = Document(
        packets=[
            Packet(
                id="document",
                name=name,
                version="1.0",
                clock=Clock(
                    interval=TimeInterval(start=start, end=end), currentTime=start, multiplier=60
                ),
            ),
            Packet(
                id=object_id,
                name=name,
                description=description or None,
                availability=TimeInterval(start=start, end=end),
                position=Position(
                    epoch=start,
                    cartesian=cart,
                    referenceFrame="INERTIAL",
                    interpolationAlgorithm="LAGRANGE",
                    interpolationDegree=5,
                ),
                point=Point(pixelSize=6),
                path=Path(width=1.5, leadTime=0, trailTime=float(t[-1])),
            ),
        ]
    )
    return json.dumps(json.loads(doc.dumps()), indent=1)
