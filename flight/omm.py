"""CCSDS Orbit Mean-Elements Messages (CCSDS 502.0-B-3) as CelesTrak serves them.

JSON, CSV, XML and KVN, read one record at a time (``read``), so that a catalogue of any
size is read in memory that does not grow with it: JSON through ijson, XML through
defusedxml's ``iterparse`` (no entity expansion from a file off the internet), CSV and KVN
a line at a time. Each record is checked strictly (mandatory keywords, units where the
format gives them, numbers as numbers or as strings, both of which real feeds send,
ranges, the epoch) and becomes a ``MeanElementSet``: SGP4's mean elements in TEME as the
message gives them, with the record in a canonical one-line JSON form (``text``) that is
what the archive keeps and what ``write`` writes back, in any of the four formats.

Catalogue numbers of six digits and more are kept as numbers. sgp4's ``Satrec`` holds at
most 339999 (Alpha-5's ``Z9999``); the number plays no part in the propagation, so a
larger one initialises SGP4 with 0 (``satrec``) and stays on the element set.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import OMMError

# CelesTrak's keywords, in its order: the canonical record and every writer use this order
KEYWORDS = (
    "OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION",
    "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "EPHEMERIS_TYPE",
    "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR",
    "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT",
)  # fmt: skip
# what SGP4 needs and the archive matches on; the rest of the TLE parameters are optional
MANDATORY = (
    "OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION",
    "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY",
    "NORAD_CAT_ID", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT",
)  # fmt: skip
# the units CCSDS 502.0-B-3 gives these keywords (KVN in brackets, XML as an attribute)
UNITS = {
    "MEAN_MOTION": "rev/day",
    "INCLINATION": "deg",
    "RA_OF_ASC_NODE": "deg",
    "ARG_OF_PERICENTER": "deg",
    "MEAN_ANOMALY": "deg",
    "BSTAR": "1/er",
    "MEAN_MOTION_DOT": "rev/day**2",
    "MEAN_MOTION_DDOT": "rev/day**3",
}
# metadata that, where a message gives it, must say what SGP4 elements are
METADATA = {
    "CENTER_NAME": ("EARTH",),
    "REF_FRAME": ("TEME",),
    "TIME_SYSTEM": ("UTC",),
    "MEAN_ELEMENT_THEORY": ("SGP4", "SGP/SGP4"),
}
# (low, high, low strict, high strict) of each number
_RANGES = {
    "MEAN_MOTION": (0.0, 100.0, True, False),  # rev/day; an Earth orbit makes under ~17
    "ECCENTRICITY": (0.0, 1.0, False, True),
    "INCLINATION": (0.0, 180.0, False, False),
    "RA_OF_ASC_NODE": (-360.0, 360.0, False, False),
    "ARG_OF_PERICENTER": (-360.0, 360.0, False, False),
    "MEAN_ANOMALY": (-360.0, 360.0, False, False),
    "BSTAR": (-1.0, 1.0, False, False),
    "MEAN_MOTION_DOT": (-1.0, 1.0, False, False),
    "MEAN_MOTION_DDOT": (-1.0, 1.0, False, False),
}
_INTEGERS = {
    "NORAD_CAT_ID": (1, 999_999_999),
    "ELEMENT_SET_NO": (0, 99_999),
    "REV_AT_EPOCH": (0, 9_999_999),
    "EPHEMERIS_TYPE": (0, 9),
}
_EPOCH = re.compile(
    r"^(\d{4})-(?:(\d{2})-(\d{2})|(\d{3}))T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z?$", re.ASCII
)
_OBJECT_ID = re.compile(r"^(\d{4})-(\d{3})([A-Z]{1,3})$", re.ASCII)
_EPOCH0 = dt.datetime(1949, 12, 31)
SATREC_MAX = 339_999  # Alpha-5 "Z9999"


@dataclass(frozen=True, slots=True)
class MeanElementSet:
    """One OMM record: SGP4 mean elements (TEME, WGS-72) and TLE parameters, as given."""

    name: str
    object_id: str  # the international designator, 2023-193C
    norad_id: int
    epoch: dt.datetime  # UTC, to the microsecond
    mean_motion_rev_day: float
    eccentricity: float
    inclination_deg: float
    raan_deg: float
    arg_perigee_deg: float
    mean_anomaly_deg: float
    bstar: float
    mean_motion_dot: float
    mean_motion_ddot: float
    fields: dict[str, Any]  # the canonical record, KEYWORDS order
    source_line: int  # the line (CSV, KVN) or the record's number (JSON, XML)
    text: str = ""  # the canonical form the archive keeps: one line of JSON, CelesTrak's keys

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", json.dumps(self.fields, separators=(",", ":")))

    @property
    def cospar_id(self) -> str | None:
        return self.object_id if _OBJECT_ID.match(self.object_id) else None

    def satrec(self) -> Any:
        """SGP4 initialised from the mean elements, as ``sgp4.omm.initialize`` does it."""
        from sgp4.api import WGS72, Satrec

        sat = Satrec()
        epoch_days = (self.epoch - _EPOCH0).total_seconds() / 86400.0
        deg = math.pi / 180.0
        sat.sgp4init(
            WGS72, "i", self.norad_id if self.norad_id <= SATREC_MAX else 0, epoch_days,
            self.bstar, self.mean_motion_dot / (1036800.0 / math.pi),
            self.mean_motion_ddot / (2985984000.0 / 2.0 / math.pi), self.eccentricity,
            self.arg_perigee_deg * deg, self.inclination_deg * deg, self.mean_anomaly_deg * deg,
            self.mean_motion_rev_day / 720.0 * math.pi, self.raan_deg * deg,
        )  # fmt: skip
        return sat


def _number(file: str, n: int, key: str, raw: Any, where: str) -> float:
    if isinstance(raw, bool) or raw is None:
        raise OMMError(file, n, key, f"{raw!r} is not a number", where=where)
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip()
        if not text.isascii():
            raise OMMError(file, n, key, f"{text!r} is not a number", where=where)
        try:
            value = float(text)
        except ValueError:
            raise OMMError(file, n, key, f"{text!r} is not a number", where=where) from None
    if not math.isfinite(value):
        raise OMMError(file, n, key, f"{raw!r} is not a finite number", where=where)
    low, high, low_strict, high_strict = _RANGES[key]
    if (
        value < low
        or value > high
        or (low_strict and value == low)
        or (high_strict and value == high)
    ):
        raise OMMError(file, n, key, f"{value:g} is outside {low:g} to {high:g}", where=where)
    return value


def _integer(file: str, n: int, key: str, raw: Any, where: str) -> int:
    if isinstance(raw, bool) or raw is None:
        raise OMMError(file, n, key, f"{raw!r} is not a whole number", where=where)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise OMMError(file, n, key, f"{raw!r} is not a whole number", where=where)
        value = int(raw)
    elif isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not (text.isascii() and text.isdigit()):
            raise OMMError(file, n, key, f"{text!r} is not a whole number", where=where)
        value = int(text)
    low, high = _INTEGERS[key]
    if not low <= value <= high:
        raise OMMError(file, n, key, f"{value} is outside {low} to {high}", where=where)
    return value


def parse_epoch(text: str) -> dt.datetime:
    """``2025-10-04T12:00:00.123456`` (or day of year, ``2025-277T...``), UTC, to the µs."""
    m = _EPOCH.match(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not an epoch (e.g. 2025-10-04T12:00:00.000000)")
    year, month, day, doy, hh, mi, ss, frac = m.groups()
    if doy:
        base = dt.datetime(int(year), 1, 1) + dt.timedelta(days=int(doy) - 1)
        if base.year != int(year):
            raise ValueError(f"{text!r}: day {doy} is not in {year}")
        month, day = str(base.month), str(base.day)
    micro = round(int((frac or "0").ljust(9, "0")) / 1000)
    when = dt.datetime(int(year), int(month), int(day), int(hh), int(mi), int(ss))
    return when + dt.timedelta(microseconds=micro)


def record(
    raw: dict[str, Any], file: str, n: int, units: dict[str, str] | None = None, where: str = ""
) -> MeanElementSet:
    """One OMM record from its keywords (values as numbers or strings), checked."""
    where = where or str(n)
    for key, allowed in METADATA.items():
        if key in raw and str(raw[key]).strip().upper() not in allowed:
            said = " or ".join(allowed)
            raise OMMError(file, n, key, f"is {raw[key]!r}: SGP4 elements need {said}", where=where)
    missing = [k for k in MANDATORY if raw.get(k) in (None, "")]
    if missing:
        raise OMMError(file, n, missing[0], "missing (a mandatory keyword)", where=where)
    for key, unit in (units or {}).items():
        want = UNITS.get(key)
        if want is not None and unit.replace(" ", "").lower() != want:
            raise OMMError(file, n, key, f"is in [{unit}]; OMM gives it in [{want}]", where=where)
    values = {k: _number(file, n, k, raw[k], where) for k in _RANGES}
    ints = {
        k: _integer(file, n, k, raw[k], where) for k in _INTEGERS if raw.get(k) not in (None, "")
    }
    try:
        epoch = parse_epoch(str(raw["EPOCH"]))
    except ValueError as exc:
        raise OMMError(file, n, "EPOCH", str(exc), where=where) from None
    name, object_id = str(raw["OBJECT_NAME"]).strip(), str(raw["OBJECT_ID"]).strip()
    classification = raw.get("CLASSIFICATION_TYPE")
    if classification not in (None, "") and str(classification).strip() not in ("U", "C", "S"):
        raise OMMError(
            file, n, "CLASSIFICATION_TYPE", f"{classification!r} is not U, C or S", where=where
        )
    given = {
        **values,
        **ints,
        "OBJECT_NAME": name,
        "OBJECT_ID": object_id,
        "EPOCH": epoch.isoformat(timespec="microseconds"),
    }
    if classification not in (None, ""):
        given["CLASSIFICATION_TYPE"] = str(classification).strip()
    fields = {key: given[key] for key in KEYWORDS if key in given}
    return MeanElementSet(
        name=name,
        object_id=object_id,
        norad_id=ints["NORAD_CAT_ID"],
        epoch=epoch,
        mean_motion_rev_day=values["MEAN_MOTION"],
        eccentricity=values["ECCENTRICITY"],
        inclination_deg=values["INCLINATION"],
        raan_deg=values["RA_OF_ASC_NODE"],
        arg_perigee_deg=values["ARG_OF_PERICENTER"],
        mean_anomaly_deg=values["MEAN_ANOMALY"],
        bstar=values["BSTAR"],
        mean_motion_dot=values["MEAN_MOTION_DOT"],
        mean_motion_ddot=values["MEAN_MOTION_DDOT"],
        fields=fields,
        source_line=n,
    )


def from_text(text: str, label: str = "<element set>") -> MeanElementSet:
    """A record from the canonical text the archive keeps."""
    try:
        raw = json.loads(text)
    except ValueError:
        raise OMMError(label, 1, "element_set", "is not an OMM record in JSON") from None
    if not isinstance(raw, dict):
        raise OMMError(label, 1, "element_set", "is not an OMM record in JSON")
    return record(raw, label, 1)


# -- formats -------------------------------------------------------------------------------


def sniff(head: str) -> str:
    """The format of a file from its first characters: json, xml, kvn, csv or tle."""
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith(("[", "{")):
        return "json"
    if text.startswith("<"):
        return "xml"
    if text.startswith(("CCSDS_OMM_VERS", "COMMENT")):
        return "kvn"
    first = text.split("\n", 1)[0]
    if "," in first and "EPOCH" in first.upper():
        return "csv"
    return "tle"


def _json(f: IO[bytes], file: str) -> Iterator[MeanElementSet]:
    import ijson

    if f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"[":
        raise OMMError(file, 0, "json", "not a JSON list of OMM records", where="file")
    f.seek(0)
    try:
        for n, raw in enumerate(ijson.items(f, "item", use_float=True), 1):
            if not isinstance(raw, dict):
                raise OMMError(
                    file, n, "record", "is not an object of OMM keywords", where=f"record {n}"
                )
            yield record(raw, file, n, where=f"record {n}")
    except ijson.JSONError as exc:
        raise OMMError(
            file, 0, "json", f"not JSON as CelesTrak serves it: {exc}", where="file"
        ) from None


def _csv(f: IO[str], file: str) -> Iterator[MeanElementSet]:
    reader = csv.reader(f)
    header = next(reader, None)
    if not header:
        raise OMMError(file, 1, "header", "no header line of OMM keywords")
    header = [h.strip().upper() for h in header]
    for row in reader:
        n = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise OMMError(file, n, "row", f"has {len(row)} fields, the header {len(header)}")
        yield record(dict(zip(header, row, strict=True)), file, n)


def _xml(f: IO[bytes], file: str) -> Iterator[MeanElementSet]:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    n = 0
    try:
        for _event, elem in iterparse(f, events=("end",)):
            if _local(elem.tag) != "segment":
                continue
            n += 1
            raw: dict[str, Any] = {}
            units: dict[str, str] = {}
            for leaf in elem.iter():
                if len(leaf) == 0 and leaf is not elem:
                    key = _local(leaf.tag).upper()
                    raw[key] = (leaf.text or "").strip()
                    if "units" in leaf.attrib:
                        units[key] = leaf.attrib["units"]
            elem.clear()
            yield record(raw, file, n, units, where=f"segment {n}")
    except ParseError as exc:
        raise OMMError(file, exc.position[0], "xml", f"not well-formed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise OMMError(
            file, 0, "xml", f"refused: {exc} (an OMM needs no DTD or entities)", where="file"
        ) from None
    if n == 0:
        raise OMMError(file, 1, "segment", "no OMM segment in the file")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_KVN = re.compile(r"^([A-Z_0-9]+)\s*=\s*(.*?)\s*(?:\[([^\]]*)\])?\s*$")


def _kvn(f: IO[str], file: str) -> Iterator[MeanElementSet]:
    raw: dict[str, Any] = {}
    units: dict[str, str] = {}
    start = 0
    for n, line in enumerate(f, 1):
        text = line.strip()
        if not text or text.startswith("COMMENT"):
            continue
        m = _KVN.match(text)
        if m is None:
            raise OMMError(file, n, "line", f"{text[:40]!r} is not 'KEYWORD = value [unit]'")
        key, value, unit = m.groups()
        if key == "CCSDS_OMM_VERS":
            if raw:
                yield record(raw, file, start, units)
            raw, units, start = {}, {}, n
            continue
        if key in raw:
            raise OMMError(file, n, key, "given twice in one message")
        raw[key] = value
        if unit:
            units[key] = unit
    if raw:
        yield record(raw, file, start, units)


def read(path: Path | str) -> Iterator[MeanElementSet]:
    """Every OMM record in a file, one at a time; the format is read from its content."""
    path = Path(path)
    file = str(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        raise OMMError(file, 0, "file", f"cannot read: {exc.strerror}", where="file") from None
    with f:
        fmt = sniff(f.read(4096).decode("utf-8", "replace"))
        f.seek(0)
        if fmt == "json":
            yield from _json(f, file)
        elif fmt == "xml":
            yield from _xml(f, file)
        elif fmt in ("csv", "kvn"):
            text = io.TextIOWrapper(f, encoding="utf-8", newline="")
            try:
                yield from (_csv if fmt == "csv" else _kvn)(text, file)
            except UnicodeDecodeError as exc:
                raise OMMError(file, 0, "text", f"not UTF-8 ({exc.reason})", where="file") from None
        else:
            raise OMMError(file, 1, "format", "not OMM (JSON, CSV, XML or KVN)")


# -- writing -------------------------------------------------------------------------------


def write(sets: list[MeanElementSet], path: Path | str) -> None:
    """The records as OMM, in the format the file's suffix names (.json .csv .xml .kvn)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "json":
        path.write_text(json.dumps([s.fields for s in sets], indent=1) + "\n", encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(KEYWORDS)
            for s in sets:
                w.writerow([_written(s.fields.get(k)) for k in KEYWORDS])
    elif fmt == "kvn":
        path.write_text("".join(_kvn_message(s) for s in sets), encoding="utf-8")
    elif fmt == "xml":
        path.write_text(_xml_document(sets), encoding="utf-8")
    else:
        raise OMMError(str(path), 0, "format", "write .json, .csv, .xml or .kvn", where="file")


def _written(value: Any) -> str:
    """A value as text that reads back to the same value (repr is Python's shortest exact)."""
    return "" if value is None else (repr(value) if isinstance(value, float) else str(value))


_META = (("CENTER_NAME", "EARTH"), ("REF_FRAME", "TEME"), ("TIME_SYSTEM", "UTC"),
         ("MEAN_ELEMENT_THEORY", "SGP4"))  # fmt: skip


def _kvn_message(s: MeanElementSet) -> str:
    lines = [
        "CCSDS_OMM_VERS = 3.0",
        "CREATION_DATE = " + s.fields["EPOCH"],
        "ORIGINATOR = launchlog",
    ]
    lines += [f"{k} = {s.fields[k]}" for k in ("OBJECT_NAME", "OBJECT_ID")]
    lines += [f"{k} = {v}" for k, v in _META]
    for key in KEYWORDS[2:]:
        if key in s.fields:
            unit = f" [{UNITS[key]}]" if key in UNITS else ""
            lines.append(f"{key} = {_written(s.fields[key])}{unit}")
    return "\n".join(lines) + "\n\n"


def _xml_document(sets: list[MeanElementSet]) -> str:
    from xml.sax.saxutils import escape

    def leaf(key: str) -> str:
        unit = f' units="{UNITS[key]}"' if key in UNITS else ""
        return f"<{key}{unit}>{escape(_written(s.fields[key]))}</{key}>"

    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<ndm><omm id="CCSDS_OMM_VERS" version="3.0">']
    for s in sets:
        meta = "".join(leaf(k) for k in ("OBJECT_NAME", "OBJECT_ID")) + "".join(
            f"<{k}>{v}</{k}>" for k, v in _META
        )
        mean = "".join(leaf(k) for k in KEYWORDS[2:9])
        tle = "".join(leaf(k) for k in KEYWORDS[9:] if k in s.fields)
        out.append(
            f"<body><segment><metadata>{meta}</metadata><data><meanElements>{mean}"
            f"</meanElements><tleParameters>{tle}</tleParameters></data></segment></body>"
        )
    out.append("</omm></ndm>")
    return "\n".join(out) + "\n"


def from_tle(es: Any) -> MeanElementSet:
    """A TLE (``flight.tle.ElementSet``) as the OMM record CelesTrak serves beside it."""
    from sgp4.api import Satrec

    from .tle import epoch_as_written

    sat = Satrec.twoline2rv(es.line1, es.line2)
    raw = {
        "OBJECT_NAME": es.name,
        "OBJECT_ID": es.cospar_id or "",
        "EPOCH": epoch_as_written(es).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "MEAN_MOTION": es.mean_motion_rev_day,
        "ECCENTRICITY": es.eccentricity,
        "INCLINATION": es.inclination_deg,
        "RA_OF_ASC_NODE": es.raan_deg,
        "ARG_OF_PERICENTER": es.arg_perigee_deg,
        "MEAN_ANOMALY": es.mean_anomaly_deg,
        "EPHEMERIS_TYPE": int(es.line1[62]) if es.line1[62].isdigit() else 0,
        "CLASSIFICATION_TYPE": es.line1[7],
        "NORAD_CAT_ID": es.norad_id,
        "ELEMENT_SET_NO": int(es.line1[64:68]),
        "REV_AT_EPOCH": int(es.line2[63:68]),
        "BSTAR": sat.bstar,
        "MEAN_MOTION_DOT": float(es.line1[33:43]),
        "MEAN_MOTION_DDOT": sat.nddot * (2985984000.0 / 2.0 / math.pi),
    }
    return record(raw, "<tle>", es.source_line)
