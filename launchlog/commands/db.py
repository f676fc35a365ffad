"""``launchlog db``: create, upgrade, step back or inspect the schema (Alembic)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..app import db_app, engine


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Create the database or bring it up to date, keeping every record."""
    from archive import current_revision, upgrade

    eng = engine()
    before = current_revision(eng)
    upgrade(eng, revision)
    after = current_revision(eng)
    where = eng.url.render_as_string(hide_password=True)
    print(
        f"{where}: schema {before or '(empty)'} -> {after}"
        if before != after
        else f"{where}: schema already at {after}"
    )


@db_app.command(
    "downgrade", context_settings={"ignore_unknown_options": True}  # "-1" is a revision
)
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. 0004, -1 or base.")],
    discard: Annotated[
        bool, typer.Option("--discard", help="Throw away what the older schema cannot hold.")
    ] = False,
) -> None:
    """Step the schema back; refused if it would lose data, unless --discard."""
    from archive import current_revision, downgrade

    eng = engine()
    downgrade(eng, revision, discard=discard)
    print(f"schema now at {current_revision(eng) or '(empty)'}")


@db_app.command("current")
def db_current() -> None:
    """Show the database's schema revision and the newest one this launchlog knows."""
    from archive import current_revision, head_revision

    print(f"database: {current_revision(engine()) or '(empty)'}\nhead:     {head_revision()}")
