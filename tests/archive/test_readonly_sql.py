"""`launchlog sql` cannot change the archive by any statement, on SQLite and PostgreSQL, and
is bounded in time, rows and memory. Finding 1 of issue 13: on PostgreSQL read-only was only
the session default, which `SET TRANSACTION READ WRITE; UPDATE ...; COMMIT` overrode."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

import archive.readonly_sql as ro
from archive import ArchiveError, InvalidRequest, WriteRefused, run_sql

from ..conftest import dump

ATTACKS = [
    "SET TRANSACTION READ WRITE; UPDATE mission SET name='PWNED' WHERE slug='zq1-y1'; COMMIT",
    "UPDATE mission SET name = 'PWNED'",
    "DELETE FROM mission",
    "DROP TABLE mission",
    "SELECT 1; DELETE FROM mission",
    "WITH x AS (DELETE FROM mission RETURNING 1) SELECT * FROM x",
    "SET TRANSACTION READ WRITE",
    "COMMIT",
    "ATTACH DATABASE 'evil.sqlite' AS evil",
    "VACUUM INTO 'copy.sqlite'",
    "PRAGMA query_only = OFF",
    "SELECT pg_advisory_xact_lock(1818588526)",
    "SELECT set_config('transaction_read_only', 'off', true)",
    "EXPLAIN ANALYZE DELETE FROM mission",
    "/* */ DELETE /* */ FROM mission -- SELECT",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_statement_changes_the_archive(
    loaded: Engine, attack: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = dump(loaded)
    with pytest.raises((ArchiveError, DBAPIError)):
        run_sql(loaded, attack)
    assert dump(loaded) == before
    assert not (tmp_path / "evil.sqlite").exists()  # no file made by ATTACH
    assert not (tmp_path / "copy.sqlite").exists()  # nor by VACUUM INTO


WRITES = [
    "UPDATE mission SET name = 'PWNED'",
    "WITH x AS (UPDATE mission SET name = 'PWNED' RETURNING 1) SELECT * FROM x",
    "INSERT INTO source (key, title) VALUES ('x', 'y')",
]


@pytest.mark.parametrize("write", WRITES)
def test_the_database_refuses_writes_by_itself(
    loaded: Engine, write: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Layer 2 alone: with the statement check switched off, the connection still refuses."""
    monkeypatch.setattr(ro, "check_statement", lambda sql: sql)
    before = dump(loaded)
    with pytest.raises((WriteRefused, DBAPIError)) as err:
        run_sql(loaded, write)
    if loaded.dialect.name == "postgresql" or not write.startswith("WITH"):
        assert err.type is WriteRefused  # (SQLite has no UPDATE inside WITH: a syntax error)
    assert dump(loaded) == before


def test_several_statements_are_refused_by_the_connection_too(
    loaded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ro, "check_statement", lambda sql: sql)
    before = dump(loaded)
    with pytest.raises((ArchiveError, DBAPIError)):
        run_sql(loaded, "SELECT 1; UPDATE mission SET name = 'PWNED'")
    assert dump(loaded) == before


def test_a_runaway_query_stops_at_the_time_limit(
    loaded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ro, "TIME_LIMIT_S", 1.0)
    endless = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )
    with pytest.raises(InvalidRequest, match="1 s limit"):
        run_sql(loaded, endless)


def test_rows_are_bounded(loaded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ro, "MAX_ROWS", 100)
    many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT x FROM c"
    result = run_sql(loaded, many)
    assert len(result.rows) == 100 and "first 100 rows" in result.truncated


def test_bytes_are_bounded(loaded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ro, "MAX_BYTES", 100_000)
    wide = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
        "SELECT x, repeat('x', 1000) FROM c"
        if loaded.dialect.name == "postgresql"
        else "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
        "SELECT x, hex(zeroblob(500)) FROM c"
    )
    result = run_sql(loaded, wide)
    assert 90 <= len(result.rows) <= 100 and "MB" in result.truncated


def test_a_query_still_answers(loaded: Engine) -> None:
    columns, rows = run_sql(loaded, "SELECT slug FROM mission WHERE name LIKE '%Y1%' ORDER BY slug")
    assert columns == ["slug"] and [r[0] for r in rows][:1] == ["zq1-y1"]


FRAGMENTS = st.sampled_from(
    [
        "SELECT",
        "UPDATE",
        "DELETE",
        "INSERT",
        "WITH",
        "x",
        "mission",
        "SET",
        "name",
        "=",
        "'a'",
        ";",
        "--",
        "/*",
        "*/",
        "(",
        ")",
        "RETURNING",
        "1",
        "COMMIT",
        "BEGIN",
        "ATTACH",
        "VACUUM",
        "INTO",
        "FROM",
        "pg_advisory_lock",
        "TABLE",
        "EXPLAIN",
        "ANALYZE",
        "\n",
    ]
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(FRAGMENTS, min_size=1, max_size=12).map(" ".join))
def test_any_statement_reads_or_is_refused(loaded: Engine, sql: str) -> None:
    before = dump(loaded)
    with contextlib.suppress(ArchiveError, DBAPIError):
        run_sql(loaded, sql)
    assert dump(loaded) == before
