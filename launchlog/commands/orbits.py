"""``launchlog orbit`` and ``launchlog import elements|tle``: a mission's orbit; element sets."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from flight.errors import ATMOSPHERES, MODELS

from ..app import app as root
from ..app import choice, current_engine, duration_s, import_app, space_weather_path
from ..render import printable, table

Model = choice("Model", MODELS)
Atmosphere = choice("Atmosphere", ATMOSPHERES)


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    oem = "oem"
    czml = "czml"


@root.command("orbit")
def orbit(
    slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")],
    which: Annotated[
        str | None, typer.Option("--orbit", help="Orbit key, or intended / achieved.")
    ] = None,
    span: Annotated[str, typer.Option(help="How long, e.g. 90min, 1d.")] = "1d",
    step: Annotated[str, typer.Option(help="Output step, e.g. 60s.")] = "60s",
    model: Annotated[
        Model,
        typer.Option(
            help="twobody (Kepler), j2 (Cowell, J2 about the pole of date) or drag "
            "(mean elements decayed by drag, J2 secular rates)."
        ),
    ] = Model("j2"),
    atmosphere: Annotated[
        Atmosphere,
        typer.Option(
            help="For drag: msis (NRLMSIS 2.1), nrlmsise00 (both with the daily solar and "
            "geomagnetic indices) or coesa76 (no Sun)."
        ),
    ] = Atmosphere("msis"),
    space_weather: Annotated[
        Path | None,
        typer.Option(
            help="CelesTrak's SW-All.csv for msis (default: $LAUNCHLOG_SPACE_WEATHER, "
            "else ../shared/data/spaceweather/SW-All.csv)."
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table: summary; csv, oem or czml: ephemeris.")
    ] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the ephemeris here (default: stdout)."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the orbit and its ground track.")
    ] = None,
) -> None:
    """Propagate a mission's orbit: summary, ground track, CSV / CCSDS OEM / CZML export, plot."""
    from astropy import units as u

    import archive
    from flight.spaceweather import read

    span_q, step_q = duration_s(span) * u.s, duration_s(step) * u.s
    weather = None
    if model.value == "drag" and atmosphere.value != "coesa76":
        weather = read(space_weather_path(space_weather))
    with archive.session(current_engine()) as s:
        run_orbit(
            s,
            slug,
            which,
            span_q,
            step_q,
            model.value,
            fmt.value,
            output,
            plot,
            atmosphere=atmosphere.value,
            weather=weather,
        )


@import_app.command("elements")
def import_elements(
    path: Annotated[
        Path,
        typer.Argument(
            help="Element sets: OMM as CelesTrak serves it (JSON, CSV, XML, KVN) or TLEs."
        ),
    ],
) -> None:
    """Attach element sets (OMM or TLE) to the payloads they belong to, as achieved orbits."""
    _run_element_import(path, None)


@import_app.command("tle")
def import_tle(
    path: Annotated[Path, typer.Argument(help="A TLE file (two- or three-line form).")],
) -> None:
    """Attach TLEs to their payloads as achieved orbits (`import elements` reads OMM too)."""
    _run_element_import(path, "tle")


def _run_element_import(path: Path, only: str | None) -> None:
    import archive

    with archive.session(current_engine(), write=True) as s:
        report = archive.import_elements(s, path, only=only)
    for slug, key in report.attached:
        print(f"attached {key} to payload {slug}")
    for slug, key in report.updated:
        print(f"updated {key} (payload {slug}): now SGP4 mean elements, keyed to the microsecond")
    for slug, key in report.unchanged:
        print(f"unchanged {key} (payload {slug})")
    for text in report.duplicates:
        print(f"duplicate: {printable(text)}")
    for name in report.unmatched:
        print(f"no payload in the archive for {printable(name)}; skipped")
    for kind in report.counts:
        listed = len(getattr(report, kind))
        if report.counts[kind] > listed:
            print(f"... and {report.counts[kind] - listed:,} more {kind}")
    print(
        f"{report.format.upper()}: "
        + ", ".join(f"{n:,} {kind}" for kind, n in report.counts.items())
    )


def _summary_rows(mo) -> list[list[object]]:  # type: ignore[no-untyped-def]
    from astropy import units as u

    from archive.orbit_rows import elements_label

    s = mo.summary
    said = " (the record says SSO)" if mo.row.sun_synchronous and not s.sun_synchronous else ""
    return [
        ["orbit", f"{mo.row.kind.value} '{mo.row.key}' ({mo.row.origin.value})"],
        ["of", mo.row.payload.name if mo.row.payload else "mission"],
        ["epoch", mo.recorded.epoch.utc.iso[:23] + " UTC"],
        ["elements", elements_label(mo.row, s)],
        ["period", f"{s.period.to_value(u.min):.2f} min"],
        [
            "perigee x apogee",
            f"{s.perigee_altitude.to_value(u.km):.1f} x {s.apogee_altitude.to_value(u.km):.1f} km",
        ],
        ["inclination", f"{s.inclination.to_value(u.deg):.3f} deg"],
        ["right ascension of the node", f"{s.raan.to_value(u.deg):.3f} deg"],
        ["nodal regression (J2)", f"{s.nodal_regression.to_value(u.deg / u.day):+.4f} deg/day"],
        ["Sun-synchronous", s.sso.describe() + said],
        ["local time of ascending node", s.ltan],
    ]


def _subtitle(s) -> str:  # type: ignore[no-untyped-def]
    from astropy import units as u

    per, apo = s.perigee_altitude.to_value(u.km), s.apogee_altitude.to_value(u.km)
    sso = "Sun-synchronous, " if s.sun_synchronous else ""
    return (
        f"{per:.0f} x {apo:.0f} km, i = {s.inclination.to_value(u.deg):.2f} deg, "
        f"period {s.period.to_value(u.min):.1f} min, {sso}LTAN {s.ltan}"
    )


def run_orbit(
    session: Any,
    slug: str,
    which: str | None,
    span: Any,
    step: Any,
    model: str,
    fmt: str,
    output: Path | None,
    plot: Path | None,
    *,
    atmosphere: str = "msis",
    weather: Any = None,
) -> None:
    import numpy as np
    from astropy import units as u

    from archive import get_mission, mission_orbits, pick
    from archive.orbits import drag_spec
    from flight.export import to_csv, to_czml, to_oem
    from flight.orbits import difference, geodetic
    from flight.propagation import propagate

    mission = get_mission(session, slug)
    orbits = mission_orbits(session, slug)
    mo = pick(orbits, which)
    drag = drag_spec(mo.row) if model == "drag" else None
    # drag starts from the orbit as held (an element set's mean elements); the others from
    # the osculating state
    start = mo.recorded if model == "drag" else mo.built
    eph = propagate(
        start,
        span=span,
        step=step,
        model=model,
        drag=drag,
        atmosphere=atmosphere,
        space_weather=weather,
    )
    lat, lon, h = geodetic(eph.epochs, eph.r_km)
    name = mo.row.payload.name if mo.row.payload else mission.name
    object_id = (
        (mo.row.payload.cospar_id if mo.row.payload and mo.row.payload.cospar_id else None)
        or mission.cospar_id
        or mission.gcat_tag
        or mission.slug
    )
    comments = [
        f"launchlog mission {slug}, {mo.row.kind.value} orbit '{mo.row.key}', model {model}",
        *mo.built.assumptions,
        *eph.notes,
    ]
    if fmt != "table":
        text = {
            "csv": lambda: to_csv(eph.epochs, eph.r_km, eph.v_km_s, lat, lon, h),
            "oem": lambda: to_oem(
                eph.epochs,
                eph.r_km,
                eph.v_km_s,
                object_name=name,
                object_id=object_id,
                comments=comments,
            ),
            "czml": lambda: to_czml(
                eph.epochs,
                eph.r_km,
                name=name,
                object_id=object_id,
                description="; ".join(comments),
            ),
        }[fmt]()
        if output:
            output.write_text(text)
            sys.stderr.write(f"wrote {len(eph.epochs)} states to {output}\n")
        else:
            sys.stdout.write(text)
    else:
        table(["", ""], _summary_rows(mo), title=f"{mission.name}: orbit")
        for a in mo.built.assumptions:
            print(f"  assumed: {a}")
        intended = [o for o in orbits if o.row.kind.value == "intended"]
        achieved = [o for o in orbits if o.row.kind.value == "achieved"]
        if intended and achieved:
            d = difference(
                intended[0].summary, max(achieved, key=lambda o: o.built.orbit.epoch).summary
            )
            table(
                ["intended - achieved", ""],
                [[k.replace("_", " "), f"{v.value:+.3f} {v.unit}"] for k, v in d.items()],
                title="Intended minus achieved (TEME of date; each side's own elements)",
            )
        span_txt = (
            f"{span.to_value(u.h):g} h" if span < 2 * u.day else f"{span.to_value(u.day):g} d"
        )
        rows = [
            ["model", model],
            ["span", f"{span_txt}, {len(eph.epochs)} states every {step.to_value(u.s):g} s"],
            ["latitude range", f"{lat.min():+.2f} to {lat.max():+.2f} deg"],
            ["height range", f"{h.min():.1f} to {h.max():.1f} km"],
            ["track starts", f"{lat[0]:+.2f} deg, {lon[0]:+.2f} deg"],
            ["track ends", f"{lat[-1]:+.2f} deg, {lon[-1]:+.2f} deg"],
            ["equator crossings (ascending)", str(int(np.sum((lat[:-1] < 0) & (lat[1:] >= 0))))],
        ]
        rows += [["note", n] for n in eph.notes]
        table(["ground track", ""], rows)
    if plot:
        from flight.plot import orbit_figure

        site = (mission.site.latitude_deg, mission.site.longitude_deg)
        s = mo.summary
        orbit_figure(
            plot,
            title=f"{mission.name} — {name}, {mo.row.kind.value} orbit ({model}, {span})",
            subtitle=_subtitle(s),
            r_km=eph.r_km,
            lat_deg=lat,
            lon_deg=lon,
            site=site,
        )
        sys.stderr.write(f"wrote {plot}\n")
