"""The record beside the scene: what the page's side panel, orbit table and telemetry strip
show, as plain JSON-ready data (no vpython here; the page draws it with its own script).

Built once per scene, with the scene, from the archive: the vehicle and its stages, the
payloads (estimates marked), the outcome and the failure as recorded, every source behind
the record, the orbits' perigee, apogee, inclination and LTAN (each intended against each
achieved, with the differences) and altitude and speed against mission time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy.orm import Session

from archive import model as m
from archive.queries import estimated_fields, mission_provenance
from flight.geodesy import earth_fixed, geodetic_from_ecef
from flight.orbits import ltan_gap_hours

if TYPE_CHECKING:
    from flight.orbits import OrbitSummary

    from .model import Scene

TELEMETRY_POINTS = 300  # a strip a few hundred pixels wide needs no more
MAX_SOURCES = 40


def _round(x: float | None, digits: int = 1) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), digits)


def _link(url: str | None) -> str | None:
    """Only web addresses become links: a record's text never becomes script."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def orbit_row(label: str, kind: str, s: OrbitSummary) -> dict[str, Any]:
    return {
        "label": label,
        "kind": kind,
        "perigee_km": _round(s.perigee_altitude.to_value("km")),
        "apogee_km": _round(s.apogee_altitude.to_value("km")),
        "inclination_deg": _round(s.inclination.to_value("deg"), 2),
        "ltan": s.ltan,
        "ltan_h": _round(s.ltan_hours, 3),
        "elements": s.kind,
    }


def differences(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each other orbit minus the reference one (the first intended, else the first recorded
    achieved): perigee, apogee, inclination and LTAN (minutes, wrapped to +/-12 h)."""
    ref = next((r for r in rows if r["kind"] == "intended"), None) or next(
        (r for r in rows if r["kind"] == "achieved"), None
    )
    if ref is None:
        return []
    out = []
    for r in rows:
        if r is ref or r["kind"] == "intended":
            continue
        d: dict[str, Any] = {"label": f"{r['label']} minus {ref['label']}"}
        for key in ("perigee_km", "apogee_km", "inclination_deg"):
            a, b = r[key], ref[key]
            d[key] = None if a is None or b is None else round(a - b, 2)
        d["ltan_min"] = round(ltan_gap_hours(r["ltan_h"], ref["ltan_h"]) * 60, 1)
        out.append(d)
    return out


def _along(path_t: np.ndarray, r_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Geodetic altitude (km) and inertial speed (m/s) along a scene-frame path: the same
    measures as the ascent's read-outs."""
    _lat, _lon, h_m = geodetic_from_ecef(earth_fixed(path_t, r_km * 1000.0))
    speed = np.linalg.norm(np.gradient(r_km, path_t, axis=0), axis=1) * 1000.0
    return h_m / 1000.0, speed


def telemetry(sc: Scene) -> dict[str, Any]:
    """Altitude (km) and speed (m/s) against mission time, and the events, for the strip:
    the ascent where it is flown, then the payload along its orbit to the scene's end."""
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    if sc.vehicle is not None and sc.readouts:
        parts.append((sc.vehicle.t_s, sc.readouts["altitude_km"], sc.readouts["speed_m_s"]))
    if sc.payload is not None and len(sc.payload.t_s) > 2:
        t = sc.payload.t_s
        later = (t > (parts[0][0][-1] if parts else -np.inf)) & (t <= sc.t_end_s)
        alt, speed = _along(t, sc.payload.r_km)
        parts.append((t[later], alt[later], speed[later]))
    if not parts:
        return {"t_s": [], "altitude_km": [], "speed_m_s": [], "events": [], "t_end_s": 0.0}
    t, alt, speed = (np.concatenate(x) for x in zip(*parts, strict=True))
    k = np.unique(np.linspace(0, len(t) - 1, min(len(t), TELEMETRY_POINTS)).round().astype(int))
    if sc.vehicle is not None:  # keep the ascent's detail: it is what the strip is read for
        ascent = np.flatnonzero(t <= sc.vehicle.t_s[-1])
        k = np.union1d(k, ascent[:: max(1, len(ascent) // TELEMETRY_POINTS)])
        k = np.union1d(k, ascent[-1:])  # the ascent's last moment: insertion or impact
    return {
        "t_s": [round(float(x), 2) for x in t[k]],
        "altitude_km": [round(float(x), 2) for x in alt[k]],
        "speed_m_s": [round(float(x), 1) for x in speed[k]],
        "events": [
            {"t_s": round(e.t_s, 1), "name": e.name, "stage": e.stage, "nominal": e.nominal}
            for e in sc.events
        ],
        "t_end_s": round(sc.t_end_s, 1),
    }


def record(
    session: Session, mission: m.Mission, sc: Scene, simulated: OrbitSummary | None = None
) -> dict[str, Any]:
    """The panel's data for ``mission`` as drawn in ``sc`` (``simulated``: the orbit the
    flown ascent reached, compared like with like against the recorded ones)."""
    from archive.orbits import mission_orbits

    v = mission.vehicle
    stages = []
    for st in sorted(v.stages, key=lambda s: s.number):
        engines = ", ".join(f"{se.count} x {se.engine.name}" for se in st.engines)
        stages.append(
            {
                "number": st.number,
                "name": st.name,
                "engines": engines or None,
                "propellants": st.propellants,
                "propellant_t": _round(st.propellant_mass_kg and st.propellant_mass_kg / 1000, 2),
                "dry_t": _round(st.dry_mass_kg and st.dry_mass_kg / 1000, 2),
                "burn_s": _round(st.burn_time_s, 0),
            }
        )
    payloads = []
    for p in mission.payloads:
        payloads.append(
            {
                "name": p.name,
                "mass_kg": _round(p.mass_kg, 0),
                "estimated": "mass" in estimated_fields(session, "payload", p.id),
                "operator": p.operator.name if p.operator is not None else None,
                "purpose": p.purpose,
            }
        )
    failures = [
        {
            "stage": f.stage,
            "kind": f.kind.value,
            "at_s": _round(f.at_s, 0),
            "description": f.description,
        }
        for f in sorted(mission.failure_modes, key=lambda f: f.seq)
    ]
    landings = [
        {
            "stage": x.stage,
            "outcome": x.outcome.value,
            "zone": x.zone.name,
            "planned": x.planned,
        }
        for x in mission.landings
    ]
    cited, _estimates, _notes = mission_provenance(session, mission)
    sources = [
        {
            "title": c.source.title,
            "publisher": c.source.publisher,
            "published": c.source.published.isoformat() if c.source.published else None,
            "url": _link(c.source.url),
            "supports": len(c.supports),
        }
        for c in cited[:MAX_SOURCES]
    ]
    orbits = [
        orbit_row(
            f"{mo.row.kind.value}: {mo.row.origin.value} ({mo.row.key})",
            mo.row.kind.value,
            mo.summary,
        )
        for mo in mission_orbits(session, mission.slug)
        if mo.row.origin != m.OrbitOrigin.SIMULATED
    ]
    if simulated is not None:
        orbits.append(orbit_row("achieved: simulated ascent", "achieved", simulated))
    return {
        "slug": mission.slug,
        "name": mission.name,
        "vehicle": v.name,
        "site": mission.site.name,
        "launch_utc": mission.launch_time.isoformat(sep=" ", timespec="seconds") + " UTC"
        if mission.launch_time
        else None,
        "outcome": mission.outcome.value,
        "drawn": sc.outcome,
        "failure": {
            "stage": mission.failed_stage,
            "description": mission.failure_description,
            "modes": failures,
        }
        if mission.failure_description or failures
        else None,
        "stages": stages,
        "payloads": payloads,
        "landings": landings,
        "orbits": orbits,
        "differences": differences(orbits),
        "sources": sources,
        "sources_total": len(cited),
        "telemetry": telemetry(sc),
        "notes": list(sc.notes),
    }
