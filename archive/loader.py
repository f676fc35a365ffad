"""Loading record files into the archive: validate everything, then write it all or nothing.

Three passes. Each file is parsed and each record validated on its own
(``records``); then every cross-reference is checked against the files and the
database together; only then is one transaction opened, in which records are
upserted by their natural keys (slug or key, stage number, ...). An upsert
assigns only values that differ, so loading the same files twice writes
nothing, and row ids stay stable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session, selectinload

from . import model as m
from .db import require_current, session_scope
from .errors import LoadError, RecordProblem
from .gcat import slugify
from .recordfile import ParsedFile, read_record_file
from .records import (
    SECTIONS,
    EngineRecord,
    FamilyRecord,
    LandingZoneRecord,
    Measured,
    MissionRecord,
    OrganisationRecord,
    PayloadRecord,
    SiteRecord,
    SourceRecord,
    Strict,
    VehicleRecord,
)
from .tally import refresh_tally
from .utc import LeapSecond

SINGULAR = {
    "sources": "source",
    "organisations": "organisation",
    "sites": "site",
    "landing_zones": "landing zone",
    "engines": "engine",
    "families": "family",
    "vehicles": "vehicle",
    "payloads": "payload",
    "missions": "mission",
}


@dataclass(frozen=True)
class Located:
    """A validated record and where it was written."""

    record: Any
    file: ParsedFile
    section: str
    index: int

    @property
    def label(self) -> str:
        if self.record is None:
            return f"{self.section}[{self.index}]"
        ident = getattr(self.record, SECTIONS[self.section][1])
        return f"{SINGULAR[self.section]} '{ident}'"

    def problem(self, loc: tuple[Any, ...], message: str) -> RecordProblem:
        line = self.file.line_of((self.section, self.index, *loc))
        return RecordProblem(str(self.file.path), line, self.label, _dotted(loc), message)


@dataclass
class Bundle:
    """Everything the files say, keyed by section and identifier."""

    sections: dict[str, dict[str, Located]] = field(
        default_factory=lambda: {s: {} for s in SECTIONS}
    )

    def records(self, section: str) -> list[Any]:
        return [loc.record for loc in self.sections[section].values()]

    def count(self) -> int:
        return sum(len(v) for v in self.sections.values())


@dataclass
class LoadReport:
    files: int
    records: int
    inserted: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


def record_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[RecordProblem]]:
    files: list[Path] = []
    problems: list[RecordProblem] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file())
            if not found:
                problems.append(RecordProblem(str(p), None, None, None, "no .yaml files here"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(RecordProblem(str(p), None, None, None, "no such file or directory"))
    return files, problems


def _dotted(loc: Sequence[Any]) -> str | None:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


_FIELD_PREFIX = re.compile(r"^(?:Value error, )?(?:(\w+): )?(.*)$", re.S)


def _pydantic_problems(exc: ValidationError, where: Located) -> list[RecordProblem]:
    out = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in ("function-before[parse()]",))
        # drop pydantic's internal tags such as 'function-after[...]' and union branches
        loc = tuple(p for p in loc if not (isinstance(p, str) and "[" in p))
        msg = err["msg"]
        match = _FIELD_PREFIX.match(msg)
        if match and match.group(1):  # a model-level check naming its field: "perigee: ..."
            loc, msg = (*loc, match.group(1)), match.group(2)
        elif match:
            msg = match.group(2)
        if err["type"] == "extra_forbidden":
            msg = "unknown field (a typo?)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        out.append(where.problem(loc, msg))
    return out


def validate_files(paths: Iterable[Path | str]) -> Bundle:
    """Parse and validate every record; raise ``LoadError`` listing every problem."""
    files, problems = record_files(paths)
    bundle = Bundle()
    for path in files:
        parsed, file_problems = read_record_file(path, {k: v[1] for k, v in SECTIONS.items()})
        problems.extend(file_problems)
        if parsed is None:
            continue
        for section, items in parsed.data.items():
            if section not in SECTIONS:
                known = ", ".join(SECTIONS)
                line = parsed.line_of((section,))
                problems.append(
                    RecordProblem(
                        str(path), line, None, str(section), f"unknown section (known: {known})"
                    )
                )
                continue
            if not isinstance(items, list):
                line = parsed.line_of((section,))
                problems.append(
                    RecordProblem(str(path), line, None, section, "expected a list of records")
                )
                continue
            model, ident_field = SECTIONS[section]
            for i, item in enumerate(items):
                placeholder = Located(None, parsed, section, i)
                if not isinstance(item, dict):
                    problems.append(
                        RecordProblem(
                            str(path),
                            parsed.line_of((section, i)),
                            f"{section}[{i}]",
                            None,
                            "expected a mapping",
                        )
                    )
                    continue
                ident = item.get(ident_field)
                try:
                    rec = model.model_validate(item)
                except ValidationError as exc:
                    label = (
                        f"{SINGULAR[section]} '{ident}'"
                        if isinstance(ident, str)
                        else f"{section}[{i}]"
                    )
                    for prob in _pydantic_problems(exc, placeholder):
                        problems.append(
                            RecordProblem(prob.file, prob.line, label, prob.field, prob.message)
                        )
                    continue
                located = Located(rec, parsed, section, i)
                key = getattr(rec, ident_field)
                earlier = bundle.sections[section].get(key)
                if earlier is not None:
                    problems.append(
                        located.problem(
                            (ident_field,),
                            f"duplicate {ident_field}: already defined at {earlier.file.path}:"
                            f"{earlier.file.line_of((section, earlier.index))}",
                        )
                    )
                    continue
                bundle.sections[section][key] = located
    if problems:
        raise LoadError(problems)
    return bundle


# -- cross-references ---------------------------------------------------------------


def _existing_keys(session: Session, column: Any) -> set[str]:
    return set(session.scalars(select(column)))


# A failure must strike while its stage can still be flying: within the burn times of the
# stages up to it plus this much coasting (ZQ-1's longest coast is about five minutes).
MAX_COAST_BEFORE_FAILURE_S = 1800.0


@dataclass(frozen=True)
class _StageFacts:
    """What the cross-record checks need of a stage (None where the record does not say)."""

    burn_s: float | None
    lit: dict[str, float | None]  # engines each return burn lights: "entry", "landing"


def _stages(bundle: Bundle, session: Session) -> dict[str, dict[int, _StageFacts]]:
    """Each vehicle's stages, from the database and then the files (which win)."""
    out: dict[str, dict[int, _StageFacts]] = {}
    rows = session.execute(
        select(
            m.Vehicle.key,
            m.Stage.number,
            m.Stage.burn_time_s,
            m.Stage.entry_burn_engines,
            m.Stage.landing_burn_engines,
        ).join(m.Stage, m.Stage.vehicle_id == m.Vehicle.id)
    )
    for key, number, burn, entry, landing in rows:
        out.setdefault(key, {})[number] = _StageFacts(burn, {"entry": entry, "landing": landing})
    for rec in bundle.records("vehicles"):
        out[rec.key] = {
            st.number: _StageFacts(
                _v(st.burn_time),
                {"entry": _v(st.entry_burn_engines), "landing": _v(st.landing_burn_engines)},
            )
            for st in rec.stages
        }
    return out


def _no_such_stage(
    where: Located, loc: tuple[Any, ...], stage: int, stages: dict[int, _StageFacts]
) -> list[RecordProblem]:
    """A record naming a stage the vehicle lacks."""
    if stage in stages:
        return []
    have = ", ".join(str(n) for n in sorted(stages)) or "none"
    return [where.problem(loc, f"the vehicle has no stage {stage} (stages: {have})")]


def _failure_problems(
    where: Located, i: int, fm: Any, stages: dict[int, _StageFacts] | None
) -> list[RecordProblem]:
    """A failure on a stage the vehicle lacks, or after its stage could have flown."""
    if stages is None:
        return []  # the vehicle's own problem, reported where it is named
    if missing := _no_such_stage(where, ("failures", i, "stage"), fm.stage, stages):
        return missing
    burns = [f.burn_s for n, f in stages.items() if n <= fm.stage]
    if any(b is None for b in burns):
        return []
    end = sum(b for b in burns if b is not None) + MAX_COAST_BEFORE_FAILURE_S
    if fm.at.value > end:
        return [
            where.problem(
                ("failures", i, "at"),
                f"T+{fm.at.value:g} s is after the flight's end: stage {fm.stage} has burnt out "
                f"by T+{end:g} s (burn times plus {MAX_COAST_BEFORE_FAILURE_S:g} s of coasting)",
            )
        ]
    return []


def _landing_problems(
    where: Located, i: int, landing: Any, stages: dict[int, _StageFacts] | None
) -> list[RecordProblem]:
    """A landing of a stage the vehicle lacks, or an engine-out on a burn the stage does not
    make (or of more engines than the burn lights)."""
    if stages is None:
        return []
    if missing := _no_such_stage(where, ("landings", i, "stage"), landing.stage, stages):
        return missing
    burn = landing.engine_out_burn
    if burn is None:
        return []
    lit = stages[landing.stage].lit[burn.value]
    if lit is None:
        return [
            where.problem(
                ("landings", i, "engine_out_burn"),
                f"stage {landing.stage} of the vehicle makes no {burn.value} burn "
                f"(its record gives no {burn.value}_burn_engines)",
            )
        ]
    if landing.engines_out > lit:
        return [
            where.problem(
                ("landings", i, "engines_out"),
                f"{landing.engines_out} engines lost, but the {burn.value} burn lights {lit:g}",
            )
        ]
    return []


def check_references(bundle: Bundle, session: Session) -> None:
    """Every key a record names must be defined in the files or already in the database."""
    known = {
        "sources": _existing_keys(session, m.Source.key),
        "organisations": _existing_keys(session, m.Organisation.key),
        "sites": _existing_keys(session, m.Site.key),
        "engines": _existing_keys(session, m.Engine.key),
        "families": _existing_keys(session, m.VehicleFamily.key),
        "vehicles": _existing_keys(session, m.Vehicle.key),
        "payloads": _existing_keys(session, m.Payload.slug),
        "landing_zones": _existing_keys(session, m.LandingZone.key),
    }
    for section, recs in bundle.sections.items():
        if section in known:
            known[section] |= set(recs)
    pads: dict[str, set[str]] = {}
    for site in session.scalars(select(m.Site)):
        pads[site.key] = {p.key for p in site.pads}
    for site_rec in bundle.records("sites"):
        pads[site_rec.key] = {p.key for p in site_rec.pads}
    stages = _stages(bundle, session)
    problems: list[RecordProblem] = []

    def need(where: Located, loc: tuple[Any, ...], section: str, key: str | None) -> None:
        if key is not None and key not in known[section]:
            what = SINGULAR[section]
            problems.append(where.problem(loc, f"unknown {what} '{key}'"))

    for section, recs in bundle.sections.items():
        for where in recs.values():
            rec = where.record
            for name, value in _measured_fields(rec):
                for src in value.sources:
                    need(where, (*name, "sources"), "sources", src)
            for i, src in enumerate(getattr(rec, "sources", ()) if section != "sources" else ()):
                need(where, ("sources", i), "sources", src)
            for attr in ("operator", "manufacturer", "builder", "provider"):
                if hasattr(rec, attr):
                    need(where, (attr,), "organisations", getattr(rec, attr))
            if isinstance(rec, VehicleRecord):
                need(where, ("family",), "families", rec.family)
                for si, stage in enumerate(rec.stages):
                    for ei, se in enumerate(stage.engines):
                        need(where, ("stages", si, "engines", ei, "engine"), "engines", se.engine)
                for ci, cap in enumerate(rec.capacities):
                    for k, src in enumerate(cap.sources):
                        need(where, ("capacities", ci, "sources", k), "sources", src)
            if isinstance(rec, MissionRecord):
                need(where, ("vehicle",), "vehicles", rec.vehicle)
                need(where, ("site",), "sites", rec.site)
                if rec.pad is not None and rec.site in pads and rec.pad not in pads[rec.site]:
                    problems.append(
                        where.problem(("pad",), f"site '{rec.site}' has no pad '{rec.pad}'")
                    )
                for i, slug in enumerate(rec.payloads):
                    need(where, ("payloads", i), "payloads", slug)
                for i, ev in enumerate(rec.events):
                    for k, src in enumerate(ev.sources):
                        need(where, ("events", i, "sources", k), "sources", src)
                for i, fm in enumerate(rec.failures):
                    for k, src in enumerate(fm.sources):
                        need(where, ("failures", i, "sources", k), "sources", src)
                    problems += _failure_problems(where, i, fm, stages.get(rec.vehicle))
                for i, landing in enumerate(rec.landings):
                    need(where, ("landings", i, "zone"), "landing_zones", landing.zone)
                    for k, src in enumerate(landing.sources):
                        need(where, ("landings", i, "sources", k), "sources", src)
                    problems += _landing_problems(where, i, landing, stages.get(rec.vehicle))
                for i, orb in enumerate(rec.orbits):
                    if orb.payload is not None and orb.payload not in rec.payloads:
                        problems.append(
                            where.problem(
                                ("orbits", i, "payload"),
                                f"payload '{orb.payload}' is not among this mission's payloads",
                            )
                        )
                    for k, src in enumerate(orb.sources):
                        need(where, ("orbits", i, "sources", k), "sources", src)
    problems += _gcat_id_problems(bundle, session)
    if problems:
        raise LoadError(problems)


def _gcat_id_problems(bundle: Bundle, session: Session) -> list[RecordProblem]:
    """A GCAT identifier (tag, JCAT, name, code) names one record: not two in the files, and
    not a row that another record holds (a row a GCAT import made is taken over instead)."""
    problems: list[RecordProblem] = []
    for section, model, column in _GCAT_SECTIONS:
        key_attr = SECTIONS[section][1]
        records = bundle.sections[section]
        values = [v for r in records.values() if (v := getattr(r.record, column)) is not None]
        held: dict[str, str] = {}
        q = select(getattr(model, column), getattr(model, key_attr))
        for chunk in _chunks(values):
            held.update(session.execute(q.where(getattr(model, column).in_(chunk))).all())
        seen: dict[str, Located] = {}
        for key, where in records.items():
            value = getattr(where.record, column)
            if value is None:
                continue
            if value in seen:
                first = seen[value]
                problems.append(
                    where.problem(
                        (column,),
                        f"{value!r} is also {first.label}'s "
                        f"({first.file.path}:{first.file.line_of((section, first.index))})",
                    )
                )
                continue
            seen[value] = where
            holder = held.get(value)
            moving = holder in records and getattr(records[holder].record, column) != value
            if holder not in (None, key, slugify(value)) and not moving:
                problems.append(
                    where.problem(
                        (column,),
                        f"{value!r} belongs to {SINGULAR[section]} '{holder}' in the archive",
                    )
                )
    return problems


def _measured_fields(rec: Strict, prefix: tuple[Any, ...] = ()) -> Iterable[tuple[tuple, Measured]]:
    """Every Measured value in a record, with its location, nested records included."""
    for name in type(rec).model_fields:
        value = getattr(rec, name)
        if isinstance(value, Measured):
            yield (*prefix, name), value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Measured):
                    yield (*prefix, name, i), item
                elif isinstance(item, Strict):
                    yield from _measured_fields(item, (*prefix, name, i))


# -- writing --------------------------------------------------------------------------


def _v(x: Measured | None) -> float | None:
    return None if x is None else x.value


def _measured_columns(table: type, r: Strict) -> dict[str, float | None]:
    """The column values of a record's measured fields (already in the columns' units)."""
    out: dict[str, float | None] = {}
    for column, measure in m.measures(table):
        value = getattr(r, measure.record)
        if measure.part is not None and value is not None:
            value = value[measure.part]
        number = _v(value)
        out[column] = int(number) if measure.integer and number is not None else number
    return out


def _texts(table: type, r: Strict) -> dict[str, str]:
    """A record's ``catalogued`` text fields that it gives: one it leaves out stays as the
    catalogue (GCAT's programme, Launch Library 2's ids) filled it."""
    return {c: v for c in m.texts(table) if (v := getattr(r, c)) is not None}


def _own_measured(r: Strict) -> list[tuple[str, Measured]]:
    """A record's own measured fields (not those of records nested in it), for citations."""
    return [(n, v) for n in type(r).model_fields if isinstance(v := getattr(r, n), Measured)]


def _assign(obj: Any, values: dict[str, Any]) -> None:
    for k, v in values.items():
        if isinstance(v, tuple):
            v = list(v)
        if getattr(obj, k) != v:
            setattr(obj, k, v)


def _sync(
    collection: list[Any],
    model: type,
    key_attrs: tuple[str, ...],
    rows: list[dict],
    managed: Any = None,
) -> list[Any]:
    """Make an ORM collection hold exactly ``rows``, matched by natural key, changing only diffs.

    ``managed(obj)``, when given, says which members records own: only those are removed
    when ``rows`` no longer name them (orbits derived by the program stay, say)."""
    existing = {tuple(getattr(o, a) for a in key_attrs): o for o in collection}
    out, wanted = [], set()
    for row in rows:
        key = tuple(row[a] for a in key_attrs)
        wanted.add(key)
        obj = existing.get(key)
        if obj is None:
            obj = model()
            collection.append(obj)
        _assign(obj, row)
        out.append(obj)
    for key, obj in existing.items():
        if key not in wanted and (managed is None or managed(obj)):
            collection.remove(obj)
    return out


# Which rows a section's records are, and what to load with them in one go.
_PREFETCH: dict[str, tuple[type, str, tuple[Any, ...]]] = {
    "sources": (m.Source, "key", ()),
    "organisations": (m.Organisation, "key", ()),
    "sites": (m.Site, "key", (selectinload(m.Site.pads),)),
    "landing_zones": (m.LandingZone, "key", ()),
    "engines": (m.Engine, "key", ()),
    "families": (m.VehicleFamily, "key", ()),
    "vehicles": (
        m.Vehicle,
        "key",
        (
            selectinload(m.Vehicle.stages).selectinload(m.Stage.engines),
            selectinload(m.Vehicle.capacities),
        ),
    ),
    "payloads": (m.Payload, "slug", ()),
    "missions": (
        m.Mission,
        "slug",
        (
            selectinload(m.Mission.events),
            selectinload(m.Mission.failure_modes),
            selectinload(m.Mission.payload_links),
            selectinload(m.Mission.orbits),
            selectinload(m.Mission.landings),
        ),
    ),
}
_CHUNK = 500  # keys per IN (...) list


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """``items`` in slices short enough for one ``IN (...)`` list each."""
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


_GCAT_SECTIONS = (
    ("organisations", m.Organisation, "gcat_code"),
    ("sites", m.Site, "gcat_code"),
    ("vehicles", m.Vehicle, "gcat_name"),
    ("payloads", m.Payload, "gcat_jcat"),
    ("missions", m.Mission, "gcat_tag"),
)
_GCAT_ID = {model: column for _, model, column in _GCAT_SECTIONS}


class _Writer:
    """Upserts records by natural key. Rows are fetched a section at a time (not a query per
    record) and citations are diffed once at the end, so a 30,000-record load stays fast."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.rows: dict[type, dict[str, Any]] = {}
        self.citations: list[tuple[Any, set[tuple]]] = []
        self._pads_used: set[int] | None = None  # pads that missions name, read when needed

    def prefetch(self, section: str, keys: Sequence[str]) -> None:
        model, key_attr, options = _PREFETCH[section]
        found = self.rows.setdefault(model, {})
        column = getattr(model, key_attr)
        for chunk in _chunks(keys):
            q = select(model).where(column.in_(chunk)).options(*options)
            found.update((getattr(o, key_attr), o) for o in self.s.scalars(q))

    def lookup(self, model: type, key_attr: str, key: str) -> Any:
        """A row named by a record (loaded, just written, or already in the database)."""
        found = self.rows.setdefault(model, {})
        if key not in found:
            found[key] = self.s.scalar(select(model).where(getattr(model, key_attr) == key))
        return found[key]

    def upsert(self, model: type, key_attr: str, key: str, values: dict[str, Any]) -> Any:
        obj = self.rows.setdefault(model, {}).get(key)
        if obj is None:
            obj = self._adopt(model, key_attr, key, values)
        if obj is None:
            obj = model(**{key_attr: key})
            self.s.add(obj)
        self.rows[model][key] = obj
        _assign(obj, values)
        return obj

    def _adopt(self, model: type, key_attr: str, key: str, values: dict[str, Any]) -> Any:
        """A record new by its key but naming a GCAT identifier takes over the row that a GCAT
        import made for it (renamed to the record's key), so the launch is held once."""
        column = _GCAT_ID.get(model)
        if column is None or values.get(column) is None:
            return None
        obj = self.s.scalar(select(model).where(getattr(model, column) == values[column]))
        if obj is None or getattr(obj, key_attr) != slugify(values[column]):
            return None  # not the import's row: check_references has said who holds it
        setattr(obj, key_attr, key)
        return obj

    def _pads_in_use(self) -> set[int]:
        if self._pads_used is None:
            self._pads_used = set(
                self.s.scalars(select(m.Mission.pad_id).where(m.Mission.pad_id.is_not(None)))
            )
        return self._pads_used

    def org(self, key: str | None) -> m.Organisation | None:
        return None if key is None else self.lookup(m.Organisation, "key", key)

    def source_id(self, key: str) -> int:
        src = self.lookup(m.Source, "key", key)
        assert src is not None, key  # checked by check_references
        return src.id

    def cite(
        self,
        obj: Any,
        record_sources: Sequence[str],
        fields: Iterable[tuple[str, Measured | None]],
    ) -> None:
        """Queue the citations of one entity: record-level sources, then per-field provenance."""
        rows: set[tuple] = {(None, self.source_id(k), False, None) for k in record_sources}
        for name, value in fields:
            if value is None or not value.cited:
                continue
            note = "; ".join(x for x in (value.estimate, value.note) if x) or None
            estimate = value.estimate is not None
            for k in value.sources or (() if estimate else record_sources):
                rows.add((name, self.source_id(k), estimate, note))
            if estimate and not value.sources:
                rows.add((name, None, True, note))
        self.citations.append((obj, rows))

    def flush_citations(self) -> None:
        self.s.flush()  # every cited row has its id now
        wanted: dict[str, dict[int, set[tuple]]] = {}
        for obj, rows in self.citations:
            wanted.setdefault(obj.__tablename__, {})[obj.id] = rows
        for entity, by_id in wanted.items():
            ids = list(by_id)
            have: dict[int, dict[tuple, m.Citation]] = {}
            for chunk in _chunks(ids):
                q = select(m.Citation).where(
                    m.Citation.entity == entity, m.Citation.entity_id.in_(chunk)
                )
                for c in self.s.scalars(q):
                    key = (c.field, c.source_id, c.is_estimate, c.note)
                    have.setdefault(c.entity_id, {})[key] = c
            for entity_id, rows in by_id.items():
                present = have.get(entity_id, {})
                for key, c in present.items():
                    if key not in rows:
                        self.s.delete(c)
                self.s.add_all(
                    m.Citation(
                        entity=entity,
                        entity_id=entity_id,
                        field=f,
                        source_id=sid,
                        is_estimate=est,
                        note=note,
                    )
                    for f, sid, est, note in rows - set(present)
                )
        self.s.flush()
        # Citations of child rows that the sync removed.
        for model in (
            m.Pad,
            m.Stage,
            m.Capacity,
            m.MissionEvent,
            m.FailureMode,
            m.Orbit,
            m.Landing,
        ):
            self.s.execute(
                delete(m.Citation)
                .where(m.Citation.entity == model.__tablename__)
                .where(m.Citation.entity_id.not_in(select(model.id)))
            )

    def source(self, r: SourceRecord) -> None:
        self.upsert(
            m.Source,
            "key",
            r.key,
            dict(
                title=r.title,
                publisher=r.publisher,
                author=r.author,
                url=r.url,
                published=r.published,
                note=r.note,
            ),
        )

    def organisation(self, r: OrganisationRecord) -> None:
        obj = self.upsert(
            m.Organisation,
            "key",
            r.key,
            dict(
                name=r.name,
                aliases=list(r.aliases),
                country=r.country,
                roles=[x.value for x in r.roles],
                gcat_code=r.gcat_code,
                **_texts(m.Organisation, r),
                note=r.note,
            ),
        )
        self.cite(obj, r.sources, ())

    def site(self, r: SiteRecord) -> None:
        op = self.org(r.operator)
        obj = self.upsert(
            m.Site,
            "key",
            r.key,
            dict(
                name=r.name,
                aliases=list(r.aliases),
                country=r.country,
                **_measured_columns(m.Site, r),
                operator_id=op.id if op else None,
                gcat_code=r.gcat_code,
                **_texts(m.Site, r),
                note=r.note,
            ),
        )
        pads = _sync(
            obj.pads,
            m.Pad,
            ("key",),
            [
                dict(
                    key=p.key,
                    name=p.name,
                    kind=p.kind,
                    **_measured_columns(m.Pad, p),
                    **_texts(m.Pad, p),
                    note=p.note,
                )
                for p in r.pads
            ],
            # a pad that launches name stays, though the records do not list it (a GCAT
            # import names pads that a curated site's records may not)
            managed=lambda pad: pad.id is None or pad.id not in self._pads_in_use(),
        )
        self.cite(obj, r.sources, _own_measured(r))
        for pad, pr in zip(pads, r.pads, strict=True):
            self.cite(pad, (), _own_measured(pr))

    def landing_zone(self, r: LandingZoneRecord) -> None:
        obj = self.upsert(
            m.LandingZone,
            "key",
            r.key,
            dict(
                name=r.name,
                aliases=list(r.aliases),
                kind=r.kind,
                country=r.country,
                **_measured_columns(m.LandingZone, r),
                note=r.note,
            ),
        )
        self.cite(obj, r.sources, _own_measured(r))

    def engine(self, r: EngineRecord) -> None:
        man = self.org(r.manufacturer)
        obj = self.upsert(
            m.Engine,
            "key",
            r.key,
            dict(
                name=r.name,
                manufacturer_id=man.id if man else None,
                propellants=r.propellants,
                cycle=r.cycle,
                **_measured_columns(m.Engine, r),
                note=r.note,
            ),
        )
        self.cite(obj, r.sources, _own_measured(r))

    def family(self, r: FamilyRecord) -> None:
        man = self.org(r.manufacturer)
        obj = self.upsert(
            m.VehicleFamily,
            "key",
            r.key,
            dict(name=r.name, manufacturer_id=man.id if man else None, note=r.note),
        )
        self.cite(obj, r.sources, ())

    def vehicle(self, r: VehicleRecord) -> None:
        man = self.org(r.manufacturer)
        fam = self.lookup(m.VehicleFamily, "key", r.family)
        assert fam is not None
        obj = self.upsert(
            m.Vehicle,
            "key",
            r.key,
            dict(
                name=r.name,
                aliases=list(r.aliases),
                family_id=fam.id,
                variant=r.variant,
                manufacturer_id=man.id if man else None,
                status=r.status,
                **_measured_columns(m.Vehicle, r),
                propellants=r.propellants,
                first_flight=r.first_flight,
                announced_first_flight=r.announced_first_flight,
                gcat_name=r.gcat_name,
                **_texts(m.Vehicle, r),
                note=r.note,
            ),
        )
        self.cite(obj, r.sources, _own_measured(r))
        stages = _sync(
            obj.stages,
            m.Stage,
            ("number",),
            [
                dict(
                    number=st.number,
                    name=st.name,
                    propellants=st.propellants,
                    **_measured_columns(m.Stage, st),
                    note=st.note,
                )
                for st in r.stages
            ],
        )
        for stage, st in zip(stages, r.stages, strict=True):
            engines = {x.engine: self.lookup(m.Engine, "key", x.engine) for x in st.engines}
            _sync(
                stage.engines,
                m.StageEngine,
                ("engine_id",),
                [
                    dict(engine_id=engines[x.engine].id, count=x.count, role=x.role)
                    for x in st.engines
                ],
            )
            self.cite(stage, (), _own_measured(st))
        caps = _sync(
            obj.capacities,
            m.Capacity,
            # two sources may give different masses for the same orbit: both are kept
            ("orbit_class", "recovery", "altitude_km", "inclination_deg", "mass_kg"),
            [
                dict(
                    orbit_class=c.orbit,
                    recovery=c.recovery,
                    **_measured_columns(m.Capacity, c),
                    note=c.note,
                )
                for c in r.capacities
            ],
        )
        for cap, c in zip(caps, r.capacities, strict=True):
            self.cite(cap, c.sources or r.sources, _own_measured(c))

    def payload(self, r: PayloadRecord) -> None:
        op, builder = self.org(r.operator), self.org(r.builder)
        obj = self.upsert(
            m.Payload,
            "slug",
            r.slug,
            dict(
                name=r.name,
                aliases=list(r.aliases),
                operator_id=op.id if op else None,
                builder_id=builder.id if builder else None,
                **_measured_columns(m.Payload, r),
                form_factor=r.form_factor,
                purpose=r.purpose,
                cospar_id=r.cospar_id,
                norad_id=r.norad_id,
                gcat_jcat=r.gcat_jcat,
                **_texts(m.Payload, r),
                note=r.note,
            ),
        )
        fields = [(n[0], v) for n, v in _measured_fields(r)]
        self.cite(obj, r.sources, fields)

    def mission(self, r: MissionRecord) -> None:
        vehicle = self.lookup(m.Vehicle, "key", r.vehicle)
        site = self.lookup(m.Site, "key", r.site)
        assert vehicle is not None and site is not None
        pad = next((p for p in site.pads if p.key == r.pad), None)
        provider = self.org(r.provider)
        when, precision = r.launch
        obj = self.upsert(
            m.Mission,
            "slug",
            r.slug,
            dict(
                name=r.name,
                vehicle_id=vehicle.id,
                site_id=site.id,
                pad_id=pad.id if pad else None,
                launch_time=when,
                launch_time_precision=precision,
                launch_time_leap=isinstance(when, LeapSecond),
                outcome=r.outcome,
                failed_stage=r.failed_stage,
                failure_description=r.failure,
                cospar_id=r.cospar_id,
                gcat_tag=r.gcat_tag,
                gcat_launch_code=r.gcat_launch_code,
                flight_number=r.flight_number,
                country=r.country,
                provider_id=provider.id if provider else None,
                **_texts(m.Mission, r),
                note=r.note,
            ),
        )
        self.cite(obj, r.sources, ())
        events = _sync(
            obj.events,
            m.MissionEvent,
            ("kind", "stage", "t_plus_s"),
            [
                dict(
                    seq=i,
                    **_measured_columns(m.MissionEvent, e),
                    kind=e.kind,
                    stage=e.stage,
                    nominal=e.nominal,
                    description=e.description,
                )
                for i, e in enumerate(r.events)
            ],
        )
        failures = _sync(
            obj.failure_modes,
            m.FailureMode,
            ("seq",),
            [
                dict(
                    seq=i,
                    stage=fm.stage,
                    kind=fm.kind,
                    **_measured_columns(m.FailureMode, fm),
                    description=fm.description,
                )
                for i, fm in enumerate(r.failures)
            ],
        )
        payloads = {slug: self.lookup(m.Payload, "slug", slug) for slug in r.payloads}
        _sync(
            obj.payload_links,
            m.MissionPayload,
            ("payload_id",),
            [dict(payload_id=payloads[slug].id, position=i) for i, slug in enumerate(r.payloads)],
        )
        orbits = _sync(
            obj.orbits,
            m.Orbit,
            ("key",),
            [
                dict(
                    key=o.key or (f"{o.payload}-{o.kind.value}" if o.payload else o.kind.value),
                    kind=o.kind,
                    origin=o.origin,
                    payload_id=payloads[o.payload].id if o.payload else None,
                    epoch=o.epoch,
                    frame=o.frame,
                    elements=o.elements,
                    **_measured_columns(m.Orbit, o),
                    sun_synchronous=o.sun_synchronous,
                    local_time_node=o.local_time_node,
                    element_set=o.element_set,
                    note=o.note,
                )
                for o in r.orbits
            ],
            # records own published orbits; element sets and simulations come from tools,
            # and a record may name one (an exported archive does) without owning it
            managed=lambda o: o.origin == m.OrbitOrigin.PUBLISHED,
        )
        zones = {x.zone: self.lookup(m.LandingZone, "key", x.zone) for x in r.landings}
        landings = _sync(
            obj.landings,
            m.Landing,
            ("stage",),
            [
                dict(
                    stage=x.stage,
                    zone_id=zones[x.zone].id,
                    planned=x.planned,
                    outcome=x.outcome,
                    **_measured_columns(m.Landing, x),
                    engine_out_burn=x.engine_out_burn,
                    engines_out=x.engines_out,
                    description=x.description,
                )
                for x in r.landings
            ],
        )
        for landing_obj, x in zip(landings, r.landings, strict=True):
            fields = [(n[0], v) for n, v in _measured_fields(x)]
            if x.estimate:
                fields.append(("landing", Measured(value=0.0, estimate=x.estimate)))
            self.cite(landing_obj, x.sources, fields)
        for ev_obj, ev in zip(events, r.events, strict=True):
            fields = (
                [
                    (
                        "t",
                        Measured(
                            value=ev.t.value if ev.t else 0.0,
                            sources=ev.t.sources,
                            estimate=ev.t.estimate or ev.estimate,
                            note=ev.t.note,
                        ),
                    )
                ]
                if ev.t is not None and (ev.t.cited or ev.estimate)
                else []
            )
            if ev.estimate and not fields:
                fields = [("t", Measured(value=0.0, estimate=ev.estimate))]
            self.cite(ev_obj, ev.sources, fields)
        for fm_obj, fm in zip(failures, r.failures, strict=True):
            fields = [(n[0], v) for n, v in _measured_fields(fm)]
            if fm.estimate:
                fields.append(("failure", Measured(value=0.0, estimate=fm.estimate)))
            self.cite(fm_obj, fm.sources, fields)
        for orb_obj, o in zip(orbits, r.orbits, strict=True):
            fields = [(n[0], v) for n, v in _measured_fields(o)]
            if o.estimate:
                fields.append(("orbit", Measured(value=0.0, estimate=o.estimate)))
            self.cite(orb_obj, o.sources, fields)


def write_bundle(bundle: Bundle, session: Session) -> None:
    w = _Writer(session)
    for section in SECTIONS:  # dependency order: a section's rows have ids for the next
        name = SINGULAR[section].replace(" ", "_") if section != "families" else "family"
        handler = getattr(w, name)
        w.prefetch(section, list(bundle.sections[section]))
        for rec in bundle.records(section):
            handler(rec)
        session.flush()
    w.flush_citations()


def load_paths(engine: Engine, paths: Iterable[Path | str]) -> LoadReport:
    """Validate ``paths`` (files or folders of .yaml) and write them in one transaction."""
    require_current(engine)
    paths = list(paths)
    bundle = validate_files(paths)
    report = LoadReport(
        files=len({loc.file.path for s in bundle.sections.values() for loc in s.values()}),
        records=bundle.count(),
    )
    with session_scope(engine, write=True) as session:
        check_references(bundle, session)

        @event.listens_for(session, "before_flush")
        def _count(sess: Session, _ctx: Any, _inst: Any) -> None:
            for obj in sess.new:
                report.inserted[obj.__tablename__] += 1
            for obj in sess.dirty:
                if sess.is_modified(obj, include_collections=False):
                    report.updated[obj.__tablename__] += 1
            for obj in sess.deleted:
                report.deleted[obj.__tablename__] += 1

        write_bundle(bundle, session)
        session.flush()
        if report.changed:
            refresh_tally(session)
    return report
