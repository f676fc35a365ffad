"""Errors that name the file, the line, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordProblem:
    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class LoadError(Exception):
    """One or more input files (records, GCAT tables) are bad; nothing was written."""

    def __init__(self, problems: list[RecordProblem], what: str = "the records") -> None:
        self.problems = problems
        n = len(problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {what}; nothing was written"
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in problems))


class NotFound(LookupError):
    """No record with that key; the message suggests near matches."""


class WriteRefused(PermissionError):
    """``sql`` is read-only."""
