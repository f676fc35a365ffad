"""The archive's closed vocabularies (outcomes, event kinds, ...), as plain string enums.

Kept apart from the ORM so that the command line can offer them as choices, and
record files can be checked against them, without importing SQLAlchemy.
"""

from __future__ import annotations

import enum


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
    TERMINATION = "termination"


class OrbitOrigin(enum.StrEnum):
    """Where an orbit's numbers come from: a publication, an element set, our own
    simulation, a state's registration with the UN (as GCAT's payload catalogue lists it),
    or a catalogue's own figure (GCAT's disposal orbit)."""

    PUBLISHED = "published"
    ELEMENT_SET = "element_set"
    SIMULATED = "simulated"
    REGISTERED = "registered"
    CATALOGUED = "catalogued"


class LandingZoneKind(enum.StrEnum):
    """Where a stage comes down: a pad on land, a ship, or the sea (Launch Library 2's
    landing types RTLS/land pad, ASDS and ATL map onto these)."""

    PAD = "pad"
    SHIP = "ship"
    OCEAN = "ocean"


class LandingOutcome(enum.StrEnum):
    LANDED = "landed"
    CRASHED = "crashed"  # reached the zone, or near it, and broke up
    LOST = "lost"  # lost on the way down, not at the zone
    NOT_ATTEMPTED = "not_attempted"


class ReturnBurn(enum.StrEnum):
    """The burns of a returning stage that a landing failure can strike."""

    ENTRY = "entry"
    LANDING = "landing"


class Recovery(enum.StrEnum):
    """What a capacity leaves for bringing the first stage back."""

    NONE = "none"  # expendable
    DOWNRANGE = "downrange"  # a landing ahead, on land or a ship
    LAUNCH_SITE = "launch_site"  # return to the launch site
