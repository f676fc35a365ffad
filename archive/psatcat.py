"""Reading GCAT's payload catalogue (``psatcat.tsv``) as strictly as the launch log.

Each payload's programme, class, category, result, discipline and end of operations; the
orbit its state registered with the UN (``UNPeriod, UNPerigee, UNApogee, UNInc``, as the
registration document gives them) and GCAT's disposal orbit (``DispEpoch, DispPeri,
DispApo, DispInc``). Every problem is collected with file, line, record and column, and
nothing is returned unless the whole file is sound.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from flight.constants import R_EARTH_KM

from .errors import LoadError, RecordProblem
from .gcat import MONTHS, _known, _number, _Table, parse_date

FILE = "psatcat.tsv"
COLUMNS = (
    "JCAT", "Piece", "Name", "LDate", "TOp", "Program", "Class", "Category", "Result",
    "Discipline", "UNState", "UNReg", "UNPeriod", "UNPerigee", "UNApogee", "UNInc",
    "DispEpoch", "DispPeri", "DispApo", "DispInc",
)  # fmt: skip
# GCAT's vague dates: "2022?", "1990s?", "2019 Q3", "2019 Dec", "2019 Dec 20 1402:05?"
_VAGUE = re.compile(
    r"^(?P<y>\d{4})(?P<decade>s)?(?: (?:Q(?P<q>[1-4])|(?P<mon>[A-Za-z]{3})"
    r"(?: +(?P<d>\d{1,2})(?: (?P<h>\d{2})(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?)?))?(?P<unsure>\?)?$",
    re.ASCII,
)
_JCAT = re.compile(r"^[A-Z]\d{5}(\d{4})?$", re.ASCII)
MAX_ALTITUDE_KM = 1e9  # GCAT's disposal orbits reach the Moon's distance and beyond


@dataclass(frozen=True)
class CatalogueOrbit:
    """An orbit as a catalogue gives it: altitudes above the equator, km; minutes; deg."""

    perigee_km: float
    apogee_km: float | None
    inclination_deg: float | None
    period_min: float | None
    epoch: dt.datetime | None
    swapped: bool  # perigee and apogee were given the wrong way round
    escape: bool  # a negative apogee: GCAT's way of writing a hyperbolic (escape) trajectory

    @property
    def given(self) -> bool:
        """Whether the entry says anything: GCAT writes an orbit nobody gave as zeros."""
        figures = (self.perigee_km, self.apogee_km, self.inclination_deg, self.period_min)
        return any(figures)


@dataclass(frozen=True)
class CataloguedPayload:
    jcat: str
    piece: str
    name: str
    launched: dt.datetime | None
    texts: dict[str, str | None]  # payload column -> value (``model.texts(Payload)``)
    registered: CatalogueOrbit | None
    disposal: CatalogueOrbit | None
    line: int


@dataclass
class PayloadCatalogue:
    entries: list[CataloguedPayload]
    updated: dt.date | None
    path: Path


def vague_date(text: str) -> str | None:
    """GCAT's date of its own precision as ISO 8601 of the same precision, doubt kept:
    ``2019 Dec 20 1402`` -> ``2019-12-20 14:02``, ``2022?`` -> ``2022?``, ``*`` (still
    going at the catalogue's date) -> ``ongoing``, ``-`` -> None."""
    if text in ("", "-"):
        return None
    if text == "*":
        return "ongoing"
    m = _VAGUE.match(text)
    if m is None:
        raise ValueError(f"cannot read {text!r} as a GCAT date (e.g. '2019 Dec 20', '2022?')")
    out = m["y"] + (m["decade"] or "")
    if m["q"]:
        out += f"-Q{m['q']}"
    elif m["mon"]:
        month = MONTHS.get(m["mon"].title())
        if month is None:
            raise ValueError(f"{m['mon']!r} is not a month")
        out += f"-{month:02d}"
        if m["d"]:
            try:
                dt.datetime(int(m["y"]), month, int(m["d"]), int(m["h"] or 0), int(m["mi"] or 0))
            except ValueError:
                raise ValueError(f"{text!r} is not a real date") from None
            out += f"-{int(m['d']):02d}"
            if m["h"]:
                out += f" {m['h']}:{m['mi']}" + (f":{m['s']}" if m["s"] else "")
    return out + ("?" if m["unsure"] else "")


def _orbit(
    t: _Table, line: int, rec: str, row: dict[str, str], cols: tuple[str, ...], epoch: str | None
) -> CatalogueOrbit | None:
    period, peri, apo, inc = cols
    low = -R_EARTH_KM
    perigee = _number(t, line, rec, peri, row[peri], low, MAX_ALTITUDE_KM, zero=True)
    apogee = _number(t, line, rec, apo, row[apo], -MAX_ALTITUDE_KM, MAX_ALTITUDE_KM, zero=True)
    inclination = _number(t, line, rec, inc, row[inc], 0, 180, zero=True)
    minutes = _number(t, line, rec, period, row[period], 0, 1e9) if period else None
    if perigee is None:
        return None
    when = None
    if epoch is not None:
        try:
            when = parse_date(epoch)[0]
        except ValueError as exc:
            t.fail(line, rec, "DispEpoch", str(exc))
    escape = apogee is not None and apogee < 0 and perigee >= 0
    if apogee is not None and apogee < low and not escape:
        t.fail(line, rec, apo, f"{apogee:g} km is below the Earth's centre")
    swapped = apogee is not None and perigee > apogee and not escape
    if swapped:
        perigee, apogee = apogee, perigee
    return CatalogueOrbit(perigee, apogee, inclination, minutes, when, swapped, escape)  # type: ignore[arg-type]


def read_psatcat(folder: Path | str) -> PayloadCatalogue | None:
    """The payload catalogue in ``folder``, or None when the folder has none."""
    path = Path(folder) / FILE
    if not path.exists():
        return None
    problems: list[RecordProblem] = []
    t = _Table(path, COLUMNS, problems)
    entries: list[CataloguedPayload] = []
    seen: dict[str, int] = {}
    for line, r in t.rows():
        jcat = r["JCAT"]
        if not _JCAT.match(jcat):
            t.fail(line, jcat or None, "JCAT", f"{jcat!r} is not a JCAT number (e.g. S44879)")
            continue
        if jcat in seen:
            t.fail(line, jcat, "JCAT", f"{jcat} given twice (first on line {seen[jcat]})")
            continue
        seen[jcat] = line
        dates: dict[str, str | None] = {}
        for column in ("TOp",):
            try:
                dates[column] = vague_date(r[column])
            except ValueError as exc:
                t.fail(line, jcat, column, str(exc))
        try:
            launched = parse_date(r["LDate"])[0] if _known(r["LDate"]) else None
        except ValueError as exc:
            t.fail(line, jcat, "LDate", str(exc))
            continue
        registered = _orbit(t, line, jcat, r, ("UNPeriod", "UNPerigee", "UNApogee", "UNInc"), None)
        disposal = None
        if _known(r["DispEpoch"]):
            disposal = _orbit(
                t, line, jcat, r, ("", "DispPeri", "DispApo", "DispInc"), r["DispEpoch"]
            )
        texts = {
            "programme": _known(r["Program"]),
            "payload_class": _known(r["Class"]),
            "category": _known(r["Category"]),
            "discipline": _known(r["Discipline"]),
            "result": _known(r["Result"]),
            "operations_ended": dates.get("TOp"),
            "un_state": _known(r["UNState"]),
            "un_registration": _known(r["UNReg"]),
        }
        entries.append(
            CataloguedPayload(
                jcat, r["Piece"], r["Name"], launched, texts, registered, disposal, line
            )
        )
    if problems:
        raise LoadError(problems, "GCAT's payload catalogue")
    return PayloadCatalogue(entries, t.updated, path)
