"""The archive's schema: SQLAlchemy 2.x typed ORM, one class a table.

Columns hold SI-based plain numbers whose unit is in the name (``height_m``,
``thrust_sl_n``); the ``quantity`` descriptors (``flight.quantity``) hand them back as astropy
Quantities, so the database stays portable and the Python API stays unit-safe.
The metadata carries a naming convention so Alembic can name (and, in SQLite's
batch mode, drop) every constraint.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from flight.constants import R_EARTH_KM
from flight.quantity import quantity, unit

from .utc import instant, utc_time
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
    VehicleStatus,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


@dataclass(frozen=True)
class Measure:
    """A measured column, declared once: how record files write it and what values it takes.

    The record schema (``records``), the loader, the export, the GCAT import, the Quantity
    attribute (named ``record``) and the database CHECK (when ``check`` names one) are all
    derived from this. Bounds are physical facts (a mass is positive); ``typo_above`` is a
    bound on what a record may say (no chemical engine has an Isp of 600 s): it is refused
    at load, not by the database."""

    record: str  # the field in record files (and the Quantity attribute, unless ``attribute``)
    unit: str | None  # the column's unit; None for a pure number
    low: float | None = None
    low_strict: bool = False
    high: float | None = None
    high_strict: bool = False
    why: str | None = None  # said with a bound's message ("for a closed orbit")
    typo_above: float | None = None
    check: str | None = None  # the database CHECK constraint's name, if the bounds are one
    part: int | None = None  # position in a record field made of several columns (dimensions)
    required: bool = False  # the record must write the field, even as null (an event's t)
    gcat: tuple[str, str] | None = None  # (GCAT's column, the unit GCAT gives it in)
    attribute: str | None = None  # the Quantity attribute's name, where not ``record``
    integer: bool = False  # a count (engines lit), held in an INTEGER column

    def sql(self, column: str, nullable: bool) -> str:
        terms = []
        if self.low is not None:
            terms.append(f"{column} {'>' if self.low_strict else '>='} {self.low:g}")
        if self.high is not None:
            terms.append(f"{column} {'<' if self.high_strict else '<='} {self.high:g}")
        test = " AND ".join(terms)
        if not nullable:
            return test
        return f"{column} IS NULL OR " + (f"({test})" if len(terms) > 1 else test)


def measured(record: str, unit: str | None, **bounds: Any) -> Any:
    """A Float column holding a measured value; see ``Measure``."""
    measure = Measure(record, unit, **bounds)
    return mapped_column(Integer if measure.integer else Float, info={"measure": measure})


def catalogued(length: int) -> Any:
    """A text column a catalogue fills (GCAT's programme, class, ...), declared once: the
    record field of the same name, the loader and the export follow from ``texts``."""
    return mapped_column(String(length), info={"text": True})


@functools.cache
def texts(cls: type) -> tuple[str, ...]:
    """The ``catalogued`` text columns of a mapped class, in declaration order."""
    return tuple(col.key for col in cls.__table__.columns if col.info.get("text"))


def positive(check: str | None = None) -> dict[str, Any]:
    """Bounds of a quantity that must be greater than zero (a mass, a length, a duration)."""
    return {"low": 0, "low_strict": True, "check": check}


INCLINATION = {"low": 0, "high": 180, "check": "incl_range"}
LATITUDE = {"low": -90, "high": 90}
LONGITUDE = {"low": -180, "high": 180}
ABOVE_CENTRE = {"low": -R_EARTH_KM, "low_strict": True, "why": "an altitude above the centre"}
BELOW_SEA_M = -500.0  # a pad may sit below sea level, barely (the Dead Sea shore is -430 m)
MAX_ISP_S = 600.0  # no chemical engine exceeds about 465 s: a bigger figure is a typo
ANGLE = {"low": -360, "high": 360, "why": "an angle, in one turn either way"}
# Typo bounds (records only): above these a figure is a slip of the unit, not a fact. The
# heaviest rockets weigh about 5,000 t and lift off on about 75 MN; the heaviest payloads
# (Skylab, Mir's and the ISS's modules) weigh under 100 t.
MAX_VEHICLE_KG = 2e7
MAX_PAYLOAD_KG = 5e5
MAX_THRUST_N = 2e8


@functools.cache
def measures(cls: type) -> tuple[tuple[str, Measure], ...]:
    """(column name, Measure) of a mapped class, in declaration order (read once a class:
    the loader asks for every record)."""
    return tuple(
        (col.key, col.info["measure"]) for col in cls.__table__.columns if "measure" in col.info
    )


def _enum(cls: type[enum.Enum], name: str) -> SAEnum:
    """Enums stored as their values in VARCHAR with a CHECK, identical on SQLite and PostgreSQL."""
    return SAEnum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Source(Base):
    """A publication or data set that records cite."""

    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(400))
    publisher: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Citation(Base):
    """Ties a record, or one field of it, to a source; or marks the field as an estimate.

    ``entity`` is the table name and ``entity_id`` the row; ``field`` is None when the
    whole record is supported. An estimate has ``is_estimate`` and says how in ``note``.
    """

    __tablename__ = "citation"
    __table_args__ = (
        CheckConstraint("source_id IS NOT NULL OR is_estimate", name="sourced_or_estimate"),
        CheckConstraint("NOT is_estimate OR note IS NOT NULL", name="estimate_has_method"),
        Index("ix_citation_entity", "entity", "entity_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="RESTRICT"))
    is_estimate: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[Source | None] = relationship()


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(8))
    roles: Mapped[list[str]] = mapped_column(default=list)
    gcat_code: Mapped[str | None] = mapped_column(String(16), index=True)
    ll2_id: Mapped[str | None] = catalogued(16)  # Launch Library 2's agency id
    note: Mapped[str | None] = mapped_column(Text)


class Site(Base):
    __tablename__ = "site"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(8))
    latitude_deg: Mapped[float] = measured(
        "latitude", "deg", **LATITUDE, check="latitude_range", gcat=("Latitude", "deg")
    )
    longitude_deg: Mapped[float] = measured(
        "longitude", "deg", **LONGITUDE, check="longitude_range", gcat=("Longitude", "deg")
    )
    altitude_m: Mapped[float | None] = measured("altitude", "m", low=BELOW_SEA_M)  # GCAT: none
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    gcat_code: Mapped[str | None] = mapped_column(String(16), index=True)
    ll2_id: Mapped[str | None] = catalogued(16)  # Launch Library 2's location id
    note: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[Organisation | None] = relationship()
    pads: Mapped[list[Pad]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="Pad.key"
    )


class Pad(Base):
    """A pad or a mobile platform; its own coordinates when known, else the site's."""

    __tablename__ = "pad"
    __table_args__ = (UniqueConstraint("site_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PadKind | None] = mapped_column(_enum(PadKind, "pad_kind"))  # None: unknown
    latitude_deg: Mapped[float | None] = measured("latitude", "deg", **LATITUDE)
    longitude_deg: Mapped[float | None] = measured("longitude", "deg", **LONGITUDE)
    altitude_m: Mapped[float | None] = measured("altitude", "m", low=BELOW_SEA_M)
    ll2_id: Mapped[str | None] = catalogued(16)  # Launch Library 2's pad id
    note: Mapped[str | None] = mapped_column(Text)
    site: Mapped[Site] = relationship(back_populates="pads")


class VehicleFamily(Base):
    __tablename__ = "vehicle_family"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    note: Mapped[str | None] = mapped_column(Text)
    manufacturer: Mapped[Organisation | None] = relationship()
    vehicles: Mapped[list[Vehicle]] = relationship(back_populates="family")


class Engine(Base):
    """A liquid engine or a solid motor, with sea-level and vacuum performance."""

    __tablename__ = "engine"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    propellants: Mapped[str | None] = mapped_column(String(100))
    cycle: Mapped[str | None] = mapped_column(String(64))
    thrust_sl_n: Mapped[float | None] = measured(
        "thrust_sl", "N", low=0, check="thrust_sl_nonneg", typo_above=MAX_THRUST_N
    )
    thrust_vac_n: Mapped[float | None] = measured(
        "thrust_vac", "N", **positive("thrust_vac_pos"), typo_above=MAX_THRUST_N
    )
    isp_sl_s: Mapped[float | None] = measured(
        "isp_sl", "s", low=0, check="isp_sl_nonneg", typo_above=MAX_ISP_S
    )
    isp_vac_s: Mapped[float | None] = measured(
        "isp_vac", "s", **positive("isp_vac_pos"), typo_above=MAX_ISP_S
    )
    nozzle_exit_area_m2: Mapped[float | None] = measured("nozzle_exit_area", "m2", **positive())
    note: Mapped[str | None] = mapped_column(Text)
    manufacturer: Mapped[Organisation | None] = relationship()


class Vehicle(Base):
    """One variant of a family (ZQ-2, ZQ-2A, ...)."""

    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    family_id: Mapped[int] = mapped_column(ForeignKey("vehicle_family.id"))
    variant: Mapped[str | None] = mapped_column(String(64))
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[VehicleStatus | None] = mapped_column(
        _enum(VehicleStatus, "vehicle_status")
    )  # None: not recorded (GCAT's vehicles)
    height_m: Mapped[float | None] = measured(
        "height", "m", **positive("height_pos"), gcat=("Length", "m")
    )
    diameter_m: Mapped[float | None] = measured(
        "diameter", "m", **positive("diameter_pos"), gcat=("Diameter", "m")
    )
    liftoff_mass_kg: Mapped[float | None] = measured(
        "liftoff_mass",
        "kg",
        **positive("mass_pos"),
        gcat=("Launch_Mass", "t"),
        typo_above=MAX_VEHICLE_KG,
    )
    liftoff_thrust_n: Mapped[float | None] = measured(
        "liftoff_thrust",
        "N",
        **positive("thrust_pos"),
        gcat=("TO_Thrust", "kN"),
        typo_above=MAX_THRUST_N,
    )
    propellants: Mapped[str | None] = mapped_column(String(100))
    fairing_mass_kg: Mapped[float | None] = measured(
        "fairing_mass", "kg", low=0, check="fairing_nonneg"
    )
    fairing_diameter_m: Mapped[float | None] = measured("fairing_diameter", "m", **positive())
    first_flight: Mapped[dt.date | None] = mapped_column(Date)
    announced_first_flight: Mapped[str | None] = mapped_column(String(32))
    gcat_name: Mapped[str | None] = mapped_column(String(64), index=True)
    ll2_id: Mapped[str | None] = catalogued(16)  # Launch Library 2's configuration id
    note: Mapped[str | None] = mapped_column(Text)
    family: Mapped[VehicleFamily] = relationship(back_populates="vehicles")
    manufacturer: Mapped[Organisation | None] = relationship()
    stages: Mapped[list[Stage]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="Stage.number"
    )
    capacities: Mapped[list[Capacity]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="Capacity.id"
    )


class Stage(Base):
    __tablename__ = "stage"
    __table_args__ = (
        UniqueConstraint("vehicle_id", "number"),
        CheckConstraint("number >= 0", name="number_nonneg"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(100))
    propellants: Mapped[str | None] = mapped_column(String(100))
    dry_mass_kg: Mapped[float | None] = measured(
        "dry_mass", "kg", **positive("dry_pos"), typo_above=MAX_VEHICLE_KG
    )
    propellant_mass_kg: Mapped[float | None] = measured(
        "propellant_mass", "kg", **positive("prop_pos"), typo_above=MAX_VEHICLE_KG
    )
    burn_time_s: Mapped[float | None] = measured("burn_time", "s", **positive("burn_pos"))
    length_m: Mapped[float | None] = measured("length", "m", **positive())
    diameter_m: Mapped[float | None] = measured("diameter", "m", **positive())
    # A stage that flies back (``flight.booster``): what it holds back, how it burns, how it
    # falls. Unset on stages that are thrown away.
    landing_propellant_kg: Mapped[float | None] = measured(
        "landing_propellant", "kg", **positive(), typo_above=MAX_VEHICLE_KG
    )
    entry_burn_engines: Mapped[int | None] = measured(
        "entry_burn_engines", None, low=1, integer=True, why="engines lit"
    )
    landing_burn_engines: Mapped[int | None] = measured(
        "landing_burn_engines", None, low=1, integer=True, why="engines lit"
    )
    entry_burn_altitude_km: Mapped[float | None] = measured(
        "entry_burn_altitude", "km", **positive(), why="descending through it"
    )
    min_throttle: Mapped[float | None] = measured(
        "min_throttle", None, low=0, low_strict=True, high=1, why="a fraction of full thrust"
    )
    descent_drag_area_m2: Mapped[float | None] = measured(
        "descent_drag_area", "m2", **positive(), why="drag coefficient times area, falling"
    )
    note: Mapped[str | None] = mapped_column(Text)
    vehicle: Mapped[Vehicle] = relationship(back_populates="stages")
    engines: Mapped[list[StageEngine]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="StageEngine.id"
    )


class StageEngine(Base):
    __tablename__ = "stage_engine"
    __table_args__ = (
        UniqueConstraint("stage_id", "engine_id"),
        CheckConstraint("count >= 1", name="count_pos"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    engine_id: Mapped[int] = mapped_column(ForeignKey("engine.id"))
    count: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(24), default="main")
    stage: Mapped[Stage] = relationship(back_populates="engines")
    engine: Mapped[Engine] = relationship()


class Capacity(Base):
    """A published payload capacity: mass to an orbit class at an altitude."""

    __tablename__ = "capacity"
    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"))
    orbit_class: Mapped[str] = mapped_column(String(16))
    # None: not said (a figure published without it, most are expendable)
    recovery: Mapped[Recovery | None] = mapped_column(_enum(Recovery, "recovery"))
    altitude_km: Mapped[float | None] = measured("altitude", "km", **ABOVE_CENTRE)
    inclination_deg: Mapped[float | None] = measured("inclination", "deg", **INCLINATION)
    mass_kg: Mapped[float] = measured(
        "mass", "kg", **positive("mass_pos"), typo_above=MAX_PAYLOAD_KG
    )
    note: Mapped[str | None] = mapped_column(Text)
    vehicle: Mapped[Vehicle] = relationship(back_populates="capacities")


class Mission(Base):
    __tablename__ = "mission"
    __table_args__ = (
        CheckConstraint("failed_stage IS NULL OR failed_stage >= 1", name="failed_stage_pos"),
        Index("ix_mission_launch_time", "launch_time"),
        Index("ix_mission_vehicle_launch", "vehicle_id", "launch_time"),
        Index("ix_mission_site_outcome", "site_id", "outcome", "launch_time"),
        Index("ix_mission_provider_outcome", "provider_id", "outcome", "launch_time"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    pad_id: Mapped[int | None] = mapped_column(ForeignKey("pad.id"))
    launch_time: Mapped[dt.datetime | None] = mapped_column(DateTime)
    launch_time_precision: Mapped[TimePrecision] = mapped_column(
        _enum(TimePrecision, "time_precision")
    )
    # the stored 23:59:59.x stands for 23:59:60.x, a leap second (``archive.utc.LeapSecond``)
    launch_time_leap: Mapped[bool] = mapped_column(default=False, server_default=false())
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"), index=True)
    failed_stage: Mapped[int | None] = mapped_column(Integer)
    failure_description: Mapped[str | None] = mapped_column(Text)
    cospar_id: Mapped[str | None] = mapped_column(String(16))
    gcat_tag: Mapped[str | None] = mapped_column(String(16), unique=True)
    flight_number: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(8))  # state of the launcher (GCAT LVState)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    gcat_launch_code: Mapped[str | None] = mapped_column(String(8))  # verbatim, e.g. OF40
    # Launch Library 2: the launch's id (a UUID), its last update as LL2 wrote it (ISO 8601
    # UTC, so ordered as text), and the mission's orbit as LL2 names it (LEO, SSO, GTO, ...)
    ll2_id: Mapped[str | None] = catalogued(40)
    ll2_updated: Mapped[str | None] = catalogued(32)
    orbit_class: Mapped[str | None] = catalogued(16)
    note: Mapped[str | None] = mapped_column(Text)
    vehicle: Mapped[Vehicle] = relationship()
    provider: Mapped[Organisation | None] = relationship()
    site: Mapped[Site] = relationship()
    pad: Mapped[Pad | None] = relationship()
    events: Mapped[list[MissionEvent]] = relationship(
        back_populates="mission",
        cascade="all, delete-orphan",
        order_by="MissionEvent.seq",
    )
    payload_links: Mapped[list[MissionPayload]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="MissionPayload.position"
    )
    failure_modes: Mapped[list[FailureMode]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="FailureMode.seq"
    )
    orbits: Mapped[list[Orbit]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="Orbit.id"
    )
    landings: Mapped[list[Landing]] = relationship(
        back_populates="mission", cascade="all, delete-orphan", order_by="Landing.stage"
    )

    @property
    def payloads(self) -> list[Payload]:
        return [link.payload for link in self.payload_links]

    @property
    def launch_instant(self) -> dt.datetime | None:
        """The launch instant as a UTC datetime (a ``LeapSecond`` inside a leap second)."""
        return instant(self.launch_time, self.launch_time_leap)

    @property
    def launch_epoch(self) -> Any:
        """The launch instant as an astropy UTC ``Time`` (a leap second included), or None."""
        return utc_time(self.launch_time, self.launch_time_leap)


class MissionEvent(Base):
    __tablename__ = "mission_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(
        Integer
    )  # order as written: events without a time keep their place
    t_plus_s: Mapped[float | None] = measured(
        "t", "s", required=True, attribute="t_plus"
    )  # None: time unknown
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    stage: Mapped[int | None] = mapped_column(Integer)
    nominal: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[Mission] = relationship(back_populates="events")


class FailureMode(Base):
    """What went wrong on a flight, as the ascent simulator flies it (a model of the report)."""

    __tablename__ = "failure_mode"
    __table_args__ = (
        UniqueConstraint("mission_id", "seq"),
        CheckConstraint("stage >= 1", name="stage_pos"),
        CheckConstraint(
            "kind <> 'thrust_shortfall' OR thrust_factor IS NOT NULL", name="shortfall_factor"
        ),
        CheckConstraint(
            "kind <> 'attitude_loss' OR tumble_rate_deg_s IS NOT NULL", name="tumble_rate"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    stage: Mapped[int] = mapped_column(Integer)
    kind: Mapped[FailureKind] = mapped_column(_enum(FailureKind, "failure_kind"))
    at_s: Mapped[float] = measured("at", "s", low=0, check="at_nonneg", why="after lift-off")
    thrust_factor: Mapped[float | None] = measured(
        "thrust_factor",
        None,
        low=0,
        high=1,
        high_strict=True,
        check="factor_range",
        typo_above=0.999,
        why="the fraction of thrust that remained",
    )
    tumble_rate_deg_s: Mapped[float | None] = measured("tumble_rate", "deg / s", **positive())
    description: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[Mission] = relationship(back_populates="failure_modes")


class Payload(Base):
    __tablename__ = "payload"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    builder_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    mass_kg: Mapped[float | None] = measured(
        "mass", "kg", **positive("mass_pos"), typo_above=MAX_PAYLOAD_KG
    )
    # length x width x height, written as one record field: dimensions: [1 m, 1 m, 1 m]
    length_m: Mapped[float | None] = measured("dimensions", "m", **positive(), part=0)
    width_m: Mapped[float | None] = measured("dimensions", "m", **positive(), part=1)
    height_m: Mapped[float | None] = measured("dimensions", "m", **positive(), part=2)
    form_factor: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[str | None] = mapped_column(String(200))
    design_life_yr: Mapped[float | None] = measured("design_life", "yr", **positive("life_pos"))
    cospar_id: Mapped[str | None] = mapped_column(String(16))
    norad_id: Mapped[int | None] = mapped_column(Integer, index=True)
    gcat_jcat: Mapped[str | None] = mapped_column(String(16), index=True)
    # GCAT's payload catalogue (psatcat.tsv), in its own codes: class A amateur, B business,
    # C civil, D defence; category COM, IMG, ...; result as GCAT grades it (S, F, U, N); the
    # end of operations as a date of its own precision ("2022?", "2019-12", "ongoing")
    programme: Mapped[str | None] = catalogued(200)
    payload_class: Mapped[str | None] = catalogued(8)
    category: Mapped[str | None] = catalogued(16)
    discipline: Mapped[str | None] = catalogued(32)
    result: Mapped[str | None] = catalogued(8)
    operations_ended: Mapped[str | None] = catalogued(24)
    un_state: Mapped[str | None] = catalogued(16)
    un_registration: Mapped[str | None] = catalogued(32)  # the UN document, ST/SG/SER.E/948
    note: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[Organisation | None] = relationship(foreign_keys=[operator_id])
    builder: Mapped[Organisation | None] = relationship(foreign_keys=[builder_id])
    mission_links: Mapped[list[MissionPayload]] = relationship(back_populates="payload")
    orbits: Mapped[list[Orbit]] = relationship(back_populates="payload", order_by="Orbit.id")

    @property
    def dimensions(self) -> Any:
        """Length, width and height as an astropy Quantity, or None."""
        dims = (self.length_m, self.width_m, self.height_m)
        return None if None in dims else dims * unit("m")


class MissionPayload(Base):
    __tablename__ = "mission_payload"
    __table_args__ = (
        UniqueConstraint("mission_id", "payload_id"),
        Index("ix_mission_payload_payload_id", "payload_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"))
    payload_id: Mapped[int] = mapped_column(ForeignKey("payload.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    mission: Mapped[Mission] = relationship(back_populates="payload_links")
    payload: Mapped[Payload] = relationship(back_populates="mission_links")


class Orbit(Base):
    """An intended or achieved orbit of a payload or a mission.

    Either classical elements (``semi_major_axis_km`` and friends) or the
    perigee/apogee/inclination form that launch reports use; altitudes are above
    Earth's equatorial radius. ``sun_synchronous`` marks a record whose
    inclination follows from the J2 condition when it is not given.
    """

    __tablename__ = "orbit"
    __table_args__ = (
        CheckConstraint(
            "payload_id IS NOT NULL OR mission_id IS NOT NULL", name="belongs_somewhere"
        ),
        CheckConstraint(
            "perigee_km IS NULL OR apogee_km IS NULL OR perigee_km <= apogee_km",
            name="perigee_le_apogee",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[OrbitKind] = mapped_column(_enum(OrbitKind, "orbit_kind"))
    origin: Mapped[OrbitOrigin] = mapped_column(_enum(OrbitOrigin, "orbit_origin"))
    payload_id: Mapped[int | None] = mapped_column(
        ForeignKey("payload.id", ondelete="CASCADE"), index=True
    )
    mission_id: Mapped[int | None] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"), index=True
    )
    epoch: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # the frame the angles are measured in; TEME is the equator of date (flight.frames)
    frame: Mapped[str] = mapped_column(String(16), default="TEME")
    # "osculating", or "sgp4-mean": an element set's own mean elements (flight.orbits)
    elements: Mapped[str] = mapped_column(String(16), default="osculating")
    semi_major_axis_km: Mapped[float | None] = measured("semi_major_axis", "km", **positive())
    eccentricity: Mapped[float | None] = measured(
        "eccentricity",
        None,
        low=0,
        high=1,
        high_strict=True,
        check="closed",
        why="for a closed orbit",
    )
    inclination_deg: Mapped[float | None] = measured("inclination", "deg", **INCLINATION)
    raan_deg: Mapped[float | None] = measured("raan", "deg", **ANGLE)
    arg_perigee_deg: Mapped[float | None] = measured("arg_perigee", "deg", **ANGLE)
    true_anomaly_deg: Mapped[float | None] = measured("true_anomaly", "deg", **ANGLE)
    perigee_km: Mapped[float | None] = measured(
        "perigee", "km", **ABOVE_CENTRE, attribute="perigee_altitude"
    )
    apogee_km: Mapped[float | None] = measured(
        "apogee", "km", **ABOVE_CENTRE, attribute="apogee_altitude"
    )
    period_min: Mapped[float | None] = measured("period", "min", **positive())
    sun_synchronous: Mapped[bool] = mapped_column(default=False)
    local_time_node: Mapped[str | None] = mapped_column(String(16))
    element_set: Mapped[str | None] = mapped_column(Text)  # the TLE an orbit came from, verbatim
    note: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[Payload | None] = relationship(back_populates="orbits")
    mission: Mapped[Mission | None] = relationship(back_populates="orbits")


class LandingZone(Base):
    """Where stages come down: a pad, a ship's station or a patch of sea, with coordinates."""

    __tablename__ = "landing_zone"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[LandingZoneKind] = mapped_column(_enum(LandingZoneKind, "landing_zone_kind"))
    country: Mapped[str | None] = mapped_column(String(8))
    latitude_deg: Mapped[float] = measured(
        "latitude", "deg", **LATITUDE, check="zone_latitude_range"
    )
    longitude_deg: Mapped[float] = measured(
        "longitude", "deg", **LONGITUDE, check="zone_longitude_range"
    )
    altitude_m: Mapped[float | None] = measured("altitude", "m", low=BELOW_SEA_M)
    note: Mapped[str | None] = mapped_column(Text)


class Landing(Base):
    """A stage's way back on one flight: where it was to come down and how that went.

    Named after Launch Library 2's landing (attempt, success, type, location, downrange
    distance); a failure on the way down is data, as the ascent's are: engines lost on a
    burn, some seconds into it."""

    __tablename__ = "landing"
    __table_args__ = (
        UniqueConstraint("mission_id", "stage"),
        CheckConstraint("stage >= 1", name="stage_pos"),
        CheckConstraint(
            "engine_out_burn IS NULL OR (engine_out_after_s IS NOT NULL AND engines_out >= 1)",
            name="engine_out_complete",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    zone_id: Mapped[int] = mapped_column(ForeignKey("landing_zone.id"), index=True)
    planned: Mapped[bool] = mapped_column(default=True)
    outcome: Mapped[LandingOutcome] = mapped_column(_enum(LandingOutcome, "landing_outcome"))
    downrange_distance_km: Mapped[float | None] = measured(
        "downrange_distance", "km", **positive(), why="from the pad"
    )
    miss_distance_m: Mapped[float | None] = measured(
        "miss_distance", "m", low=0, why="from the zone's centre"
    )
    engine_out_burn: Mapped[ReturnBurn | None] = mapped_column(_enum(ReturnBurn, "return_burn"))
    engine_out_after_s: Mapped[float | None] = measured(
        "engine_out_after", "s", low=0, why="into the burn"
    )
    engines_out: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[Mission] = relationship(back_populates="landings")
    zone: Mapped[LandingZone] = relationship()

    @property
    def attempt(self) -> bool:
        """Launch Library 2's ``attempt``."""
        return self.outcome != LandingOutcome.NOT_ATTEMPTED

    @property
    def success(self) -> bool | None:
        """Launch Library 2's ``success``: None when nothing was attempted."""
        return None if not self.attempt else self.outcome == LandingOutcome.LANDED


class LaunchTally(Base):
    """Launches per (dimension, bucket, outcome): a cache of ``mission``, rebuilt by every write.

    ``dimension`` is ``year``, ``country`` or ``family``; ``bucket`` the year, the country
    code or the family key (``-`` where unknown). Archive-wide statistics read these few
    hundred rows instead of scanning every launch (see ``archive.tally``).
    """

    __tablename__ = "launch_tally"
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(64), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(24), primary_key=True)
    launches: Mapped[int] = mapped_column(Integer)


def _derive_from_measures() -> None:
    """Each measured column's CHECK constraint and Quantity attribute, from its ``Measure``."""
    for mapper in Base.registry.mappers:
        cls, table = mapper.class_, mapper.local_table
        for column, measure in measures(cls):
            col = table.c[column]
            if measure.check:
                table.append_constraint(
                    CheckConstraint(measure.sql(column, col.nullable), name=measure.check)
                )
            if measure.unit is not None and measure.part is None:
                name = measure.attribute or measure.record
                setattr(cls, name, quantity(column, measure.unit))


_derive_from_measures()

__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "Capacity",
    "Citation",
    "Engine",
    "EventKind",
    "Landing",
    "LandingZone",
    "LaunchTally",
    "Measure",
    "Mission",
    "MissionEvent",
    "MissionPayload",
    "Orbit",
    "OrbitKind",
    "OrbitOrigin",
    "OrgRole",
    "Organisation",
    "Outcome",
    "Pad",
    "PadKind",
    "Payload",
    "Site",
    "Source",
    "Stage",
    "StageEngine",
    "TimePrecision",
    "Vehicle",
    "VehicleFamily",
    "VehicleStatus",
    "catalogued",
    "measured",
    "measures",
    "texts",
]
