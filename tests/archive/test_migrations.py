"""Alembic owns the schema: one head, models match migrations, and nothing is lost on the way."""

from __future__ import annotations

import pytest
from pytest_alembic.tests import (  # noqa: F401 - collected as this module's tests
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, inspect, text

from archive import db
from archive.ascent import RETURN_FIGURES
from archive.loader import load_paths

from ..conftest import MISSIONS, dump, snapshot


@pytest.fixture
def alembic_config():
    return db.alembic_config("sqlite://")


@pytest.fixture
def alembic_engine(db_url: str) -> Engine:
    return db.make_engine(db_url)


CATALOGUE = (
    "source",
    "organisation",
    "site",
    "pad",
    "engine",
    "vehicle_family",
    "vehicle",
    "stage",
    "stage_engine",
    "capacity",
)


def _columns(engine: Engine) -> dict[str, list[str]]:
    """The catalogue tables' columns (later revisions add to the stage and the capacity)."""
    return {t: [c["name"] for c in inspect(engine).get_columns(t)] for t in CATALOGUE}


def _columns_at_0001() -> dict[str, list[str]]:
    e = db.make_engine("sqlite://")
    db.upgrade(e, "0001")
    return _columns(e)


NOT_RECOVERED = "recovery IS NULL OR recovery = 'none'"


def _rows(engine: Engine, table: str, columns: list[str], where: str = "1 = 1") -> list[tuple]:
    names = [c for c in columns if c != "id"]
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {', '.join(names)} FROM {table} WHERE {where}")).all()
    return sorted((tuple(r) for r in rows), key=repr)


def test_upgrade_downgrade_upgrade_on_a_populated_database_loses_nothing(engine: Engine) -> None:
    load_paths(engine, [MISSIONS])
    whole = snapshot(engine)
    at_0001 = _columns_at_0001()
    full_rows = {t: _rows(engine, t, at_0001[t]) for t in CATALOGUE}
    # what 0009's downgrade declares it discards: capacities with a stage recovered
    full_rows["capacity"] = _rows(engine, "capacity", at_0001["capacity"], NOT_RECOVERED)
    db.downgrade(engine, "0001", discard=True)
    assert db.current_revision(engine) == "0001"
    assert "mission" not in inspect(engine).get_table_names()
    assert _columns(engine) == at_0001  # the downgrade took the schema back as it was
    for table in CATALOGUE:  # what the old schema has columns for is all kept
        assert _rows(engine, table, at_0001[table]) == full_rows[table], table
    db.upgrade(engine)
    for table in CATALOGUE:
        assert _rows(engine, table, at_0001[table]) == full_rows[table], table
    load_paths(engine, [MISSIONS])  # the records that only later revisions can hold come back
    assert snapshot(engine) == whole  # rows re-made by the records get new ids: compare links


def test_commands_refuse_an_out_of_date_database(db_url: str) -> None:
    e = db.make_engine(db_url)
    db.upgrade(e, "0001")
    with pytest.raises(db.SchemaOutOfDate, match="launchlog db upgrade"):
        load_paths(e, [MISSIONS])
    e.dispose()


def test_url_resolution(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.resolve_url().endswith("launchlog/launchlog.sqlite")
    monkeypatch.setenv(db.ENV_VAR, "postgresql://u:p@h/d")
    assert db.resolve_url() == "postgresql+psycopg://u:p@h/d"
    assert db.resolve_url(str(tmp_path / "x.sqlite")) == f"sqlite:///{tmp_path / 'x.sqlite'}"


def test_0004_archive_with_missions_upgrades_keeping_every_row(engine: Engine) -> None:
    """0005 rebuilds site, pad, vehicle and mission (batch mode on SQLite) under live links."""
    load_paths(engine, [MISSIONS])
    full = dump(engine, skip_ids=True)
    whole = snapshot(engine)
    db.downgrade(engine, "0004", discard=True)
    at_0004 = dump(engine, skip_ids=True)
    assert len(at_0004["mission"]) == 8 and len(at_0004["mission_payload"]) == 15
    db.upgrade(engine)
    after = dump(engine, skip_ids=True)
    # (the stages' return figures and the landings' citations, 0009's, come back with the
    # records below)
    for table in ("site", "pad", "vehicle", "payload", "orbit"):
        assert after[table] == full[table], table
    assert len(after["mission"]) == 8 and after["mission_payload"] == full["mission_payload"]
    # rebuilt by the migration itself; countries are unknown until the records say them again
    assert [r for r in after["launch_tally"] if r[0] != "country"] == [
        r for r in full["launch_tally"] if r[0] != "country"
    ]
    load_paths(engine, [MISSIONS])  # country and provider, which 0004 cannot hold, come back
    # rows discarded on the way down (zq2e-y3's termination, 0008's; the landings and the
    # capacities with a stage recovered, 0009's) come back as new rows: compare the links
    assert snapshot(engine) == whole


# Finding 6 of issue 13: `db downgrade -1` then `db upgrade` emptied mission.country,
# provider_id and gcat_launch_code on every mission, and `db downgrade base` emptied every table,
# without a word.


@pytest.mark.parametrize(
    ("target", "words"),
    [("-7", "8 mission.country values, 8 mission.provider_id values"), ("base", "8 mission rows")],
)
def test_a_downgrade_that_would_lose_data_is_refused_and_changes_nothing(
    engine: Engine, target: str, words: str
) -> None:
    load_paths(engine, [MISSIONS])
    before = dump(engine)
    with pytest.raises(db.SchemaRefused, match=words) as err:
        db.downgrade(engine, target)
    assert "--discard" in str(err.value) and "launchlog export" in str(err.value)
    assert db.current_revision(engine) == db.head_revision() and dump(engine) == before


RETURN = RETURN_FIGURES  # the stage's columns 0009 adds


def test_landings_are_not_lost_by_a_downgrade(engine: Engine) -> None:
    load_paths(engine, [MISSIONS])
    with pytest.raises(db.SchemaRefused, match="1 landing zones, 1 landings"):
        db.downgrade(engine, "0008")
    assert db.current_revision(engine) == db.head_revision()


def test_a_downgrade_with_nothing_to_lose_goes_ahead(engine: Engine) -> None:
    load_paths(engine, [MISSIONS])
    with engine.begin() as conn:  # what 0007 cannot hold: zq2e-y3's flight termination
        conn.exec_driver_sql("DELETE FROM failure_mode WHERE kind = 'termination'")
        conn.exec_driver_sql("DELETE FROM landing")  # and what 0008 cannot hold
        conn.exec_driver_sql(f"DELETE FROM capacity WHERE NOT ({NOT_RECOVERED})")
        conn.exec_driver_sql("UPDATE capacity SET recovery = NULL")
        conn.exec_driver_sql(
            "DELETE FROM citation WHERE entity IN ('landing', 'landing_zone') OR "
            "(entity = 'capacity' AND entity_id NOT IN (SELECT id FROM capacity))"
        )
        conn.exec_driver_sql("DELETE FROM landing_zone")
        conn.exec_driver_sql(
            "DELETE FROM citation WHERE entity = 'stage' AND field IN ('landing_propellant', "
            "'entry_burn_altitude', 'min_throttle', 'descent_drag_area')"
        )
        conn.exec_driver_sql("UPDATE stage SET " + ", ".join(f"{c} = NULL" for c in RETURN))
    full = dump(engine, skip_ids=True)
    db.downgrade(engine, "-4")
    assert db.current_revision(engine) == "0007"
    db.upgrade(engine)
    assert dump(engine, skip_ids=True) == full


def test_a_flight_termination_is_not_lost_by_a_downgrade(engine: Engine) -> None:
    load_paths(engine, [MISSIONS])
    with pytest.raises(db.SchemaRefused, match="1 flight terminations"):
        db.downgrade(engine, "0007")
    assert db.current_revision(engine) == db.head_revision()


def test_rows_the_older_schema_cannot_hold_block_even_a_discarding_downgrade(
    engine: Engine,
) -> None:
    load_paths(engine, [MISSIONS])
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE site SET altitude_m = NULL")
    with pytest.raises(db.SchemaRefused, match="1 site rows without an altitude"):
        db.downgrade(engine, "0004", discard=True)
    assert db.current_revision(engine) == db.head_revision()


def test_a_newer_schema_is_named_as_such(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    for act in (db.require_current, db.upgrade, lambda e: db.downgrade(e, "-1")):
        with pytest.raises(db.SchemaOutOfDate, match="0099, which this launchlog does not know"):
            act(engine)


def test_the_revisions_read_from_the_files_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    walked = [r.revision for r in script.walk_revisions()]
    assert db.revisions() == tuple(reversed(walked)) and db.head_revision() == walked[0]


def test_the_command_line_takes_minus_one(tmp_path) -> None:
    from typer.testing import CliRunner

    from launchlog.cli import app

    runner, url = CliRunner(), str(tmp_path / "m.sqlite")
    assert runner.invoke(app, ["--db", url, "db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["--db", url, "db", "downgrade", "-1"])
    assert result.exit_code == 0, result.output
    assert "schema now at 0010" in result.output
