"""Ad-hoc SQL that cannot change the archive, hold its locks, or exhaust the machine.

Three layers, so that no one of them has to be perfect:

1. The statement: exactly one, and one that reads (``SELECT``, ``WITH``, ``VALUES``,
   ``TABLE``, ``EXPLAIN`` without ``ANALYZE``), judged after comments are stripped; no call
   of the functions that take the archive's locks, end sessions or change settings.
2. The database enforces it anyway. SQLite: the file opened read-only (``mode=ro``) with
   ``query_only`` and an authorizer that refuses ATTACH and DETACH. PostgreSQL: a
   ``READ ONLY`` transaction that has taken its snapshot (so it cannot be turned read-write),
   the statement sent as a prepared statement (which cannot hold two), and always rolled back.
3. Bounds: ``TIME_LIMIT_S`` of work (SQLite: a progress handler; PostgreSQL: the server's
   ``statement_timeout``, which holds even if the client dies), at most ``MAX_VALUE_BYTES``
   in any one SQLite value, and at most ``MAX_ROWS`` rows or ``MAX_BYTES`` fetched.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from .db import SQLITE_BUSY_TIMEOUT_MS
from .errors import InvalidRequest, WriteRefused

TIME_LIMIT_S = 10.0
MAX_ROWS = 10_000
MAX_BYTES = 64 * 2**20
MAX_VALUE_BYTES = 2**20

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_STRINGS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_READS = ("select", "with", "values", "table", "explain")
# functions that take the archive's locks, end other sessions, sleep or change settings
_REFUSED_CALLS = re.compile(
    r"\b(pg_advisory\w*|pg_try_advisory\w*|pg_terminate_backend|pg_cancel_backend|"
    r"pg_reload_conf|pg_rotate_logfile|set_config|pg_read_file|pg_read_binary_file|"
    r"pg_ls_dir|lo_\w+|dblink\w*)\s*\(",
    re.I,
)


@dataclass(frozen=True)
class SqlResult:
    columns: list[str]
    rows: list[Sequence[Any]]
    truncated: str | None = None  # why fewer rows were fetched than the query gives

    def __iter__(self):  # type: ignore[no-untyped-def]
        """``columns, rows = run_sql(...)``, as before the bounds."""
        return iter((self.columns, self.rows))


def check_statement(sql: str) -> str:
    """The statement with its comments, if it is one statement that only reads."""
    code = _COMMENTS.sub(" ", sql)
    bare = _STRINGS.sub("''", code)  # what is inside strings is data, not statements
    parts = [p for p in bare.split(";") if p.strip()]
    if len(parts) != 1:
        raise WriteRefused("refused: `sql` runs exactly one statement")
    words = parts[0].split()
    first = words[0].lower()
    if first not in _READS:
        raise WriteRefused(f"refused: `sql` is read-only ({words[0]} is not a query)")
    if first == "explain" and any(w.lower().strip("(,") == "analyze" for w in words[1:4]):
        raise WriteRefused("refused: EXPLAIN ANALYZE runs the statement; use EXPLAIN")
    called = _REFUSED_CALLS.search(bare)
    if called:
        raise WriteRefused(f"refused: `sql` does not call {called.group(1)}()")
    return sql.strip().rstrip(";")


def _sqlite_engine(engine: Engine) -> Engine:
    path = engine.url.database or ":memory:"
    ro = create_engine(make_url(f"sqlite:///file:{path}?mode=ro&uri=true"))

    @event.listens_for(ro, "connect")
    def _guard(conn: sqlite3.Connection, _rec: Any) -> None:
        conn.execute("PRAGMA query_only = ON")
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.set_authorizer(
            lambda action, *_: (
                sqlite3.SQLITE_DENY
                if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH)
                else sqlite3.SQLITE_OK
            )
        )
        deadline = time.monotonic() + TIME_LIMIT_S
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)

    return ro


def _size(row: Sequence[Any]) -> int:
    return sum(len(v) if isinstance(v, str | bytes | bytearray | memoryview) else 16 for v in row)


def run_sql(engine: Engine, sql: str) -> SqlResult:
    """Run one read-only query with bounds on time, rows and memory (see the module's doc)."""
    statement = check_statement(sql)
    sqlite = engine.url.get_backend_name() == "sqlite"
    ro = _sqlite_engine(engine) if sqlite else engine
    try:
        with ro.connect() as conn:
            try:
                result = cursor = None
                if sqlite:
                    result = conn.exec_driver_sql(statement)
                else:
                    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                    conn.exec_driver_sql(
                        f"SET LOCAL statement_timeout = {int(TIME_LIMIT_S * 1000)}"
                    )
                    conn.execute(text("SELECT 1"))  # the snapshot: no turning read-write now
                    cursor = conn.connection.driver_connection.cursor()
                    cursor.execute(statement, prepare=True)  # one statement, not several
                columns, rows, truncated = _fetch(result, cursor)
            except (DBAPIError, conn.dialect.dbapi.Error) as exc:  # the driver's own, too
                raise _explained(exc) from None
            finally:
                conn.rollback()
    finally:
        if ro is not engine:
            ro.dispose()
    return SqlResult(columns, rows, truncated)


def _fetch(result: Any, cursor: Any) -> tuple[list[str], list[Sequence[Any]], str | None]:
    if cursor is not None:
        if cursor.description is None:
            return [], [], None
        columns = [d.name for d in cursor.description]
        fetchmany = cursor.fetchmany
    else:
        if not result.returns_rows:
            return [], [], None
        columns = list(result.keys())
        fetchmany = result.fetchmany
    rows: list[Sequence[Any]] = []
    size = 0
    while True:
        batch = fetchmany(500)
        if not batch:
            return columns, rows, None
        for row in batch:
            if len(rows) == MAX_ROWS:
                return columns, rows, f"the first {MAX_ROWS:,} rows (add a LIMIT)"
            size += _size(row)
            if size > MAX_BYTES:
                return columns, rows, f"the first {len(rows):,} rows, {MAX_BYTES >> 20} MB"
            rows.append(tuple(row))


def _explained(exc: Exception) -> Exception:
    """The database's refusal as the archive's error; anything else as it came."""
    message = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    lowered = message.lower()
    if any(w in lowered for w in ("readonly", "read-only", "read only", "not authorized")):
        return WriteRefused(f"refused: `sql` is read-only ({message})")
    if "interrupted" in lowered or "statement timeout" in lowered:
        return InvalidRequest(f"`sql` stopped the query after its {TIME_LIMIT_S:g} s limit")
    if "too big" in lowered:
        return InvalidRequest(f"`sql` values are limited to {MAX_VALUE_BYTES >> 20} MB ({message})")
    if isinstance(exc, DBAPIError):
        return exc
    return DBAPIError(None, None, exc)  # type: ignore[arg-type]
