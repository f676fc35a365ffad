"""Alembic environment: the archive's metadata, batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from archive.db import make_engine
from archive.model import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Engine):  # pytest-alembic hands in an engine at times
        config.attributes["engine"], connection = connection, None
    if connection is not None:  # handed in by a caller
        _run(connection)
        return
    engine: Engine = config.attributes.get("engine") or make_engine(
        config.get_main_option("sqlalchemy.url")
    )
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table (copy, drop, rename); with foreign keys enforced,
        # dropping a table that others point at fails. SQLite reads this pragma only
        # outside a transaction, so it goes to the DBAPI connection before Alembic's begins,
        # and the links are checked before the migration's transaction commits.
        _pragma(connection, "PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration would break foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection, statement: str) -> None:  # type: ignore[no-untyped-def]
    dbapi = connection.connection.dbapi_connection
    if not dbapi.in_transaction:
        dbapi.execute(statement)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
