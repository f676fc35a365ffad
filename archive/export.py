"""Writing the whole archive back out as record files, so that nothing lives only in a database.

The files are the ones ``missions/`` holds and ``launchlog load`` reads: ``sources.yaml``,
``organisations.yaml``, ``sites.yaml``, ``vehicles.yaml`` (engines, families, vehicles)
and ``missions/YEAR.yaml`` (each year's missions with the payloads they carried first).
Every value is written in its column's own unit with Python's shortest exact ``repr``,
and every citation goes back beside the field it supports, so loading the files into an
empty database gives the same archive, row for row (``tests/test_export.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from . import model as m
from .db import session_scope
from .errors import ExportError
from .records import parse_utc
from .utc import PRECISION_FORMAT


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter where PyYAML has it; never anchors and aliases, which the loader
    refuses (a value used twice is written twice)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _spec(table: type) -> dict[str, tuple[str, str | None]]:
    """record field -> (column, unit written), from the columns' ``Measure`` declarations."""
    return {
        measure.record: (column, measure.unit)
        for column, measure in m.measures(table)
        if measure.part is None and not measure.required
    }


SITE, PAD, ENGINE = _spec(m.Site), _spec(m.Pad), _spec(m.Engine)
VEHICLE, STAGE, CAPACITY = _spec(m.Vehicle), _spec(m.Stage), _spec(m.Capacity)
PAYLOAD, FAILURE, ORBIT = _spec(m.Payload), _spec(m.FailureMode), _spec(m.Orbit)
ZONE, LANDING = _spec(m.LandingZone), _spec(m.Landing)
DIMENSIONS = [(col, meas.unit) for col, meas in m.measures(m.Payload) if meas.part is not None]


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    records: int = 0


@dataclass
class _Prov:
    sources: set[str] = field(default_factory=set)
    estimate: bool = False
    note: str | None = None


class _Citations:
    """Every citation, grouped by row and field, with source keys instead of ids."""

    def __init__(self, session: Session) -> None:
        keys = dict(session.execute(select(m.Source.id, m.Source.key)).all())
        self.rows: dict[tuple[str, int], dict[str | None, _Prov]] = defaultdict(dict)
        for c in session.scalars(select(m.Citation)):
            prov = self.rows[(c.entity, c.entity_id)].setdefault(c.field, _Prov())
            if c.source_id is not None:
                prov.sources.add(keys[c.source_id])
            prov.estimate |= c.is_estimate
            prov.note = c.note

    def record_sources(self, obj: Any) -> list[str]:
        prov = self.rows.get((obj.__tablename__, obj.id), {}).get(None)
        return sorted(prov.sources) if prov else []

    def field(self, obj: Any, name: str) -> _Prov | None:
        return self.rows.get((obj.__tablename__, obj.id), {}).get(name)


def _number(value: float) -> str:
    return repr(float(value))


def _time(
    when: dt.datetime, precision: m.TimePrecision | None = None, leap: bool = False
) -> tuple[str, bool]:
    """The text a human would write, and whether it says the precision by itself."""
    if leap:  # held as 23:59:59.x: written as the second it is
        fraction = f".{when.microsecond:06d}" if when.microsecond else ""
        return when.strftime("%Y-%m-%d %H:%M:60") + fraction, precision is m.TimePrecision.SECOND
    if precision is not None:
        text = when.strftime(PRECISION_FORMAT[precision])
        if parse_utc(text) == (when, precision):
            return text, True
    text = when.strftime("%Y-%m-%d %H:%M:%S") + (
        f".{when.microsecond:06d}" if when.microsecond else ""
    )
    return text, False


def _texts(obj: Any) -> dict[str, Any]:
    """A row's ``catalogued`` text columns, as record fields of the same names."""
    return {column: getattr(obj, column) for column in m.texts(type(obj))}


def _prune(d: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is unset, as a person writing the file would."""
    return {k: v for k, v in d.items() if v is not None and v != [] and v != ()}


class _Writer:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.cite = _Citations(session)
        self.org_key = dict(session.execute(select(m.Organisation.id, m.Organisation.key)).all())

    def org(self, org_id: int | None) -> str | None:
        return None if org_id is None else self.org_key[org_id]

    def measured(self, obj: Any, name: str, column: str, unit: str | None) -> Any:
        value = getattr(obj, column)
        if value is None:
            return None
        text: Any = f"{_number(value)} {unit}"
        if unit is None:
            text = int(value) if isinstance(value, int) else float(value)
        prov = self.cite.field(obj, name)
        if prov is None:
            return text
        out: dict[str, Any] = {"value": text, "sources": sorted(prov.sources)}
        if prov.estimate:
            out["estimate"] = prov.note
        else:
            out["note"] = prov.note
        return _prune(out)

    def measured_all(self, obj: Any, spec: dict[str, tuple[str, str | None]]) -> dict[str, Any]:
        return {name: self.measured(obj, name, col, unit) for name, (col, unit) in spec.items()}

    # -- records ------------------------------------------------------------------------

    def source(self, r: m.Source) -> dict[str, Any]:
        return _prune(
            dict(
                key=r.key,
                title=r.title,
                publisher=r.publisher,
                author=r.author,
                url=r.url,
                published=r.published.isoformat() if r.published else None,
                note=r.note,
            )
        )

    def organisation(self, r: m.Organisation) -> dict[str, Any]:
        return _prune(
            dict(
                key=r.key,
                name=r.name,
                aliases=list(r.aliases),
                country=r.country,
                roles=list(r.roles),
                gcat_code=r.gcat_code,
                **_texts(r),
                note=r.note,
                sources=self.cite.record_sources(r),
            )
        )

    def site(self, r: m.Site) -> dict[str, Any]:
        pads = [
            _prune(
                dict(
                    key=p.key,
                    name=p.name,
                    kind=p.kind.value if p.kind else None,
                    **self.measured_all(p, PAD),
                    **_texts(p),
                    note=p.note,
                )
            )
            for p in r.pads
        ]
        return _prune(
            dict(
                key=r.key,
                name=r.name,
                aliases=list(r.aliases),
                country=r.country,
                **self.measured_all(r, SITE),
                operator=self.org(r.operator_id),
                gcat_code=r.gcat_code,
                **_texts(r),
                note=r.note,
                sources=self.cite.record_sources(r),
                pads=pads,
            )
        )

    def landing_zone(self, r: m.LandingZone) -> dict[str, Any]:
        return _prune(
            dict(
                key=r.key,
                name=r.name,
                aliases=list(r.aliases),
                kind=r.kind.value,
                country=r.country,
                **self.measured_all(r, ZONE),
                note=r.note,
                sources=self.cite.record_sources(r),
            )
        )

    def landing(self, x: m.Landing) -> dict[str, Any]:
        prov = self.cite.field(x, "landing")
        return _prune(
            dict(
                stage=x.stage,
                zone=x.zone.key,
                planned=x.planned,
                outcome=x.outcome.value,
                **self.measured_all(x, LANDING),
                engine_out_burn=x.engine_out_burn.value if x.engine_out_burn else None,
                engines_out=x.engines_out,
                description=x.description,
                sources=self.cite.record_sources(x),
                estimate=prov.note if prov else None,
            )
        )

    def engine(self, r: m.Engine) -> dict[str, Any]:
        return _prune(
            dict(
                key=r.key,
                name=r.name,
                manufacturer=self.org(r.manufacturer_id),
                propellants=r.propellants,
                cycle=r.cycle,
                **self.measured_all(r, ENGINE),
                note=r.note,
                sources=self.cite.record_sources(r),
            )
        )

    def family(self, r: m.VehicleFamily) -> dict[str, Any]:
        return _prune(
            dict(
                key=r.key,
                name=r.name,
                manufacturer=self.org(r.manufacturer_id),
                note=r.note,
                sources=self.cite.record_sources(r),
            )
        )

    def vehicle(self, r: m.Vehicle) -> dict[str, Any]:
        stages = [
            _prune(
                dict(
                    number=st.number,
                    name=st.name,
                    propellants=st.propellants,
                    **self.measured_all(st, STAGE),
                    engines=[
                        _prune(dict(engine=se.engine.key, count=se.count, role=se.role))
                        for se in st.engines
                    ],
                    note=st.note,
                )
            )
            for st in r.stages
        ]
        caps = [
            _prune(
                dict(
                    orbit=c.orbit_class,
                    recovery=c.recovery.value if c.recovery else None,
                    **self.measured_all(c, CAPACITY),
                    sources=self.cite.record_sources(c),
                    note=c.note,
                )
            )
            for c in r.capacities
        ]
        return _prune(
            dict(
                key=r.key,
                name=r.name,
                aliases=list(r.aliases),
                family=r.family.key,
                variant=r.variant,
                manufacturer=self.org(r.manufacturer_id),
                status=r.status.value if r.status else None,
                **self.measured_all(r, VEHICLE),
                propellants=r.propellants,
                first_flight=r.first_flight.isoformat() if r.first_flight else None,
                announced_first_flight=r.announced_first_flight,
                gcat_name=r.gcat_name,
                **_texts(r),
                note=r.note,
                sources=self.cite.record_sources(r),
                stages=stages,
                capacities=caps,
            )
        )

    def payload(self, r: m.Payload) -> dict[str, Any]:
        dims = None
        if all(getattr(r, col) is not None for col, _ in DIMENSIONS):
            dims = [self.measured(r, "dimensions", col, unit) for col, unit in DIMENSIONS]
        return _prune(
            dict(
                slug=r.slug,
                name=r.name,
                aliases=list(r.aliases),
                operator=self.org(r.operator_id),
                builder=self.org(r.builder_id),
                **self.measured_all(r, PAYLOAD),
                dimensions=dims,
                form_factor=r.form_factor,
                purpose=r.purpose,
                cospar_id=r.cospar_id,
                norad_id=r.norad_id,
                gcat_jcat=r.gcat_jcat,
                **_texts(r),
                note=r.note,
                sources=self.cite.record_sources(r),
            )
        )

    def event(self, e: m.MissionEvent) -> dict[str, Any]:
        t: Any = None if e.t_plus_s is None else f"{_number(e.t_plus_s)} s"
        prov = self.cite.field(e, "t")
        estimate = None
        if prov is not None and e.t_plus_s is not None:
            t = _prune(
                {
                    "value": t,
                    "sources": sorted(prov.sources),
                    "estimate": prov.note if prov.estimate else None,
                    "note": None if prov.estimate else prov.note,
                }
            )
        elif prov is not None:  # an estimate for an event with no time
            estimate = prov.note
        return {
            "t": t,
            **_prune(
                dict(
                    kind=e.kind.value,
                    stage=e.stage,
                    nominal=e.nominal,
                    description=e.description,
                    sources=self.cite.record_sources(e),
                    estimate=estimate,
                )
            ),
        }

    def failure(self, f: m.FailureMode) -> dict[str, Any]:
        prov = self.cite.field(f, "failure")
        return _prune(
            dict(
                stage=f.stage,
                kind=f.kind.value,
                **self.measured_all(f, FAILURE),
                description=f.description,
                sources=self.cite.record_sources(f),
                estimate=prov.note if prov else None,
            )
        )

    def orbit(self, o: m.Orbit, payload_slug: dict[int, str]) -> dict[str, Any]:
        prov = self.cite.field(o, "orbit")
        return _prune(
            dict(
                key=o.key,
                kind=o.kind.value,
                origin=o.origin.value,
                payload=payload_slug[o.payload_id] if o.payload_id else None,
                epoch=_time(o.epoch)[0] if o.epoch else None,
                frame=o.frame,
                elements=None if o.elements == "osculating" else o.elements,
                **self.measured_all(o, ORBIT),
                sun_synchronous=o.sun_synchronous or None,
                local_time_node=o.local_time_node,
                element_set=o.element_set,
                sources=self.cite.record_sources(o),
                estimate=prov.note if prov else None,
                note=o.note,
            )
        )

    def mission(self, r: m.Mission, payload_slug: dict[int, str]) -> dict[str, Any]:
        when, implied = (None, True)
        if r.launch_time is not None:
            when, implied = _time(r.launch_time, r.launch_time_precision, r.launch_time_leap)
        return _prune(
            dict(
                slug=r.slug,
                name=r.name,
                vehicle=r.vehicle.key,
                site=r.site.key,
                pad=r.pad.key if r.pad else None,
                launch_time=when,
                launch_time_precision=None if implied else r.launch_time_precision.value,
                outcome=r.outcome.value,
                failed_stage=r.failed_stage,
                failure=r.failure_description,
                cospar_id=r.cospar_id,
                gcat_tag=r.gcat_tag,
                gcat_launch_code=r.gcat_launch_code,
                flight_number=r.flight_number,
                country=r.country,
                provider=self.org(r.provider_id),
                **_texts(r),
                note=r.note,
                sources=self.cite.record_sources(r),
                events=[self.event(e) for e in r.events],
                failures=[self.failure(f) for f in r.failure_modes],
                payloads=[link.payload.slug for link in r.payload_links],
                orbits=[self.orbit(o, payload_slug) for o in r.orbits],
                landings=[self.landing(x) for x in r.landings],
            )
        )


def _dump(path: Path, sections: dict[str, list[dict[str, Any]]], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(
        {k: v for k, v in sections.items() if v},
        Dumper=Dumper,
        sort_keys=False,
        default_flow_style=None,  # short lists inline: sources: [gcat]
        allow_unicode=True,
        width=100,
    )
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"# {header}\n{body}", encoding="utf-8")
    tmp.replace(path)


def export_archive(engine: Engine, folder: Path | str) -> ExportReport:
    """Write every record of the archive into ``folder`` (created if need be)."""
    folder = Path(folder)
    report = ExportReport()
    with session_scope(engine) as s:
        w = _Writer(s)
        stamp = f"Exported by `launchlog export` on {dt.date.today().isoformat()}."

        def write(rel: str, sections: dict[str, list[dict[str, Any]]]) -> None:
            path = folder / rel
            _dump(path, sections, stamp)
            report.files.append(path)
            report.records += sum(len(v) for v in sections.values())

        write(
            "sources.yaml",
            {"sources": [w.source(r) for r in s.scalars(select(m.Source).order_by(m.Source.key))]},
        )
        write(
            "organisations.yaml",
            {
                "organisations": [
                    w.organisation(r)
                    for r in s.scalars(select(m.Organisation).order_by(m.Organisation.key))
                ]
            },
        )
        write(
            "sites.yaml",
            {
                "sites": [
                    w.site(r)
                    for r in s.scalars(
                        select(m.Site).order_by(m.Site.key).options(selectinload(m.Site.pads))
                    )
                ],
                "landing_zones": [
                    w.landing_zone(r)
                    for r in s.scalars(select(m.LandingZone).order_by(m.LandingZone.key))
                ],
            },
        )
        write(
            "vehicles.yaml",
            {
                "engines": [
                    w.engine(r) for r in s.scalars(select(m.Engine).order_by(m.Engine.key))
                ],
                "families": [
                    w.family(r)
                    for r in s.scalars(select(m.VehicleFamily).order_by(m.VehicleFamily.key))
                ],
                "vehicles": [
                    w.vehicle(r)
                    for r in s.scalars(
                        select(m.Vehicle)
                        .order_by(m.Vehicle.key)
                        .options(
                            selectinload(m.Vehicle.family),
                            selectinload(m.Vehicle.stages)
                            .selectinload(m.Stage.engines)
                            .selectinload(m.StageEngine.engine),
                            selectinload(m.Vehicle.capacities),
                        )
                    )
                ],
            },
        )
        payloads = {p.id: p for p in s.scalars(select(m.Payload))}
        slug = {i: p.slug for i, p in payloads.items()}
        missions = s.scalars(
            select(m.Mission)
            .order_by(m.Mission.launch_time, m.Mission.slug)
            .options(
                selectinload(m.Mission.vehicle),
                selectinload(m.Mission.site),
                selectinload(m.Mission.pad),
                selectinload(m.Mission.events),
                selectinload(m.Mission.failure_modes),
                selectinload(m.Mission.orbits),
                selectinload(m.Mission.landings).selectinload(m.Landing.zone),
                selectinload(m.Mission.payload_links).selectinload(m.MissionPayload.payload),
            )
        ).all()
        stray = s.scalars(select(m.Orbit).where(m.Orbit.mission_id.is_(None))).first()
        if stray is not None:
            raise ExportError(
                f"orbit '{stray.key}' of payload '{slug.get(stray.payload_id)}' belongs to no "
                "mission, and record files keep orbits under their mission"
            )
        by_year: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
            lambda: {"payloads": [], "missions": []}
        )
        placed: set[int] = set()
        for r in missions:
            year = str(r.launch_time.year) if r.launch_time else "undated"
            for link in r.payload_links:
                if link.payload_id not in placed:
                    placed.add(link.payload_id)
                    by_year[year]["payloads"].append(w.payload(link.payload))
            by_year[year]["missions"].append(w.mission(r, slug))
        for year, sections in sorted(by_year.items()):
            write(f"missions/{year}.yaml", sections)
        loose = [w.payload(p) for i, p in sorted(payloads.items()) if i not in placed]
        if loose:
            write("payloads.yaml", {"payloads": loose})
    return report
