"""Element sets (TLE, or OMM as CelesTrak serves it) into the archive, at catalogue scale.

Each set is matched to a payload (NORAD number, then international designator, then name
or alias, any case) and kept as an achieved orbit: SGP4's mean elements in TEME
(``orbit.elements = sgp4-mean``) with the set itself, verbatim for a TLE and as OMM's
canonical one-line JSON for an OMM record (``flight.omm``). A set is one object at one
epoch, to the microsecond: the same set again changes nothing; the same object and epoch
with other elements is a duplicate, reported, and the held one kept; the same set in the
other form (a TLE of an OMM held, or the reverse) is the same set.

The file is read a record at a time and written a chunk at a time (no RETURNING: on SQLite
an INSERT that returns ids in order runs row by row), inside the caller's transaction:
a bad record anywhere raises before anything is committed, and memory stays that of a
chunk and the payload index, however large the file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, literal, select, update
from sqlalchemy.orm import Session

from flight import omm as omm_mod
from flight.core import M_to_nu
from flight.elements import SGP4_MEAN
from flight.errors import TLEError

if TYPE_CHECKING:
    from flight.tle import ElementSet

from . import model as m

CHUNK = 2000
SHOWN = 50  # items a report lists of each kind (its counts are whole)
KINDS = ("attached", "updated", "unchanged", "duplicates", "unmatched")
Progress = Callable[[str, int, int], None]


@dataclass
class ElementImport:
    """What an import did: whole counts, and the first ``SHOWN`` of each kind by name."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    attached: list[tuple[str, str]] = field(default_factory=list)  # (payload slug, orbit key)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)  # re-keyed or re-derived
    duplicates: list[str] = field(default_factory=list)  # same object and epoch, other elements
    unmatched: list[str] = field(default_factory=list)
    format: str = ""

    def note(self, kind: str, item: Any) -> None:
        self.counts[kind] += 1
        shown = getattr(self, kind)
        if len(shown) < SHOWN:
            shown.append(item)


@dataclass(frozen=True, slots=True)
class _Set:
    """One element set, whichever form it came in."""

    form: str  # "tle" or "omm"
    name: str
    norad_id: int
    cospar_id: str | None
    epoch: dt.datetime  # as written, to the microsecond
    text: str
    line: int
    mean: tuple[float, float, float, float, float, float]  # a km, e, i, node, argp, M (rad)
    identity: str = ""  # the object and epoch, 58555-20251001T220047.522016 (made once)

    def __post_init__(self) -> None:
        stamp = self.epoch.isoformat(timespec="microseconds").replace("-", "").replace(":", "")
        object.__setattr__(self, "identity", f"{self.norad_id}-{stamp}")

    @property
    def key(self) -> str:
        return f"{self.form}-{self.identity}"


def _from_tle(es: ElementSet) -> _Set:
    from flight import tle as tle_mod

    return _Set(
        "tle",
        es.name,
        es.norad_id,
        es.cospar_id,
        tle_mod.epoch_as_written(es),
        f"{es.name}\n{es.line1}\n{es.line2}",
        es.source_line,
        tle_mod.mean_elements(es),
    )


def _from_omm(rec: omm_mod.MeanElementSet) -> _Set:
    sat = rec.satrec()
    mean = (sat.a * sat.radiusearthkm, sat.ecco, sat.inclo, sat.nodeo, sat.argpo, sat.mo)
    return _Set(
        "omm", rec.name, rec.norad_id, rec.cospar_id, rec.epoch, rec.text, rec.source_line, mean
    )


def read_sets(path: Path, only: str | None = None) -> tuple[str, Iterator[_Set]]:
    """The file's format and its sets, one at a time (errors name file, line or record, field)."""
    with path.open("rb") as f:
        fmt = omm_mod.sniff(f.read(4096).decode("utf-8", "replace"))
    if only == "tle" and fmt != "tle":
        raise TLEError(str(path), 1, "format", f"is {fmt.upper()}, not TLE: use `import elements`")
    if fmt == "tle":  # astropy's frames come with flight.tle: loaded for TLE files only
        from flight import tle as tle_mod

        return fmt, (_from_tle(es) for es in tle_mod.read(path))
    return fmt, (_from_omm(rec) for rec in omm_mod.read(path))


def _text_key(text: str | None) -> str:
    """A set's identity in its text: a TLE's two element lines (not its name); an OMM's JSON."""
    text = (text or "").strip()
    if text.startswith("{"):
        return text
    return "\n".join(line.rstrip() for line in text.splitlines()[-2:])


class _Payloads:
    """Every payload's catalogue numbers and designators, read once per import: matching a
    set is then a lookup. Names and aliases, the last resort, are read only when a set
    matches neither (most sets match by number)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.norad: dict[int, int] = {}
        self.cospar: dict[str, int] = {}
        self._names: dict[str, int] | None = None
        self.slug: dict[int, str] = {}
        for pid, norad, cospar in session.execute(
            select(m.Payload.id, m.Payload.norad_id, m.Payload.cospar_id).order_by(m.Payload.id)
        ):
            if norad is not None:
                self.norad.setdefault(norad, pid)
            if cospar:
                self.cospar.setdefault(cospar, pid)

    @property
    def names(self) -> dict[str, int]:
        if self._names is None:
            self._names = {}
            for pid, name, aliases in self.s.execute(
                select(m.Payload.id, m.Payload.name, m.Payload.aliases).order_by(m.Payload.id)
            ):
                for n in (name, *(aliases or ())):
                    self._names.setdefault(n.lower(), pid)
        return self._names

    def match(self, s: _Set) -> int | None:
        """By NORAD number, then international designator, then name or alias."""
        return (
            self.norad.get(s.norad_id)
            or (self.cospar.get(s.cospar_id) if s.cospar_id else None)
            or self.names.get(s.name.strip().lower())
        )

    def slugs(self, pids: set[int]) -> None:
        """The slugs of a chunk's payloads, for the report."""
        wanted = [p for p in pids if p not in self.slug]
        if wanted:
            rows = self.s.execute(
                select(m.Payload.id, m.Payload.slug).where(m.Payload.id.in_(wanted))
            )
            self.slug.update((pid, slug) for pid, slug in rows)


def _same_elements(held: tuple, s: _Set) -> bool:
    """The same set in the other form: mean elements equal to a TLE's written precision."""
    a, e, inc, raan, argp = held
    return (
        abs(a - s.mean[0]) < 1e-3
        and abs(e - s.mean[1]) < 2e-7
        and all(
            abs((x - math.degrees(y) + 180) % 360 - 180) < 2e-4
            for x, y in zip((inc, raan, argp), s.mean[2:5], strict=True)
        )
    )


class _Importer:
    def __init__(self, session: Session, path: Path, progress: Progress) -> None:
        self.s, self.path, self.progress = session, path, progress
        self.report = ElementImport()
        self.payloads = _Payloads(session)
        self.source_id: int | None = None
        self.latest: dt.datetime | None = None
        self.done = 0

    def source(self, fmt: str) -> int:
        key = f"{'tle' if fmt == 'tle' else 'omm'}-{self.path.stem}"[:64]
        src = self.s.scalar(select(m.Source).where(m.Source.key == key))
        if src is None:
            kind = "Two-line element sets" if fmt == "tle" else f"OMM element sets ({fmt.upper()})"
            cmd = "import tle" if fmt == "tle" else "import elements"
            src = m.Source(
                key=key,
                title=f"{kind} in {self.path.name}",
                note=f"Imported with `launchlog {cmd}`.",
            )
            self.s.add(src)
            self.s.flush()
        return src.id

    def run(self, sets: Iterable[_Set]) -> ElementImport:
        chunk: list[_Set] = []
        for s in sets:
            chunk.append(s)
            if len(chunk) == CHUNK:
                self._chunk(chunk)
                chunk = []
        if chunk:
            self._chunk(chunk)
        if self.latest is not None and self.source_id is not None:
            src = self.s.get(m.Source, self.source_id)
            if src is not None and (src.published is None or src.published < self.latest.date()):
                src.published = self.latest.date()
        self.s.flush()
        return self.report

    def _chunk(self, chunk: list[_Set]) -> None:
        matched: list[tuple[_Set, int]] = []
        for s in chunk:
            pid = self.payloads.match(s)
            if pid is None:
                self.report.note("unmatched", f"{s.name} (NORAD {s.norad_id})")
            else:
                matched.append((s, pid))
        self.done += len(chunk)
        if not matched:
            return
        pids = {pid for _, pid in matched}
        self.payloads.slugs(pids)
        held_rows = self.s.execute(
            select(
                m.Orbit.id, m.Orbit.payload_id, m.Orbit.key, m.Orbit.element_set, m.Orbit.elements,
                m.Orbit.frame, m.Orbit.semi_major_axis_km, m.Orbit.eccentricity,
                m.Orbit.inclination_deg, m.Orbit.raan_deg, m.Orbit.arg_perigee_deg,
            ).where(m.Orbit.payload_id.in_(pids), m.Orbit.element_set.is_not(None))
        ).all()  # fmt: skip
        by_text = {(r.payload_id, _text_key(r.element_set)): r for r in held_rows}
        by_identity = {(r.payload_id, r.key.split("-", 1)[-1]): r for r in held_rows}
        first_mission: dict[int, int] = {}
        for pid, mid in self.s.execute(
            select(m.MissionPayload.payload_id, m.MissionPayload.mission_id)
            .where(m.MissionPayload.payload_id.in_(pids))
            .order_by(m.MissionPayload.mission_id, m.MissionPayload.position)
        ):
            first_mission.setdefault(pid, mid)
        new: list[dict[str, Any]] = []
        for s, pid in matched:
            slug = self.payloads.slug[pid]
            row = by_text.get((pid, _text_key(s.text)))
            if row is None:
                other = by_identity.get((pid, s.identity))
                if other is not None:
                    held = (other.semi_major_axis_km, other.eccentricity, other.inclination_deg,
                            other.raan_deg, other.arg_perigee_deg)  # fmt: skip
                    if (
                        not other.key.startswith(s.form)
                        and None not in held
                        and _same_elements(held, s)
                    ):
                        self.report.note("unchanged", (slug, other.key))
                    else:
                        self.report.note(
                            "duplicates",
                            f"{s.name} (NORAD {s.norad_id}) at {s.identity.split('-', 1)[1]}: "
                            f"{self.path.name} line {s.line} differs from the set held as "
                            f"'{other.key}'; kept the one held",
                        )
                    continue
            elif row.key == s.key and row.elements == SGP4_MEAN and row.frame == "TEME":
                self.report.note("unchanged", (slug, s.key))
                continue
            values = self._values(s, pid, first_mission.get(pid))
            if row is not None:  # the same set held under an older key or older elements
                self.s.execute(update(m.Orbit).where(m.Orbit.id == row.id).values(**values))
                self.report.note("updated", (slug, s.key))
            else:
                new.append(values)
                self.report.note("attached", (slug, s.key))
            # a later set of this chunk for the same object and epoch sees this one
            fake = _Held(-1, pid, s.key, s.text, SGP4_MEAN, "TEME", *values_of(values))
            by_text[(pid, _text_key(s.text))] = fake
            by_identity[(pid, s.identity)] = fake
            self.latest = max(self.latest or s.epoch, s.epoch)
        if self.source_id is None and (new or self.report.counts["updated"]):
            self.source_id = self.source(self.report.format)
        if new:
            _insert_many(self.s, m.Orbit.__table__, new)
            # the new rows' citations in one statement, ids read by the database itself
            o = m.Orbit.__table__.c
            self.s.execute(
                insert(m.Citation.__table__).from_select(
                    ["entity", "entity_id", "source_id", "is_estimate"],
                    select(literal("orbit"), o.id, literal(self.source_id), literal(False)).where(
                        o.key.in_([v["key"] for v in new]), o.payload_id.in_(pids)
                    ),
                )
            )
        self.progress("element sets", self.done, 0)

    def _values(self, s: _Set, pid: int, mission_id: int | None) -> dict[str, Any]:
        a, e, inc, raan, argp, mean = s.mean
        return dict(
            key=s.key,
            kind=m.OrbitKind.ACHIEVED,
            origin=m.OrbitOrigin.ELEMENT_SET,
            payload_id=pid,
            mission_id=mission_id,
            epoch=s.epoch,
            frame="TEME",
            elements=SGP4_MEAN,
            semi_major_axis_km=a,
            eccentricity=e,
            inclination_deg=math.degrees(inc),
            raan_deg=math.degrees(raan),
            arg_perigee_deg=math.degrees(argp),
            true_anomaly_deg=math.degrees(M_to_nu(mean, e)) % 360,
            perigee_km=None,
            apogee_km=None,
            period_min=None,
            sun_synchronous=False,
            element_set=s.text,
            note="SGP4 mean elements (TEME, WGS-72 radius) of the element set",
        )


def _insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """One INSERT for many rows, handed to the driver's ``executemany`` with each value
    through its column type's own bind processor (enums as their values, datetimes as the
    dialect stores them): SQLAlchemy's per-row parameter handling around that was a third
    of the import's time."""
    conn = session.connection()
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=keys)
    procs = {
        k: table.c[k].type.dialect_impl(conn.dialect).bind_processor(conn.dialect) for k in keys
    }
    plain = [{k: (p(r[k]) if (p := procs[k]) else r[k]) for k in keys} for r in rows]
    if compiled.positional:
        order = compiled.positiontup or []
        conn.exec_driver_sql(str(compiled), [tuple(r[k] for k in order) for r in plain])
    else:
        conn.exec_driver_sql(str(compiled), plain)


@dataclass(frozen=True, slots=True)
class _Held:
    id: int
    payload_id: int
    key: str
    element_set: str
    elements: str
    frame: str
    semi_major_axis_km: float
    eccentricity: float
    inclination_deg: float
    raan_deg: float
    arg_perigee_deg: float


def values_of(v: dict[str, Any]) -> tuple[float, ...]:
    return (
        v["semi_major_axis_km"], v["eccentricity"], v["inclination_deg"], v["raan_deg"],
        v["arg_perigee_deg"],
    )  # fmt: skip


def import_elements(
    session: Session,
    path: Path | str,
    *,
    only: str | None = None,
    progress: Progress | None = None,
) -> ElementImport:
    """Attach each element set in ``path`` (TLE, or OMM as JSON, CSV, XML or KVN) to its
    payload as an achieved orbit; ``only="tle"`` refuses anything but TLEs. Raises
    ``flight.ElementSetError`` naming file, line (or record) and field; the caller's
    transaction then writes nothing."""
    path = Path(path)
    fmt, sets = read_sets(path, only)
    importer = _Importer(session, path, progress or (lambda *_: None))
    importer.report.format = fmt
    report = importer.run(sets)
    if sum(report.counts.values()) == 0:
        raise TLEError(str(path), 1, "file", "holds no element sets")
    return report


TLEImport = ElementImport  # the name ``archive.import_tle`` has always returned
