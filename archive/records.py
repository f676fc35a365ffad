"""The schema of the human-edited record files in ``missions/`` (pydantic).

A record file is a YAML mapping of sections (``sources``, ``organisations``,
``sites``, ``engines``, ``families``, ``vehicles``, ``payloads``, ``missions``),
each a list of records. Physical values are strings with units (``"19 m"``,
``"441 kN"``) so that a file never leaves its units implicit, or a mapping
that adds provenance::

    dry_mass: {value: 1.9 t, estimate: "scaled from ..."}
    mass: {value: 40 kg, sources: [nsf-2018-zq1], note: "a pre-launch report said 10-30 kg"}

Every record but a source names its sources; a value with ``estimate`` says how
it was estimated. Validation here is per record; cross-references are checked
by the loader, which sees all files and the database.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from astropy import units as u
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    field_validator,
    model_validator,
)

from . import model as m
from .model import Measure, measures
from .utc import LeapSecond, from_parts, in_space_age
from .vocab import (
    EventKind,
    FailureKind,
    LandingOutcome,
    LandingZoneKind,
    OrbitKind,
    OrbitOrigin,
    OrgRole,
    Outcome,
    PadKind,
    Recovery,
    ReturnBurn,
    TimePrecision,
)
from .vocab import VehicleStatus as _VehicleStatus

KEY_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Measured(Strict):
    """A value in the column's SI-based unit, with its provenance."""

    value: float
    sources: tuple[str, ...] = ()
    estimate: str | None = None
    note: str | None = None

    @property
    def cited(self) -> bool:
        return bool(self.sources or self.estimate or self.note)


def parse_quantity(raw: Any, unit: u.UnitBase) -> float:
    """``"27 t"`` -> 27000.0 for unit kg. A bare number is refused: units are explicit."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"expected a value with a unit of {unit.physical_type}, got {raw!r}")
    if isinstance(raw, int | float):
        raise ValueError(f"{raw!r} has no unit; write it as e.g. '{raw} {unit}'")
    if not isinstance(raw, str):
        raise ValueError(f"expected a string like '12 {unit}', got {type(raw).__name__}")
    if any(ch.isdigit() and not ch.isascii() for ch in raw):
        raise ValueError(f"{raw!r}: write numbers with the digits 0-9")
    try:
        q = u.Quantity(raw)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"cannot read {raw!r} as a quantity: {str(exc).split('.')[0]}") from None
    if q.unit == u.dimensionless_unscaled and unit != u.dimensionless_unscaled:
        raise ValueError(f"{raw!r} has no unit; write it as e.g. '{raw} {unit}'")
    try:
        value = float(q.to_value(unit))
    except u.UnitConversionError:
        raise ValueError(
            f"{raw!r} is a {q.unit.physical_type}, expected a {unit.physical_type} ({unit})"
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{raw!r} is not a finite number")
    return value


def _number(raw: Any) -> float:
    """A pure number (eccentricity, a thrust fraction): a bare number or a numeric string."""
    if isinstance(raw, str):
        try:
            if not raw.isascii():  # float() reads the digits of every script
                raise ValueError
            raw = float(raw)
        except ValueError:
            raise ValueError(f"must be a number, got {raw!r}") from None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"must be a number, got {raw!r}")
    if raw != raw or raw in (float("inf"), float("-inf")):
        raise ValueError(f"{raw!r} is not a finite number")
    return float(raw)


def _bound_error(value: float, measure: Measure, raw: Any) -> str | None:
    """Why ``value`` breaks the column's bounds (or a record's typo bound), else None."""
    unit = f" {measure.unit}" if measure.unit else ""
    why = f" ({measure.why})" if measure.why else ""
    low, high = measure.low, measure.high
    if low is not None and (value <= low if measure.low_strict else value < low):
        word = "greater than" if measure.low_strict else "at least"
        return f"must be {word} {low:g}{unit}{why}, got {raw!r}"
    for top, strict in ((measure.typo_above, False), (high, measure.high_strict)):
        if top is not None and (value >= top if strict else value > top):
            word = "less than" if strict else "at most"
            return f"must be {word} {top:g}{unit}{why}, got {raw!r}"
    return None


@functools.cache
def measured_type(measure: Measure) -> Any:
    """The record type of a measured column: a value with its unit (or a pure number) and
    its provenance, checked against the column's bounds, stored in the column's unit."""
    unit = None if measure.unit is None else u.Unit(measure.unit)

    def parse(v: Any) -> Any:
        if isinstance(v, Measured):
            return v
        extra: dict[str, Any] = {}
        if isinstance(v, Mapping):
            extra = dict(v)
            if "value" not in extra:
                raise ValueError("a mapping needs a 'value'")
            v = extra.pop("value")
            if isinstance(extra.get("sources"), str):
                extra["sources"] = [extra["sources"]]
            if "source" in extra:
                extra["sources"] = [*extra.get("sources", []), extra.pop("source")]
        value = _number(v) if unit is None else parse_quantity(v, unit)
        if measure.integer and value != int(value):
            raise ValueError(f"must be a whole number, got {v!r}")
        problem = _bound_error(value, measure, v)
        if problem:
            raise ValueError(problem)
        return {"value": value, **extra}

    return Annotated[Measured, BeforeValidator(parse)]


def with_measures(base: type[Strict], table: type) -> Any:
    """``base`` with a field for each measured column of ``table`` (see ``model.Measure``):
    nullable columns give optional fields, columns written together (``part``) one tuple;
    and an optional text field for each ``catalogued`` column (``model.texts``)."""
    fields: dict[str, Any] = {}
    parts: dict[str, list[Measure]] = {}
    for column, measure in measures(table):
        if measure.part is not None:
            parts.setdefault(measure.record, []).append(measure)
            continue
        typ = measured_type(measure)
        nullable = table.__table__.c[column].nullable
        if measure.required:
            fields[measure.record] = (typ | None, ...)
        else:
            fields[measure.record] = (typ | None, None) if nullable else (typ, ...)
    for record, group in parts.items():
        fields[record] = (tuple[tuple(measured_type(g) for g in group)] | None, None)
    for column in m.texts(table):
        fields[column] = (str | None, None)
    name = base.__name__.lstrip("_")
    lengths = {
        field: col.type.length
        for field in (*base.model_fields, *m.texts(table))
        if (col := table.__table__.c.get(field)) is not None
        and getattr(col.type, "length", None) is not None
    }
    validators = {"_fits_the_columns": model_validator(mode="after")(_fits(lengths))}
    return create_model(
        name, __base__=base, __module__=__name__, __validators__=validators, **fields
    )


def _fits(lengths: dict[str, int]) -> Any:
    """A check that each text field fits its column (SQLite would store a longer one, and
    PostgreSQL then refuse the same archive's export)."""

    def check(record: Any) -> Any:
        for field, most in lengths.items():
            value = getattr(record, field)
            if isinstance(value, str) and len(value) > most:
                raise ValueError(f"{field}: at most {most} characters, got {len(value)}")
        return record

    return check


_TIME = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}(?:\.\d+)?))?)?)?)?)?"
    r"\s*(?:Z|UTC|\+00:00)?$",
    re.ASCII,
)


def parse_utc(raw: Any) -> tuple[dt.datetime, TimePrecision]:
    """A UTC time and the precision it was written with (``2018-10-27 08:00`` -> minute)."""
    if isinstance(raw, dt.datetime):
        if raw.tzinfo is not None:
            offset = raw.utcoffset()
            raw = raw.replace(tzinfo=None) - (offset or dt.timedelta(0))
        return raw, TimePrecision.SECOND
    if isinstance(raw, dt.date):
        return dt.datetime(raw.year, raw.month, raw.day), TimePrecision.DAY
    if not isinstance(raw, str):
        raise ValueError(f"expected a UTC time like '2018-10-27 08:00', got {raw!r}")
    m = _TIME.match(raw.strip())
    if not m:
        raise ValueError(f"cannot read {raw!r} as a UTC time (use 'YYYY-MM-DD HH:MM[:SS]')")
    return from_parts(raw, m.groupdict())


def _to_list(v: Any) -> Any:
    return [v] if isinstance(v, str) else v


Sources = Annotated[tuple[Key, ...], BeforeValidator(_to_list)]


class Cited(Strict):
    """A record that must say where its facts come from."""

    sources: Sources = Field(min_length=1)
    note: str | None = None


class SourceRecord(Strict):
    key: Key
    title: str = Field(min_length=1)
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    note: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        if isinstance(v, str):
            return parse_utc(v)[0].date()
        return v


class _OrganisationRecord(Cited):
    key: Key
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    country: str | None = Field(default=None, max_length=8)
    roles: tuple[OrgRole, ...] = ()
    gcat_code: str | None = None


OrganisationRecord = with_measures(_OrganisationRecord, m.Organisation)


class _PadRecord(Strict):
    key: Key
    name: str
    kind: PadKind | None = None  # None: not known (GCAT does not say)
    note: str | None = None


PadRecord = with_measures(_PadRecord, m.Pad)


class _SiteRecord(Cited):
    key: Key
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    operator: Key | None = None
    gcat_code: str | None = None
    pads: tuple[PadRecord, ...] = ()

    @model_validator(mode="after")
    def _unique_pads(self) -> Any:
        _no_duplicates([p.key for p in self.pads], "pads")
        return self


SiteRecord = with_measures(_SiteRecord, m.Site)


class _EngineRecord(Cited):
    key: Key
    name: str
    manufacturer: Key | None = None
    propellants: str | None = None
    cycle: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Any:
        if self.thrust_sl and self.thrust_vac and self.thrust_sl.value > self.thrust_vac.value:
            raise ValueError("thrust_sl: sea-level thrust exceeds vacuum thrust")
        if self.isp_sl and self.isp_vac and self.isp_sl.value > self.isp_vac.value:
            raise ValueError("isp_sl: sea-level Isp exceeds vacuum Isp")
        return self


EngineRecord = with_measures(_EngineRecord, m.Engine)


class FamilyRecord(Cited):
    key: Key
    name: str
    manufacturer: Key | None = None


class StageEngineRecord(Strict):
    engine: Key
    count: int = Field(ge=1, le=100, strict=True)
    role: Literal["main", "vernier", "booster"] = "main"


class _StageRecord(Strict):
    number: int = Field(ge=0, le=10, strict=True)
    name: str | None = None
    propellants: str | None = None
    engines: tuple[StageEngineRecord, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _burn_engines(self) -> Any:
        have = sum(e.count for e in self.engines)
        for name in ("entry_burn_engines", "landing_burn_engines"):
            n = getattr(self, name)
            n = None if n is None else n.value
            if n is not None and self.engines and n > have:
                raise ValueError(f"{name}: {n:g} engines, but the stage has {have}")
        return self


StageRecord = with_measures(_StageRecord, m.Stage)


class _CapacityRecord(Strict):
    orbit: str = Field(pattern=r"^[A-Z]{2,5}$")
    recovery: Recovery | None = None
    sources: Sources = ()
    note: str | None = None


CapacityRecord = with_measures(_CapacityRecord, m.Capacity)


class _VehicleRecord(Cited):
    key: Key
    name: str
    aliases: tuple[str, ...] = ()
    family: Key
    variant: str | None = None
    manufacturer: Key | None = None
    status: _VehicleStatus | None = None  # None: not recorded (GCAT's vehicles)
    propellants: str | None = None
    first_flight: dt.date | None = None
    announced_first_flight: str | None = None
    gcat_name: str | None = None
    stages: tuple[StageRecord, ...] = ()
    capacities: tuple[CapacityRecord, ...] = ()

    @model_validator(mode="after")
    def _stage_numbers(self) -> Any:
        _no_duplicates([s.number for s in self.stages], "stages")
        return self


VehicleRecord = with_measures(_VehicleRecord, m.Vehicle)


class _PayloadRecord(Cited):
    slug: Key
    name: str
    aliases: tuple[str, ...] = ()
    operator: Key | None = None
    builder: Key | None = None
    form_factor: str | None = None
    purpose: str | None = None
    cospar_id: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{3}[A-Z]{1,3}$")
    norad_id: int | None = Field(default=None, ge=1, le=999_999, strict=True)
    gcat_jcat: str | None = None


PayloadRecord = with_measures(_PayloadRecord, m.Payload)


class _EventRecord(Strict):
    kind: EventKind
    stage: int | None = Field(default=None, ge=0, le=10, strict=True)
    nominal: bool = True
    description: str | None = None
    sources: Sources = ()
    estimate: str | None = None


EventRecord = with_measures(_EventRecord, m.MissionEvent)


class _FailureRecord(Strict):
    """A failure the ascent simulator flies: a model of what was reported, not the report."""

    stage: int = Field(ge=1, le=10, strict=True)
    kind: FailureKind
    description: str | None = None
    sources: Sources = ()
    estimate: str | None = None

    @model_validator(mode="after")
    def _needs(self) -> Any:
        if self.kind == FailureKind.THRUST_SHORTFALL and self.thrust_factor is None:
            raise ValueError("thrust_factor: a thrust_shortfall needs the fraction that remained")
        if self.kind == FailureKind.ATTITUDE_LOSS and self.tumble_rate is None:
            raise ValueError("tumble_rate: an attitude_loss needs the tumble rate (deg/s)")
        return self


FailureRecord = with_measures(_FailureRecord, m.FailureMode)


class _OrbitRecord(Strict):
    """Classical elements, or perigee/apogee/inclination; see ``model.Orbit``."""

    # element-set orbits are keyed by their epoch: tle-57319-20251003T120000
    key: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)] | None = None
    kind: OrbitKind
    origin: OrbitOrigin = OrbitOrigin.PUBLISHED
    payload: Key | None = None
    epoch: Any = None
    # published figures are of date: TEME's equator (flight.frames); GCRS is J2000's
    frame: Literal["TEME", "GCRS", "ICRF"] = "TEME"
    elements: Literal["osculating", "sgp4-mean"] = "osculating"
    sun_synchronous: bool = False
    local_time_node: str | None = Field(default=None, pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    element_set: str | None = None  # the TLE an achieved orbit came from, verbatim
    sources: Sources = ()
    estimate: str | None = None
    note: str | None = None

    @field_validator("epoch", mode="before")
    @classmethod
    def _epoch(cls, v: Any) -> Any:
        if v is None:
            return None
        when = in_space_age(parse_utc(v)[0])
        if isinstance(when, LeapSecond):
            raise ValueError("an epoch inside a leap second is not stored; give the orbit at 00:00")
        return when

    @model_validator(mode="after")
    def _shape(self) -> Any:
        if self.origin in (OrbitOrigin.REGISTERED, OrbitOrigin.CATALOGUED):
            # a registration holds what the state filed: a perigee, and what else it gave
            if self.perigee is None:
                raise ValueError(f"perigee: a {self.origin.value} orbit gives its perigee")
            if self.apogee is not None and self.perigee.value > self.apogee.value:
                raise ValueError(
                    f"perigee: perigee {self.perigee.value:g} km "
                    f"is above apogee {self.apogee.value:g} km"
                )
            return self
        classical = self.semi_major_axis is not None or self.eccentricity is not None
        if classical and (self.perigee is not None or self.apogee is not None):
            raise ValueError("give classical elements or perigee/apogee, not both")
        if classical and (self.semi_major_axis is None or self.eccentricity is None):
            raise ValueError(
                "semi_major_axis: classical elements need semi_major_axis and eccentricity"
            )
        if not classical and (self.perigee is None or self.apogee is None):
            raise ValueError("perigee: give both perigee and apogee (or classical elements)")
        if self.perigee and self.apogee and self.perigee.value > self.apogee.value:
            raise ValueError(
                f"perigee: perigee {self.perigee.value:g} km "
                f"is above apogee {self.apogee.value:g} km"
            )
        if self.inclination is None and not self.sun_synchronous:
            raise ValueError("inclination: required unless the orbit is sun_synchronous")
        return self


OrbitRecord = with_measures(_OrbitRecord, m.Orbit)


class _LandingZoneRecord(Cited):
    key: Key
    name: str
    aliases: tuple[str, ...] = ()
    kind: LandingZoneKind
    country: str | None = None


LandingZoneRecord = with_measures(_LandingZoneRecord, m.LandingZone)


class _LandingRecord(Strict):
    """A stage's way back on one flight (see ``model.Landing``)."""

    stage: int = Field(ge=1, le=10, strict=True)
    zone: Key
    planned: bool = True
    outcome: LandingOutcome
    engine_out_burn: ReturnBurn | None = None
    engines_out: int | None = Field(default=None, ge=1, le=100, strict=True)
    description: str | None = None
    sources: Sources = ()
    estimate: str | None = None

    @model_validator(mode="after")
    def _engine_out(self) -> Any:
        told = (self.engine_out_burn, self.engine_out_after, self.engines_out)
        if any(x is not None for x in told) and any(x is None for x in told):
            missing = [
                name
                for name, x in zip(
                    ("engine_out_burn", "engine_out_after", "engines_out"), told, strict=True
                )
                if x is None
            ]
            raise ValueError(
                f"{missing[0]}: an engine-out on the way down needs its burn, the time into "
                "that burn and the engines lost"
            )
        if self.engine_out_burn is not None and self.outcome == LandingOutcome.NOT_ATTEMPTED:
            raise ValueError("engine_out_burn: a landing not attempted has no burns to fail")
        return self


LandingRecord = with_measures(_LandingRecord, m.Landing)


class _MissionRecord(Cited):
    slug: Key
    name: str
    vehicle: Key
    site: Key
    pad: Key | None = None
    launch_time: Any
    launch_time_precision: TimePrecision | None = None
    outcome: Outcome
    failed_stage: int | None = Field(default=None, ge=1, le=10, strict=True)
    failure: str | None = None
    cospar_id: str | None = Field(default=None, pattern=r"^[0-9]{4}-[0-9]{3}$")
    # GCAT's launch tags: 2018-F02, 2023-097, 1969-U01, and the old 1957 ALP / 1958 A DEL
    gcat_tag: str | None = Field(
        default=None, pattern=r"^[0-9]{4}(-([0-9]{3}|[A-Z][0-9]{2})|( [A-Z])? [A-Z]{2,3})$"
    )
    gcat_launch_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}[0-9]{0,2}$")
    flight_number: str | None = None
    country: str | None = Field(default=None, min_length=1, max_length=8)
    provider: Key | None = None
    events: tuple[EventRecord, ...] = ()
    failures: tuple[FailureRecord, ...] = ()
    payloads: tuple[Key, ...] = ()
    orbits: tuple[OrbitRecord, ...] = ()
    landings: tuple[LandingRecord, ...] = ()

    @field_validator("launch_time", mode="before")
    @classmethod
    def _launch_time(cls, v: Any) -> Any:
        when, precision = parse_utc(v)
        return in_space_age(when), precision

    @model_validator(mode="after")
    def _consistent(self) -> Any:
        if self.failed_stage is not None and self.outcome in (Outcome.SUCCESS, Outcome.PLANNED):
            raise ValueError(f"failed_stage: a {self.outcome.value} mission has no failed stage")
        _no_duplicates(list(self.payloads), "payloads")
        if self.failures and self.outcome in (Outcome.SUCCESS, Outcome.PLANNED):
            raise ValueError(f"failures: a {self.outcome.value} mission has no failures to fly")
        _no_duplicates([o.key or o.kind.value for o in self.orbits], "orbits (key)")
        _no_duplicates([x.stage for x in self.landings], "landings (stage)")
        return self

    @property
    def launch(self) -> tuple[dt.datetime, TimePrecision]:
        when, precision = self.launch_time
        return when, self.launch_time_precision or precision


MissionRecord = with_measures(_MissionRecord, m.Mission)


def _no_duplicates(items: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for item in items:
        if item in seen:
            raise ValueError(f"{what}: {item!r} appears twice")
        seen.add(item)


SECTIONS: dict[str, tuple[type[Strict], str]] = {
    # section -> (record model, its identifying field); order is dependency order
    "sources": (SourceRecord, "key"),
    "organisations": (OrganisationRecord, "key"),
    "sites": (SiteRecord, "key"),
    "landing_zones": (LandingZoneRecord, "key"),
    "engines": (EngineRecord, "key"),
    "families": (FamilyRecord, "key"),
    "vehicles": (VehicleRecord, "key"),
    "payloads": (PayloadRecord, "slug"),
    "missions": (MissionRecord, "slug"),
}
