"""Bringing GCAT's launch history into the archive, merged with the hand-curated records.

Matching is by GCAT's own identifiers, which curated records carry too: organisations and
sites by ``gcat_code``, vehicles by ``gcat_name``, missions by ``gcat_tag``, payloads by
``gcat_jcat``. A curated record always wins: a launch already in the archive (``zq1-y1``
is GCAT's ``2018-F02``) is left exactly as curated, and an import only adds what is
missing, so importing twice changes nothing. Every added row cites the ``gcat`` source.
Rows go in with SQLAlchemy's bulk inserts (``insertmanyvalues``) in one transaction:
all of it or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from . import model as m
from .catalogue_import import Catalogue, CatalogueReport
from .db import require_current, session_scope
from .gcat import FILLED, Gcat, GcatLaunch, GcatOrg, Keys, read_gcat, slugify
from .psatcat import PayloadCatalogue, read_psatcat
from .tally import refresh_tally
from .utc import LeapSecond

SOURCE_KEY = "gcat"
_COSPAR_LAUNCH = re.compile(r"^\d{4}-\d{3}$")
_COSPAR_PIECE = re.compile(r"^\d{4}-\d{3}[A-Z]{1,3}$")

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class GcatReport:
    launches: int = 0  # Earth launches in the files
    skipped_off_earth: int = 0
    merged: list[str] = field(default_factory=list)  # curated missions GCAT also has
    unchanged: int = 0  # imported before
    added: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    catalogue: CatalogueReport | None = None  # None: the folder has no psatcat.tsv

    @property
    def changed(self) -> bool:
        c = self.catalogue
        return any(self.added.values()) or bool(c and (c.filled or c.aliases))


def _codes(raw: str | None) -> list[str]:
    """GCAT writes joint owners as ``NASA/APL``; ``?`` marks a doubtful code."""
    return [c.rstrip("?") for c in (raw or "").split("/") if c.rstrip("?") not in ("", "-")]


class _Importer:
    def __init__(
        self,
        session: Session,
        gcat: Gcat,
        catalogue: PayloadCatalogue | None,
        progress: Progress | None,
    ) -> None:
        self.s, self.g, self.progress = session, gcat, progress or (lambda *_: None)
        self.catalogue = catalogue
        self.report = GcatReport(len(gcat.launches), gcat.skipped_off_earth)
        self.citations: list[dict[str, Any]] = []
        self.source_id = self._source()

    # -- helpers ------------------------------------------------------------------------

    def _source(self) -> int:
        src = self.s.scalar(select(m.Source).where(m.Source.key == SOURCE_KEY))
        if src is None:
            src = m.Source(
                key=SOURCE_KEY,
                title="General Catalog of Artificial Space Objects (launch log, launch "
                "vehicles, sites, organisations, payload catalogue)",
                author="Jonathan McDowell",
                publisher="planet4589.org",
                url="https://planet4589.org/space/gcat",
                published=self.g.updated,
                note="CC-BY. Added by `launchlog import gcat`.",
            )
            self.s.add(src)
            self.s.flush()
        return src.id

    def _insert(
        self, model: type, rows: list[dict[str, Any]], phase: str, cite: bool = True
    ) -> list[int]:
        """Bulk insert, ids back in row order, and (``cite``) a ``gcat`` citation per row."""
        ids: list[int] = []
        chunk = 2000
        for i in range(0, len(rows), chunk):
            part = rows[i : i + chunk]
            # render_nulls: a None is written as NULL, not left out, so that rows with and
            # without a value stay one batch (else each switch between them is a new INSERT)
            result = self.s.execute(
                insert(model).returning(model.id, sort_by_parameter_order=True),
                part,
                execution_options={"render_nulls": True},
            )
            ids.extend(result.scalars())
            self.progress(phase, min(i + chunk, len(rows)), len(rows))
        table = model.__tablename__
        if cite:
            self.citations += [
                {"entity": table, "entity_id": i, "source_id": self.source_id, "is_estimate": False}
                for i in ids
            ]
        self.report.added[table] = self.report.added.get(table, 0) + len(ids)
        return ids

    def _map(self, *cols: Any) -> dict[Any, Any]:
        return {a: b for a, b in self.s.execute(select(*cols)) if a is not None}

    # -- phases -------------------------------------------------------------------------

    def run(self) -> GcatReport:
        curated_tags = self._map(m.Mission.gcat_tag, m.Mission.slug)
        new: list[GcatLaunch] = []
        for launch in self.g.launches:
            slug = curated_tags.get(launch.tag)
            if slug is None:
                new.append(launch)
            elif slug == slugify(launch.tag):
                self.report.unchanged += 1
            else:
                self.report.merged.append(f"{launch.tag} = {slug}")
        orgs = self._organisations(new)
        sites, pads = self._sites(new)
        vehicles = self._vehicles(new, orgs)
        self._missions(new, orgs, sites, pads, vehicles)
        if self.catalogue is not None:
            log_end = self.g.launches[-1].when if self.g.launches else None
            c, citations = Catalogue(
                self.s, self.catalogue, self.source_id, log_end, self._insert, self.progress
            ).run()
            self.report.catalogue = c
            self.report.added["orbit"] = c.registered + c.disposal
            self.citations += citations
        if self.citations:
            for i in range(0, len(self.citations), 20000):
                self.s.execute(insert(m.Citation.__table__), self.citations[i : i + 20000])
        if self.report.changed:
            refresh_tally(self.s)
        return self.report

    def _organisations(self, new: list[GcatLaunch]) -> dict[str, int]:
        have = self._map(m.Organisation.gcat_code, m.Organisation.id)
        roles: dict[str, set[str]] = {}
        for launch in new:
            for code in _codes(launch.agency):
                roles.setdefault(code, set()).add(m.OrgRole.AGENCY.value)
            for p in launch.payloads:
                for code in _codes(p.owner):
                    roles.setdefault(code, set()).add(m.OrgRole.OPERATOR.value)
            veh = self.g.vehicles.get(launch.vehicle)
            for code in _codes(veh.manufacturer if veh else None):
                roles.setdefault(code, set()).add(m.OrgRole.MANUFACTURER.value)
        keys = Keys(self.s.scalars(select(m.Organisation.key)))
        wanted: list[GcatOrg] = []
        for code in sorted(roles):
            if code in have:
                continue
            org = self.g.orgs.get(code)
            if org is None:
                self.report.warnings.append(f"organisation code {code!r} is not in orgs.tsv")
                continue
            wanted.append(org)
        rows = [
            dict(
                key=keys.new(o.code),
                name=(o.english or o.name)[:200],
                aliases=[o.name] if o.english and o.english != o.name else [],
                country=o.country[:8] if o.country else None,
                roles=sorted(roles[o.code]),
                gcat_code=o.code,
            )
            for o in wanted
        ]
        ids = self._insert(m.Organisation, rows, "organisations")
        have.update({o.code: i for o, i in zip(wanted, ids, strict=True)})
        return have

    def _sites(self, new: list[GcatLaunch]) -> tuple[dict[str, int], dict[tuple[int, str], int]]:
        have = self._map(m.Site.gcat_code, m.Site.id)
        keys = Keys(self.s.scalars(select(m.Site.key)))
        codes = sorted({launch.site for launch in new} - set(have))
        rows = []
        for code in codes:
            site = self.g.sites[code]
            if None in site.figures.values():
                self.report.warnings.append(f"site {code} has no coordinates in GCAT; skipped")
                continue
            rows.append(
                dict(
                    key=keys.new(code),
                    name=site.name[:200],
                    aliases=[],
                    country=site.country[:8] if site.country else None,
                    **site.figures,
                    altitude_m=None,
                    gcat_code=code,
                    note=f"GCAT's coordinates, uncertain by {site.error_deg:g} deg"
                    if site.error_deg
                    else None,
                )
            )
        ids = self._insert(m.Site, rows, "sites")
        created = {r["gcat_code"]: i for r, i in zip(rows, ids, strict=True)}
        have.update(created)
        pads = {
            (site_id, key): pad_id
            for site_id, key, pad_id in self.s.execute(select(m.Pad.site_id, m.Pad.key, m.Pad.id))
        }
        # Pads are added under the sites this import creates; a curated site's pads are its
        # records' to list (a load would remove any other), so a launch there names one only
        # when the records have it.
        wanted = sorted({(created[x.site], x.pad) for x in new if x.pad and x.site in created})
        pad_rows = [
            dict(site_id=sid, key=slugify(code), name=code, kind=None)
            for sid, code in wanted
            if (sid, slugify(code)) not in pads
        ]
        pad_rows = list({(r["site_id"], r["key"]): r for r in pad_rows}.values())
        # a pad is cited through its site (pad records carry no sources of their own)
        pad_ids = self._insert(m.Pad, pad_rows, "pads", cite=False)
        pads.update({(r["site_id"], r["key"]): i for r, i in zip(pad_rows, pad_ids, strict=True)})
        return have, pads

    def _vehicles(self, new: list[GcatLaunch], orgs: dict[str, int]) -> dict[str, int]:
        have = self._map(m.Vehicle.gcat_name, m.Vehicle.id)
        names = sorted({x.vehicle for x in new} - set(have))
        families = self._map(m.VehicleFamily.key, m.VehicleFamily.id)
        by_name = {
            name.casefold(): i
            for name, i in self._map(m.VehicleFamily.name, m.VehicleFamily.id).items()
        }
        fam_keys = Keys(families)
        fam_rows: dict[str, dict[str, Any]] = {}
        for name in names:
            veh = self.g.vehicles.get(name)
            family = veh.family if veh else name
            if slugify(family) in families or family.casefold() in by_name or family in fam_rows:
                continue
            fam_rows[family] = dict(key=fam_keys.new(family), name=family[:200])
        fam_ids = self._insert(m.VehicleFamily, list(fam_rows.values()), "families")
        for fam, i in zip(fam_rows, fam_ids, strict=True):
            by_name[fam.casefold()] = i

        def family_id(family: str) -> int:
            return families.get(slugify(family)) or by_name[family.casefold()]

        keys = Keys(self.s.scalars(select(m.Vehicle.key)))
        rows, caps = [], []
        vehicle_columns = [c for c, _ in FILLED[m.Vehicle]]
        for name in names:
            veh = self.g.vehicles.get(name)
            if veh is None:
                self.report.warnings.append(
                    f"vehicle {name!r} flies in launchlog.tsv but is not in lv.tsv; "
                    "added with its name as its family and no figures"
                )
            makers = _codes(veh.manufacturer if veh else None)
            rows.append(
                dict(
                    key=keys.new(name),
                    name=name[:200],
                    aliases=[],
                    family_id=family_id(veh.family if veh else name),
                    manufacturer_id=orgs.get(makers[0]) if makers else None,
                    status=None,
                    **(veh.figures if veh else dict.fromkeys(vehicle_columns)),
                    gcat_name=name,
                    note=None if veh else "Not in GCAT's lv.tsv.",
                )
            )
            caps.append(veh)
        ids = self._insert(m.Vehicle, rows, "vehicles")
        cap_rows = [
            dict(vehicle_id=i, orbit_class=cls, mass_kg=kg)
            for i, veh in zip(ids, caps, strict=True)
            if veh is not None
            for cls, kg in (("LEO", veh.leo_kg), ("GTO", veh.gto_kg))
            if kg
        ]
        self._insert(m.Capacity, cap_rows, "capacities")
        have.update({r["gcat_name"]: i for r, i in zip(rows, ids, strict=True)})
        return have

    def _missions(
        self,
        new: list[GcatLaunch],
        orgs: dict[str, int],
        sites: dict[str, int],
        pads: dict[tuple[int, str], int],
        vehicles: dict[str, int],
    ) -> None:
        slugs = Keys(self.s.scalars(select(m.Mission.slug)))
        rows, kept = [], []
        for x in new:
            if x.site not in sites:
                self.report.warnings.append(f"launch {x.tag}: its site {x.site} was skipped")
                continue
            site_id = sites[x.site]
            pad_id = pads.get((site_id, slugify(x.pad))) if x.pad else None
            notes = []
            if x.time_uncertain:
                notes.append("GCAT marks the launch time as uncertain.")
            if x.site_uncertain:
                notes.append("GCAT marks the launch site as uncertain.")
            if x.pad and (x.pad_uncertain or pad_id is None):
                notes.append(
                    f"GCAT's pad: {x.pad}{'?' if x.pad_uncertain else ''}"
                    + ("" if pad_id else " (not among the site's recorded pads)")
                    + "."
                )
            if x.platform:
                notes.append(f"Launched from the platform {x.platform} (GCAT).")
            agency = _codes(x.agency)
            rows.append(
                dict(
                    slug=slugs.new(x.tag),
                    name=f"{x.vehicle} {x.flight_id or x.tag}"[:200],
                    vehicle_id=vehicles[x.vehicle],
                    site_id=site_id,
                    pad_id=pad_id,
                    launch_time=x.when,
                    launch_time_precision=x.precision,
                    launch_time_leap=isinstance(x.when, LeapSecond),
                    outcome=x.outcome,
                    gcat_tag=x.tag,
                    gcat_launch_code=x.code,
                    cospar_id=x.tag if _COSPAR_LAUNCH.match(x.tag) else None,
                    flight_number=x.flight_id[:32] if x.flight_id else None,
                    country=x.country[:8] if x.country else None,
                    provider_id=orgs.get(agency[0]) if agency else None,
                    note=" ".join(notes) or None,
                )
            )
            kept.append(x)
        mission_ids = self._insert(m.Mission, rows, "missions")
        self._payloads(kept, mission_ids, orgs)

    def _payloads(self, launches: list[GcatLaunch], mission_ids: list[int], orgs: dict) -> None:
        have = self._map(m.Payload.gcat_jcat, m.Payload.id)
        slugs = Keys(self.s.scalars(select(m.Payload.slug)))
        rows = []
        for x in launches:
            for p in x.payloads:
                if p.jcat in have:
                    continue
                owners = _codes(p.owner)
                known = [c for c in owners if c in orgs]
                rows.append(
                    dict(
                        slug=slugs.new(p.jcat),
                        name=p.name[:200],
                        aliases=[p.pl_name] if p.pl_name and p.pl_name != p.name else [],
                        operator_id=orgs[known[0]] if known else None,
                        cospar_id=p.piece if _COSPAR_PIECE.match(p.piece) else None,
                        norad_id=int(p.jcat[1:]) if p.jcat.startswith("S") else None,
                        gcat_jcat=p.jcat,
                        note=f"GCAT's owners: {p.owner}." if len(owners) > 1 else None,
                    )
                )
        ids = self._insert(m.Payload, rows, "payloads")
        have.update({r["gcat_jcat"]: i for r, i in zip(rows, ids, strict=True)})
        links = [
            dict(mission_id=mid, payload_id=have[p.jcat], position=i)
            for x, mid in zip(launches, mission_ids, strict=True)
            for i, p in enumerate(x.payloads)
        ]
        for i in range(0, len(links), 5000):
            self.s.execute(insert(m.MissionPayload), links[i : i + 5000])
            self.progress("payload links", min(i + 5000, len(links)), len(links))
        self.report.added["mission_payload"] = len(links)


def import_gcat(engine: Engine, folder: Path | str, progress: Progress | None = None) -> GcatReport:
    """Read GCAT's tables in ``folder`` (the payload catalogue too, where the folder has
    ``psatcat.tsv``) and add what the archive lacks, in one transaction."""
    require_current(engine)
    gcat = read_gcat(folder)  # raises LoadError naming file, line, record and column
    catalogue = read_psatcat(folder)
    with session_scope(engine, write=True) as session:
        return _Importer(session, gcat, catalogue, progress).run()
