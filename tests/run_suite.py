"""The whole test suite, as `./run test` and CI run it: ruff, then pytest on SQLite and PostgreSQL.

A throwaway PostgreSQL cluster is started on a loopback port when the server
binaries are installed (Debian's ``postgresql`` package, which ``./run test``
installs when it can), and always stopped afterwards. Without them, the
PostgreSQL tests are skipped with a message and the rest still runs.
Set LAUNCHLOG_TEST_POSTGRES_URL to use a server of your own instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def postgres() -> Iterator[str | None]:
    if os.environ.get("LAUNCHLOG_TEST_POSTGRES_URL"):
        yield os.environ["LAUNCHLOG_TEST_POSTGRES_URL"]
        return
    bindir = _pg_bin()
    if bindir is None:
        print("run_suite: no PostgreSQL server binaries; PostgreSQL tests will be skipped")
        yield None
        return
    as_user: list[str] = []
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:  # initdb refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            print("run_suite: running as root without a 'postgres' user; PostgreSQL tests skipped")
            yield None
            return
        as_user, user = ["runuser", "-u", "postgres", "--"], "postgres"
    tmp = Path(tempfile.mkdtemp(prefix="launchlog-pg-"))
    data = tmp / "data"
    if as_user:
        shutil.chown(tmp, "postgres")
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8")
        run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(tmp / "log"),
            "-w",
            "start",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=off -c full_page_writes=off",
        )
    except subprocess.CalledProcessError as exc:
        print(f"run_suite: could not start PostgreSQL ({exc.stderr.decode().strip()}); skipped")
        shutil.rmtree(tmp, ignore_errors=True)
        yield None
        return
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)])
    if ruff.returncode:
        return ruff.returncode
    with postgres() as url:
        env = dict(os.environ)
        if url:
            env["LAUNCHLOG_TEST_POSTGRES_URL"] = url
        return subprocess.run([sys.executable, "-m", "pytest", *argv], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
