"""``launchlog show``: one mission as a person reads it, with every source and estimate.

Figures are read as the columns hold them (``height_m``), with the unit their declaration
gives (``archive.model.measured``), and orbits' periods and LTANs from their kept summaries:
a mission is shown without importing astropy and numpy, which took 0.2 s of every ``show``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session

from archive import model as m
from archive.queries import estimated_fields, get_mission, mission_provenance

from .render import fmt_measure, fmt_time, is_terminal

if TYPE_CHECKING:
    from flight.elements import OrbitSummary

EST = "≈"  # marks an estimated value


def _catalogued(p: Any) -> str:
    """What GCAT's payload catalogue says a payload was for, where no record says more."""
    ended = {"ongoing": "in operation"}.get(p.operations_ended or "", p.operations_ended)
    said = [
        p.category,
        p.programme and f"programme {p.programme}",
        p.payload_class and f"class {p.payload_class}",
        ended and (ended if ended == "in operation" else f"ended {ended}"),
    ]
    return "GCAT: " + ", ".join(x for x in said if x) if any(said) else ""


# the units a column is shown in where not its own: (column's unit, shown unit) -> factor
_SHOWN = {("kg", "t"): 1e-3, ("N", "kN"): 1e-3}


def _q(row: Any, column: str, shown: str | None = None, digits: int = 4) -> str:
    """The measured ``column`` of ``row`` with its declared unit (or in ``shown``)."""
    value = getattr(row, column)
    if value is None:
        return "—"
    unit = dict(m.measures(type(row)))[column].unit
    if shown is not None:
        value, unit = value * _SHOWN[unit, shown], shown
    return fmt_measure(value, unit, digits)


def _table(*headers: str, title: str | None = None) -> Table:
    t = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE if is_terminal() else box.ASCII2,
        header_style="bold",
        pad_edge=False,
    )
    for h in headers:
        t.add_column(h)
    return t


def summary_of(o: m.Orbit) -> OrbitSummary | str:
    """The orbit's summary as flight derives it (assumptions as in `orbit`), or why not."""
    from archive.orbit_rows import recorded_summary
    from flight.errors import OrbitError

    try:
        return recorded_summary(o)
    except OrbitError as exc:
        return str(exc).split(": ", 2)[-1]


def derived(o: m.Orbit, s: OrbitSummary | str) -> str:
    """Period, J2 nodal rate, SSO check and LTAN, with the frame they are measured in."""
    from archive.orbit_rows import elements_label

    if isinstance(s, str):
        return s
    sso = "SSO" if s.sun_synchronous else "not SSO"
    return (
        f"{s.period_min:.1f} min, {s.nodal_regression_deg_day:+.3f} deg/day ({sso}), "
        f"LTAN {s.ltan} "
        f"({elements_label(o, s)})"
    )


def _sso(o: m.Orbit, s: OrbitSummary | str) -> str:
    """The J2 check where flight could derive it, else what the record says."""
    if isinstance(s, str):
        return "yes (record)" if o.sun_synchronous else "no"
    return "yes" if s.sun_synchronous else "no"


def render_mission(session: Session, slug: str) -> Group:
    mi = get_mission(session, slug)
    v = mi.vehicle
    est_v = estimated_fields(session, "vehicle", v.id)

    def mark(value: str, field: str, estimated: set[str]) -> str:
        return f"{EST}{value}" if field in estimated and value != "—" else value

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Mission", f"{mi.name}  [{mi.slug}]")
    head.add_row(
        "Launch",
        fmt_time(mi.launch_instant, mi.launch_time_precision.value)
        + f"  (precision: {mi.launch_time_precision.value})",
    )
    place = mi.site.name + (f", {mi.pad.name}" if mi.pad else "")
    head.add_row("From", f"{place}  ({mi.site.latitude_deg:.2f}°, {mi.site.longitude_deg:.2f}°)")
    outcome = mi.outcome.value.upper()
    if mi.failed_stage:
        outcome += f" (stage {mi.failed_stage})"
    head.add_row(
        "Outcome", Text(outcome, style="red" if mi.outcome == m.Outcome.FAILURE else "green")
    )
    if mi.failure_description:
        head.add_row("What happened", mi.failure_description)
    ids = ", ".join(
        x
        for x in (
            f"GCAT {mi.gcat_tag}" if mi.gcat_tag else "",
            f"COSPAR {mi.cospar_id}" if mi.cospar_id else "",
        )
        if x
    )
    if ids:
        head.add_row("Identifiers", ids)
    if mi.note:
        head.add_row("Note", mi.note)

    veh = Table.grid(padding=(0, 2))
    veh.add_column(style="bold")
    veh.add_column()
    status = f", {v.status.value}" if v.status else ""
    veh.add_row("Vehicle", f"{v.name} ({v.key}), {v.family.name} family{status}")
    height = mark(_q(v, "height_m"), "height", est_v)
    diameter = mark(_q(v, "diameter_m"), "diameter", est_v)
    veh.add_row("Size", f"{height} tall, {diameter} diameter")
    mass = mark(_q(v, "liftoff_mass_kg", "t"), "liftoff_mass", est_v)
    thrust = mark(_q(v, "liftoff_thrust_n", "kN"), "liftoff_thrust", est_v)
    veh.add_row("Lift-off", f"{mass}, thrust {thrust}")
    if v.propellants:
        veh.add_row("Propellants", v.propellants)
    if v.capacities:
        caps = "; ".join(
            f"{_q(c, 'mass_kg')} to {c.orbit_class}"
            + (f" {_q(c, 'altitude_km')}" if c.altitude_km is not None else "")
            for c in v.capacities
        )
        veh.add_row("Capacity", caps)

    stages = _table(
        "Stage", "Propellant", "Dry mass", "Propellant mass", "Burn", "Engines", title="Stages"
    )
    for s in v.stages:
        est = estimated_fields(session, "stage", s.id)
        engines = ", ".join(
            f"{se.count} x {se.engine.name}" + (f" ({se.role})" if se.role != "main" else "")
            for se in s.engines
        )
        stages.add_row(
            str(s.number),
            s.propellants or "",
            mark(_q(s, "dry_mass_kg", digits=5), "dry_mass", est),
            mark(_q(s, "propellant_mass_kg", digits=6), "propellant_mass", est),
            mark(_q(s, "burn_time_s"), "burn_time", est),
            engines,
        )

    timeline = _table("T+", "Event", "Stage", "", "Description", title="Timeline")
    for e in mi.events:
        est = estimated_fields(session, "mission_event", e.id)
        t = "?" if e.t_plus_s is None else mark(f"{e.t_plus_s:.0f} s", "t", est)
        flag = (
            Text("NOMINAL", style="green") if e.nominal else Text("OFF-NOMINAL", style="bold red")
        )
        timeline.add_row(
            t, e.kind.value.replace("_", " "), str(e.stage or ""), flag, e.description or ""
        )

    payloads = _table(
        "Payload",
        "Also known as",
        "Operator / builder",
        "Mass",
        "Size",
        "Purpose",
        "Life",
        title="Payloads",
    )
    for p in mi.payloads:
        est = estimated_fields(session, "payload", p.id)
        dims = (p.length_m, p.width_m, p.height_m)
        size = " x ".join(f"{x:.3f}" for x in dims) + " m" if None not in dims else ""
        if p.form_factor:
            size = f"{size} ({p.form_factor})" if size else p.form_factor
        who = " / ".join(x.name for x in (p.operator, p.builder) if x is not None)
        payloads.add_row(
            p.name,
            ", ".join(p.aliases),
            who,
            mark(_q(p, "mass_kg"), "mass", est),
            size,
            p.purpose or _catalogued(p),
            _q(p, "design_life_yr") if p.design_life_yr else "",
        )

    orbits = _table(
        "Orbit",
        "Of",
        "Origin",
        "Perigee",
        "Apogee",
        "Inclination",
        "SSO",
        "Epoch",
        "Period, nodal rate, LTAN",
        title="Orbits (intended vs achieved)",
    )
    for o in sorted(mi.orbits, key=lambda o: (o.kind.value != "intended", o.key)):
        est = estimated_fields(session, "orbit", o.id)
        whole = "orbit" in est
        summary = summary_of(o)
        if o.perigee_km is not None:
            per, apo = _q(o, "perigee_km"), _q(o, "apogee_km")
        elif not isinstance(summary, str):
            per = fmt_measure(summary.perigee_altitude_km, "km")
            apo = fmt_measure(summary.apogee_altitude_km, "km")
        else:
            per = apo = "—"
        inc = (
            _q(o, "inclination_deg")
            if o.inclination_deg is not None
            else ("from J2 (SSO)" if o.sun_synchronous else "—")
        )
        style = "cyan" if o.kind == m.OrbitKind.INTENDED else "magenta"
        orbits.add_row(
            Text(o.kind.value, style=style),
            o.payload.name if o.payload else "mission",
            o.origin.value + (" (estimate)" if whole else ""),
            f"{EST}{per}" if whole else per,
            f"{EST}{apo}" if whole else apo,
            inc,
            _sso(o, summary),
            o.epoch.isoformat(sep=" ")[:19] if o.epoch else "",
            derived(o, summary),
        )
    if not mi.orbits:
        orbits.add_row("—", "no orbit recorded", "", "", "", "", "", "", "")

    landings = _table(
        "Stage",
        "Zone",
        "Where",
        "Outcome",
        "Downrange",
        "Miss",
        "Failure on the way down",
        title="Landings",
    )
    for x in mi.landings:
        est = estimated_fields(session, "landing", x.id)
        z = x.zone
        where = f"{z.kind.value}, {z.latitude_deg:+.3f} {z.longitude_deg:+.3f}"
        failure = (
            f"{x.engines_out} engine(s) out {x.engine_out_after_s:g} s into the "
            f"{x.engine_out_burn.value} burn"
            if x.engine_out_burn is not None
            else ""
        )
        outcome = x.outcome.value.replace("_", " ") + ("" if x.planned else " (unplanned)")
        landings.add_row(
            str(x.stage),
            z.name,
            where,
            outcome,
            mark(_q(x, "downrange_distance_km"), "downrange_distance", est),
            mark(_q(x, "miss_distance_m"), "miss_distance", est),
            failure,
        )

    sources, estimates, notes = mission_provenance(session, mi)
    src = _table("#", "Source", "Supports", title="Sources")
    for i, cs in enumerate(sources, 1):
        s = cs.source
        title = (
            s.title
            + (f" — {s.publisher}" if s.publisher else "")
            + (f", {s.published.isoformat()}" if s.published else "")
        )
        if s.url:
            title += f"\n{s.url}"
        src.add_row(str(i), title, ", ".join(cs.supports))
    est_t = _table("Estimated", "How", title=f"Estimates (marked {EST})")
    for e in estimates:
        est_t.add_row(e.what, e.how)

    notes_t = _table("Figure", "Note", title="Notes on figures (where sources disagree)")
    for n in notes:
        notes_t.add_row(n.what, n.how)

    parts = [
        Panel(head, title="Mission", box=box.ROUNDED if is_terminal() else box.ASCII),
        veh,
        stages,
        timeline,
        payloads,
        orbits,
        *([landings] if mi.landings else []),
        src,
    ]
    if notes:
        parts.append(notes_t)
    if estimates:
        parts.append(est_t)
    return Group(*parts)
