"""Command latency: wall time of the whole `launchlog` process, as a user waits for it.

    .venv/bin/python benchmarks/latency.py [--runs 7]

The project's modules are compiled first, as `./run` compiles them and pip compiles an
installed package's (where PYTHONDONTWRITEBYTECODE is set, an editable install would
otherwise compile them in every process). Builds the curated archive (SQLite,
`missions/`) in a temporary folder, then runs each
command as a fresh process, output piped as in a script, and reports the median and the
fastest of ``--runs`` runs. Beside each, the same question put through Python's own
`sqlite3` module in a fresh process (the floor: an interpreter, a file, one query), and the
ratio. Targets (issue 12): `list missions` 0.4 s, `show zq1-y1` 0.8 s, `--help` 0.25 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHLOG = [str(Path(sys.executable).parent / "launchlog")]  # the console script a user runs

# (command, its target in seconds, the same question through sqlite3)
CASES = [
    (["--help"], 0.25, None),
    (
        ["list", "missions"],
        0.40,
        "SELECT m.slug, m.launch_time, v.key, s.key, m.outcome FROM mission m "
        "JOIN vehicle v ON v.id = m.vehicle_id JOIN site s ON s.id = m.site_id "
        "ORDER BY m.launch_time",
    ),
    (
        ["show", "zq1-y1"],
        0.80,
        "SELECT * FROM mission m JOIN vehicle v ON v.id = m.vehicle_id "
        "JOIN stage st ON st.vehicle_id = v.id WHERE m.slug = 'zq1-y1'",
    ),
]
SQLITE = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "print(c.execute(sys.argv[2]).fetchall())"
)


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    packages = ["archive", "flight", "launchlog", "viewer", "migrations"]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "archive.sqlite")
        env = {**os.environ, "LAUNCHLOG_DATABASE_URL": db}
        for setup in (["db", "upgrade"], ["load", "missions"]):
            subprocess.run([*LAUNCHLOG, *setup], env=env, check=True, capture_output=True)
        print(f"{'command':<28}{'median':>9}{'fastest':>9}{'target':>8}  sqlite3 alone   ratio")
        for cmd, target, sql in CASES:
            wall([*LAUNCHLOG, *cmd], env)  # warm the file cache and numba's
            times = [wall([*LAUNCHLOG, *cmd], env) for _ in range(args.runs)]
            med = statistics.median(times)
            line = f"launchlog {' '.join(cmd):<18}{med:>8.3f}s{min(times):>8.3f}s{target:>7.2f}s"
            if sql:
                floor = statistics.median(
                    wall([sys.executable, "-c", SQLITE, db, sql], env) for _ in range(args.runs)
                )
                line += f"  {floor:>9.3f}s   {med / floor:>6.1f}x"
            print(line + ("" if med <= target else "   OVER"))


if __name__ == "__main__":
    main()
