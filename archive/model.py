"""The archive's schema: SQLAlchemy 2.x typed ORM, one class a table.

Columns hold SI-based plain numbers whose unit is in the name (``height_m``,
``thrust_sl_n``); the ``quantity`` descriptors hand them back as astropy
Quantities, so the database stays portable and the Python API stays unit-safe.
The metadata carries a naming convention so Alembic can name (and, in SQLite's
batch mode, drop) every constraint.
"""

from __future__ import annotations

import datetime as dt
import enum
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
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

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


class quantity:
    """Read-only view of a plain SI column as an astropy Quantity (None stays None).

    The unit is named, and astropy imported, on first use: commands that never read a
    Quantity (``view`` before its globe is drawn) do not pay for astropy's import."""

    def __init__(self, column: str, unit: str) -> None:
        self.column, self.unit = column, unit

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = getattr(obj, self.column)
        return None if value is None else value * _unit(self.unit)


def _unit(name: str) -> Any:
    from astropy import units as u

    return u.Unit(name)


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


class OrgRole(enum.StrEnum):
    MANUFACTURER = "manufacturer"
    OPERATOR = "operator"
    AGENCY = "agency"
    BUILDER = "builder"
    CUSTOMER = "customer"


class PadKind(enum.StrEnum):
    FIXED = "fixed"
    MOBILE = "mobile"


class VehicleStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    RETIRED = "retired"


class Outcome(enum.StrEnum):
    PLANNED = "planned"
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILURE = "failure"


class TimePrecision(enum.StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"
    SECOND = "second"


class EventKind(enum.StrEnum):
    LIFTOFF = "liftoff"
    IGNITION = "ignition"
    BURNOUT = "burnout"
    CUTOFF = "cutoff"
    SEPARATION = "separation"
    FAIRING_JETTISON = "fairing_jettison"
    MAX_Q = "max_q"
    COAST = "coast"
    ANOMALY = "anomaly"
    PAYLOAD_DEPLOY = "payload_deploy"
    ORBIT_INSERTION = "orbit_insertion"
    TERMINATION = "termination"
    REENTRY = "reentry"
    IMPACT = "impact"


class OrbitKind(enum.StrEnum):
    INTENDED = "intended"
    ACHIEVED = "achieved"


class FailureKind(enum.StrEnum):
    """What the ascent simulator can fly: see ``flight.vehicle.Failure``."""

    SHUTDOWN = "shutdown"
    THRUST_SHORTFALL = "thrust_shortfall"
    ATTITUDE_LOSS = "attitude_loss"


class OrbitOrigin(enum.StrEnum):
    """Where an orbit's numbers come from: a publication, an element set, or our own simulation."""

    PUBLISHED = "published"
    ELEMENT_SET = "element_set"
    SIMULATED = "simulated"


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
    note: Mapped[str | None] = mapped_column(Text)


class Site(Base):
    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("latitude_deg BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude_deg BETWEEN -180 AND 180", name="longitude_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(8))
    latitude_deg: Mapped[float] = mapped_column(Float)
    longitude_deg: Mapped[float] = mapped_column(Float)
    altitude_m: Mapped[float | None] = mapped_column(Float)  # GCAT gives none
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    gcat_code: Mapped[str | None] = mapped_column(String(16), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[Organisation | None] = relationship()
    pads: Mapped[list[Pad]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="Pad.key"
    )
    latitude = quantity("latitude_deg", "deg")
    longitude = quantity("longitude_deg", "deg")
    altitude = quantity("altitude_m", "m")


class Pad(Base):
    """A pad or a mobile platform; its own coordinates when known, else the site's."""

    __tablename__ = "pad"
    __table_args__ = (UniqueConstraint("site_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PadKind | None] = mapped_column(_enum(PadKind, "pad_kind"))  # None: unknown
    latitude_deg: Mapped[float | None] = mapped_column(Float)
    longitude_deg: Mapped[float | None] = mapped_column(Float)
    altitude_m: Mapped[float | None] = mapped_column(Float)
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
    __table_args__ = (
        CheckConstraint("thrust_sl_n IS NULL OR thrust_sl_n >= 0", name="thrust_sl_nonneg"),
        CheckConstraint("thrust_vac_n IS NULL OR thrust_vac_n > 0", name="thrust_vac_pos"),
        CheckConstraint("isp_sl_s IS NULL OR isp_sl_s >= 0", name="isp_sl_nonneg"),
        CheckConstraint("isp_vac_s IS NULL OR isp_vac_s > 0", name="isp_vac_pos"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    propellants: Mapped[str | None] = mapped_column(String(100))
    cycle: Mapped[str | None] = mapped_column(String(64))
    thrust_sl_n: Mapped[float | None] = mapped_column(Float)
    thrust_vac_n: Mapped[float | None] = mapped_column(Float)
    isp_sl_s: Mapped[float | None] = mapped_column(Float)
    isp_vac_s: Mapped[float | None] = mapped_column(Float)
    nozzle_exit_area_m2: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    manufacturer: Mapped[Organisation | None] = relationship()
    thrust_sl = quantity("thrust_sl_n", "N")
    thrust_vac = quantity("thrust_vac_n", "N")
    isp_sl = quantity("isp_sl_s", "s")
    isp_vac = quantity("isp_vac_s", "s")


class Vehicle(Base):
    """One variant of a family (ZQ-2, ZQ-2A, ...)."""

    __tablename__ = "vehicle"
    __table_args__ = (
        CheckConstraint("height_m IS NULL OR height_m > 0", name="height_pos"),
        CheckConstraint("diameter_m IS NULL OR diameter_m > 0", name="diameter_pos"),
        CheckConstraint("liftoff_mass_kg IS NULL OR liftoff_mass_kg > 0", name="mass_pos"),
        CheckConstraint("liftoff_thrust_n IS NULL OR liftoff_thrust_n > 0", name="thrust_pos"),
        CheckConstraint("fairing_mass_kg IS NULL OR fairing_mass_kg >= 0", name="fairing_nonneg"),
    )
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
    height_m: Mapped[float | None] = mapped_column(Float)
    diameter_m: Mapped[float | None] = mapped_column(Float)
    liftoff_mass_kg: Mapped[float | None] = mapped_column(Float)
    liftoff_thrust_n: Mapped[float | None] = mapped_column(Float)
    propellants: Mapped[str | None] = mapped_column(String(100))
    fairing_mass_kg: Mapped[float | None] = mapped_column(Float)
    fairing_diameter_m: Mapped[float | None] = mapped_column(Float)
    first_flight: Mapped[dt.date | None] = mapped_column(Date)
    announced_first_flight: Mapped[str | None] = mapped_column(String(32))
    gcat_name: Mapped[str | None] = mapped_column(String(64), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    family: Mapped[VehicleFamily] = relationship(back_populates="vehicles")
    manufacturer: Mapped[Organisation | None] = relationship()
    stages: Mapped[list[Stage]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="Stage.number"
    )
    capacities: Mapped[list[Capacity]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="Capacity.id"
    )
    height = quantity("height_m", "m")
    diameter = quantity("diameter_m", "m")
    liftoff_mass = quantity("liftoff_mass_kg", "kg")
    liftoff_thrust = quantity("liftoff_thrust_n", "N")
    fairing_mass = quantity("fairing_mass_kg", "kg")


class Stage(Base):
    __tablename__ = "stage"
    __table_args__ = (
        UniqueConstraint("vehicle_id", "number"),
        CheckConstraint("number >= 0", name="number_nonneg"),
        CheckConstraint("dry_mass_kg IS NULL OR dry_mass_kg > 0", name="dry_pos"),
        CheckConstraint("propellant_mass_kg IS NULL OR propellant_mass_kg > 0", name="prop_pos"),
        CheckConstraint("burn_time_s IS NULL OR burn_time_s > 0", name="burn_pos"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(100))
    propellants: Mapped[str | None] = mapped_column(String(100))
    dry_mass_kg: Mapped[float | None] = mapped_column(Float)
    propellant_mass_kg: Mapped[float | None] = mapped_column(Float)
    burn_time_s: Mapped[float | None] = mapped_column(Float)
    length_m: Mapped[float | None] = mapped_column(Float)
    diameter_m: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    vehicle: Mapped[Vehicle] = relationship(back_populates="stages")
    engines: Mapped[list[StageEngine]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="StageEngine.id"
    )
    dry_mass = quantity("dry_mass_kg", "kg")
    propellant_mass = quantity("propellant_mass_kg", "kg")
    burn_time = quantity("burn_time_s", "s")
    length = quantity("length_m", "m")
    diameter = quantity("diameter_m", "m")


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
    __table_args__ = (
        CheckConstraint("mass_kg > 0", name="mass_pos"),
        CheckConstraint(
            "inclination_deg IS NULL OR inclination_deg BETWEEN 0 AND 180", name="incl_range"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"))
    orbit_class: Mapped[str] = mapped_column(String(16))
    altitude_km: Mapped[float | None] = mapped_column(Float)
    inclination_deg: Mapped[float | None] = mapped_column(Float)
    mass_kg: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    vehicle: Mapped[Vehicle] = relationship(back_populates="capacities")
    altitude = quantity("altitude_km", "km")
    mass = quantity("mass_kg", "kg")


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
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"), index=True)
    failed_stage: Mapped[int | None] = mapped_column(Integer)
    failure_description: Mapped[str | None] = mapped_column(Text)
    cospar_id: Mapped[str | None] = mapped_column(String(16))
    gcat_tag: Mapped[str | None] = mapped_column(String(16), unique=True)
    flight_number: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(8))  # state of the launcher (GCAT LVState)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    gcat_launch_code: Mapped[str | None] = mapped_column(String(8))  # verbatim, e.g. OF40
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

    @property
    def payloads(self) -> list[Payload]:
        return [link.payload for link in self.payload_links]


class MissionEvent(Base):
    __tablename__ = "mission_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("mission.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(
        Integer
    )  # order as written: events without a time keep their place
    t_plus_s: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    stage: Mapped[int | None] = mapped_column(Integer)
    nominal: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[Mission] = relationship(back_populates="events")
    t_plus = quantity("t_plus_s", "s")


class FailureMode(Base):
    """What went wrong on a flight, as the ascent simulator flies it (a model of the report)."""

    __tablename__ = "failure_mode"
    __table_args__ = (
        UniqueConstraint("mission_id", "seq"),
        CheckConstraint("stage >= 1", name="stage_pos"),
        CheckConstraint("at_s >= 0", name="at_nonneg"),
        CheckConstraint(
            "thrust_factor IS NULL OR (thrust_factor >= 0 AND thrust_factor < 1)",
            name="factor_range",
        ),
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
    at_s: Mapped[float] = mapped_column(Float)
    thrust_factor: Mapped[float | None] = mapped_column(Float)
    tumble_rate_deg_s: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)
    mission: Mapped[Mission] = relationship(back_populates="failure_modes")
    at = quantity("at_s", "s")


class Payload(Base):
    __tablename__ = "payload"
    __table_args__ = (
        CheckConstraint("mass_kg IS NULL OR mass_kg > 0", name="mass_pos"),
        CheckConstraint("design_life_yr IS NULL OR design_life_yr > 0", name="life_pos"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    builder_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    mass_kg: Mapped[float | None] = mapped_column(Float)
    length_m: Mapped[float | None] = mapped_column(Float)
    width_m: Mapped[float | None] = mapped_column(Float)
    height_m: Mapped[float | None] = mapped_column(Float)
    form_factor: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[str | None] = mapped_column(String(200))
    design_life_yr: Mapped[float | None] = mapped_column(Float)
    cospar_id: Mapped[str | None] = mapped_column(String(16))
    norad_id: Mapped[int | None] = mapped_column(Integer, index=True)
    gcat_jcat: Mapped[str | None] = mapped_column(String(16), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[Organisation | None] = relationship(foreign_keys=[operator_id])
    builder: Mapped[Organisation | None] = relationship(foreign_keys=[builder_id])
    mission_links: Mapped[list[MissionPayload]] = relationship(back_populates="payload")
    orbits: Mapped[list[Orbit]] = relationship(back_populates="payload", order_by="Orbit.id")
    mass = quantity("mass_kg", "kg")
    design_life = quantity("design_life_yr", "yr")

    @property
    def dimensions(self) -> Any:
        """Length, width and height as an astropy Quantity, or None."""
        dims = (self.length_m, self.width_m, self.height_m)
        return None if None in dims else dims * _unit("m")


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
            "eccentricity IS NULL OR (eccentricity >= 0 AND eccentricity < 1)", name="closed"
        ),
        CheckConstraint(
            "inclination_deg IS NULL OR inclination_deg BETWEEN 0 AND 180", name="incl_range"
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
    frame: Mapped[str] = mapped_column(String(16), default="GCRS")
    semi_major_axis_km: Mapped[float | None] = mapped_column(Float)
    eccentricity: Mapped[float | None] = mapped_column(Float)
    inclination_deg: Mapped[float | None] = mapped_column(Float)
    raan_deg: Mapped[float | None] = mapped_column(Float)
    arg_perigee_deg: Mapped[float | None] = mapped_column(Float)
    true_anomaly_deg: Mapped[float | None] = mapped_column(Float)
    perigee_km: Mapped[float | None] = mapped_column(Float)
    apogee_km: Mapped[float | None] = mapped_column(Float)
    sun_synchronous: Mapped[bool] = mapped_column(default=False)
    local_time_node: Mapped[str | None] = mapped_column(String(16))
    element_set: Mapped[str | None] = mapped_column(Text)  # the TLE an orbit came from, verbatim
    note: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[Payload | None] = relationship(back_populates="orbits")
    mission: Mapped[Mission | None] = relationship(back_populates="orbits")
    semi_major_axis = quantity("semi_major_axis_km", "km")
    inclination = quantity("inclination_deg", "deg")
    perigee_altitude = quantity("perigee_km", "km")
    apogee_altitude = quantity("apogee_km", "km")


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


__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "Capacity",
    "Citation",
    "Engine",
    "EventKind",
    "LaunchTally",
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
]
