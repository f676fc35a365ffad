"""The ``launchlog`` console script: the process's own set-up, then the command line.

This module imports nothing heavy, so the set-up covers every import a command makes:

Python's collector runs a pass every 700 new container objects. A command imports SQLAlchemy,
astropy and the mapped classes: 134,000 objects that stay, and few cycles. ``show`` spent
0.10 of its 0.83 s in about 300 passes that freed 1,890 objects. A pass every 50,000 still
reclaims cycles in a long import or a served viewer, at a fortieth of the passes
(``show``: 4 passes, 0.04 s). The libraries leave the collector alone; this process is the
command's.
"""

from __future__ import annotations

import gc

GC_THRESHOLD = (50_000, 20, 20)


def main() -> None:
    """Set the collector's thresholds, then run the command line (``launchlog.cli.run``)."""
    gc.set_threshold(*GC_THRESHOLD)
    from .cli import run

    run()
