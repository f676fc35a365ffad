"""`launchlog browse`: Datasette over the archive, read-only, loopback, with facets."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from archive import UnsupportedDatabase
from archive.db import make_engine
from launchlog.cli import app
from launchlog.commands.browse import browse_command

from ..conftest import MISSIONS, ROOT
from ..viewer.test_viewer import non_loopback_address

DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def fetch(url: str) -> dict:
    with DIRECT.open(url, timeout=10) as r:
        return json.loads(r.read())


def test_browse_serves_the_archive_read_only(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    runner = CliRunner()
    runner.invoke(app, ["--db", str(db), "db", "upgrade"])
    assert runner.invoke(app, ["--db", str(db), "load", str(MISSIONS)]).exit_code == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "browse.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "launchlog", "--db", str(db), "browse", "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}/archive"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                rows = fetch(f"{base}/mission.json?_shape=array")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline and proc.poll() is None, (
                    "browse never served: " + (tmp_path / "browse.log").read_text()[-2000:]
                )
                time.sleep(0.3)
        assert "zq1-y1" in {r["slug"] for r in rows}
        page = fetch(f"{base}/mission.json")
        assert {"outcome", "vehicle_id", "site_id", "launch_time"} <= set(page["facet_results"])
        meta = fetch(f"http://127.0.0.1:{port}/-/metadata.json")
        assert meta["databases"]["archive"]["tables"]["mission"]["title"] == "Missions"
        with pytest.raises(urllib.error.HTTPError):
            fetch(f"{base}.json?sql=DELETE+FROM+mission")
        assert len(fetch(f"{base}/mission.json?_shape=array")) == len(rows)  # nothing changed

        # finding 2 of issue 13: what the server accepts
        def status(url: str, **headers: str) -> int:
            try:
                with DIRECT.open(urllib.request.Request(url, headers=headers), timeout=10) as r:
                    return r.status
            except urllib.error.HTTPError as exc:
                return exc.code

        assert status(f"{base}/mission.json", Host=f"evil.example:{port}") == 403  # rebinding
        assert status(f"{base}/mission.json", **{"Sec-Fetch-Site": "cross-site"}) == 403
        assert status(f"{base}/mission.json", **{"Sec-Fetch-Site": "same-origin"}) == 200
        blob = urllib.parse.quote("SELECT zeroblob(999999999)")
        t0 = time.monotonic()
        assert status(f"{base}.json?sql={blob}") == 400  # "string or blob too big", at once
        assert time.monotonic() - t0 < 5
        # a write to the archive while it is served: the next page sees it (no --immutable)
        extra = tmp_path / "extra.yaml"
        extra.write_text("payloads:\n  - slug: late-sat\n    name: Late\n    sources: [gcat]\n")
        assert runner.invoke(app, ["--db", str(db), "load", str(extra)]).exit_code == 0
        slugs = {r["slug"] for r in fetch(f"{base}/payload.json?_shape=array")}
        assert "late-sat" in slugs
        addr = non_loopback_address()
        if addr is not None:
            with pytest.raises(OSError):
                socket.create_connection((addr, port), timeout=3).close()
    finally:
        proc.kill()
        proc.wait(10)


def test_browse_refuses_postgresql_clearly() -> None:
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(UnsupportedDatabase, match="browse serves SQLite archives"):
        browse_command(engine, 8001)


@settings(max_examples=300, deadline=None)
@given(
    host=st.one_of(st.text(max_size=40), st.sampled_from(["127.0.0.1:8001", "localhost:8001"])),
    site=st.one_of(
        st.none(), st.text(max_size=20), st.sampled_from(["none", "same-origin", "cross-site"])
    ),
)
def test_browse_answers_only_requests_naming_it_from_its_own_site(
    host: str, site: str | None
) -> None:
    """Any Host and Sec-Fetch-Site a peer sends: served only for this server's own names, and
    only when the browser says the request is not from another site."""
    import launchlog.browse_guard.guard as guard

    headers = [(b"host", host.encode("utf-8", "surrogatepass"))]
    if site is not None:
        headers.append((b"sec-fetch-site", site.encode("utf-8", "surrogatepass")))
    os.environ["LAUNCHLOG_BROWSE_PORT"] = "8001"
    refused = guard._allowed({"headers": headers})
    ours = host in ("127.0.0.1:8001", "localhost:8001") and site in (None, "none", "same-origin")
    assert (refused is None) == ours
