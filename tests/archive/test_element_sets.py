"""Element sets as the catalogues give them (issue 14): SGP4 mean elements of date, one
object at one epoch to the microsecond, and the default node through the pad.

The reference values are the element sets' own: CelesTrak's TLEs of the Zhuque payloads
(``../shared/data/tle``), read by sgp4 (Vallado et al. 2006, AIAA 2006-6753).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from astropy import units as u
from sgp4.api import Satrec
from sqlalchemy import select
from sqlalchemy.engine import Engine

from archive import import_tle, mission_orbits, session
from archive import model as m
from flight import tle
from flight.orbits import pad_direction
from tests.conftest import SHARED

TLE_FILE = SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"
pytestmark = pytest.mark.skipif(not TLE_FILE.exists(), reason="../shared/data/tle not present")
HONGHU = (
    "HONGHU 2",
    "1 58555U 23193C   25274.91721669  .00004076  00000+0  16695-3 0  9993",
    "2 58555  97.2664 269.1211 0038982 104.5186 256.0381 15.24143294 62751",
)


def _signed(line: str) -> str:
    return line[:68] + str(tle.checksum(line))


def _write(path: Path, *sets: tuple[str, str, str]) -> Path:
    path.write_text("".join(f"{n}\n{_signed(a)}\n{_signed(b)}\n" for n, a, b in sets))
    return path


def test_each_payload_reports_its_element_sets_own_mean_figures(loaded: Engine) -> None:
    with session(loaded, write=True) as s:
        import_tle(s, TLE_FILE)
    with session(loaded) as s:
        rows = s.scalars(select(m.Orbit).where(m.Orbit.origin == m.OrbitOrigin.ELEMENT_SET))
        checked = 0
        for row in rows:
            mo = next(o for o in mission_orbits(s, row.mission.slug) if o.row.key == row.key)
            es = tle.parse(row.element_set)[0]
            sat = Satrec.twoline2rv(es.line1, es.line2)
            got = mo.summary
            assert got.inclination.to_value(u.deg) == pytest.approx(es.inclination_deg, abs=0.01)
            assert got.raan.to_value(u.deg) == pytest.approx(es.raan_deg, abs=0.01)
            perigee, apogee = sat.altp * sat.radiusearthkm, sat.alta * sat.radiusearthkm
            assert got.perigee_altitude.to_value(u.km) == pytest.approx(perigee, abs=1.0)
            assert got.apogee_altitude.to_value(u.km) == pytest.approx(apogee, abs=1.0)
            checked += 1
    assert checked == 9


def test_an_element_set_is_one_object_at_one_epoch_to_the_microsecond(
    loaded: Engine, tmp_path: Path
) -> None:
    """Finding 5: sets 1 to 80 ms apart overwrote each other under 1-second keys."""
    name, l1, l2 = HONGHU
    later = l1[:20] + "274.91721770" + l1[32:]  # 87 ms after the first
    other = l2[:52] + "15.24143295" + l2[63:]  # the first's epoch, other elements
    with session(loaded, write=True) as s:
        first = import_tle(s, _write(tmp_path / "a.tle", HONGHU, (name, later, l2)))
    assert len(first.attached) == 2 and not first.duplicates
    keys = sorted(k for _, k in first.attached)
    assert keys == ["tle-58555-20251001T220047.522016", "tle-58555-20251001T220047.609280"]
    with session(loaded, write=True) as s:
        second = import_tle(s, _write(tmp_path / "b.tle", (name, l1, other), HONGHU))
    assert not second.attached and len(second.unchanged) == 1
    assert len(second.duplicates) == 1 and "kept the one held" in second.duplicates[0]
    with session(loaded) as s:
        held = s.scalar(select(m.Orbit).where(m.Orbit.key == keys[0]))
        assert held.element_set.splitlines()[2] == _signed(l2)  # never overwritten
    with session(loaded, write=True) as s:
        third = import_tle(s, tmp_path / "a.tle")
    assert (len(third.attached), len(third.unchanged), len(third.updated)) == (0, 2, 0)


def _plane_miss_km(built, site) -> float:  # type: ignore[no-untyped-def]
    r, v = built.state()
    h = np.cross(r, v)
    return abs(float(pad_direction(built.epoch, *site) @ h) / np.linalg.norm(h)) * 6378.137


@pytest.mark.parametrize(("slug", "key"), [("zq1-y1", "future-intended"), ("zq2-y3", "catalogued")])
def test_the_orbit_aimed_for_passes_over_the_pad_at_lift_off(
    loaded: Engine, slug: str, key: str
) -> None:
    """Finding 3: the node was put on the pad's meridian, half a turn off for a southbound
    Sun-synchronous launch."""
    with session(loaded) as s:
        mo = next(o for o in mission_orbits(s, slug) if o.row.key == key)
        site = (mo.row.mission.site.latitude_deg, mo.row.mission.site.longitude_deg)
        assert _plane_miss_km(mo.recorded, site) < 50
        assert any("southbound" in a for a in mo.recorded.assumptions)


def test_honghu_2_drifts_from_sun_synchronism_as_its_element_sets_show(loaded: Engine) -> None:
    """zq2-y3 lifted off at 23:39 UTC on 8 Dec 2023 into a plane through the pad: LTAN
    about 18:04, within 30 min of Tianyi-33's first element set (18:13, issue 14). Honghu-2's
    set of 1 Oct 2025 puts its node at 17:23: the node has fallen behind the Sun, as the SSO
    check of that set says it does (its inclination is below the exact one)."""
    with session(loaded, write=True) as s:
        import_tle(s, TLE_FILE)
    with session(loaded) as s:
        orbits = {o.row.key: o for o in mission_orbits(s, "zq2-y3")}
        launch = orbits["catalogued"].summary
        honghu = next(o for k, o in orbits.items() if k.startswith("tle-58555-")).summary
        years = (orbits["tle-58555-20251001T220047.522016"].recorded.epoch -
                 orbits["catalogued"].recorded.epoch).to_value(u.year)  # fmt: skip
    assert abs(launch.ltan_hours - (18 + 13 / 60)) * 60 < 30
    moved_min = ((honghu.ltan_hours - launch.ltan_hours + 12) % 24 - 12) * 60
    predicted = honghu.sso.ltan_drift_min_per_year * years
    assert honghu.sso.offset_deg_day < 0 and not honghu.sun_synchronous
    assert moved_min < 0 and predicted < 0
    # the set's rate holds now; at launch the orbit was higher and further from exact
    assert 0.5 < moved_min / predicted < 2.0


def test_omm_sets_attach_like_their_tles_and_are_the_same_sets(
    loaded: Engine, tmp_path: Path
) -> None:
    """CelesTrak serves each set as a TLE and as OMM: the two are one set, whichever first."""
    from archive import import_elements
    from flight import omm

    path = tmp_path / "zhuque.xml"
    omm.write([omm.from_tle(es) for es in tle.read(TLE_FILE)], path)
    with session(loaded, write=True) as s:
        first = import_elements(s, path)
        again = import_elements(s, path)
        as_tle = import_tle(s, TLE_FILE)
    assert (first.format, first.counts["attached"], again.counts["unchanged"]) == ("xml", 9, 9)
    assert as_tle.counts["unchanged"] == 9 and not as_tle.attached  # the same sets
    with session(loaded) as s:
        row = s.scalar(select(m.Orbit).where(m.Orbit.key.like("omm-58555-%")))
        assert row.key == "omm-58555-20251001T220047.522016" and row.payload.slug == "honghu-2"
        [mo] = [o for o in mission_orbits(s, row.mission.slug) if o.row.key == row.key]
        assert mo.summary.inclination.to_value(u.deg) == pytest.approx(97.2664, abs=0.01)


SIX_DIGITS = """\
payloads:
  - slug: far-future
    name: Far Future
    norad_id: 400123
    cospar_id: 2026-999A
    sources: [gcat]
missions:
  - slug: far-y1
    name: Far Future's flight
    vehicle: zq-2
    site: jiuquan
    launch_time: "2026-07-20 08:00"
    outcome: success
    payloads: [far-future]
    sources: [gcat]
"""


def test_a_six_digit_catalogue_number_survives_import_export_and_reload(
    loaded: Engine, tmp_path: Path
) -> None:
    import json

    from archive import import_elements, load_paths
    from archive.db import make_engine, upgrade
    from archive.export import export_archive
    from archive.orbits import to_orbit
    from flight import omm

    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "far.yaml").write_text(SIX_DIGITS)
    load_paths(loaded, [tmp_path / "records"])
    fields = {**omm.from_tle(tle.read(TLE_FILE)[0]).fields, "NORAD_CAT_ID": 400123}
    fields["OBJECT_NAME"], fields["OBJECT_ID"] = "FAR FUTURE", "2026-999A"
    (tmp_path / "far.json").write_text(json.dumps([fields]))
    with session(loaded, write=True) as s:
        assert import_elements(s, tmp_path / "far.json").attached == [
            ("far-future", "omm-400123-20251001T220047.522016")
        ]
    export_archive(loaded, tmp_path / "out")
    copy = make_engine(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    upgrade(copy)
    load_paths(copy, [tmp_path / "out"])
    with session(copy) as s:
        row = s.scalar(select(m.Orbit).where(m.Orbit.key == "omm-400123-20251001T220047.522016"))
        assert row.payload.norad_id == 400123
        assert json.loads(row.element_set)["NORAD_CAT_ID"] == 400123
        honghu = s.scalar(select(m.Orbit).where(m.Orbit.key.like("tle-58555-%")))
        state = to_orbit(row).orbit.r.to_value(u.km)  # SGP4 from the OMM the archive kept
    assert honghu is None and np.linalg.norm(state) > 6_700  # Honghu-2's elements, in orbit


def test_a_bad_record_anywhere_writes_nothing(loaded: Engine, tmp_path: Path) -> None:
    import json

    from archive import import_elements
    from flight import omm
    from flight.errors import OMMError
    from tests.conftest import dump

    good = [omm.from_tle(es).fields for es in tle.read(TLE_FILE)]
    bad = {**good[0], "EPOCH": "2025-02-30T00:00:00"}
    (tmp_path / "late.json").write_text(json.dumps([*good, bad]))
    before = dump(loaded)
    with (
        pytest.raises(OMMError, match=r"late\.json:record 10: field 'EPOCH'"),
        session(loaded, write=True) as s,
    ):
        import_elements(s, tmp_path / "late.json")
    assert dump(loaded) == before


def test_an_alpha_5_tle_attaches_to_its_six_digit_catalogue_number(
    loaded: Engine, tmp_path: Path
) -> None:
    """Alpha-5 (Space Force, 2020): `A0001` in a TLE's number columns is 100001."""
    from archive import load_paths

    (tmp_path / "records").mkdir()
    record = SIX_DIGITS.replace("400123", "100001").replace("2026-999A", "2026-998A")
    (tmp_path / "records" / "alpha.yaml").write_text(record)
    load_paths(loaded, [tmp_path / "records"])
    _, l1, l2 = HONGHU
    l1 = f"1 A0001U 26998A   {l1[18:]}"
    l2 = f"2 A0001 {l2[8:]}"
    path = _write(tmp_path / "alpha5.tle", ("FAR FUTURE", l1, l2))
    with session(loaded, write=True) as s:
        report = import_tle(s, path)
    assert report.attached == [("far-future", "tle-100001-20251001T220047.522016")]
