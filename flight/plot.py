"""A figure of an orbit: the path around the Earth and its ground track (matplotlib, no display)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .constants import R_EARTH_KM


def orbit_figure(
    path: Path | str,
    *,
    title: str,
    r_km: np.ndarray,
    lat_deg: np.ndarray,
    lon_deg: np.ndarray,
    site: tuple[float, float] | None = None,
    subtitle: str = "",
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(13, 5.6), dpi=110)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    if subtitle:
        fig.text(0.5, 0.905, subtitle, ha="center", fontsize=9, color="0.3")

    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    u_, v_ = np.mgrid[0 : 2 * np.pi : 40j, 0 : np.pi : 20j]
    ax3.plot_surface(
        R_EARTH_KM * np.cos(u_) * np.sin(v_),
        R_EARTH_KM * np.sin(u_) * np.sin(v_),
        R_EARTH_KM * np.cos(v_),
        color="#4a7fb5",
        alpha=0.35,
        linewidth=0,
    )
    ax3.plot(*r_km.T, color="#e8590c", lw=1.2, label="orbit (GCRS)")
    ax3.scatter(*r_km[0], color="k", s=18, label="epoch")
    lim = np.abs(r_km).max() * 1.05
    ax3.set(
        xlim=(-lim, lim),
        ylim=(-lim, lim),
        zlim=(-lim, lim),
        xlabel="x [km]",
        ylabel="y [km]",
        zlabel="z [km]",
    )
    ax3.set_box_aspect((1, 1, 1))
    ax3.legend(loc="upper left", fontsize=8)

    ax = fig.add_subplot(1, 2, 2)
    lon = np.asarray(lon_deg).copy()
    jumps = np.where(np.abs(np.diff(lon)) > 180)[0]
    lon_plot = np.insert(lon, jumps + 1, np.nan)
    lat_plot = np.insert(np.asarray(lat_deg, float), jumps + 1, np.nan)
    ax.plot(lon_plot, lat_plot, color="#e8590c", lw=0.9)
    ax.scatter([lon[0]], [lat_deg[0]], color="k", s=18, zorder=3, label="epoch")
    if site is not None:
        ax.scatter(
            [site[1]], [site[0]], marker="^", color="#2b8a3e", s=60, zorder=3, label="launch site"
        )
    ax.set(
        xlim=(-180, 180),
        ylim=(-90, 90),
        xlabel="longitude [deg]",
        ylabel="latitude [deg]",
        title="ground track",
    )
    ax.set_xticks(range(-180, 181, 60))
    ax.set_yticks(range(-90, 91, 30))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 0.9))
    fig.savefig(path)
    plt.close(fig)
