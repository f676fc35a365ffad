"""Concurrent writers queue and readers see all of a write or none of it (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from archive import model as m
from archive import session
from archive.db import make_engine, upgrade
from archive.export import export_archive
from archive.gcat_import import import_gcat
from archive.loader import load_paths

from ..conftest import MISSIONS, ROOT, snapshot
from ..gcat_files import GCAT, cut_gcat

pytestmark = pytest.mark.skipif(not GCAT.exists(), reason="../shared/data/gcat not present")


def launchlog(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LAUNCHLOG_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "launchlog", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Record files big enough that a load takes seconds: the curated story and 1957-1975."""
    tmp = tmp_path_factory.mktemp("records")
    engine = make_engine(str(tmp / "build.sqlite"))
    upgrade(engine)
    load_paths(engine, [MISSIONS])
    import_gcat(engine, cut_gcat(tmp / "gcat", lambda tag, date: date[:4] <= "1975"))
    export_archive(engine, tmp / "records")
    engine.dispose()
    return tmp / "records"


def counts(engine: Engine) -> tuple[int, int, int]:
    """Missions, payload links and tallied launches, read in one transaction."""
    with session(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(m.Mission)) or 0,
            s.scalar(select(func.count()).select_from(m.MissionPayload)) or 0,
            s.scalar(
                select(func.coalesce(func.sum(m.LaunchTally.launches), 0)).where(
                    m.LaunchTally.dimension == "year"
                )
            )
            or 0,
        )


def test_two_loads_at_once_queue_and_agree(engine: Engine, db_url: str, records: Path) -> None:
    a, b = launchlog(db_url, "load", str(records)), launchlog(db_url, "load", str(records))
    outs = [p.communicate(timeout=600) for p in (a, b)]
    assert [p.returncode for p in (a, b)] == [0, 0], outs
    said = sorted(out.split(":", 1)[1].strip()[:5] for out, _ in outs)
    assert said == ["added", "no ch"], outs  # one wrote, the other found it all there
    once = snapshot(engine)
    assert not load_paths(engine, [records]).changed
    assert snapshot(engine) == once
    assert counts(engine)[0] == counts(engine)[2] > 1000


def test_readers_during_a_load_see_before_or_after(
    engine: Engine, db_url: str, records: Path
) -> None:
    load_paths(engine, [MISSIONS])
    before = counts(engine)
    writer = launchlog(db_url, "load", str(records))
    seen = set()
    listed = []
    while writer.poll() is None:
        seen.add(counts(engine))
        if len(listed) < 3:
            lister = launchlog(db_url, "list", "missions", "--json")
            out, err = lister.communicate(timeout=120)
            assert lister.returncode == 0, err
            listed.append(len(json.loads(out)))
        time.sleep(0.02)
    assert writer.returncode == 0, writer.communicate()
    after = counts(engine)
    seen.add(after)
    assert after[0] > before[0]
    assert seen <= {before, after}, seen  # never a half-written archive
    assert set(listed) <= {before[0], after[0]}
