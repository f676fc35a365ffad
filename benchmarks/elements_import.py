"""`launchlog import elements` at catalogue scale: sets a second and peak memory, end to end.

    .venv/bin/python benchmarks/elements_import.py [--runs 3] [--sizes 5000 20000]

Builds the archive once (the curated records, then all of GCAT: 24,552 payloads to match
against), then for each size writes that many OMM records in CelesTrak's JSON, each for a
real payload of the archive (by NORAD number; the elements are a real Honghu-2 set's, the
epochs all different), and times the command a person runs, `launchlog import elements
FILE`, as a fresh process on a fresh copy of the archive: wall time, sets a second, and the
process's peak resident memory (which must not grow with the file). Target: 5,000 sets a
second or more.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
LAUNCHLOG = Path(sys.executable).parent / "launchlog"


def build(folder: Path) -> Path:
    from archive import load_paths, open_archive
    from archive.gcat_import import import_gcat

    db = folder / "base.sqlite"
    engine = open_archive(f"sqlite:///{db}", upgrade_schema=True)
    load_paths(engine, [ROOT / "missions"])
    import_gcat(engine, SHARED / "gcat")
    engine.dispose()
    return db


def catalogue(db: Path, size: int, out: Path) -> None:
    import sqlite3

    from flight import omm, tle

    with sqlite3.connect(db) as con:
        norads = [
            n
            for (n,) in con.execute(
                "SELECT norad_id FROM payload WHERE norad_id IS NOT NULL ORDER BY norad_id DESC"
            )
        ]
    honghu = omm.from_tle(tle.read(SHARED / "tle" / "zhuque2_payloads_2025-10-04.tle")[0]).fields
    rows = []
    for i in range(size):
        f = dict(honghu)
        f["NORAD_CAT_ID"] = norads[i % len(norads)]
        f["OBJECT_NAME"] = f"OBJECT {f['NORAD_CAT_ID']}"
        f["EPOCH"] = f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}T12:00:00.{i:06d}"
        rows.append(f)
    out.write_text(json.dumps(rows), encoding="utf-8")


def run(db: Path, omm_file: Path) -> tuple[float, float, str]:
    """Wall time and peak resident memory (MB) of one `launchlog import elements` process."""
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": f"sqlite:///{db}"}
    out = db.with_suffix(".out")
    t0 = time.perf_counter()
    with out.open("w") as f:
        proc = subprocess.Popen(
            [str(LAUNCHLOG), "import", "elements", str(omm_file)], env=env, stdout=f
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"launchlog import elements failed on {omm_file}")
    return seconds, usage.ru_maxrss / 1024, out.read_text().strip().splitlines()[-1]


def prepare(folder: Path, sizes: list[int]) -> None:
    base = build(folder)
    for size in sizes:
        catalogue(base, size, folder / f"omm-{size}.json")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.sizes)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # the archive and the files are made in a child, so that this process stays small:
        # a child's peak memory counts what it shares of its parent until it execs
        sizes = [str(n) for n in args.sizes]
        subprocess.run([sys.executable, __file__, "--prepare", tmp, "--sizes", *sizes], check=True)
        base = folder / "base.sqlite"
        for size in args.sizes:
            omm_file = folder / f"omm-{size}.json"
            times, peaks = [], []
            for r in range(args.runs):
                db = folder / f"run-{size}-{r}.sqlite"
                shutil.copyfile(base, db)
                seconds, peak, said = run(db, omm_file)
                times.append(seconds)
                peaks.append(peak)
                print(f"{size:>6} sets: {seconds:5.2f} s, {peak:4.0f} MB ({said})")
            median = statistics.median(times)
            print(
                f"{size:>6} sets: median {median:.2f} s = {size / median:,.0f} sets/s "
                f"(best {size / min(times):,.0f}); peak memory {max(peaks):.0f} MB"
            )


if __name__ == "__main__":
    main()
