"""Launch Library 2 (API v2.2.0) carries the log past GCAT's edition: the sample list of
February-March 2026 (``../shared/data/ll2``), its own numbers checked, re-imports, updates
by ``last_updated``, matching instead of duplicating, and bad lists refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from archive import coverage, import_ll2, launches_by, session
from archive import model as m
from archive.errors import LoadError
from archive.gcat_import import import_gcat

from ..conftest import SHARED, dump, snapshot
from ..gcat_files import cut_gcat

SAMPLE = SHARED / "data" / "ll2" / "previous_launches_2026-02_03.json"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/data/ll2 not present")
GO = "long-march-2d-unknown-payload"  # NET 2026-03-23 11:00, still "Go" when last seen


def sample() -> dict:
    return json.loads(SAMPLE.read_text())


def write(tmp_path: Path, data: dict, name: str = "ll2.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_the_sample_imports_once(loaded: Engine) -> None:
    report = import_ll2(loaded, SAMPLE)
    data = sample()
    suborbital = [x["slug"] for x in data["results"] if x["mission"]["orbit"]["abbrev"] == "Sub"]
    assert report.launches == data["count"] == 37
    assert report.suborbital == suborbital == ["haste-thats-not-a-knife-dart-ae"]
    assert len(report.added) == 36 and not report.matched
    with session(loaded) as s:
        held = {
            x.ll2_id: x for x in s.scalars(select(m.Mission).where(m.Mission.ll2_id.is_not(None)))
        }
        for x in data["results"]:
            if x["slug"] in suborbital:
                continue
            mission = held[x["id"]]
            status = x["status"]["abbrev"]
            want = {"Success": "success", "Failure": "failure"}.get(status, "planned")
            assert mission.outcome.value == want, x["slug"]
            assert mission.launch_time.isoformat() + "Z" == x["net"]
            assert mission.ll2_updated == x["last_updated"]
            assert mission.orbit_class == x["mission"]["orbit"]["abbrev"]
        kairos = next(x for x in held.values() if x.slug == "kairos-flight-3")
        assert kairos.outcome == m.Outcome.FAILURE and kairos.vehicle.ll2_id is not None
        go = next(x for x in held.values() if x.slug == GO)
        assert go.outcome == m.Outcome.PLANNED and "still says 'Go' after its NET" in go.note
        # the curated Jiuquan, whose pads are its records' to list: LL2's pad kept in a note
        assert (go.site.key, go.pad) == ("jiuquan", None) and "Launch Area 94" in go.note
        cited = s.scalar(
            select(func.count())
            .select_from(m.Citation)
            .join(m.Source, m.Source.id == m.Citation.source_id)
            .where(m.Source.key == "ll2", m.Citation.entity == "mission")
        )
        assert cited == 36
        years = {t.bucket: t.launches for t in launches_by(s, "year")}
        assert years["2026"] == 35  # the planned "Go" launch is not a launch
    before = snapshot(loaded)
    again = import_ll2(loaded, SAMPLE)
    assert (again.unchanged, again.added, again.updated) == (36, [], [])
    assert snapshot(loaded) == before


def test_a_newer_update_changes_that_launch_only_and_an_older_one_nothing(
    loaded: Engine, tmp_path: Path
) -> None:
    import_ll2(loaded, SAMPLE)
    before = dump(loaded)
    data = sample()
    go = next(x for x in data["results"] if x["slug"] == GO)
    older = copy.deepcopy(data)
    stale = next(x for x in older["results"] if x["slug"] == GO)
    stale["status"] = {"id": 3, "name": "Launch Successful", "abbrev": "Success"}
    stale["last_updated"] = "2026-03-01T00:00:00Z"  # older than the one held
    assert not import_ll2(loaded, write(tmp_path, older, "older.json")).updated
    assert dump(loaded) == before
    newer = copy.deepcopy(data)
    fresh = next(x for x in newer["results"] if x["slug"] == GO)
    fresh["status"] = {"id": 3, "name": "Launch Successful", "abbrev": "Success"}
    fresh["last_updated"] = "2026-03-24T09:00:00Z"
    report = import_ll2(loaded, write(tmp_path, newer, "newer.json"))
    assert report.updated == [GO] and report.unchanged == 35
    after = dump(loaded)
    with session(loaded) as s:
        mission = s.scalar(select(m.Mission).where(m.Mission.ll2_id == go["id"]))
        assert mission.outcome == m.Outcome.SUCCESS and "still says" not in mission.note
        assert mission.ll2_updated == "2026-03-24T09:00:00Z"
    for table in before:
        if table not in ("mission", "launch_tally"):
            assert after[table] == before[table], table
    assert sum(a != b for a, b in zip(before["mission"], after["mission"], strict=True)) == 1


def test_a_launch_the_archive_holds_is_matched_not_duplicated(
    loaded: Engine, tmp_path: Path
) -> None:
    """Zhuque-3 Y1 as LL2 would list it: the curated zq3-y1, by time, vehicle and site."""
    data = sample()
    x = copy.deepcopy(next(r for r in data["results"] if r["slug"] == GO))
    x["id"] = "00000000-0000-4000-8000-000000000003"
    x["slug"] = "zhuque-3-maiden-flight"
    x["status"] = {"id": 3, "name": "Launch Successful", "abbrev": "Success"}
    x["net"] = "2025-12-03T04:00:00Z"
    x["rocket"]["configuration"].update(id=999, name="Zhuque-3", full_name="Zhuque-3")
    x["launch_service_provider"].update(id=998, name="LandSpace")
    path = write(tmp_path, {"count": 1, "results": [x]})
    with session(loaded) as s:
        zq3 = s.scalar(select(m.Mission).where(m.Mission.slug == "zq3-y1"))
        held_time = zq3.launch_time
    report = import_ll2(loaded, path)
    assert report.matched == ["zhuque-3-maiden-flight = zq3-y1"] and not report.added
    with session(loaded) as s:
        zq3 = s.scalar(select(m.Mission).where(m.Mission.slug == "zq3-y1"))
        assert zq3.ll2_id == x["id"] and zq3.launch_time == held_time  # the record wins
        assert s.scalar(select(func.count()).select_from(m.Mission)) == 8


BAD = {
    "not a list": (lambda d: {"launches": d["results"]}, "results", "not an LL2 launch list"),
    "an id that is no UUID": (
        lambda d: {**d, "results": [{**d["results"][0], "id": "42"}]},
        "id",
        "not an LL2 launch id",
    ),
    "no NET": (
        lambda d: {**d, "results": [{**d["results"][0], "net": None}]},
        "net",
        "missing",
    ),
    "latitude 95": (
        lambda d: {
            **d,
            "results": [{**d["results"][0], "pad": {**d["results"][0]["pad"], "latitude": "95"}}],
        },
        "pad.latitude",
        "outside -90 to 90",
    ),
    "same id, other content": (
        lambda d: {**d, "results": [d["results"][0], {**d["results"][0], "name": "Other"}]},
        "id",
        "given twice with different content",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_list_is_refused_and_nothing_written(
    loaded: Engine, tmp_path: Path, case: str
) -> None:
    change, field, words = BAD[case]
    path = write(tmp_path, change(sample()))
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        import_ll2(loaded, path)
    problem = err.value.problems[0]
    assert problem.file == str(path) and problem.field == field and words in problem.message
    assert "nothing was written" in str(err.value)
    assert dump(loaded) == before


def test_ll2s_names_find_gcats_rows_and_the_gap_shows(engine: Engine, tmp_path: Path) -> None:
    """On GCAT's 2024 launches: LL2's English names and pads find GCAT's rows, and the
    months between GCAT's edition and the LL2 list show as a gap, not as a quiet year."""
    import_gcat(engine, cut_gcat(tmp_path / "gcat", lambda tag, date: date[:4] == "2024"))
    import_ll2(engine, SAMPLE)
    with session(engine) as s:
        by_slug = {
            x.slug: x for x in s.scalars(select(m.Mission).where(m.Mission.ll2_id.is_not(None)))
        }
        assert by_slug[GO].vehicle.gcat_name == "Chang Zheng 2D"  # LL2: "Long March 2D"
        assert by_slug["kairos-flight-3"].vehicle.gcat_name == "Kairos"
        assert by_slug["smart-dragon-3-10-x-centispace-1-2"].vehicle.gcat_name == "Jielong-3"
        f9 = by_slug["falcon-9-block-5-echostar-25"]  # Cape Canaveral SLC-40: GCAT's CC, SLC40
        assert (f9.vehicle.gcat_name, f9.site.gcat_code, f9.pad.name) == ("Falcon 9", "CC", "LC40")
        assert f9.provider.gcat_code == "SPX" and f9.country == "US"
        cover = coverage(s)
    spans = {
        c.source: (c.launches, c.first.date().isoformat(), c.last.date().isoformat())
        for c in cover.spans
    }
    assert spans["Launch Library 2"] == (35, "2026-02-21", "2026-03-30")
    assert spans["GCAT launch log"][1:] == ("2024-01-01", "2024-12-31")  # GCAT's own dates
    assert [(a.isoformat(), b.isoformat()) for a, b in cover.gaps] == [("2025-01-01", "2026-02-20")]
    assert cover.partial_years == ["2025", "2026"]


def test_the_command_shows_ll2_text_escaped(tmp_path: Path) -> None:
    """A slug from the file reaches the terminal with its control characters made visible."""
    from typer.testing import CliRunner

    from launchlog.cli import app

    data = sample()
    hostile = next(x for x in data["results"] if x["mission"]["orbit"]["abbrev"] == "Sub")
    hostile["slug"] = "haste-\x1b]0;owned\x07"
    db = str(tmp_path / "a.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "import", "ll2", str(write(tmp_path, data))])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "haste-\\x1b]0;owned\\x07" in result.output
