"""Hostile input: broken GCAT tables, element sets and record files are refused with a clear
error naming the file, the line or record and the field, and nothing is half-written."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from archive.errors import LoadError
from archive.gcat import read_gcat
from archive.gcat_import import import_gcat
from archive.loader import load_paths
from flight import tle
from flight.errors import TLEError

from ..conftest import SHARED, dump
from ..gcat_files import GCAT, cut_gcat, edit_catalogue, log_lines, write_log

needs_gcat = pytest.mark.skipif(not GCAT.exists(), reason="../shared/data/gcat not present")

SPUTNIK = "1957 ALP"


def _edit_row(tag: str, column: int, value: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        lines = log_lines(folder)
        for i, line in enumerate(lines):
            f = line.split("\t")
            if f[0].strip() == tag:
                f[column] = value
                lines[i] = "\t".join(f)
                break
        write_log(folder, lines)

    return edit


def _truncate(folder: Path) -> None:
    text = (folder / "launchlog.tsv").read_text(encoding="utf-8").rstrip("\n")
    (folder / "launchlog.tsv").write_text(text[: text.rindex("\t", 0, len(text) - 40)])


def _latin1(folder: Path) -> None:
    data = (folder / "launchlog.tsv").read_bytes()
    (folder / "launchlog.tsv").write_bytes(data.replace(b"Vanguard\t", b"Vanguard \xe9\t", 1))


def _spaces_for_tabs(folder: Path) -> None:
    lines = log_lines(folder)
    i = next(i for i, ln in enumerate(lines) if ln.startswith(SPUTNIK))
    lines[i] = lines[i].replace("\t", "    ", 3)
    write_log(folder, lines)


def _duplicate_row(folder: Path) -> None:
    lines = log_lines(folder)
    i = next(i for i, ln in enumerate(lines) if ln.startswith(SPUTNIK))
    lines.insert(i + 1, lines[i])
    write_log(folder, lines)


def _conflicting_rows(folder: Path) -> None:
    lines = log_lines(folder)
    i = next(i for i, ln in enumerate(lines) if ln.startswith(SPUTNIK))
    f = lines[i].split("\t")
    f[6] = "S99999 "  # another payload of the same launch ...
    f[12] = "CC"  # ... said to leave from another site
    lines.insert(i + 1, "\t".join(f))
    write_log(folder, lines)


def _bad_latitude(folder: Path) -> None:
    text = (folder / "sites.tsv").read_text(encoding="utf-8")
    niip5 = "NIIP-5\t-\tGIK-5\tLS\tSU\t1956\t1989\tBaykonur\tNIIP-5, Baykonur, Kazakstan\t-\t"
    assert niip5 + "     63.0000 \t   46.0000 " in text
    text = text.replace(niip5 + "     63.0000 \t   46.0000 ", niip5 + "     63.0000 \t  123.0000 ")
    (folder / "sites.tsv").write_text(text)


def _no_header(folder: Path) -> None:
    lines = log_lines(folder)
    write_log(folder, lines[1:])


def _empty(folder: Path) -> None:
    (folder / "orgs.tsv").write_text("")


# case -> (how to break the files, file, line or None, field, words in the message)
def _cr_only(folder: Path) -> None:
    data = (folder / "launchlog.tsv").read_bytes()
    (folder / "launchlog.tsv").write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))


GCAT_CASES: dict[str, tuple[Callable[[Path], None], str, bool, str | None, str]] = {
    "truncated file": (_truncate, "launchlog.tsv", True, None, "truncated"),
    "not UTF-8": (_latin1, "launchlog.tsv", True, None, "not UTF-8"),
    "spaces for tabs": (_spaces_for_tabs, "launchlog.tsv", True, None, "spaces where tabs"),
    "duplicate JCAT": (_duplicate_row, "launchlog.tsv", True, "JCAT", "given twice"),
    "one launch, two sites": (
        _conflicting_rows,
        "launchlog.tsv",
        True,
        "Launch_Site",
        "differs from",
    ),
    "day 32": (
        _edit_row(SPUTNIK, 1, "1957 Oct 32 1928:34"),
        "launchlog.tsv",
        True,
        "Launch_Date",
        "not a real date",
    ),
    "hour 25": (
        _edit_row(SPUTNIK, 1, "1957 Oct  4 2528:34"),
        "launchlog.tsv",
        True,
        "Launch_Date",
        "not a real date",
    ),
    "before the space age": (
        _edit_row(SPUTNIK, 1, "1857 Oct  4"),
        "launchlog.tsv",
        True,
        "Launch_Date",
        "outside the space age",
    ),
    "unknown launch code": (
        _edit_row(SPUTNIK, 18, "QQ"),
        "launchlog.tsv",
        True,
        "Launch_Code",
        "unknown launch code",
    ),
    "unknown site": (
        _edit_row(SPUTNIK, 12, "NOWHERE"),
        "launchlog.tsv",
        True,
        "Launch_Site",
        "not in sites.tsv",
    ),
    "bad tag": (
        _edit_row(SPUTNIK, 0, "57 ALPHA"),
        "launchlog.tsv",
        True,
        "Launch_Tag",
        "not a GCAT launch tag",
    ),
    "latitude 123": (_bad_latitude, "sites.tsv", True, "Latitude", "outside -90 to 90"),
    # the payload catalogue: Sputnik 1 (S00002) registered 227 x 947 km at 65.1 deg
    "registered perigee in words": (
        lambda f: edit_catalogue(f, "S00002", 20, "about 227"),
        "psatcat.tsv",
        True,
        "UNPerigee",
        "is not a number",
    ),
    "inclination 265": (
        lambda f: edit_catalogue(f, "S00002", 22, "265.1"),
        "psatcat.tsv",
        True,
        "UNInc",
        "outside 0 to 180",
    ),
    "end of operations in month 13": (
        lambda f: edit_catalogue(f, "S00002", 5, "1957 Oct 99 9999"),
        "psatcat.tsv",
        True,
        "TOp",
        "not a real date",
    ),
    "disposal epoch unreadable": (
        lambda f: edit_catalogue(f, "S00002", 23, "soon"),
        "psatcat.tsv",
        True,
        "DispEpoch",
        "cannot read",
    ),
    "no header": (_no_header, "launchlog.tsv", True, None, "header lacks column"),
    "empty table": (_empty, "orgs.tsv", True, None, "header line"),
    # finding 8 of issue 13: CR-only line ends gave 24,570 messages and never the cause
    "CR-only line ends": (_cr_only, "launchlog.tsv", True, None, "CR alone"),
}


@pytest.fixture(scope="module")
def small_gcat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cut_gcat(tmp_path_factory.mktemp("gcat"), lambda tag, date: date[:4] == "1957")


@needs_gcat
@pytest.mark.parametrize("case", sorted(GCAT_CASES))
def test_broken_gcat_is_refused_and_nothing_written(
    case: str, loaded: Engine, small_gcat: Path, tmp_path: Path
) -> None:
    breaker, name, has_line, column, words = GCAT_CASES[case]
    folder = tmp_path / "gcat"
    shutil.copytree(small_gcat, folder)
    breaker(folder)
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        import_gcat(loaded, folder)
    problem = err.value.problems[0]
    assert problem.file.endswith(name) and (problem.line is not None) == has_line
    assert problem.field == column and words in problem.message, str(problem)
    assert "nothing was written" in str(err.value)
    assert dump(loaded) == before


@needs_gcat
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    column=st.integers(min_value=0, max_value=19),
    value=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r"), max_size=12
    ),
)
def test_any_one_field_garbled_is_read_or_refused_never_crashes(
    small_gcat: Path, tmp_path_factory: pytest.TempPathFactory, column: int, value: str
) -> None:
    """Property: whatever one field of a row says, the reader accepts it or names it."""
    folder = tmp_path_factory.mktemp("garbled")
    shutil.copytree(small_gcat, folder, dirs_exist_ok=True)
    _edit_row(SPUTNIK, column, value)(folder)
    try:
        gcat = read_gcat(folder)
    except LoadError as exc:
        assert all(p.file.endswith(".tsv") and p.line for p in exc.problems), exc
        return
    assert 1 <= len(gcat.launches) <= 3


# -- element sets ------------------------------------------------------------------------

HONGHU = """HONGHU 2
1 58555U 23193C   25274.91721669  .00004076  00000+0  16695-3 0  9993
2 58555  97.2664 269.1211 0038982 104.5186 256.0381 15.24143294 62751
"""


def _with_checksum(text: str) -> str:
    """Element sets with each line's checksum made right again, to reach the deeper checks."""
    lines = text.splitlines()
    fixed = [ln[:68] + str(tle.checksum(ln)) if ln[:2] in ("1 ", "2 ") else ln for ln in lines]
    return "\n".join(fixed) + "\n"


@pytest.mark.parametrize(
    ("data", "line", "field"),
    [
        (HONGHU.encode().replace(b"HONGHU", b"H\xd6NGHU"), 1, "text"),
        (HONGHU.replace("1 58555U 23193C ", "1\t58555U\t23193C\t").encode(), 2, "line 1"),
        (_with_checksum(HONGHU.replace(" 97.2664", "197.2664")).encode(), 3, "inclination"),
        (b"", 1, "file"),
        (HONGHU.encode()[:-30], 3, "line 2"),
        (("\n".join(HONGHU.splitlines()[::-1]) + "\n").encode(), 1, "line 1"),
    ],
    ids=[
        "not ASCII",
        "tabs for spaces",
        "inclination 197 deg",
        "empty",
        "truncated",
        "lines swapped",
    ],
)
def test_broken_element_sets_name_file_line_field(
    tmp_path: Path, data: bytes, line: int, field: str
) -> None:
    path = tmp_path / "bad.tle"
    path.write_bytes(data)
    with pytest.raises(TLEError) as err:
        tle.read(path)
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_tle_reader_never_crashes(data: bytes) -> None:
    """Property: any bytes are element sets or a TLEError, nothing else."""
    try:
        tle.parse(data.decode("ascii", errors="replace"), "fuzz.tle")
    except TLEError as exc:
        assert exc.file == "fuzz.tle" and exc.line >= 1


# -- record files ------------------------------------------------------------------------

# nine levels of ten aliases each: 10^9 strings from 342 bytes, were the aliases followed
BILLION_LAUGHS = "a: &l0 [lol]\n" + "".join(
    f"a{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10)
)

RECORD = """\
payloads:
  - slug: test-sat
    name: Test satellite
    mass: 12 kg
    sources: [gcat]
"""


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (RECORD.replace("    mass: 12 kg", "\tmass: 12 kg"), 4, None, "not valid YAML"),
        (RECORD.rsplit("    sources", 1)[0], 2, "sources", "required field is missing"),
        (RECORD[:-12], 6, None, "not valid YAML"),
        (RECORD.replace("12 kg", "1e400 kg"), 4, "mass", "not a finite number"),
        (RECORD.replace("12 kg", "-12 kg"), 4, "mass", "greater than 0"),
        (RECORD.replace("12 kg", "12 parsecs"), 4, "mass", "cannot read"),
        (RECORD.replace("slug: test-sat", "slug: Test Sat!"), 2, "slug", "pattern"),
        (RECORD + RECORD.split("\n", 1)[1], 6, "slug", "duplicate slug"),
        # finding 3 of issue 13: a few hundred bytes of aliases hung or exhausted `load`
        ("payloads:\n- &p {slug: t, name: T, sources: [gcat], note: *p}\n", 2, None, "alias"),
        ("payloads: &a [*a]\n", 1, None, "alias"),
        (BILLION_LAUGHS, 1, None, "aliases"),
    ],
    ids=[
        "tab indentation",
        "truncated record",
        "truncated mid-line",
        "absurd mass",
        "negative mass",
        "wrong unit",
        "bad slug",
        "same slug twice",
        "a record that contains itself",
        "a list that contains itself",
        "billion laughs",
    ],
)
def test_broken_record_files_are_refused_and_nothing_written(
    loaded: Engine, tmp_path: Path, text: str, line: int | None, field: str | None, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        load_paths(loaded, [path])
    problem = err.value.problems[0]
    assert problem.file == str(path) and words in problem.message, str(problem)
    assert problem.field == field and (line is None or problem.line == line), str(problem)
    assert dump(loaded) == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "missions:\n  - slug: zq1-again\n    name: x\n    vehicle: zq-1\n    site: jiuquan\n"
            "    launch_time: '2018-10-27'\n    outcome: failure\n    gcat_tag: 2018-F02\n"
            "    sources: [gcat]\n",
            "'2018-F02' belongs to mission 'zq1-y1' in the archive",
        ),
        (
            "payloads:\n"
            "  - {slug: sat-a, name: A, gcat_jcat: S99998, sources: [gcat]}\n"
            "  - {slug: sat-b, name: B, gcat_jcat: S99998, sources: [gcat]}\n",
            "'S99998' is also payload 'sat-a''s",
        ),
    ],
    ids=["GCAT tag of another mission", "one JCAT, two payloads"],
)
def test_a_gcat_identifier_names_one_record(
    loaded: Engine, tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        load_paths(loaded, [path])
    assert words in str(err.value) and f"{path}:" in str(err.value)
    assert dump(loaded) == before


@st.composite
def alias_graphs(draw: st.DrawFn) -> tuple[str, bool]:
    """YAML whose nodes are anchored and aliased at random, forward, backward and to
    themselves where YAML allows; and whether it uses any alias."""
    anchors: list[str] = []
    used = False

    def node(depth: int) -> str:
        nonlocal used
        choice = draw(st.integers(0, 3 if depth < 4 else 1))
        if choice == 1 and anchors:
            used = True
            return "*" + draw(st.sampled_from(anchors))
        if choice == 0 or depth >= 4:
            return draw(st.sampled_from(["x", "12 kg", "null", "'a b'"]))
        name = f"n{len(anchors)}"
        anchors.append(name)
        items = [node(depth + 1) for _ in range(draw(st.integers(0, 4)))]
        if choice == 2:
            return f"&{name} [{', '.join(items)}]"
        return f"&{name} {{{', '.join(f'k{i}: {v}' for i, v in enumerate(items))}}}"

    return f"payloads: [{node(0)}]\n", used


@settings(max_examples=150, deadline=2000)
@given(alias_graphs())
def test_any_alias_graph_is_refused_at_once(tmp_path_factory, graph: tuple[str, bool]) -> None:
    from archive.recordfile import read_record_file

    text, used = graph
    path = tmp_path_factory.mktemp("alias") / "a.yaml"
    path.write_text(text)
    parsed, problems = read_record_file(path)
    if used:
        assert parsed is None and "aliases" in problems[0].message, (text, problems)
    else:
        assert not any("aliases" in p.message for p in problems), text


MISSION = """\
sources:
  - key: a-source
    title: A source
    published: "2018-10-27"
payloads:
  - slug: a-sat
    name: A satellite
    mass: 12 kg
    norad_id: 99001
    cospar_id: 2024-001A
    sources: [gcat]
missions:
  - slug: a-flight
    name: A flight
    vehicle: zq-2
    site: jiuquan
    launch_time: "2024-01-02 03:04"
    outcome: success
    gcat_tag: 2024-001
    payloads: [a-sat]
    sources: [gcat]
    orbits:
      - kind: intended
        payload: a-sat
        perigee: 500 km
        apogee: 500 km
        inclination: 97.4 deg
        raan: 10 deg
        local_time_node: "10:30"
"""

# Finding 7 of issue 13: values that were stored (or crashed the loader without a location).
VALUES = {
    "an impossible date, unquoted": (
        'published: "2018-10-27"',
        "published: 2018-02-30",
        "published",
        "day",
    ),
    "the year 9999": (
        '"2024-01-02 03:04"',
        "'9999-12-31 23:59:59.999999'",
        "launch_time",
        "space age",
    ),
    "the year 1066": ('"2024-01-02 03:04"', '"1066-10-14 09:00"', "launch_time", "space age"),
    "a leap second that never was": (
        '"2024-01-02 03:04"',
        '"2017-06-30 23:59:60"',
        "launch_time",
        "not a real time",
    ),
    "local time 99:99": ('"10:30"', '"99:99"', "orbits[0].local_time_node", "pattern"),
    "an angle of 1e300 degrees": (
        "raan: 10 deg",
        "raan: 1e300 deg",
        "orbits[0].raan",
        "at most 360",
    ),
    "a payload of a solar mass": ("mass: 12 kg", "mass: 1 solMass", "mass", "at most 500000 kg"),
    "Arabic-Indic digits in a COSPAR id": (
        "cospar_id: 2024-001A",
        "cospar_id: ٢٠٢٤-001A",
        "cospar_id",
        "pattern",
    ),
    "Devanagari digits in a launch tag": (
        "gcat_tag: 2024-001",
        "gcat_tag: २०२४-001",
        "gcat_tag",
        "pattern",
    ),
    "Arabic-Indic digits in a mass": ("mass: 12 kg", "mass: ١٢ kg", "mass", "digits 0-9"),
    "a boolean for a catalogue number": (
        "norad_id: 99001",
        "norad_id: true",
        "norad_id",
        "valid integer",
    ),
    "a name longer than its column": (
        "name: A satellite",
        "name: " + "x" * 301,
        "name",
        "at most 200 characters",
    ),
}


@pytest.mark.parametrize("case", VALUES, ids=list(VALUES))
def test_values_out_of_their_world_are_refused(loaded: Engine, tmp_path: Path, case: str) -> None:
    old, new, field, words = VALUES[case]
    assert MISSION.count(old) == 1
    path = tmp_path / "values.yaml"
    path.write_text(MISSION.replace(old, new), encoding="utf-8")
    before = dump(loaded)
    with pytest.raises(LoadError) as err:
        load_paths(loaded, [path])
    problem = err.value.problems[0]
    assert problem.file == str(path) and problem.line is not None, str(problem)
    assert problem.field == field and words in problem.message, str(problem)
    assert dump(loaded) == before


def test_the_template_itself_loads(loaded: Engine, tmp_path: Path) -> None:
    """The cases above fail for the value each changes, not for the rest of the file."""
    path = tmp_path / "values.yaml"
    path.write_text(MISSION, encoding="utf-8")
    report = load_paths(loaded, [path])
    assert report.inserted["mission"] == 1 and report.inserted["payload"] == 1


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_a_launch_time_is_accepted_exactly_in_the_space_age(when: dt.datetime) -> None:
    from pydantic import ValidationError

    from archive.records import MissionRecord

    record = {
        "slug": "t",
        "name": "T",
        "vehicle": "v",
        "site": "s",
        "outcome": "planned",
        "sources": ["gcat"],
        "launch_time": when.strftime("%Y-%m-%d %H:%M:%S").zfill(19),
    }
    if 1957 <= when.year <= 2100:
        assert MissionRecord.model_validate(record).launch[0] == when.replace(microsecond=0)
    else:
        with pytest.raises(ValidationError, match="outside the space age"):
            MissionRecord.model_validate(record)


def test_problems_quote_little_and_stop_at_fifty(tmp_path: Path) -> None:
    """A 10 MB value is not echoed whole; thousands of problems are counted, not listed."""
    from archive.errors import RecordProblem

    huge = RecordProblem("f.yaml", 3, "payload 'x'", "mass", f"cannot read {'9' * 10_000_000!r}")
    assert len(str(huge)) < 400 and "10,000,014 characters)" in str(huge)
    many = LoadError([RecordProblem("f.tsv", i, None, "JCAT", "bad") for i in range(5000)])
    lines = str(many).splitlines()
    assert lines[0] == "5,000 problems in the records; nothing was written"
    assert len(lines) == 52 and lines[-1] == "  ... and 4,950 more"


def _renumbered(text: str, norad: int, name: str) -> str:
    """An element set of ``text`` under another catalogue number, international designator
    (99001A: no payload's) and name, checksums redone."""
    from flight.tle import checksum

    _, l1, l2 = text.splitlines()[:3]
    l1 = f"{l1[:9]}99001A  {l1[17:]}"
    out = [name]
    for line in (l1, l2):
        line = f"{line[:2]}{norad:05d}{line[7:68]}"
        out.append(line + str(checksum(line)))
    return "\n".join(out)


def test_unmatched_element_sets_cost_a_fixed_number_of_queries(
    loaded: Engine, tmp_path: Path
) -> None:
    """Finding 8 of issue 13: each set that matched nothing loaded every payload (262 s for
    500 sets against GCAT). Counted in queries, not timed: a set costs no payload scan."""
    from sqlalchemy import event

    from archive import import_tle, session

    base = (SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle").read_text()
    sets = [_renumbered(base, 90000 + k, f"NOBODY {k}") for k in range(200)]
    path = tmp_path / "nobody.tle"
    path.write_text("\n".join(sets) + "\n")
    payload_queries: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if "FROM payload" in statement:
            payload_queries.append(statement)

    event.listen(loaded, "before_cursor_execute", count)
    try:
        with session(loaded, write=True) as s:
            report = import_tle(s, path)
    finally:
        event.remove(loaded, "before_cursor_execute", count)
    assert report.counts["unmatched"] == 200 and not report.attached
    assert len(report.unmatched) == 50  # a report names the first 50 of each kind
    assert len(payload_queries) <= 2, payload_queries[:5]


LEAP = """\
missions:
  - slug: leap-flight
    name: Leap flight
    vehicle: zq-2
    site: jiuquan
    launch_time: "2016-12-31 23:59:60.25"
    outcome: planned
    sources: [gcat]
    orbits:
      - kind: intended
        perigee: 500 km
        apogee: 500 km
        inclination: 97.4 deg
        sources: [gcat]
"""


def test_a_real_leap_second_is_kept_as_the_second_it_is(loaded: Engine, tmp_path: Path) -> None:
    """Finding 7 of issue 13: 2016-12-31 23:59:60 (the IERS's leap second) was refused. It is
    stored (as 23:59:59.25 with ``launch_time_leap``), read back as 23:59:60.25, exported
    as written, and a downgrade that would lose it is refused."""
    from archive import as_plain, db, export_archive, get_mission, list_missions, reading, session
    from archive.orbit_rows import epoch_of, recorded_summary
    from archive.orbits import as_recorded, elements_of
    from archive.utc import LeapSecond
    from flight.orbits import summarise
    from launchlog.render import fmt_time

    (tmp_path / "leap.yaml").write_text(LEAP)
    load_paths(loaded, [tmp_path / "leap.yaml"])
    with session(loaded) as s:
        mission = get_mission(s, "leap-flight")
        assert mission.launch_time_leap and mission.launch_epoch.iso == "2016-12-31 23:59:60.250"
        # as ``show`` writes it, from the stored instant, without astropy
        assert isinstance(mission.launch_instant, LeapSecond)
        assert fmt_time(mission.launch_instant, "second") == "2016-12-31 23:59:60 UTC"
        # an orbit with no epoch of its own is at the launch instant, leap second and all,
        # and its kept summary is named by that instant
        (orbit,) = mission.orbits
        assert isinstance(epoch_of(orbit), LeapSecond)
        assert elements_of(orbit).epoch.iso == "2016-12-31 23:59:60.250"
        assert recorded_summary(orbit) == summarise(as_recorded(orbit))
    with reading(loaded) as conn:  # the list, read without the ORM, says the same
        row = next(r for r in list_missions(conn) if r.slug == "leap-flight")
    assert isinstance(row.launch_time, LeapSecond)
    assert row.launch_epoch.iso == "2016-12-31 23:59:60.250"
    assert as_plain(row)["launch_time"] == "2016-12-31T23:59:60.250Z"
    assert fmt_time(row.launch_time, "second") == "2016-12-31 23:59:60 UTC"
    export_archive(loaded, tmp_path / "out")
    assert (
        "launch_time: '2016-12-31 23:59:60.250000'"
        in (tmp_path / "out" / "missions" / "2016.yaml").read_text()
    )
    with pytest.raises(db.SchemaRefused, match="1 launch times in a leap second"):
        db.downgrade(loaded, "0005")
