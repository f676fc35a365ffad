"""Reading GCAT's tab-separated tables strictly (J. McDowell, planet4589.org/space/gcat).

GCAT's files are a header line starting with ``#``, ``#`` comment lines, then rows of
tab-separated fields padded with spaces; ``-`` means unknown. Every row is checked
(field count, encoding, dates, codes, numbers and their ranges), every problem is
collected with its file, line, record and column, and nothing is returned unless the
whole set is sound: the import writes all of it or nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LoadError, RecordProblem
from .model import Site, Vehicle, measures
from .utc import from_parts, in_space_age
from .vocab import Outcome, TimePrecision

FILES = ("launchlog.tsv", "lv.tsv", "sites.tsv", "orgs.tsv")
MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_DATE = re.compile(
    r"^(?P<y>\d{4}) (?P<mon>[A-Z][a-z]{2})(?: +(?P<d>\d{1,2})"
    r"(?: (?P<h>\d{2})(?P<mi>\d{2})?(?::(?P<s>\d{2}(?:\.\d+)?))?)?)?(?P<unsure>\?)?$",
    re.ASCII,
)
_TAG = re.compile(r"^\d{4}(-(\d{3}|[A-Z]\d{2})|( [A-Z])? [A-Z]{2,3})$", re.ASCII)
_CODE = re.compile(r"^(?P<where>[A-Z])(?P<result>[SF])(?P<grade>\d{1,2})?$", re.ASCII)
_JCAT = re.compile(r"^[A-Z]\d{5}$", re.ASCII)
_SLUG_BAD = re.compile(r"[^a-z0-9_.-]+")


@dataclass(frozen=True)
class GcatPayload:
    jcat: str
    piece: str
    name: str
    pl_name: str | None
    owner: str | None  # GCAT org code(s), e.g. "NASA/APL"
    line: int


@dataclass
class GcatLaunch:
    tag: str
    when: dt.datetime
    precision: TimePrecision
    time_uncertain: bool
    vehicle: str
    flight_id: str | None
    platform: str | None
    site: str
    site_uncertain: bool
    pad: str | None
    pad_uncertain: bool
    agency: str | None
    country: str | None
    code: str
    line: int
    payloads: list[GcatPayload] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        return outcome_of(self.code)


@dataclass(frozen=True)
class GcatVehicle:
    name: str
    family: str
    manufacturer: str | None
    figures: dict[str, float | None]  # vehicle column -> value, from the columns' ``gcat``
    leo_kg: float | None
    gto_kg: float | None
    line: int


@dataclass(frozen=True)
class GcatSite:
    code: str
    name: str
    country: str | None
    figures: dict[str, float | None]  # site column -> value, from the columns' ``gcat``
    error_deg: float | None
    line: int


@dataclass(frozen=True)
class GcatOrg:
    code: str
    name: str
    english: str | None
    country: str | None
    line: int


@dataclass
class Gcat:
    """Earth launches (XS, launches from another body, are left out) and the tables they use."""

    launches: list[GcatLaunch]
    vehicles: dict[str, GcatVehicle]
    sites: dict[str, GcatSite]
    orgs: dict[str, GcatOrg]
    updated: dt.date | None
    skipped_off_earth: int


def slugify(identifier: str) -> str:
    """The key a GCAT import gives a row: `1957 ALP` -> `1957-alp`, `LC43/96` -> `lc43-96`."""
    slug = _SLUG_BAD.sub("-", identifier.lower()).strip("-._")[:64].rstrip("-._")
    return slug or "x"


class Keys:
    """Unique keys for one table: a name's slug, with -2, -3 ... where it is taken."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def new(self, text: str) -> str:
        base = slugify(text)
        key, n = base, 1
        while key in self.taken:
            n += 1
            key = f"{base[:60]}-{n}"
        self.taken.add(key)
        return key


def outcome_of(code: str) -> Outcome:
    """OS/DS success, OF failure; a grade (OF40, OS75) makes it partial."""
    m = _CODE.match(code)
    if m is None:
        raise ValueError(f"unknown launch code {code!r}")
    if m["grade"]:
        return Outcome.PARTIAL
    return Outcome.SUCCESS if m["result"] == "S" else Outcome.FAILURE


def parse_date(text: str) -> tuple[dt.datetime, TimePrecision, bool]:
    """``2018 Oct 27 0800`` -> (datetime, minute, certain); a trailing ``?`` marks doubt."""
    m = _DATE.match(text)
    if m is None:
        raise ValueError(f"cannot read {text!r} as a GCAT date (e.g. '2018 Oct 27 0800:25')")
    if m["mon"] not in MONTHS:
        raise ValueError(f"{m['mon']!r} is not a month")
    when, precision = from_parts(text, {**m.groupdict(), "mo": MONTHS[m["mon"]]})
    return in_space_age(when), precision, m["unsure"] is not None


class _Table:
    """One GCAT file: header columns, then rows as dicts of stripped fields."""

    def __init__(self, path: Path, required: tuple[str, ...], problems: list[RecordProblem]):
        self.path, self.problems = path, problems
        self.columns: list[str] = []
        self.updated: dt.date | None = None
        self.lines: list[tuple[int, list[str]]] = []
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.fail(None, None, None, f"cannot read: {exc.strerror}")
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.fail(line, None, None, f"not UTF-8 text ({exc.reason})")
            return
        if "\r" in text and text.count("\r") > 2 * text.count("\n"):
            self.fail(1, None, None, "lines end in CR alone: GCAT's tables end lines in LF")
            return
        rows = text.split("\n")
        if not rows or not rows[0].startswith("#"):
            self.fail(1, None, None, "expected a header line starting with '#'")
            return
        self.columns = [c.strip() for c in rows[0][1:].rstrip("\r").split("\t")]
        missing = [c for c in required if c not in self.columns]
        if missing:
            self.fail(1, None, None, f"header lacks column(s) {', '.join(missing)}")
            return
        for i, row in enumerate(rows[1:], 2):
            row = row.rstrip("\r")
            if row.startswith("# Updated"):
                try:
                    self.updated = dt.datetime.strptime(row[9:].strip()[:11], "%Y %b %d").date()
                except ValueError:
                    self.fail(i, None, None, f"cannot read the update date in {row!r}")
                continue
            if not row.strip() or row.startswith("#"):
                continue
            fields = row.split("\t")
            if len(fields) != len(self.columns):
                hint = " (spaces where tabs belong?)" if "  " in row else ""
                self.fail(
                    i,
                    fields[0].strip() or None,
                    None,
                    f"expected {len(self.columns)} tab-separated fields, found {len(fields)}"
                    + hint
                    + (
                        " (a truncated file?)"
                        if i == len(rows) and len(fields) < len(self.columns)
                        else ""
                    ),
                )
                continue
            self.lines.append((i, [f.strip() for f in fields]))

    def fail(self, line: int | None, record: str | None, column: str | None, msg: str) -> None:
        self.problems.append(RecordProblem(str(self.path), line, record, column, msg))

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, fields in self.lines:
            yield line, dict(zip(self.columns, fields, strict=True))


def _known(value: str) -> str | None:
    return None if value in ("", "-") else value


def _number(
    t: _Table, line: int, rec: str, col: str, raw: str, lo: float, hi: float, zero: bool = False
) -> float | None:
    """A number, or None where GCAT writes '-' (or, for sizes and masses, 0) for unknown."""
    if raw in ("", "-"):
        return None
    try:
        if not raw.isascii():  # float() reads the digits of every script
            raise ValueError
        value = float(raw)
    except ValueError:
        t.fail(line, rec, col, f"{raw!r} is not a number")
        return None
    if value != value or not lo <= value <= hi:
        t.fail(line, rec, col, f"{raw} is outside {lo:g} to {hi:g}")
        return None
    return value if zero else value or None


# GCAT's own bounds on its columns, in GCAT's units: (low, high, whether 0 is a value; in
# lv.tsv a 0 means "not known")
_RANGES = {
    "Length": (0, 200, False),
    "Diameter": (0, 30, False),
    "Launch_Mass": (0, 1e5, False),
    "TO_Thrust": (0, 1e6, False),
    "Latitude": (-90, 90, True),
    "Longitude": (-180, 180, True),
}
_FACTORS = {("t", "kg"): 1000.0, ("kN", "N"): 1000.0}  # GCAT's unit -> the column's


# The archive columns that GCAT fills (``Measure.gcat``), a table at a time
FILLED = {
    table: [(c, meas) for c, meas in measures(table) if meas.gcat] for table in (Site, Vehicle)
}


def _figures(t: _Table, line: int, rec: str, row: dict[str, str], table: type) -> dict:
    """The archive columns that GCAT fills, in the columns' units."""
    out: dict[str, float | None] = {}
    for column, measure in FILLED[table]:
        name, unit = measure.gcat  # type: ignore[misc]
        low, high, zero = _RANGES[name]
        value = _number(t, line, rec, name, row[name], low, high, zero)
        factor = 1.0 if unit == measure.unit else _FACTORS[(unit, measure.unit)]
        out[column] = None if value is None else value * factor
    return out


def read_gcat(folder: Path | str) -> Gcat:
    """Read and check the four GCAT tables in ``folder``; ``LoadError`` lists every problem."""
    folder = Path(folder)
    problems: list[RecordProblem] = []
    if not folder.is_dir():
        raise LoadError(
            [RecordProblem(str(folder), None, None, None, "no such directory")], "the GCAT files"
        )
    log = _Table(
        folder / "launchlog.tsv",
        (
            "Launch_Tag",
            "Launch_Date",
            "Piece",
            "Name",
            "PLName",
            "JCAT",
            "SatOwner",
            "LV_Type",
            "Flight_ID",
            "Platform",
            "Launch_Site",
            "Launch_Pad",
            "Agency",
            "LVState",
            "Launch_Code",
        ),
        problems,
    )
    lv = _Table(
        folder / "lv.tsv",
        (
            "LV_Name",
            "LV_Family",
            "LV_Manufacturer",
            "Length",
            "Diameter",
            "Launch_Mass",
            "LEO_Capacity",
            "GTO_Capacity",
            "TO_Thrust",
        ),
        problems,
    )
    st = _Table(
        folder / "sites.tsv",
        ("Site", "StateCode", "Name", "ShortEName", "Longitude", "Latitude", "Error"),
        problems,
    )
    og = _Table(folder / "orgs.tsv", ("Code", "StateCode", "Name", "EName", "ShortEName"), problems)

    vehicles: dict[str, GcatVehicle] = {}
    for line, r in lv.rows():
        name = r["LV_Name"]
        if not name:
            lv.fail(line, None, "LV_Name", "empty vehicle name")
            continue
        if name in vehicles:  # GCAT lists variants of one name on several lines: keep the first
            continue
        vehicles[name] = GcatVehicle(
            name=name,
            family=_known(r["LV_Family"]) or name,
            manufacturer=_known(r["LV_Manufacturer"]),
            figures=_figures(lv, line, name, r, Vehicle),
            leo_kg=_number(lv, line, name, "LEO_Capacity", r["LEO_Capacity"], 0, 5e5),
            gto_kg=_number(lv, line, name, "GTO_Capacity", r["GTO_Capacity"], 0, 5e5),
            line=line,
        )

    sites: dict[str, GcatSite] = {}
    for line, r in st.rows():
        code = r["Site"]
        if code in sites:
            st.fail(line, code, "Site", f"site code given twice (first on line {sites[code].line})")
            continue
        sites[code] = GcatSite(
            code=code,
            name=_known(r["ShortEName"]) or r["Name"],
            country=_known(r["StateCode"]),
            figures=_figures(st, line, code, r, Site),
            error_deg=_number(st, line, code, "Error", r["Error"], 0, 180, True),
            line=line,
        )

    orgs: dict[str, GcatOrg] = {}
    for line, r in og.rows():
        code = r["Code"]
        if code in orgs:
            og.fail(
                line,
                code,
                "Code",
                f"organisation code given twice (first on line {orgs[code].line})",
            )
            continue
        orgs[code] = GcatOrg(
            code,
            r["Name"],
            _known(r["EName"]) or _known(r["ShortEName"]),
            _known(r["StateCode"]),
            line,
        )

    launches: dict[str, GcatLaunch] = {}
    first_rows: dict[str, dict[str, str]] = {}
    jcats: dict[str, int] = {}
    off_earth: set[str] = set()
    for line, r in log.rows():
        tag = r["Launch_Tag"]
        if not _TAG.match(tag):
            log.fail(line, tag or None, "Launch_Tag", f"{tag!r} is not a GCAT launch tag")
            continue
        code = r["Launch_Code"]
        try:
            outcome_of(code)
        except ValueError as exc:
            log.fail(line, tag, "Launch_Code", str(exc))
            continue
        if code.startswith("X"):
            off_earth.add(tag)
            continue
        jcat = r["JCAT"]
        if not _JCAT.match(jcat):
            log.fail(line, tag, "JCAT", f"{jcat!r} is not a JCAT number (e.g. S00002)")
            continue
        if jcat in jcats:
            log.fail(line, tag, "JCAT", f"{jcat} given twice (first on line {jcats[jcat]})")
            continue
        jcats[jcat] = line
        payload = GcatPayload(
            jcat, r["Piece"], r["Name"] or jcat, _known(r["PLName"]), _known(r["SatOwner"]), line
        )
        earlier = launches.get(tag)
        if earlier is not None:
            first = first_rows[tag]
            for col in (
                "Launch_Date",
                "LV_Type",
                "Launch_Site",
                "Launch_Pad",
                "Agency",
                "Launch_Code",
            ):
                if r[col] != first[col]:
                    log.fail(
                        line,
                        tag,
                        col,
                        f"{r[col]!r} differs from {first[col]!r} on line {earlier.line} "
                        "for the same launch",
                    )
                    break
            else:
                earlier.payloads.append(payload)
            continue
        try:
            when, precision, unsure = parse_date(r["Launch_Date"])
        except ValueError as exc:
            log.fail(line, tag, "Launch_Date", str(exc))
            continue
        site = r["Launch_Site"]
        site_code = site.rstrip("?")
        if site_code not in sites:
            log.fail(line, tag, "Launch_Site", f"site {site!r} is not in sites.tsv")
            continue
        if r["LV_Type"] in ("", "-"):
            log.fail(line, tag, "LV_Type", "no launch vehicle")
            continue
        pad = _known(r["Launch_Pad"])
        first_rows[tag] = r
        launches[tag] = GcatLaunch(
            tag=tag,
            when=when,
            precision=precision,
            time_uncertain=unsure,
            vehicle=r["LV_Type"],
            flight_id=_known(r["Flight_ID"]),
            platform=_known(r["Platform"]),
            site=site_code,
            site_uncertain=site.endswith("?"),
            pad=pad.rstrip("?") if pad else None,
            pad_uncertain=bool(pad and pad.endswith("?")),
            agency=_known(r["Agency"]),
            country=_known(r["LVState"]),
            code=code,
            line=line,
            payloads=[payload],
        )
    if problems:
        raise LoadError(problems, "the GCAT files")
    return Gcat(
        launches=sorted(launches.values(), key=lambda x: (x.when, x.tag)),
        vehicles=vehicles,
        sites=sites,
        orgs=orgs,
        updated=log.updated,
        skipped_off_earth=len(off_earth),
    )
