"""Reading Launch Library 2's launch lists (The Space Devs, API v2.2.0) strictly.

A list is ``{"count", "results": [...]}`` as ``/launch/previous/`` and ``/launch/upcoming/``
return it. Each launch must give its id (a UUID), name, status, NET, NET precision, last
update, rocket configuration, provider and pad (with coordinates and location); its
mission (name, type, orbit, designator) where it has one. Every problem is collected
with file, record (the launch's id or position) and field, and nothing is returned unless
the whole list is sound; the same id twice is accepted only with the same content.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LoadError, RecordProblem
from .vocab import Outcome, TimePrecision

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DESIGNATOR = re.compile(r"^\d{4}-\d{3}$")
# LL2's status abbreviations; the rest (Go, TBD, TBC, Hold, In Flight) are not yet outcomes
OUTCOMES = {
    "Success": Outcome.SUCCESS,
    "Failure": Outcome.FAILURE,
    "Partial Failure": Outcome.PARTIAL,
}
# LL2's NET precisions onto the archive's: each to the finest of ours that does not claim
# more than LL2 does (a week, a quarter, a half or a fiscal year become the month or year)
PRECISIONS = {
    "SEC": TimePrecision.SECOND,
    "MIN": TimePrecision.MINUTE,
    "HR": TimePrecision.HOUR,
    "AM": TimePrecision.DAY,
    "PM": TimePrecision.DAY,
    "DAY": TimePrecision.DAY,
    "W": TimePrecision.MONTH,
    "MON": TimePrecision.MONTH,
    "Q1": TimePrecision.YEAR,
    "Q2": TimePrecision.YEAR,
    "Q3": TimePrecision.YEAR,
    "Q4": TimePrecision.YEAR,
    "H1": TimePrecision.YEAR,
    "H2": TimePrecision.YEAR,
    "FY": TimePrecision.YEAR,
    "YEAR": TimePrecision.YEAR,
}


@dataclass(frozen=True)
class LL2Launch:
    id: str
    slug: str
    name: str
    status: str  # LL2's abbreviation, "Success", "Go", ...
    net: dt.datetime  # UTC
    precision: TimePrecision
    precision_said: str  # LL2's own, "MIN"
    last_updated: str  # as LL2 writes it: 2026-02-22T07:38:43Z (ISO, so ordered as text)
    failreason: str | None
    config_id: int
    config_name: str
    config_full_name: str
    family: str | None
    variant: str | None
    provider_id: int
    provider_name: str
    provider_type: str | None
    pad_id: int
    pad_name: str
    latitude: float
    longitude: float
    location_id: int
    location_name: str
    country_code: str | None
    mission_name: str | None
    mission_type: str | None
    orbit: str | None  # LL2's orbit abbreviation: LEO, SSO, GTO, PO, Sub, N/A
    designator: str | None  # the international designator of the launch, 2026-045
    position: int

    @property
    def outcome(self) -> Outcome:
        return OUTCOMES.get(self.status, Outcome.PLANNED)

    @property
    def suborbital(self) -> bool:
        return self.orbit == "Sub"


@dataclass
class LL2List:
    launches: list[LL2Launch]
    path: Path


def _time(text: Any) -> dt.datetime:
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a time")
    when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError(f"{text!r} names no time zone (LL2 writes UTC with Z)")
    return when.astimezone(dt.UTC).replace(tzinfo=None)


class _Fields:
    """One launch's fields, each read with its path named when it is wrong."""

    def __init__(self, raw: dict, problems: list[RecordProblem], file: str, record: str) -> None:
        self.raw, self.problems, self.file, self.record = raw, problems, file, record
        self.ok = True

    def get(self, path: str, kind: type | tuple, required: bool = True) -> Any:
        node: Any = self.raw
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None or node == "":
            if required:
                self.fail(path, "missing")
            return None
        if isinstance(node, bool) or not isinstance(node, kind):
            self.fail(path, f"{node!r} is not {_kind_name(kind)}")
            return None
        return node

    def fail(self, field: str, message: str) -> None:
        self.ok = False
        self.problems.append(RecordProblem(self.file, None, self.record, field, message))


def _kind_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({str: "text", int: "a whole number", float: "a number"}[k] for k in kinds)


def _launch(raw: Any, n: int, file: str, problems: list[RecordProblem]) -> LL2Launch | None:
    record = f"launch {n}"
    if not isinstance(raw, dict):
        problems.append(RecordProblem(file, None, record, None, "is not a launch object"))
        return None
    if isinstance(raw.get("id"), str):
        record = f"launch {raw['id']}"
    f = _Fields(raw, problems, file, record)
    lid = f.get("id", str)
    if lid is not None and not _UUID.match(lid):
        f.fail("id", f"{lid!r} is not an LL2 launch id (a UUID)")
    values: dict[str, Any] = {}
    for name, path, kind, required in (
        ("slug", "slug", str, True),
        ("name", "name", str, True),
        ("status", "status.abbrev", str, True),
        ("precision_said", "net_precision.abbrev", str, True),
        ("failreason", "failreason", str, False),
        ("config_id", "rocket.configuration.id", int, True),
        ("config_name", "rocket.configuration.name", str, True),
        ("config_full_name", "rocket.configuration.full_name", str, True),
        ("family", "rocket.configuration.family", str, False),
        ("variant", "rocket.configuration.variant", str, False),
        ("provider_id", "launch_service_provider.id", int, True),
        ("provider_name", "launch_service_provider.name", str, True),
        ("provider_type", "launch_service_provider.type", str, False),
        ("pad_id", "pad.id", int, True),
        ("pad_name", "pad.name", str, True),
        ("location_id", "pad.location.id", int, True),
        ("location_name", "pad.location.name", str, True),
        ("country_code", "pad.location.country_code", str, False),
        ("mission_name", "mission.name", str, False),
        ("mission_type", "mission.type", str, False),
        ("orbit", "mission.orbit.abbrev", str, False),
        ("designator", "mission.launch_designator", str, False),
    ):
        values[name] = f.get(path, kind, required)
    for name in ("latitude", "longitude"):
        raw_value = f.get(f"pad.{name}", (str, int, float))
        try:
            value = float(raw_value) if raw_value is not None else None
        except ValueError:
            f.fail(f"pad.{name}", f"{raw_value!r} is not a number")
            value = None
        limit = 90 if name == "latitude" else 180
        if value is not None and not -limit <= value <= limit:
            f.fail(f"pad.{name}", f"{value:g} is outside -{limit} to {limit}")
        values[name] = value
    for name in ("net", "last_updated"):
        text = f.get(name, str)
        if text is not None:
            try:
                values[name] = _time(text) if name == "net" else text
                if name == "last_updated":
                    _time(text)
            except ValueError as exc:
                f.fail(name, str(exc))
    said = values["precision_said"]
    if said is not None and said not in PRECISIONS:
        f.fail("net_precision.abbrev", f"{said!r} is not one of LL2's NET precisions")
    if values["designator"] and not _DESIGNATOR.match(values["designator"]):
        f.fail("mission.launch_designator", f"{values['designator']!r} is not like 2026-045")
    if not f.ok:
        return None
    return LL2Launch(
        id=lid,
        precision=PRECISIONS[said],
        position=n,
        **values,
    )


def read_ll2(path: Path | str) -> LL2List:
    """Read and check an LL2 launch list; ``LoadError`` lists every problem."""
    path = Path(path)
    file = str(path)
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise LoadError(
            [RecordProblem(file, None, None, None, f"cannot read: {exc.strerror}")], "the LL2 list"
        ) from None
    except ValueError as exc:
        raise LoadError(
            [RecordProblem(file, None, None, None, f"not JSON: {exc}")], "the LL2 list"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise LoadError(
            [
                RecordProblem(
                    file, None, None, "results", "not an LL2 launch list (no 'results' list)"
                )
            ],
            "the LL2 list",
        )
    problems: list[RecordProblem] = []
    launches: dict[str, LL2Launch] = {}
    raw_of: dict[str, Any] = {}
    for n, raw in enumerate(data["results"], 1):
        launch = _launch(raw, n, file, problems)
        if launch is None:
            continue
        if launch.id in launches:
            if raw != raw_of[launch.id]:
                problems.append(
                    RecordProblem(
                        file,
                        None,
                        f"launch {launch.id}",
                        "id",
                        "given twice with different content (launches "
                        f"{launches[launch.id].position} and {n})",
                    )
                )
            continue
        launches[launch.id] = launch
        raw_of[launch.id] = raw
    if problems:
        raise LoadError(problems, "the LL2 list")
    return LL2List(sorted(launches.values(), key=lambda x: (x.net, x.id)), path)
