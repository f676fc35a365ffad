"""The Typer application and what every command group shares: ``--db``, ``--json``, durations.

Each module in ``launchlog.commands`` adds its commands to these apps; their heavy imports
(astropy, poliastro, the loader) happen inside the command, so ``--help`` stays fast.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any

import typer

from archive.where import ENV_VAR, default_path

app = typer.Typer(
    name="launchlog",
    help="A space-launch mission archive: load, query, show. See `launchlog COMMAND --help`.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    help="Create, upgrade or inspect the database schema (Alembic).", no_args_is_help=True
)
list_app = typer.Typer(
    help="List missions, vehicles, payloads or sites, with filters.", no_args_is_help=True
)
import_app = typer.Typer(
    help="Import outside data (GCAT's launch history, element sets).", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(list_app, name="list")
app.add_typer(import_app, name="import")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=f"Database URL or SQLite file path (default: ${ENV_VAR}, else {default_path()}).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class State:
    db_url: str | None = None
    engine: Any = None  # made once per invocation; disposed by ``cli.run`` at exit


@app.callback()
def _main(db_url: DbOption = None) -> None:
    if State.engine is not None:  # an earlier invocation in this process (tests, scripts)
        State.engine.dispose()
    State.db_url, State.engine = db_url, None


def engine() -> Any:
    """The archive's engine for this invocation (``--db``, else the environment or default)."""
    from archive import open_archive

    if State.engine is None:
        State.engine = open_archive(State.db_url)
    return State.engine


def current_engine() -> Any:
    """An engine whose schema is at the head revision (else ``SchemaOutOfDate``)."""
    from archive import require_current

    eng = engine()
    require_current(eng)
    return eng


_UNITS = {"s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "day": 86400.0}


def duration_s(text: str) -> float:
    """``90min``, ``1d``, ``60s``, ``420`` (seconds) -> seconds; a bad one is a usage error."""
    num = text.rstrip("smindahy")
    unit = text[len(num) :] or "s"
    try:
        if unit not in _UNITS:
            raise ValueError
        return float(num) * _UNITS[unit]
    except ValueError:
        raise typer.BadParameter(
            f"{text!r}: use a number and s, min, h or d (e.g. 1d, 60s)"
        ) from None


def choice(name: str, values: Any) -> Any:
    """A string enum of ``values`` for a typed option (Typer offers and checks the choices)."""
    return enum.StrEnum(name, {v: v for v in values})  # type: ignore[misc]


SPACE_WEATHER_VAR = "LAUNCHLOG_SPACE_WEATHER"
# where the README's layout puts the shared data, beside the checkout
_SHARED_SPACE_WEATHER = Path("..") / "shared" / "data" / "spaceweather" / "SW-All.csv"


def space_weather_path(given: Path | None) -> Path:
    """The space-weather table: the option, else $LAUNCHLOG_SPACE_WEATHER, else the shared
    data beside the checkout; never downloaded. Missing everywhere: one clear error."""
    import os

    from flight.errors import InvalidInput

    if given is not None:
        return given
    if os.environ.get(SPACE_WEATHER_VAR):
        return Path(os.environ[SPACE_WEATHER_VAR])
    if _SHARED_SPACE_WEATHER.is_file():
        return _SHARED_SPACE_WEATHER
    raise InvalidInput(
        "the MSIS drag model needs daily solar and geomagnetic indices: pass "
        f"--space-weather FILE or set {SPACE_WEATHER_VAR} (CelesTrak's SW-All.csv), "
        "or use --atmosphere coesa76"
    )
