"""launchlog's physics: orbits and ascent. Imports neither the database nor VPython.

Astropy units and ``Time`` at the edges; plain floats and arrays inside, as
poliastro's ``core`` does. Importing ``flight`` changes nothing in the process:
``configure()`` (cached numba kernels, offline IERS) is called by the entry points,
and by flight before its first poliastro import.

Public API (names load on first use)::

    from flight import OrbitElements, build_orbit, propagate, summarise
    from flight import Ascent, EngineSpec, Site, StageSpec, Target, VehicleSpec, capacity
"""

from __future__ import annotations

from .lazy import lazy_api, public_names

_API: dict[str, tuple[str, ...]] = {
    "runtime": ("configure",),
    "elements": ("OrbitElements", "OrbitSummary"),
    "orbits": (
        "BuiltOrbit",
        "Impact",
        "SuborbitalError",
        "build_orbit",
        "difference",
        "geodetic",
        "orbit_from_vectors",
        "summarise",
    ),
    "propagation": ("DragSpec", "Ephemeris", "propagate"),
    "vehicle": ("EngineSpec", "Failure", "StageSpec", "Target", "VehicleSpec"),
    "ascent": ("Ascent", "FlightResult", "Site"),
    "capacity_search": ("Capacity", "capacity"),
    "trajectory": ("Trajectory",),
    "tle": ("ElementSet",),
    "omm": ("MeanElementSet",),
    "export": ("read_oem", "to_csv", "to_czml", "to_oem"),
    "errors": (
        "ElementSetError",
        "FlightError",
        "InvalidInput",
        "MissingStageData",
        "OEMError",
        "OMMError",
        "OpenOrbitError",
        "OrbitError",
        "PropagationError",
        "TLEError",
        "UnknownModel",
        "MODELS",
    ),
}

__getattr__ = lazy_api(__name__, _API)
__all__ = public_names(_API)
