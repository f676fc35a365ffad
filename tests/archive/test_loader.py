"""The record loader: validated, idempotent, all-or-nothing, with errors that say where."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from archive import LoadError, load_paths, session, validate_files
from archive import model as m
from archive.loader import _Writer

from ..conftest import MISSIONS, dump

GOOD_MISSION = """\
missions:
  - slug: test-flight
    name: Test flight
    vehicle: zq-2
    site: jiuquan
    pad: lc43-96
    launch_time: "2024-01-02 03:04"
    outcome: success
    sources: [gcat]
    payloads: [test-sat]
    orbits:
      - kind: achieved
        payload: test-sat
        perigee: 400 km
        apogee: 420 km
        inclination: 97.4 deg
payloads:
  - slug: test-sat
    name: Test satellite
    mass: 12 kg
    sources: [gcat]
"""


def write(tmp_path: Path, text: str, name: str = "extra.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_loads_the_whole_story(loaded: Engine) -> None:
    with session(loaded) as s:
        slugs = set(s.scalars(select(m.Mission.slug)))
        assert {"zq1-y1", "zq2-y1", "zq2-y2", "zq2-y3", "zq2e-y1", "zq2e-y2", "zq2e-y3"} <= slugs
        assert {v.key for v in s.scalars(select(m.Vehicle))} >= {
            "zq-1",
            "zq-2",
            "zq-2a",
            "zq-2b",
            "zq-2c",
        }
        caps = {
            (c.vehicle.key, c.orbit_class, c.altitude_km): c.mass_kg
            for c in s.scalars(select(m.Capacity))
        }
        assert caps[("zq-2", "LEO", 200.0)] == 4000
        assert caps[("zq-2", "SSO", 500.0)] == 2000
        assert caps[("zq-2a", "LEO", 200.0)] == 6000
        assert caps[("zq-2b", "LEO", 200.0)] == 17000
        assert caps[("zq-2c", "LEO", 200.0)] == 32000


def test_every_estimate_says_how(loaded: Engine) -> None:
    with session(loaded) as s:
        estimates = s.scalars(select(m.Citation).where(m.Citation.is_estimate)).all()
        assert len(estimates) > 20
        assert all(c.note and len(c.note) > 10 for c in estimates)
        stage_ids = [st.id for st in s.scalars(select(m.Stage))]
        # every stage mass of every vehicle with stages is either sourced or an estimate
        for sid in stage_ids:
            fields = {
                c.field
                for c in s.scalars(
                    select(m.Citation).where(
                        m.Citation.entity == "stage", m.Citation.entity_id == sid
                    )
                )
            }
            assert {"dry_mass", "propellant_mass", "burn_time"} <= fields


def test_every_record_cites_a_source(loaded: Engine) -> None:
    with session(loaded) as s:
        for model, table in (
            (m.Mission, "mission"),
            (m.Vehicle, "vehicle"),
            (m.Payload, "payload"),
        ):
            for row in s.scalars(select(model)):
                cites = s.scalars(
                    select(m.Citation).where(
                        m.Citation.entity == table,
                        m.Citation.entity_id == row.id,
                        m.Citation.field.is_(None),
                    )
                ).all()
                assert cites, f"{table} {row.id} has no source"


def test_loading_twice_changes_nothing(loaded: Engine) -> None:
    before = dump(loaded)
    report = load_paths(loaded, [MISSIONS])
    assert not report.changed
    assert dump(loaded) == before


def test_editing_a_record_updates_in_place(loaded: Engine, tmp_path: Path) -> None:
    copy = tmp_path / "missions"
    shutil.copytree(MISSIONS, copy)
    f = copy / "zhuque-1.yaml"
    f.write_text(f.read_text().replace("burn_time: {value: 92 s", "burn_time: {value: 93 s"))
    with session(loaded) as s:
        stage_id = s.scalar(
            select(m.Stage.id).where(m.Stage.number == 1, m.Stage.burn_time_s == 92)
        )
    report = load_paths(loaded, [copy])
    assert report.updated == {"stage": 1}
    assert not report.inserted and not report.deleted
    with session(loaded) as s:
        assert s.get(m.Stage, stage_id).burn_time_s == 93  # same row, new value


def test_a_new_file_extends_the_archive(loaded: Engine, tmp_path: Path) -> None:
    load_paths(loaded, [write(tmp_path, GOOD_MISSION)])
    with session(loaded) as s:
        mi = s.scalar(select(m.Mission).where(m.Mission.slug == "test-flight"))
        assert mi.vehicle.key == "zq-2" and mi.payloads[0].mass_kg == 12
        assert mi.launch_time_precision is m.TimePrecision.MINUTE


BAD_CASES = {
    "malformed YAML": (
        GOOD_MISSION.replace("sources: [gcat]\n    payloads", "sources: [gcat\n    payloads"),
        None,
        "not valid YAML",
    ),
    "unknown vehicle": (
        GOOD_MISSION.replace("vehicle: zq-2", "vehicle: zq-9"),
        "vehicle",
        "unknown vehicle 'zq-9'",
    ),
    "unknown site": (
        GOOD_MISSION.replace("site: jiuquan", "site: nowhere"),
        "site",
        "unknown site 'nowhere'",
    ),
    "unknown pad": (GOOD_MISSION.replace("pad: lc43-96", "pad: lc99"), "pad", "has no pad 'lc99'"),
    "negative mass": (
        GOOD_MISSION.replace("mass: 12 kg", "mass: -12 kg"),
        "mass",
        "greater than 0",
    ),
    "mass without a unit": (GOOD_MISSION.replace("mass: 12 kg", "mass: 12"), "mass", "has no unit"),
    "mass in metres": (
        GOOD_MISSION.replace("mass: 12 kg", "mass: 12 m"),
        "mass",
        "expected a mass",
    ),
    "perigee above apogee": (
        GOOD_MISSION.replace("perigee: 400 km", "perigee: 500 km"),
        "orbits[0].perigee",
        "above apogee",
    ),
    "eccentricity of one": (
        GOOD_MISSION.replace(
            "perigee: 400 km\n        apogee: 420 km",
            "semi_major_axis: 7000 km\n        eccentricity: 1.0",
        ),
        "orbits[0].eccentricity",
        "closed orbit",
    ),
    "inclination beyond 180": (
        GOOD_MISSION.replace("inclination: 97.4 deg", "inclination: 200 deg"),
        "orbits[0].inclination",
        "at most 180",
    ),
    "unparseable date": (
        GOOD_MISSION.replace('"2024-01-02 03:04"', '"2024-13-45 03:04"'),
        "launch_time",
        "not a real date",
    ),
    "free-text date": (
        GOOD_MISSION.replace('"2024-01-02 03:04"', "last tuesday"),
        "launch_time",
        "cannot read",
    ),
    "typo in a field name": (
        GOOD_MISSION.replace("outcome: success", "outcom: success"),
        "outcom",
        "unknown field",
    ),
    "bad outcome": (
        GOOD_MISSION.replace("outcome: success", "outcome: kaboom"),
        "outcome",
        "Input should be",
    ),
    "key given twice": (
        GOOD_MISSION.replace("outcome: success", "outcome: success\n    outcome: failure"),
        "outcome",
        "key given twice",
    ),
    "unknown source": (
        GOOD_MISSION.replace("sources: [gcat]\n    payloads", "sources: [nobody]\n    payloads"),
        "sources[0]",
        "unknown source 'nobody'",
    ),
    "attitude loss without its tumble rate": (
        GOOD_MISSION.replace(
            "outcome: success",
            "outcome: failure\n    failures:\n      - {stage: 2, kind: attitude_loss, at: 100 s}",
        ),
        "failures[0].tumble_rate",
        "needs the tumble rate",
    ),
    "thrust shortfall of more than all": (
        GOOD_MISSION.replace(
            "outcome: success",
            "outcome: failure\n    failures:\n"
            "      - {stage: 1, kind: thrust_shortfall, at: 10 s, thrust_factor: 1.5}",
        ),
        "failures[0].thrust_factor",
        "at most 0.999",
    ),
    "failure on a stage the vehicle lacks": (
        GOOD_MISSION.replace(
            "outcome: success",
            "outcome: failure\n    failures:\n      - {stage: 3, kind: shutdown, at: 100 s}",
        ),
        "failures[0].stage",
        "the vehicle has no stage 3 (stages: 1, 2)",
    ),
    "failure after the flight's end": (
        GOOD_MISSION.replace(
            "outcome: success",
            "outcome: failure\n    failures:\n      - {stage: 2, kind: shutdown, at: 9000 s}",
        ),
        "failures[0].at",
        "after the flight's end",
    ),
    "negative tumble rate": (
        GOOD_MISSION.replace(
            "outcome: success",
            "outcome: failure\n    failures:\n"
            "      - {stage: 2, kind: attitude_loss, at: 100 s, tumble_rate: -5 deg/s}",
        ),
        "failures[0].tumble_rate",
        "greater than 0",
    ),
    "failures on a success": (
        GOOD_MISSION.replace(
            "outcome: success",
            "outcome: success\n    failures:\n      - {stage: 1, kind: shutdown, at: 10 s}",
        ),
        None,
        "has no failures to fly",
    ),
    "orbit of a payload not flown": (
        GOOD_MISSION.replace(
            "payload: test-sat\n        perigee", "payload: future\n        perigee"
        ),
        "orbits[0].payload",
        "not among this mission's payloads",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_refused_naming_file_record_field(
    loaded: Engine, tmp_path: Path, case: str
) -> None:
    text, field, message = BAD_CASES[case]
    good = write(
        tmp_path,
        GOOD_MISSION.replace("test-flight", "other-flight").replace("test-sat", "other-sat"),
        "a.yaml",
    )
    bad = write(tmp_path, text, "b.yaml")
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        load_paths(loaded, [good, bad])
    problems = err.value.problems
    assert any(p.file == str(bad) for p in problems), problems
    p = next(p for p in problems if message in p.message or message in str(p))
    assert p.file == str(bad)
    assert p.line is not None and p.line >= 1
    if field is not None:
        assert p.field == field, problems
        assert p.record in ("mission 'test-flight'", "payload 'test-sat'"), p
    assert str(bad) in str(err.value)
    assert dump(loaded) == before  # nothing written, not even the good file


def test_duplicate_slug_names_both_files(engine: Engine, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(MISSIONS, copy)
    dup = write(copy, GOOD_MISSION.replace("test-flight", "zq1-y1"), "dup.yaml")
    with pytest.raises(LoadError) as err:
        validate_files([copy])
    (p,) = err.value.problems
    assert p.record == "mission 'zq1-y1'" and p.field == "slug"
    named = {Path(p.file).name, p.message.split("defined at ")[1].split(":")[0].rsplit("/", 1)[-1]}
    assert named == {"dup.yaml", "zhuque-1.yaml"}, p
    assert str(dup) in str(p)


def test_not_utf8_is_refused_with_its_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD_MISSION.replace("Test satellite", "Satellite d\xe9mo").encode("latin-1"))
    with pytest.raises(LoadError) as err:
        load_paths(engine, [path])
    (p,) = err.value.problems
    assert (
        "not UTF-8" in p.message
        and p.line == GOOD_MISSION.count("\n", 0, GOOD_MISSION.index("Test satellite")) + 1
    )


def test_missing_path_and_empty_file(engine: Engine, tmp_path: Path) -> None:
    empty = write(tmp_path, "", "empty.yaml")
    with pytest.raises(LoadError) as err:
        load_paths(engine, [tmp_path / "nope.yaml", empty])
    messages = sorted(p.message for p in err.value.problems)
    assert messages == ["file is empty", "no such file or directory"]


def test_a_failure_while_writing_rolls_everything_back(
    loaded: Engine, tmp_path: Path, monkeypatch
) -> None:
    """All-or-nothing holds past validation: an error mid-write leaves the database as it was."""
    before = dump(loaded)

    def explode(self, record):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(_Writer, "mission", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        load_paths(loaded, [write(tmp_path, GOOD_MISSION)])  # payload is written before missions
    assert dump(loaded) == before


def test_all_problems_are_reported_at_once(engine: Engine, tmp_path: Path) -> None:
    text = GOOD_MISSION.replace("mass: 12 kg", "mass: -1 kg").replace(
        "outcome: success", "outcome: nope"
    )
    with pytest.raises(LoadError) as err:
        load_paths(engine, [write(tmp_path, text)])
    assert {p.field for p in err.value.problems} == {"mass", "outcome"}
