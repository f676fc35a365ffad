"""Fixtures: every database test runs on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from archive.db import make_engine, resolve_url, upgrade
from archive.loader import load_paths

ROOT = Path(__file__).resolve().parent.parent
MISSIONS = ROOT / "missions"
SHARED = ROOT.parent / "shared"
PG_URL = os.environ.get("LAUNCHLOG_TEST_POSTGRES_URL")


def pytest_report_header() -> str:
    return "PostgreSQL: " + (
        PG_URL or "not configured, PostgreSQL tests skipped (set LAUNCHLOG_TEST_POSTGRES_URL)"
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.sqlite'}"
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server configured (LAUNCHLOG_TEST_POSTGRES_URL)")
    name = "llt_" + uuid.uuid4().hex[:12]
    admin = create_engine(resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(resolve_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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
