"""The telemetry figure of a flown ascent: altitude, speed, acceleration, dynamic pressure.

Four panels against mission time, sharing the axis, with staging and the
failure marked; a fifth panel shows the ground track from the pad. Drawn with
matplotlib's Agg backend (no display needed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .booster import BoosterReturn
from .constants import G0_M_S2
from .trajectory import Trajectory

RETURN_COLOUR = "tab:purple"

MARKED = {
    "burnout",
    "separation",
    "cut-off",
    "fairing jettison",
    "ignition",
    "ignition, failed",
    "orbit insertion",
    "shutdown",
    "thrust shortfall",
    "attitude loss",
    "impact",
    "apogee",
}


def telemetry_figure(
    traj: Trajectory,
    path: Path | str,
    *,
    title: str,
    subtitle: str = "",
    returns: Sequence[BoosterReturn] = (),
) -> None:
    """``returns``: stages flying back, drawn beside the ascent (altitude, speed, ground
    track) with their burns shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = traj.t_s
    fig = plt.figure(figsize=(13, 9.0), dpi=110)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    if subtitle:
        fig.text(0.5, 0.948, subtitle, ha="center", fontsize=9.5, color="0.3")
    grid = fig.add_gridspec(
        4,
        2,
        width_ratios=[1.9, 1],
        hspace=0.12,
        wspace=0.18,
        left=0.07,
        right=0.97,
        top=0.82,
        bottom=0.06,
    )
    series = [
        ("altitude (km)", traj.altitude_km, "tab:blue"),
        ("speed, inertial (km/s)", traj.speed_m_s / 1000.0, "tab:green"),
        ("sensed acceleration (g)", traj.acceleration_m_s2 / G0_M_S2, "tab:orange"),
        ("dynamic pressure (kPa)", traj.dynamic_pressure_pa / 1000.0, "tab:red"),
    ]
    axes = []
    for k, (label, y, colour) in enumerate(series):
        ax = fig.add_subplot(grid[k, 0], sharex=axes[0] if axes else None)
        ax.plot(t, y, color=colour, lw=1.6)
        ax.set_ylabel(label, fontsize=9)
        ax.grid(alpha=0.3)
        if k < 3:
            ax.tick_params(labelbottom=False)
        axes.append(ax)
    for flown in returns:
        label = f"stage {flown.stage} flying back"
        h_km = flown.geodetic[2]
        axes[0].plot(flown.t_s, h_km, color=RETURN_COLOUR, lw=1.4, ls="-.", label=label)
        axes[1].plot(
            flown.t_s,
            np.linalg.norm(flown.v_m_s, axis=1) / 1000.0,
            color=RETURN_COLOUR,
            lw=1.4,
            ls="-.",
        )
        for b in flown.burns:
            for ax in axes[:2]:
                ax.axvspan(b.t_start, b.t_end, color=RETURN_COLOUR, alpha=0.12)
            axes[0].text(
                (b.t_start + b.t_end) / 2,
                0.5,
                b.name,
                transform=axes[0].get_xaxis_transform(),
                fontsize=7,
                color=RETURN_COLOUR,
                ha="center",
            )
    if returns:
        axes[0].legend(fontsize=8, loc="upper right")
    axes[-1].set_xlabel("mission elapsed time (s)")
    t_q, q = traj.max_q
    axes[3].annotate(
        f"max-Q {q / 1000:.1f} kPa\nT+{t_q:.0f} s",
        (t_q, q / 1000),
        textcoords="offset points",
        xytext=(12, -4),
        fontsize=8,
        color="tab:red",
    )
    groups: list[list] = []  # events within 2 s share one line and one label
    for ev in traj.events:
        if ev.name not in MARKED or ev.t_s > t[-1] + 1e-9:
            continue
        if groups and ev.t_s - groups[-1][0].t_s < 2.0:
            groups[-1].append(ev)
        else:
            groups.append([ev])
    for group in groups:
        nominal = all(e.nominal for e in group)
        colour = "0.45" if nominal else "crimson"
        at = group[0].t_s
        for ax in axes:
            ax.axvline(at, color=colour, lw=0.8, ls="--" if nominal else "-", alpha=0.8)
        names = dict.fromkeys(f"{e.name} S{e.stage}" if e.stage else e.name for e in group)
        axes[0].text(
            at,
            1.02,
            " / ".join(names),
            transform=axes[0].get_xaxis_transform(),
            rotation=50,
            fontsize=7,
            color=colour,
            ha="left",
            va="bottom",
        )
    lat, lon, _ = traj.geodetic
    ax = fig.add_subplot(grid[:, 1])
    ax.plot(lon, lat, color="tab:blue", lw=1.6, label="ground track")
    ax.plot(traj.site_lon_deg, traj.site_lat_deg, "k^", ms=8, label="launch site")
    if traj.impact is not None:
        ax.plot(
            traj.impact.longitude_deg,
            traj.impact.latitude_deg,
            "X",
            color="crimson",
            ms=11,
            label=f"impact {traj.impact.latitude_deg:+.2f}, {traj.impact.longitude_deg:+.2f}",
        )
    for flown in returns:
        blat, blon, _ = flown.geodetic
        ax.plot(blon, blat, color=RETURN_COLOUR, lw=1.4, ls="-.", label=f"stage {flown.stage} back")
        td = flown.touchdown
        if td is not None:
            ax.plot(
                td.longitude_deg,
                td.latitude_deg,
                "o" if td.outcome == "landed" else "X",
                color=RETURN_COLOUR,
                ms=9,
                label=f"stage {flown.stage} {td.outcome}, {td.miss_m:,.0f} m off",
            )
    ax.set_xlabel("longitude (deg)")
    ax.set_ylabel("latitude (deg)")
    ax.set_aspect(1.0 / max(np.cos(np.radians(traj.site_lat_deg)), 0.2), adjustable="datalim")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    ax.set_title("ground track", fontsize=10)
    fig.savefig(path)
    plt.close(fig)
