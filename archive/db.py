"""Where the archive lives and how to reach it: URL resolution, engines, sessions, Alembic.

The URL comes from ``--db``, else ``LAUNCHLOG_DATABASE_URL``, else a SQLite file
in the user's data directory. A bare file path is taken as a SQLite file.
Alembic owns the schema: nothing here calls ``create_all``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from .errors import SchemaOutOfDate, SchemaRefused
from .where import ENV_VAR, default_path

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_url() -> str:
    return f"sqlite:///{default_path()}"


def resolve_url(db: str | None = None) -> str:
    """``--db`` beats the environment beats the default; a plain path means SQLite."""
    raw = db or os.environ.get(ENV_VAR) or default_url()
    if "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().resolve()}"
    url = make_url(raw)
    if url.drivername == "postgresql":  # psycopg 3 is what we install
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    write = conn.get_execution_options().get("launchlog_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(db: str | None = None) -> Engine:
    url = resolve_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite defers BEGIN on its own; take control so that a whole load is one
        # transaction, and writers (execution option ``launchlog_write``) take the write
        # lock up front (BEGIN IMMEDIATE) and queue on the busy timeout instead of failing.
        event.listen(
            engine, "connect", lambda c, _r: setattr(c, "isolation_level", None), insert=True
        )
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def open_archive(db: str | None = None, *, upgrade_schema: bool = False) -> Engine:
    """An engine on the archive at ``db`` (URL or SQLite path; default as the CLI's ``--db``)."""
    engine = make_engine(db)
    if upgrade_schema:
        upgrade(engine)
    return engine


def alembic_config(engine_or_url: Engine | str) -> Config:
    """Alembic's configuration for this archive (Alembic is imported only by schema work)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = engine_or_url if isinstance(engine_or_url, str) else None
    if url is None:
        assert isinstance(engine_or_url, Engine)
        cfg.attributes["engine"] = engine_or_url
        url = engine_or_url.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_REVISION = re.compile(r"^(down_)?revision(?:: str(?: \| None)?)? = (None|[\"'](\w+)[\"'])", re.M)


@functools.cache
def revisions() -> tuple[str, ...]:
    """The migrations from the first to the newest, read from their own ``revision`` lines.

    Every command checks the schema against the newest; asking Alembic's ``ScriptDirectory``
    would import Alembic and Mako (about a quarter of a second) for a few strings."""
    parent: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = _REVISION.findall(path.read_text(encoding="utf-8"))
        names = {bool(down): (name or None) for down, _, name in found}
        if names.get(False):  # a migration (not the folder's __init__)
            parent[names[False]] = names.get(True)  # type: ignore[index]
    heads = set(parent) - set(parent.values())
    if len(heads) > 1:
        raise SchemaOutOfDate(f"the migrations have several heads: {', '.join(sorted(heads))}")
    chain: list[str] = []
    rev = next(iter(heads), None)
    while rev is not None:
        chain.append(rev)
        rev = parent[rev]
    return tuple(reversed(chain))


def head_revision() -> str | None:
    return revisions()[-1] if revisions() else None


def current_revision(engine: Engine) -> str | None:
    """The database's revision from Alembic's own table (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    _known(engine)
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str, *, discard: bool = False) -> None:
    """Step the schema back to ``revision`` (an id, ``-N`` or ``base``).

    Each migration declares what its downgrade throws away (``DISCARDS``) and what it cannot
    take back at all (``BLOCKERS``); these are counted first. With anything to lose the
    downgrade is refused unless ``discard``; with a blocker it is refused outright."""
    from alembic import command
    from alembic.script import ScriptDirectory

    current = _known(engine)
    chain = revisions()
    here = chain.index(current) if current else -1
    if revision == "base":
        there = -1
    elif revision.startswith("-") and revision[1:].isdigit():
        there = here - int(revision[1:])
    elif revision in chain:
        there = chain.index(revision)
    else:
        raise SchemaRefused(f"no schema revision {revision!r} (known: {', '.join(chain)}, base)")
    if there < -1 or there > here:
        raise SchemaRefused(f"cannot step down from {current or '(empty)'} to {revision}")
    script = ScriptDirectory.from_config(alembic_config(engine))
    lost, blocked = [], []
    with engine.connect() as conn:
        for rev in reversed(chain[there + 1 : here + 1]):
            module = script.get_revision(rev).module
            for what, sql in getattr(module, "BLOCKERS", {}).items():
                if n := conn.execute(text(sql)).scalar():
                    blocked.append(f"{n:,} {what} (revision {rev})")
            for what, sql in getattr(module, "DISCARDS", {}).items():
                if n := conn.execute(text(sql)).scalar():
                    lost.append(f"{n:,} {what}")
    if blocked:
        raise SchemaRefused(
            f"cannot downgrade to {revision}: {'; '.join(blocked)} cannot be held by the older "
            "schema; delete them first"
        )
    if lost and not discard:
        raise SchemaRefused(
            f"downgrading to {revision} would discard {', '.join(lost)}; export the archive "
            "first (`launchlog export DIR`), then downgrade with --discard"
        )
    command.downgrade(alembic_config(engine), chain[there] if there >= 0 else "base")


def _known(engine: Engine) -> str | None:
    """The database's revision, if this launchlog knows it (a newer launchlog may not be)."""
    current = current_revision(engine)
    if current is not None and current not in revisions():
        where = engine.url.render_as_string(hide_password=True)
        raise SchemaOutOfDate(
            f"database {where} is at schema revision {current}, which this launchlog does "
            f"not know (its newest is {head_revision()}): it was made by a newer launchlog; "
            "use that one, or update this one"
        )
    return current


def require_current(engine: Engine) -> None:
    current, head = _known(engine), head_revision()
    if current != head:
        where = engine.url.render_as_string(hide_password=True)
        raise SchemaOutOfDate(
            f"database {where} is at schema revision {current or '(empty)'}, "
            f"this launchlog needs {head}: run `launchlog db upgrade`"
        )


WRITE_LOCK = 0x6C61756E  # "laun": PostgreSQL advisory lock that orders the archive's writers


def _bind(engine: Engine, write: bool) -> Engine:
    if write:
        return engine.execution_options(launchlog_write=True)
    if engine.dialect.name == "postgresql":
        # one snapshot for the whole read, as SQLite's WAL gives: under READ COMMITTED each
        # statement would see the latest commit, and a command reading several tables
        # while a load commits could pair rows from before it with rows from after
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine


@contextmanager
def session_scope(engine: Engine, write: bool = False) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error.

    A writer first takes the archive's write lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
    a transaction-scoped advisory lock), so two loads queue instead of racing on the same
    natural keys; readers never wait, and each reads one snapshot: all of a write or none."""
    from sqlalchemy.orm import sessionmaker  # here: a Core read (``reading``) needs no ORM

    factory = sessionmaker(_bind(engine, write), expire_on_commit=False)
    with factory() as session, session.begin():
        if write and engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read snapshot through SQLAlchemy Core, as ``session_scope`` reads, without
    importing the ORM (``archive.list_missions`` takes either)."""
    with _bind(engine, False).connect() as conn, conn.begin():
        yield conn


session = session_scope
