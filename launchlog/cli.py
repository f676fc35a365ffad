"""The ``launchlog`` entry point: every command group registered, every error one line.

A library error carries its own exit code (``ArchiveError``, ``FlightError``,
``ViewerError``); database and schema-tool errors become a line too. Nothing a command
raises on bad input reaches the user as a traceback (``tests/cli/test_errors.py``).
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import warnings

from .app import State, app

# Each module adds its commands when imported; this order is the order `--help` lists them.
COMMAND_GROUPS = ("db", "records", "queries", "orbits", "ascent", "history", "browse", "view")
for _group in COMMAND_GROUPS:
    importlib.import_module(f".commands.{_group}", __package__)


def fail(message: str, code: int = 1) -> None:
    from .render import printable

    sys.stderr.write(f"launchlog: {printable(message)}\n")
    sys.exit(code)


def main() -> None:
    """Run the command line, mapping the libraries' errors to one line and an exit code."""
    from flight.runtime import configure

    configure()  # cached numba kernels, offline IERS, for whatever the command uses
    # UTC is undefined before 1960; ERFA says so for every 1957-59 launch time. The archive
    # keeps those times as GCAT gives them, so the warning tells the user nothing new.
    warnings.filterwarnings("ignore", message=".*dubious year")
    try:
        app()
    except Exception as exc:
        message, code = describe(exc)
        if message is None:
            raise
        fail(message, code)


def run() -> None:
    """The console script: ``main()``, then leave without tearing the interpreter down.

    Freeing the objects of the ~700 modules a command imports took 0.5 s at every exit,
    memory the OS reclaims anyway. Everything that matters at exit is done first: the atexit
    handlers (logging, temporary files), the engine's connections closed (SQLite folds its
    WAL back, PostgreSQL sees a clean goodbye) and the output flushed."""
    code = 0
    try:
        main()  # a bug or Ctrl-C propagates: Python's own handling, traceback and all
    except SystemExit as done:
        if isinstance(done.code, str):
            sys.stderr.write(done.code + "\n")
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    if State.engine is not None:
        State.engine.dispose()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def describe(exc: BaseException) -> tuple[str | None, int]:
    """The one line and exit code for an error a user can cause, or (None, 0) for a bug."""
    from archive.errors import ArchiveError
    from flight.errors import FlightError
    from viewer.errors import ViewerError

    if isinstance(exc, ArchiveError | FlightError | ViewerError):
        return str(exc), exc.exit_code
    if "sqlalchemy" in sys.modules:
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            return f"database error: {_first_line(exc.orig)}", 1
    if "alembic" in sys.modules:
        from alembic.util.exc import CommandError

        if isinstance(exc, CommandError):
            return f"schema: {_first_line(exc)}", 2
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror}", 1
    return None, 0


def _first_line(exc: object) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


if __name__ == "__main__":
    run()

__all__ = ["COMMAND_GROUPS", "app", "describe", "main", "run"]
