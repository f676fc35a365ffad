"""flight's errors, importable without loading poliastro (the CLI maps them to messages)."""

from __future__ import annotations


class OrbitError(ValueError):
    """An orbit record that cannot become the orbit asked for; names the record and field."""

    def __init__(self, label: str, field: str, message: str) -> None:
        self.label, self.field = label, field
        super().__init__(f"{label}: field '{field}': {message}")


class OpenOrbitError(OrbitError):
    """Parabolic or hyperbolic where a closed orbit is needed."""


class TLEError(ValueError):
    def __init__(self, file: str, line: int, field: str, message: str) -> None:
        self.file, self.line, self.field = file, line, field
        super().__init__(f"{file}:{line}: field '{field}': {message}")


MODELS = ("twobody", "j2", "drag")


class UnknownModel(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown propagation model '{name}' (choose one of: {', '.join(MODELS)})")
