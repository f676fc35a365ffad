"""The archive's errors. Each derives from ``ArchiveError``, whose ``exit_code`` the command
line uses; messages are one line (a ``LoadError`` lists one line per problem) naming the
file, the line, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass


class ArchiveError(Exception):
    """Base of the archive's errors: bad input or a request the archive refuses."""

    exit_code = 1


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
            parts.append(clip(self.record))
        if self.field:
            parts.append(f"field '{clip(self.field)}'")
        return ": ".join(parts) + f": {clip(self.message, MESSAGE_CHARS)}"


MESSAGE_CHARS = 300  # a problem quotes what it read; a 10 MB line is not echoed whole
SHOWN_PROBLEMS = 50  # then a count: one cause (say, a file's line ends) can make thousands


def clip(text: str, most: int = 80) -> str:
    return text if len(text) <= most else f"{text[: most - 1]}… ({len(text):,} characters)"


class LoadError(ArchiveError):
    """One or more input files (records, GCAT tables) are bad; nothing was written."""

    def __init__(self, problems: list[RecordProblem], what: str = "the records") -> None:
        self.problems = problems
        n = len(problems)
        head = f"{n:,} problem{'s' if n != 1 else ''} in {what}; nothing was written"
        shown = [f"  {p}" for p in problems[:SHOWN_PROBLEMS]]
        if n > SHOWN_PROBLEMS:
            shown.append(f"  ... and {n - SHOWN_PROBLEMS:,} more")
        super().__init__("\n".join([head, *shown]))


class NotFound(ArchiveError, LookupError):
    """No record with that key; the message suggests near matches."""


class WriteRefused(ArchiveError, PermissionError):
    """``sql`` is read-only: the statement would change the archive."""

    exit_code = 3


class UnsupportedDatabase(ArchiveError):
    """The command needs another kind of database (``browse`` serves SQLite files only)."""

    exit_code = 2


class SchemaOutOfDate(ArchiveError):
    """The database is not at the schema this code expects."""


class SchemaRefused(ArchiveError):
    """A schema change refused because it would lose data (or cannot hold it); says what."""


class ExportError(ArchiveError):
    """A row that record files cannot hold (say, an orbit that belongs to no mission)."""


class InvalidRequest(ArchiveError, ValueError):
    """A request the archive cannot read (a target orbit written wrongly, an unknown
    statistic); the message says what was expected."""

    exit_code = 2
