"""GCAT's payload catalogue into the archive: registered and disposal orbits, what a payload was.

A payload is matched by its JCAT (``payload.gcat_jcat``), else, for GCAT's S catalogue (one
to one with the US SATCAT), by its NORAD number: curated records give that more often.
Its catalogue columns (programme, class, ...) are filled where they are empty, so a
curated value always wins and a second import changes nothing; GCAT's name becomes an
alias where the record names the payload otherwise. The orbit its state registered with
the UN becomes an achieved orbit of origin ``registered`` (keyed ``SLUG-registered``),
cited to GCAT and to the registration document; GCAT's disposal orbit one of origin
``catalogued`` (``SLUG-disposal``), cited to GCAT. Catalogue entries whose payload the
archive lacks are counted, not invented: those launched after the launch log's last
launch apart from the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from . import model as m
from .gcat import Keys
from .psatcat import CataloguedPayload, CatalogueOrbit, PayloadCatalogue

UN_PUBLISHER = "United Nations Office for Outer Space Affairs"
UN_TITLE = "Registration of objects launched into outer space"


@dataclass
class CatalogueReport:
    entries: int = 0  # payloads in psatcat.tsv
    matched: int = 0
    filled: int = 0  # payloads given catalogue columns they lacked
    aliases: int = 0  # GCAT names added as aliases
    registered: int = 0  # registered orbits added
    disposal: int = 0  # disposal orbits added
    swapped: int = 0  # orbits given perigee above apogee, stored the right way round
    escapes: int = 0  # disposal "orbits" that leave the Earth (a negative apogee): not orbits
    newer_than_log: int = 0  # launched after the launch log's last launch
    not_in_log: int = 0  # other entries the archive has no payload for


class Catalogue:
    """Applies the payload catalogue; ``run`` returns the report and the new orbits'
    citations (to GCAT, and to their registration documents) for the caller to write with
    its own."""

    def __init__(
        self,
        session: Session,
        cat: PayloadCatalogue,
        source_id: int,
        log_end: dt.datetime | None,
        insert: Callable[..., list[int]],
        progress: Callable[[str, int, int], None],
    ) -> None:
        self.s, self.cat, self.source_id, self.log_end = session, cat, source_id, log_end
        self.insert = insert  # the GCAT importer's bulk insert (ids back, counted)
        self.progress = progress
        self.report = CatalogueReport(entries=len(cat.entries))

    def run(self) -> tuple[CatalogueReport, list[dict[str, Any]]]:
        texts = m.texts(m.Payload)
        cols = (m.Payload.id, m.Payload.slug, m.Payload.name, m.Payload.aliases)
        payloads: dict[str, Any] = {}
        by_norad: dict[int, Any] = {}
        for jcat, norad, *row in self.s.execute(
            select(
                m.Payload.gcat_jcat,
                m.Payload.norad_id,
                *cols,
                *(getattr(m.Payload, c) for c in texts),
            ).order_by(m.Payload.id)
        ):
            if jcat is not None:
                payloads[jcat] = row
            if norad is not None:
                by_norad.setdefault(norad, row)
        first_mission: dict[int, int] = {}
        for pid, mid in self.s.execute(
            select(m.MissionPayload.payload_id, m.MissionPayload.mission_id).order_by(
                m.MissionPayload.mission_id, m.MissionPayload.position
            )
        ):
            first_mission.setdefault(pid, mid)
        held = {
            (pid, key)
            for pid, key in self.s.execute(
                select(m.Orbit.payload_id, m.Orbit.key).where(
                    m.Orbit.origin.in_((m.OrbitOrigin.REGISTERED, m.OrbitOrigin.CATALOGUED))
                )
            )
        }
        changes: list[dict[str, Any]] = []
        orbits: list[dict[str, Any]] = []
        documents: list[str | None] = []  # the registration document of each orbit row
        for entry in self.cat.entries:
            found = payloads.get(entry.jcat)
            if found is None and entry.jcat.startswith("S"):
                found = by_norad.get(int(entry.jcat[1:]))  # the S catalogue is the SATCAT
            if found is None:
                if self.log_end and entry.launched and entry.launched > self.log_end:
                    self.report.newer_than_log += 1
                else:
                    self.report.not_in_log += 1
                continue
            self.report.matched += 1
            pid, slug, name, aliases, *have = found
            # every changed row carries every column (its own value where it has one), so
            # that the UPDATE is one statement for all of them, not one per set of columns
            merged = {
                column: value if old is None else old
                for column, old, value in zip(
                    texts, have, (entry.texts[c] for c in texts), strict=True
                )
            }
            filled = merged != dict(zip(texts, have, strict=True))
            known = {n.casefold() for n in (name, *(aliases or ()))}
            named = bool(entry.name) and entry.name.casefold() not in known
            if filled or named:
                new_aliases = [*(aliases or ()), entry.name] if named else list(aliases or ())
                changes.append({"id": pid, **merged, "aliases": new_aliases})
                self.report.filled += filled
                self.report.aliases += named
            for kind, orbit, doc in (
                ("registered", entry.registered, entry.texts["un_registration"]),
                ("disposal", entry.disposal, None),
            ):
                if orbit is None or not orbit.given:
                    continue
                if orbit.escape:
                    self.report.escapes += 1
                    continue
                key = f"{slug[:50]}-{kind}"
                if (pid, key) in held:
                    continue
                orbits.append(self._orbit(entry, orbit, kind, key, pid, first_mission.get(pid)))
                documents.append(doc)
                setattr(self.report, kind, getattr(self.report, kind) + 1)
                self.report.swapped += orbit.swapped
        if changes:
            self.s.execute(update(m.Payload), changes)
        # no RETURNING: on SQLite, insertmanyvalues in parameter order runs row by row
        # (35,000 orbits took 5 s); the new rows' ids are read back by (payload, key)
        chunk = 5000
        for i in range(0, len(orbits), chunk):
            self.s.execute(insert(m.Orbit.__table__), orbits[i : i + chunk])
            self.progress("catalogue orbits", min(i + chunk, len(orbits)), len(orbits))
        ids = {
            (pid, key): i
            for i, pid, key in self.s.execute(
                select(m.Orbit.id, m.Orbit.payload_id, m.Orbit.key).where(
                    m.Orbit.origin.in_((m.OrbitOrigin.REGISTERED, m.OrbitOrigin.CATALOGUED))
                )
            )
            if (pid, key) not in held
        }
        sources = self._documents({d for d in documents if d})
        citations = []
        for row, doc in zip(orbits, documents, strict=True):
            i = ids[(row["payload_id"], row["key"])]
            for source in (self.source_id, sources.get(doc) if doc else None):
                if source is not None:
                    citations.append(
                        {
                            "entity": "orbit",
                            "entity_id": i,
                            "source_id": source,
                            "is_estimate": False,
                        }
                    )
        return self.report, citations

    def _orbit(
        self,
        entry: CataloguedPayload,
        orbit: CatalogueOrbit,
        kind: str,
        key: str,
        pid: int,
        mission_id: int | None,
    ) -> dict[str, Any]:
        if kind == "registered":
            doc = entry.texts["un_registration"]
            note = "As registered with the UN" + (f" ({doc})" if doc else "") + ", per GCAT."
            origin = m.OrbitOrigin.REGISTERED
        else:
            note = "GCAT's disposal orbit."
            origin = m.OrbitOrigin.CATALOGUED
        if orbit.swapped:
            note += " Given with the perigee above the apogee; stored the other way round."
        return dict(
            key=key,
            kind=m.OrbitKind.ACHIEVED,
            origin=origin,
            payload_id=pid,
            mission_id=mission_id,
            epoch=orbit.epoch,
            frame="TEME",
            elements="osculating",
            perigee_km=orbit.perigee_km,
            apogee_km=orbit.apogee_km,
            inclination_deg=orbit.inclination_deg,
            period_min=orbit.period_min,
            sun_synchronous=False,
            note=note,
        )

    def _documents(self, documents: set[str]) -> dict[str, int]:
        """A source for each UN registration document, made once: found again by its title
        (two documents' names may slug alike, ST/SG/SER.E/942 and ST/SG.SER.E/942)."""
        title = {d: f"{UN_TITLE}: {d}" for d in documents}
        have = dict(
            self.s.execute(
                select(m.Source.title, m.Source.id).where(m.Source.publisher == UN_PUBLISHER)
            ).all()
        )
        taken = Keys(self.s.scalars(select(m.Source.key)))
        wanted = sorted(d for d in documents if title[d] not in have)
        keys = {d: taken.new(f"un-{d}") for d in wanted}
        rows = [
            dict(
                key=keys[d],
                title=title[d],
                publisher=UN_PUBLISHER,
                note="A UN registration document, as GCAT's payload catalogue names it.",
            )
            for d in wanted
        ]
        ids = self.insert(m.Source, rows, "registration documents", cite=False)
        have.update({title[d]: i for d, i in zip(wanted, ids, strict=True)})
        return {d: have[title[d]] for d in documents}
