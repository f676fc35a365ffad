"""GCAT's real launch history in the archive: import, merge with curated records, statistics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from archive import model as m
from archive import session
from archive.db import make_engine, upgrade
from archive.gcat import outcome_of, parse_date
from archive.gcat_import import import_gcat
from archive.loader import load_paths
from archive.stats import first_flights, launches_by, provider_record, site_record
from archive.tally import refresh_tally

from ..conftest import BACKENDS, MISSIONS, database, snapshot
from ..gcat_files import GCAT, cut_gcat

needs_gcat = pytest.mark.skipif(not GCAT.exists(), reason="../shared/data/gcat not present")
pytestmark = needs_gcat


def gcat_years() -> Counter[str]:
    """Earth launches per year counted straight from the file, independently of the importer."""
    years: dict[str, str] = {}
    for line in (GCAT / "launchlog.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        if not f[18].strip().startswith("X"):
            years[f[0].strip()] = f[1].strip()[:4]
    return Counter(years.values())


@pytest.fixture(scope="module", params=BACKENDS)
def history(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The curated records, then all of GCAT: built once per backend for this module."""
    with database(request.param, tmp_path_factory.mktemp("gcat")) as url:
        engine = make_engine(url)
        upgrade(engine)
        load_paths(engine, [MISSIONS])
        import_gcat(engine, GCAT)
        yield engine
        engine.dispose()


def test_every_earth_launch_is_there_once(history: Engine) -> None:
    with session(history) as s:
        tags = list(s.scalars(select(m.Mission.gcat_tag).where(m.Mission.gcat_tag.is_not(None))))
        assert len(tags) == len(set(tags)) == 6909  # 6,920 launches less 11 from other bodies
        assert s.scalar(select(func.count()).select_from(m.Mission)) == 6909 + 3  # 3 curated after
        assert s.scalar(select(func.count()).select_from(m.MissionPayload)) >= 24_570 - 11


def test_curated_missions_are_merged_not_duplicated(history: Engine) -> None:
    with session(history) as s:
        zq1 = s.scalar(select(m.Mission).where(m.Mission.gcat_tag == "2018-F02"))
        assert zq1.slug == "zq1-y1" and zq1.name == "Zhuque-1 Y1 (maiden flight)"
        assert [p.slug for p in zq1.payloads] == ["future"]  # GCAT's Weilai is the curated Future
        assert s.scalar(select(m.Mission).where(m.Mission.slug == "2018-f02")) is None
        # GCAT's Zhuque-2 launches use the curated vehicle, site and organisation
        assert (
            s.scalar(
                select(func.count()).select_from(m.Vehicle).where(m.Vehicle.gcat_name == "Zhuque-2")
            )
            == 1
        )
        jq = s.scalars(select(m.Site).where(m.Site.gcat_code == "JQ")).all()
        assert [x.key for x in jq] == ["jiuquan"]
        # the merge leaves a curated landing, its zone and the stage's return figures alone
        [landing] = s.scalars(select(m.Landing)).all()
        assert (landing.mission.slug, landing.zone.key, landing.engines_out) == (
            "zq3-y1",
            "minqin",
            1,
        )
        stage = s.scalar(select(m.Stage).where(m.Stage.landing_propellant_kg.is_not(None)))
        assert stage.vehicle.key == "zq-3" and stage.entry_burn_engines == 3


def test_gcat_records_keep_their_facts_and_cite_gcat(history: Engine) -> None:
    with session(history) as s:
        sputnik = s.scalar(select(m.Mission).where(m.Mission.gcat_tag == "1957 ALP"))
        assert sputnik.launch_time.isoformat() == "1957-10-04T19:28:34"
        assert sputnik.launch_time_precision == m.TimePrecision.SECOND
        assert (sputnik.outcome, sputnik.gcat_launch_code, sputnik.country) == (
            m.Outcome.SUCCESS,
            "OS",
            "SU",
        )
        assert sputnik.site.gcat_code == "NIIP-5" and sputnik.vehicle.gcat_name == "Sputnik 8K71PS"
        assert [p.gcat_jcat for p in sputnik.payloads] == ["S00002"]
        assert sputnik.payloads[0].norad_id == 2
        vanguard = s.scalar(select(m.Mission).where(m.Mission.gcat_tag == "1957-F01"))
        assert vanguard.outcome == m.Outcome.FAILURE
        partial = s.scalars(select(m.Mission).where(m.Mission.gcat_launch_code == "OF40")).all()
        assert partial and {x.outcome for x in partial} == {m.Outcome.PARTIAL}
        gcat_id = s.scalar(select(m.Source.id).where(m.Source.key == "gcat"))
        cited = set(
            s.scalars(
                select(m.Citation.entity_id).where(
                    m.Citation.entity == "mission", m.Citation.source_id == gcat_id
                )
            )
        )
        assert set(s.scalars(select(m.Mission.id).where(m.Mission.gcat_tag.is_not(None)))) <= cited


def test_yearly_totals_are_gcats(history: Engine) -> None:
    with session(history) as s:
        years = {t.bucket: t for t in launches_by(s, "year")}
    expected = gcat_years()
    for year, n in expected.items():
        extra = 3 if year == "2025" else 0  # curated after GCAT's end: ZQ-2E Y2 and Y3, ZQ-3 Y1
        assert years[year].launches == n + extra, year
    # 1957: Sputnik 1 (Oct 4) and Sputnik 2 (Nov 3) reached orbit; Vanguard TV-3 (Dec 6) did not
    assert (years["1957"].launches, years["1957"].successes, years["1957"].failures) == (3, 2, 1)


def test_tally_agrees_with_a_direct_count(history: Engine) -> None:
    with session(history) as s:
        direct = Counter(
            (str(t.year), o.value)
            for t, o in s.execute(select(m.Mission.launch_time, m.Mission.outcome))
            if o != m.Outcome.PLANNED
        )
        by_year = launches_by(s, "year")
        by_country = {t.bucket: t.launches for t in launches_by(s, "country")}
        by_family = {t.bucket: t.launches for t in launches_by(s, "family")}
    assert {(t.bucket, "success"): t.successes for t in by_year if t.successes} == {
        k: v for k, v in direct.items() if k[1] == "success"
    }
    assert sum(by_country.values()) == sum(by_family.values()) == sum(direct.values())
    assert by_country["CN"] >= 663 and by_family["zhuque-2"] == 6


def test_first_flights_site_and_provider_records(history: Engine) -> None:
    with session(history) as s:
        ff = first_flights(s, 3, vehicle="zq-2")
        assert [f.slug for f in ff.flights] == ["zq2-y1", "zq2-y2", "zq2-y3"]
        assert (ff.tally.launches, ff.tally.successes) == (3, 2)
        # GCAT's family Falcon9 begins with Falcon 9 v1.0, first flown on 2010-06-04
        fam = first_flights(s, 5, family="falcon9")
        assert fam.tally.launches == 5 and fam.flights[0].launch_time.year == 2010
        jq = site_record(s, "jiuquan")
        assert jq.first.year == 1970  # Dong Fang Hong 1, China's first satellite
        assert jq.tally.launches == 250 and jq.tally.failures == 20
        ls = provider_record(s, "landspace")
        assert (ls.tally.launches, ls.tally.successes, ls.tally.failures) == (8, 5, 3)


def test_reimport_changes_nothing(history: Engine) -> None:
    before = snapshot(history)
    report = import_gcat(history, GCAT)
    assert not report.changed and report.unchanged == 6909 - 5 and len(report.merged) == 5
    assert snapshot(history) == before


def test_gcat_first_then_the_records_take_their_launches_over(
    engine: Engine, tmp_path: Path
) -> None:
    """The other order: a curated record naming a GCAT tag, code or JCAT takes that row over."""
    small = cut_gcat(tmp_path / "gcat")
    import_gcat(engine, small)
    with session(engine) as s:
        assert (
            s.scalar(select(m.Mission.slug).where(m.Mission.gcat_tag == "2018-F02")) == "2018-f02"
        )
        ids = {
            t: s.scalar(select(m.Mission.id).where(m.Mission.gcat_tag == t)) for t in ("2018-F02",)
        }
    load_paths(engine, [MISSIONS])
    with session(engine) as s:
        zq1 = s.scalar(select(m.Mission).where(m.Mission.gcat_tag == "2018-F02"))
        assert (zq1.slug, zq1.id) == ("zq1-y1", ids["2018-F02"])  # the same row, now curated
        assert [p.slug for p in zq1.payloads] == ["future"]
        assert (
            s.scalar(
                select(func.count()).select_from(m.Payload).where(m.Payload.gcat_jcat == "F01530")
            )
            == 1
        )
        assert [x.key for x in s.scalars(select(m.Site).where(m.Site.gcat_code == "JQ"))] == [
            "jiuquan"
        ]
        tags = list(s.scalars(select(m.Mission.gcat_tag).where(m.Mission.gcat_tag.is_not(None))))
        assert len(tags) == len(set(tags))
    assert not load_paths(engine, [MISSIONS]).changed
    assert not import_gcat(engine, small).changed


def test_outcome_codes_and_dates() -> None:
    assert [outcome_of(c) for c in ("OS", "DS", "OF", "OF40", "OS75")] == [
        m.Outcome.SUCCESS,
        m.Outcome.SUCCESS,
        m.Outcome.FAILURE,
        m.Outcome.PARTIAL,
        m.Outcome.PARTIAL,
    ]
    assert parse_date("2018 Oct 27 0800")[1:] == (m.TimePrecision.MINUTE, False)
    assert parse_date("2022 Dec 14 0830:25")[0].second == 25
    assert parse_date("1962 Aug 23 1133?")[2] is True
    assert parse_date("1958 Jul 26")[1] == m.TimePrecision.DAY


def test_refresh_is_idempotent(history: Engine) -> None:
    before = snapshot(history)["launch_tally"]
    with session(history, write=True) as s:
        refresh_tally(s)
    assert snapshot(history)["launch_tally"] == before


def test_the_viewer_reaches_history_by_search(history: Engine) -> None:
    """With registered orbits, thousands of launches can be shown: the picker lists the
    flights it can fly first, and finds the rest by name, vehicle, year or payload."""
    from viewer.model import can_show, missions

    curated = ["zq1-y1", "zq2-y1", "zq2-y2", "zq2-y3", "zq2e-y1", "zq2e-y2", "zq2e-y3", "zq3-y1"]
    with session(history) as s:
        assert [slug for slug, _ in missions(s)][:8] == curated
        assert can_show(s, "2019-093") and can_show(s, "1957-alp")
        assert not can_show(s, "1957-f01")  # Vanguard TV-3 reached no orbit
        # a payload's GCAT name (an alias), a vehicle and a year, a partial mission name
        assert "2019-093" in {slug for slug, _ in missions(s, "Weilai hao")}
        assert [slug for slug, _ in missions(s, "sputnik 1957")] == ["1957-alp", "1957-bet"]
        assert [slug for slug, _ in missions(s, "ZHUQUE")] == curated
        assert missions(s, "100%") == [] and missions(s, "zq_") == []  # % and _ are letters


def psatcat_rows() -> list[list[str]]:
    """GCAT's payload catalogue read straight from the file, independently of the importer."""
    lines = (GCAT / "psatcat.tsv").read_text(encoding="utf-8").splitlines()
    return [[f.strip() for f in x.split("\t")] for x in lines if not x.startswith("#")]


def held_here(row: list[str], jcats: set[str], norads: set[int]) -> bool:
    """Whether the archive holds a catalogue row's payload: by JCAT, or by NORAD number
    for GCAT's S catalogue (the curated ZQ-2E Y2 and Y3 payloads are held that way)."""
    jcat = row[0]
    return jcat in jcats or (jcat[0] == "S" and int(jcat[1:]) in norads)


def test_the_payload_catalogue_gives_payloads_their_registered_orbits(history: Engine) -> None:
    with session(history) as s:
        weilai = s.scalar(select(m.Payload).where(m.Payload.cospar_id == "2019-093A"))
        assert weilai.name == "BDSAGR-1" and "Weilai hao-1R" in weilai.aliases  # psatcat's name
        assert (weilai.programme, weilai.payload_class, weilai.category, weilai.result) == (
            "BDSAGR",
            "B",
            "IMG",
            "S",
        )
        assert (weilai.operations_ended, weilai.un_registration) == ("2022?", "ST/SG/SER.E/948")
        orbits = {o.origin: o for o in weilai.orbits}
        reg = orbits[m.OrbitOrigin.REGISTERED]  # psatcat line 9563: 96.0 min, 547 x 547 km, 97.6
        assert (reg.kind, reg.period_min, reg.perigee_km, reg.apogee_km, reg.inclination_deg) == (
            m.OrbitKind.ACHIEVED,
            96.0,
            547.0,
            547.0,
            97.6,
        )
        cited = {
            s.get(m.Source, c.source_id).title
            for c in s.scalars(
                select(m.Citation).where(
                    m.Citation.entity == "orbit", m.Citation.entity_id == reg.id
                )
            )
        }
        assert any("payload catalogue" in t for t in cited) or any(
            "General Catalog" in t for t in cited
        )
        assert any(t.endswith(": ST/SG/SER.E/948") for t in cited)
        disposal = orbits[m.OrbitOrigin.CATALOGUED]
        assert (disposal.epoch.date().isoformat(), disposal.perigee_km, disposal.apogee_km) == (
            "2019-12-22",
            615.0,
            635.0,
        )
        assert disposal.inclination_deg == 97.98
        # every catalogued payload the archive holds (by JCAT, or NORAD number for the S
        # catalogue) with a registered perigee has its registered orbit, once
        jcats = {j for j in s.scalars(select(m.Payload.gcat_jcat)) if j}
        norads = {n for n in s.scalars(select(m.Payload.norad_id)) if n}
        held = sum(
            1
            for r in psatcat_rows()
            if held_here(r, jcats, norads)
            and r[20] != "-"
            and any(float(x) for x in r[19:23] if x != "-")  # all zeros: nothing registered
        )
        registered = select(func.count()).where(m.Orbit.origin == m.OrbitOrigin.REGISTERED)
        assert s.scalar(registered) == held > 16_000
        # a curated payload keeps its record's name and gains its catalogue entry
        honghu = s.scalar(select(m.Payload).where(m.Payload.slug == "honghu-2"))
        assert (honghu.name, honghu.programme, honghu.payload_class) == (
            "Honghu-2",
            "Hongqing",
            "B",
        )


def test_payloads_launched_after_the_log_are_counted_not_invented(history: Engine) -> None:
    report = import_gcat(history, GCAT)
    c = report.catalogue
    assert c is not None and (c.registered, c.disposal, c.filled, c.aliases) == (0, 0, 0, 0)
    with session(history) as s:
        jcats = {j for j in s.scalars(select(m.Payload.gcat_jcat)) if j}
        norads = {n for n in s.scalars(select(m.Payload.norad_id)) if n}
    end = parse_date("2025 Apr 4")[0]  # the launch log's last launch
    after_log = sum(
        1 for r in psatcat_rows() if parse_date(r[3])[0] > end and not held_here(r, jcats, norads)
    )
    assert c.newer_than_log == after_log > 1000
    assert c.entries == len(psatcat_rows()) == 23_191


@pytest.mark.parametrize(
    ("gcat", "iso"),
    [
        ("2019 Dec 20 1402:05?", "2019-12-20 14:02:05?"),
        ("2019 Dec  5", "2019-12-05"),
        ("2019 Dec?", "2019-12?"),
        ("2019 Q3?", "2019-Q3?"),
        ("1990s?", "1990s?"),
        ("2022?", "2022?"),
        ("*", "ongoing"),
        ("-", None),
    ],
)
def test_gcat_vague_dates_keep_their_precision_and_doubt(gcat: str, iso: str | None) -> None:
    from archive.psatcat import vague_date

    assert vague_date(gcat) == iso
