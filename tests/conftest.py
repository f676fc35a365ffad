"""Fixtures: every database test runs on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from archive.db import make_engine, resolve_url, upgrade
from archive.loader import load_paths

ROOT = Path(__file__).resolve().parent.parent
MISSIONS = ROOT / "missions"
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("LAUNCHLOG_TEST_POSTGRES_URL")


def pytest_configure(config: pytest.Config) -> None:
    """What the ``launchlog`` entry point does first: cached numba kernels, offline IERS."""
    from flight.runtime import configure

    configure()
    # the viewer keeps flown scenes (viewer.cache): the tests' own, not the user's
    os.environ.setdefault(
        "LAUNCHLOG_CACHE_DIR", str(Path(config.rootpath) / ".pytest-scenes" / uuid.uuid4().hex)
    )


def pytest_report_header() -> str:
    return "PostgreSQL: " + (
        PG_URL or "not configured, PostgreSQL tests skipped (set LAUNCHLOG_TEST_POSTGRES_URL)"
    )


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A URL of a new, empty database: a SQLite file in ``folder``, or a fresh PostgreSQL one."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'archive.sqlite'}"
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server configured (LAUNCHLOG_TEST_POSTGRES_URL)")
    name = "llt_" + uuid.uuid4().hex[:12]
    admin = create_engine(resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(resolve_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    e = make_engine(db_url)
    upgrade(e)
    yield e
    e.dispose()


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    load_paths(engine, [MISSIONS])
    return engine


def dump(engine: Engine, *, skip_ids: bool = False) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: the archive's whole state."""
    md = MetaData()
    md.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for name, table in sorted(md.tables.items()):
            cols = [c for c in table.columns if not (skip_ids and c.name == "id")]
            rows = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            out[name] = (
                sorted((tuple(r) for r in rows), key=repr) if skip_ids else [tuple(r) for r in rows]
            )
    return out


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table with row ids replaced by what they point at, recursively.

    Two archives built in different orders get different ids; this compares what they
    hold: each foreign key (and each citation's ``entity_id``) becomes the referenced
    row's own content, so equal snapshots mean the same rows with the same links.
    """
    md = MetaData()
    md.reflect(engine)
    rows: dict[str, dict[Any, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name, table in md.tables.items():
            pk = list(table.primary_key.columns)
            rows[name] = {
                tuple(r[c.name] for c in pk): dict(r)
                for r in conn.execute(select(table)).mappings()
            }
    fks = {
        name: {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        for name, table in md.tables.items()
    }
    memo: dict[tuple[str, Any], str] = {}

    def identity(table: str, key: Any) -> str:
        if (table, key) in memo:
            return memo[(table, key)]
        row = rows[table][key]
        parts = []
        for col, value in sorted(row.items()):
            if col == "id":
                continue
            if col in fks[table] and value is not None:
                value = identity(fks[table][col], (value,))
            elif table == "citation" and col == "entity_id":
                value = identity(row["entity"], (value,))
            parts.append(f"{col}={value!r}")
        memo[(table, key)] = out = f"{table}({', '.join(parts)})"
        return out

    return {name: sorted(identity(name, k) for k in rows[name]) for name in rows}
