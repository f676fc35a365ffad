"""Zhuque-3 and stages that come back (issue 16): landing zones and landings as records,
Y1's return flown against its reported timeline, and bad landing records refused.

References (``../shared/facts/landspace.md``): SpaceNews (Andrew Jones, 3 Dec 2025) and
Xinhua for the vehicle, the Minqin pad about 390 km downrange and the failed landing (an
engine lost about 3 s into the landing burn, a crash about 40 m from the pad's centre); the
crowd-written launch page for the timeline (re-entry burn T+6:11, landing burn T+8:00,
second-stage cut-off T+8:29).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from archive import model as m
from archive import session
from archive.ascent import fly_mission, vehicle_capacity
from archive.errors import LoadError
from archive.loader import load_paths

from ..conftest import dump

REPORTED = {"entry burn": 371.0, "landing burn": 480.0}
CUTOFF_S = 509.0


def test_y1_reaches_orbit_and_its_booster_comes_down_at_the_edge_of_the_minqin_pad(
    loaded: Engine,
) -> None:
    with session(loaded) as s:
        run = fly_mission(s, "zq3-y1")
        assert run.trajectory.outcome == "orbit"
        cutoff = next(e for e in run.trajectory.events if e.name == "cut-off")
        assert cutoff.t_s == pytest.approx(CUTOFF_S, abs=30)
        [(landing, flown)] = run.returns
        assert landing.zone.key == "minqin" and landing.outcome == m.LandingOutcome.CRASHED
    starts = {e.name: e.t_s for e in flown.events}
    for burn, t in REPORTED.items():
        assert starts[burn] == pytest.approx(t, abs=30), burn
    td = flown.touchdown
    assert td.outcome == "crashed" and td.speed_m_s > 20.0
    assert 20.0 < td.miss_m < 500.0  # near the pad, not at it
    assert any(e.name == "engine out" and not e.nominal for e in flown.events)


def test_y1_flown_without_its_engine_failure_lands_in_the_zone(loaded: Engine) -> None:
    with session(loaded) as s:
        run = fly_mission(s, "zq3-y1", nominal=True)
    [(_landing, flown)] = run.returns
    td = flown.touchdown
    assert td.outcome == "landed" and td.miss_m < 5000.0 and td.speed_m_s < 6.0
    starts = {e.name: e.t_s for e in flown.events}
    for burn, t in REPORTED.items():
        assert starts[burn] == pytest.approx(t, abs=30), burn
    # what the burns used is what the stage held back, less what was left
    used = sum(b.propellant_kg for b in flown.burns)
    assert used + td.propellant_left_kg == pytest.approx(80_000.0, rel=1e-6)


def test_capacity_with_the_landing_propellant_held_back(loaded: Engine) -> None:
    """Calibrated to LandSpace's 21.3 t expendable (200 km taken); recovery costs payload."""
    with session(loaded) as s:
        spent = vehicle_capacity(s, "zq-3", "leo:200")
        kept = vehicle_capacity(s, "ZQ-3", "leo:200", recovery="downrange")
    assert spent.payload_kg == pytest.approx(21_300.0, rel=0.05)
    assert 0 < kept.payload_kg < spent.payload_kg - 5_000.0
    assert any("holds back 80,000 kg" in n for n in kept.notes)


def test_a_landing_survives_a_gcat_style_reload_and_the_records_own_it(loaded: Engine) -> None:
    before = dump(loaded)
    load_paths(loaded, [Path(__file__).parents[2] / "missions"])  # idempotent
    assert dump(loaded) == before
    with session(loaded) as s:
        landing = s.scalars(select(m.Landing)).one()
        assert landing.attempt and landing.success is False  # Launch Library 2's fields
        assert landing.miss_distance_m == 40.0 and landing.engine_out_after_s == 3.0


VEHICLE = """\
vehicles:
  - key: hopper
    name: Hopper
    family: zhuque-3
    sources: [gcat]
    stages:
      - number: 1
        engines: [{engine: tq-12a-zq3, count: 9}]
        entry_burn_engines: 3
"""
ZONE = """\
landing_zones:
  - key: {key}
    name: A pad
    kind: pad
{coords}    sources: [gcat]
"""
MISSION = """\
missions:
  - slug: hop-1
    name: Hop 1
    vehicle: hopper
    site: jiuquan
    launch_time: "2026-01-01"
    outcome: success
    sources: [gcat]
    landings:
      - {landing}
"""


@pytest.mark.parametrize(
    ("zone_coords", "landing", "field", "words"),
    [
        ("", "{stage: 1, zone: pad-x, outcome: landed}", "latitude", "required"),
        (
            "    latitude: 38 deg\n    longitude: 103 deg\n",
            "{stage: 2, zone: pad-x, outcome: landed}",
            "landings[0].stage",
            "no stage 2",
        ),
        (
            "    latitude: 38 deg\n    longitude: 103 deg\n",
            "{stage: 1, zone: pad-x, outcome: crashed, engine_out_burn: landing, "
            "engine_out_after: 3 s, engines_out: 1}",
            "landings[0].engine_out_burn",
            "makes no landing burn",
        ),
        (
            "    latitude: 38 deg\n    longitude: 103 deg\n",
            "{stage: 1, zone: pad-x, outcome: crashed, engine_out_burn: entry, "
            "engine_out_after: 3 s, engines_out: 4}",
            "landings[0].engines_out",
            "lights 3",
        ),
        (
            "    latitude: 38 deg\n    longitude: 103 deg\n",
            "{stage: 1, zone: pad-x, outcome: crashed, engine_out_burn: entry, engines_out: 1}",
            "landings[0].engine_out_after",
            "the time into that burn",
        ),
        (
            "    latitude: 38 deg\n    longitude: 103 deg\n",
            "{stage: 1, zone: nowhere, outcome: landed}",
            "landings[0].zone",
            "unknown landing zone 'nowhere'",
        ),
    ],
    ids=[
        "zone without coordinates",
        "stage the vehicle lacks",
        "engine-out on a burn that does not exist",
        "more engines lost than the burn lights",
        "engine-out without its time",
        "unknown zone",
    ],
)
def test_bad_landings_are_refused_with_file_record_and_field_and_nothing_written(
    loaded: Engine, tmp_path: Path, zone_coords: str, landing: str, field: str, words: str
) -> None:
    path = tmp_path / "hop.yaml"
    path.write_text(
        VEHICLE + ZONE.format(key="pad-x", coords=zone_coords) + MISSION.format(landing=landing),
        encoding="utf-8",
    )
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        load_paths(loaded, [path])
    problem = err.value.problems[0]
    assert problem.file == str(path) and words in problem.message, str(problem)
    assert problem.field is not None and problem.field.startswith(field), str(problem)
    assert dump(loaded) == before
