"""flight's errors, importable without loading poliastro.

Every error the physics raises on bad input derives from ``FlightError``, whose
``exit_code`` the command line uses; the message is one line that names the record
(or file and line) and the field.
"""

from __future__ import annotations


class FlightError(Exception):
    """Base of flight's errors: the input cannot be flown or propagated as asked."""

    exit_code = 1


class OrbitError(FlightError, ValueError):
    """An orbit record that cannot become the orbit asked for; names the record and field."""

    def __init__(self, label: str, field: str, message: str) -> None:
        self.label, self.field = label, field
        super().__init__(f"{label}: field '{field}': {message}")


class OpenOrbitError(OrbitError):
    """Parabolic or hyperbolic where a closed orbit is needed."""


class ElementSetError(FlightError, ValueError):
    """An element set (TLE or OMM) that cannot be read: names the file, the line (or, in a
    JSON or XML file, the record's number), and the field."""

    def __init__(self, file: str, line: int, field: str, message: str, *, where: str = "") -> None:
        self.file, self.line, self.field = file, line, field
        place = where or str(line)
        super().__init__(f"{file}:{place}: field '{field}': {message}")


class TLEError(ElementSetError):
    """A two-line element set that cannot be read."""


class OMMError(ElementSetError):
    """A CCSDS Orbit Mean-Elements Message record that cannot be read."""


class OEMError(FlightError, ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"OEM line {line}: {message}")


class SpaceWeatherError(FlightError, ValueError):
    """A space-weather table that cannot be read; names the file, line and column."""

    def __init__(self, file: str, line: int, field: str, message: str) -> None:
        super().__init__(f"{file}:{line}: field '{field}': {message}")


MODELS = ("twobody", "j2", "drag")
ATMOSPHERES = ("msis", "nrlmsise00", "coesa76")


class UnknownModel(FlightError, ValueError):
    exit_code = 2

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown propagation model '{name}' (choose one of: {', '.join(MODELS)})")


class PropagationError(FlightError, RuntimeError):
    """The integrator gave up (say, drag propagation that cannot reach the span asked)."""


class MissingStageData(FlightError, ValueError):
    """The vehicle's records lack figures the ascent needs; ``missing`` lists each one."""

    def __init__(self, vehicle: str, missing: list[str]) -> None:
        self.vehicle = vehicle
        self.missing = missing
        super().__init__(f"vehicle '{vehicle}': cannot fly without: " + "; ".join(missing))


class InvalidInput(FlightError, ValueError):
    """Arguments the physics cannot take (a negative step, an orbit too high for SSO)."""

    exit_code = 2
