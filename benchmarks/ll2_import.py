"""`launchlog import ll2` of the sample list, and GCAT's payload catalogue, timed end to end.

    .venv/bin/python benchmarks/ll2_import.py [--runs 3]

Builds the archive once (the curated records, then GCAT's launch log and tables without
its payload catalogue), then times, each as a fresh `launchlog` process on a fresh copy:
`import gcat` of the folder with `psatcat.tsv` added (what the payload catalogue costs:
16,022 registered and 19,455 disposal orbits, 21,669 payloads' entries), and `import ll2`
of ../shared/data/ll2/previous_launches_2026-02_03.json (37 launches), first and again.
"""

from __future__ import annotations

import argparse
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


def launchlog(db: Path, *args: str) -> float:
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": f"sqlite:///{db}"}
    t0 = time.perf_counter()
    subprocess.run([str(LAUNCHLOG), *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = folder / "gcat"
        bare.mkdir()
        for name in ("launchlog.tsv", "lv.tsv", "sites.tsv", "orgs.tsv"):
            shutil.copyfile(SHARED / "gcat" / name, bare / name)
        base = folder / "base.sqlite"
        launchlog(base, "db", "upgrade")
        launchlog(base, "load", str(ROOT / "missions"))
        launchlog(base, "import", "gcat", str(bare))
        catalogue, first, again = [], [], []
        for r in range(args.runs):
            db = folder / f"run{r}.sqlite"
            shutil.copyfile(base, db)
            catalogue.append(launchlog(db, "import", "gcat", str(SHARED / "gcat")))
            ll2 = str(SHARED / "ll2" / "previous_launches_2026-02_03.json")
            first.append(launchlog(db, "import", "ll2", ll2))
            again.append(launchlog(db, "import", "ll2", ll2))
        for what, times in (
            ("import gcat, the payload catalogue added to a GCAT archive", catalogue),
            ("import ll2, the sample (37 launches)", first),
            ("import ll2 again (no change)", again),
        ):
            print(f"{what}: median {statistics.median(times):.2f} s (best {min(times):.2f} s)")


if __name__ == "__main__":
    main()
