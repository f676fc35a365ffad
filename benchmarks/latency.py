"""Command latency: wall time of the whole `launchlog` process, as a user waits for it.

    .venv/bin/python benchmarks/latency.py [--runs 7]

The project's modules are compiled first, as `./run` compiles them and pip compiles an
installed package's (where PYTHONDONTWRITEBYTECODE is set, an editable install would
otherwise compile them in every process). Builds the curated archive (SQLite,
`missions/`) in a temporary folder, then runs each
command as a fresh process, output piped as in a script, and reports the median and the
fastest of ``--runs`` runs; then `list` and `show` again on a terminal (a pseudo-terminal:
rich's tables, which a piped list does without). Beside each piped run, the same question
put through Python's own `sqlite3` module in a fresh process (the floor: an interpreter, a
file, one query), and the ratio. Targets (issue 12): `list missions` 0.4 s, `show zq1-y1`
0.8 s, `--help` 0.25 s.
"""

from __future__ import annotations

import argparse
import os
import pty
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


def wall_on_terminal(cmd: list[str], env: dict[str, str]) -> float:
    """As ``wall``, with the output on a pseudo-terminal, read to its end as a terminal does."""
    leader, follower = pty.openpty()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=follower, stderr=follower, cwd=ROOT)
    os.close(follower)
    while True:
        try:
            if not os.read(leader, 65536):
                break
        except OSError:  # EIO: the command closed its end
            break
    code = proc.wait()
    elapsed = time.perf_counter() - t0
    os.close(leader)
    if code:
        raise subprocess.CalledProcessError(code, cmd)
    return elapsed


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
        print(f"{'command':<30}{'median':>9}{'fastest':>9}{'target':>8}  sqlite3 alone   ratio")
        runs = [(cmd, target, sql, wall, "") for cmd, target, sql in CASES]
        runs += [
            (cmd, t, None, wall_on_terminal, " (tty)") for cmd, t, _ in CASES if cmd[0] != "--help"
        ]
        for cmd, target, sql, how, where in runs:
            how([*LAUNCHLOG, *cmd], env)  # warm the file cache and numba's
            times = [how([*LAUNCHLOG, *cmd], env) for _ in range(args.runs)]
            med = statistics.median(times)
            name = " ".join(cmd) + where
            line = f"launchlog {name:<20}{med:>8.3f}s{min(times):>8.3f}s{target:>7.2f}s"
            if sql:
                floor = statistics.median(
                    wall([sys.executable, "-c", SQLITE, db, sql], env) for _ in range(args.runs)
                )
                line += f"  {floor:>9.3f}s   {med / floor:>6.1f}x"
            print(line + ("" if med <= target else "   OVER"))


if __name__ == "__main__":
    main()
