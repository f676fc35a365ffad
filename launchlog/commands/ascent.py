"""``launchlog ascent`` and ``launchlog capacity``: fly a mission, find a vehicle's capacity."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ..app import app, current_engine
from ..render import console, table


@app.command("ascent")
def ascent(
    slug: Annotated[str, typer.Argument(help="Mission slug, e.g. zq1-y1.")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write the trajectory as CSV (- for stdout).")
    ] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a telemetry figure.")] = None,
    nominal: Annotated[
        bool, typer.Option("--nominal", help="Fly without the recorded failures.")
    ] = False,
    store: Annotated[
        bool,
        typer.Option("--store/--no-store", help="Keep the result as the simulated achieved orbit."),
    ] = True,
) -> None:
    """Fly a mission from its archived vehicle, pad, payload and failures: the event table."""
    import archive

    with archive.session(current_engine(), write=store) as s:
        run_ascent(
            s, slug, csv_path=csv_path, plot=plot, store=store and not nominal, nominal=nominal
        )


@app.command("capacity")
def capacity(
    vehicle: Annotated[str, typer.Argument(help="Vehicle key, e.g. zq-2.")],
    orbit: Annotated[
        str, typer.Option("--orbit", help="leo:300, leo:200x400@50 or sso:500 (km, deg).")
    ],
    site: Annotated[
        str | None, typer.Option("--site", help="Launch site key (default: where it flew).")
    ] = None,
    recovery: Annotated[
        str,
        typer.Option(
            "--recovery",
            help="none (expendable) or downrange: the first stage holds back what its "
            "return needs.",
        ),
    ] = "none",
) -> None:
    """The largest payload the vehicle's nominal ascent puts into the orbit."""
    import archive

    with archive.session(current_engine()) as s:
        run_capacity(s, vehicle, orbit, site, recovery)


def run_ascent(
    session: Any,
    slug: str,
    *,
    csv_path: Path | None,
    plot: Path | None,
    store: bool,
    nominal: bool,
) -> None:
    from archive import fly_mission, store_simulated_orbit

    run = fly_mission(session, slug, nominal=nominal)
    traj = run.trajectory
    rows = [
        [
            f"T+{r['t_s']:.1f}",
            f"{r['altitude_km']:.1f}",
            f"{r['speed_m_s']:.0f}",
            f"{r['downrange_km']:.0f}",
            str(r["stage"]),
            r["event"] + ("" if r["nominal"] else "  [failure]"),
            str(r["description"]),
        ]
        for r in traj.event_rows()
    ]
    title = f"{run.mission.name}: simulated ascent" + (" (nominal)" if nominal else "")
    quiet = csv_path is not None and str(csv_path) == "-"  # stdout carries the CSV alone
    if not quiet:
        headers = ["time (s)", "altitude (km)", "speed (m/s)", "downrange (km)", "stage"]
        table([*headers, "event", "detail"], rows, title=title)
    el = traj.insertion_elements()
    t_q, q = traj.max_q
    facts = [
        ["payload", f"{traj.payload_kg:g} kg"],
        ["launch azimuth", f"{traj.azimuth_deg:.1f} deg (pitch-over {traj.kick_deg:.2f} deg)"],
        ["max-Q", f"{q / 1000:.1f} kPa at T+{t_q:.0f} s"],
        [
            "intended",
            f"{run.intended['perigee_km']:.0f} x {run.intended['apogee_km']:.0f} km, "
            f"{run.intended['inclination_deg']:.2f} deg ({run.target.label})",
        ],
    ]
    if traj.outcome == "orbit":
        facts.append(["outcome", "orbit"])
        facts.append(
            [
                "achieved",
                f"{el['perigee_km']:.0f} x {el['apogee_km']:.0f} km, "
                f"{el['inclination_deg']:.2f} deg",
            ]
        )
        facts.append(
            [
                "intended - achieved",
                f"perigee {run.intended['perigee_km'] - el['perigee_km']:+.1f} km, "
                f"apogee {run.intended['apogee_km'] - el['apogee_km']:+.1f} km, "
                f"inclination {run.intended['inclination_deg'] - el['inclination_deg']:+.2f}"
                " deg",
            ]
        )
    else:
        _lat, _lon, h = traj.geodetic
        facts.append(["outcome", traj.outcome.upper()])
        facts.append(["peak altitude", f"{h.max():.0f} km at T+{traj.t_s[h.argmax()]:.0f} s"])
        if traj.impact is not None:
            i = traj.impact
            facts.append(
                [
                    "impact",
                    f"T+{i.t_s:.0f} s ({i.t_s / 60:.1f} min) at "
                    f"{i.latitude_deg:+.2f} deg, {i.longitude_deg:+.2f} deg",
                ]
            )
            if i.epoch is not None:
                facts.append(["impact time", f"{i.time.utc.iso[:19]} UTC"])
    for note in (*run.target.notes, *traj.notes):
        facts.append(["note", note])
    if not quiet:
        table(["", ""], facts, title="Outcome")
        _comparison(session, run)
        for landing, flown in run.returns:
            _return_tables(run, landing, flown)
    say = console(stderr=quiet)
    if store:
        row = store_simulated_orbit(session, run)
        say.print(f"stored as {run.mission.slug} orbit '{row.key}' (achieved, simulated)")
    if csv_path is not None:
        if quiet:
            traj.to_csv(sys.stdout)
        else:
            traj.to_csv(csv_path)
            say.print(f"wrote {csv_path} ({len(traj.t_s)} samples)")
    if plot is not None:
        from flight.telemetry_plot import telemetry_figure

        sub = f"{traj.vehicle}, {traj.payload_kg:g} kg payload, {traj.outcome}"
        flown = [f for _, f in run.returns if f is not None]
        telemetry_figure(traj, plot, title=title, subtitle=sub, returns=flown)
        say.print(f"wrote {plot}")


def _return_tables(run: Any, landing: Any, flown: Any) -> None:
    """A returning stage's events and its landing, simulated beside recorded."""
    stage = landing.stage
    if flown is None:
        table(
            ["", ""],
            [["outcome", f"stage {stage} never separated: no return flown"]],
            title=f"Stage {stage} return",
        )
        return
    rows = [
        [
            f"T+{r['t_s']:.1f}",
            f"{r['altitude_km']:.2f}",
            f"{r['speed_m_s']:.0f}",
            f"{r['downrange_km']:.1f}",
            r["event"] + ("" if r["nominal"] else "  [failure]"),
            str(r["description"]),
        ]
        for r in flown.event_rows(run.trajectory.site_lat_deg, run.trajectory.site_lon_deg)
    ]
    table(
        ["time (s)", "altitude (km)", "ground speed (m/s)", "downrange (km)", "event", "detail"],
        rows,
        title=f"Stage {stage}: the flight back to {landing.zone.name}",
    )
    td = flown.touchdown
    facts = []
    for b in flown.burns:
        facts.append(
            [
                b.name,
                f"T+{b.t_start:.0f} to T+{b.t_end:.0f} s on {b.engines} engines: "
                f"{b.propellant_kg:,.0f} kg, {b.delta_v_m_s:,.0f} m/s",
            ]
        )
    facts.append(
        [
            "simulated",
            f"{td.outcome.upper()} at T+{td.t_s:.0f} s, {td.speed_m_s:.1f} m/s "
            f"({td.vertical_speed_m_s:.1f} m/s down), {td.miss_m:,.0f} m from the zone's centre"
            + (f": {td.why}" if td.why else ""),
        ]
    )
    facts.append(["propellant left", f"{td.propellant_left_kg:,.0f} kg"])
    recorded = landing.outcome.value.replace("_", " ").upper()
    if landing.miss_distance_m is not None:
        recorded += f", {landing.miss_distance_m:g} m from the centre"
    facts.append(["recorded", recorded])
    if landing.engine_out_burn is not None:
        facts.append(
            [
                "failure flown",
                f"{landing.engines_out} engine(s) lost {landing.engine_out_after_s:g} s into "
                f"the {landing.engine_out_burn.value} burn",
            ]
        )
    for note in flown.notes:
        facts.append(["note", note])
    table(["", ""], facts, title=f"Stage {stage} landing")


def _comparison(session: Any, run: Any) -> None:
    """The simulated insertion beside the orbits its payloads were catalogued in."""
    from archive.ascent import compare_with_catalogue
    from flight.orbits import ltan_gap_hours

    cmp = compare_with_catalogue(session, run)
    if cmp is None:
        return

    def cells(s: Any) -> list[str]:
        return [
            f"{s.perigee_altitude.to_value('km'):.1f}",
            f"{s.apogee_altitude.to_value('km'):.1f}",
            f"{s.inclination.to_value('deg'):.3f}",
            s.ltan,
        ]

    sim = cmp.simulated
    rows = [["simulated insertion", sim.kind, *cells(sim)]]
    for ref in cmp.references:
        s = ref.summary
        d_ltan = ltan_gap_hours(sim.ltan_hours, s.ltan_hours) * 60
        rows.append([ref.label, ref.kind, *cells(s)])
        rows.append(
            [
                "  simulated - that",
                "",
                f"{(sim.perigee_altitude - s.perigee_altitude).to_value('km'):+.1f}",
                f"{(sim.apogee_altitude - s.apogee_altitude).to_value('km'):+.1f}",
                f"{(sim.inclination - s.inclination).to_value('deg'):+.3f}",
                f"{d_ltan:+.0f} min",
            ]
        )
    if not cmp.references:
        rows.append(["(no element set or published orbit held)", "", "", "", "", ""])
    table(
        ["orbit", "elements", "perigee (km)", "apogee (km)", "inclination (deg)", "LTAN"],
        rows,
        title="Simulated against catalogued (TEME of date)",
    )


def run_capacity(
    session: Any, vehicle: str, orbit: str, site: str | None, recovery: str = "none"
) -> None:
    from archive import vehicle_capacity

    cap = vehicle_capacity(session, vehicle, orbit, site, recovery)
    t = cap.target
    rows = [
        ["vehicle", cap.vehicle],
        ["target", f"{t.perigee_km:g} x {t.apogee_km:g} km, {t.inclination_deg:.2f} deg"],
    ]
    if cap.reachable:
        rows.append(["capacity", f"{cap.payload_kg:,.0f} kg"])
        el = cap.elements
        rows.append(
            [
                "orbit flown",
                f"{el['perigee_km']:.0f} x {el['apogee_km']:.0f} km, "
                f"{el['inclination_deg']:.2f} deg",
            ]
        )
    else:
        rows.append(["capacity", "out of reach"])
        el = cap.elements
        rows.append(["best with no payload", f"{el['perigee_km']:.0f} x {el['apogee_km']:.0f} km"])
    rows.append(["pitch-over", f"{cap.kick_deg:.2f} deg"])
    rows.append(["flights simulated", str(cap.flights)])
    for n in (*t.notes, *cap.notes):
        rows.append(["note", n])
    what = "" if recovery == "none" else f", stage recovered {recovery}"
    table(["", ""], rows, title=f"Capacity of {cap.vehicle} to {t.label}{what}")
