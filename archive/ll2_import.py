"""Launch Library 2's launches into the archive, carrying the log past GCAT's edition.

**Matching, not duplicating.** A launch whose LL2 id the archive holds is that mission. Else
it is the mission with its international designator (``mission.launch_designator``, where
LL2 gives one), else the one mission of the same vehicle from the same site within six
hours of LL2's NET. A matched mission that came from the records or from GCAT stays as it
is (a curated value always wins); it only gains LL2's id and last update. A launch matching
nothing becomes a mission of its own, with the vehicle (by LL2's configuration id, else by
name: LL2's English "Long March 2D" is GCAT's "Chang Zheng 2D"), the provider (by id, else
name), the site (by LL2's location id, else the archive's nearest site within 30 km of the
pad) and the pad (by id, else by name; a new pad only under a site no record owns) found
or made. Suborbital launches (LL2's orbit "Sub") are not orbital launches: counted, left out.

**Updates.** LL2's ``last_updated`` decides: a launch newer than the one held updates the
mission this import made (status, NET and its precision, orbit, failure); an older or equal
one changes nothing. A launch still "Go" or "TBD" after its NET stays planned, with a note.
Every row this import makes cites the ``ll2`` source.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from flight.constants import MEAN_RADIUS_KM

from . import model as m
from .db import require_current, session_scope
from .gcat import Keys, slugify
from .ll2 import LL2Launch, read_ll2
from .tally import refresh_tally

SOURCE_KEY = "ll2"
MATCH_WINDOW = dt.timedelta(hours=6)
NEAR_KM, ALIKE_KM = 50.0, 250.0
# LL2 writes names in English where GCAT writes pinyin; both are normalised to GCAT's
_TRANSLATIONS = (
    ("long march", "chang zheng"),
    ("smart dragon", "jielong"),
    ("kinetica", "lijian"),
    ("space launch complex", "lc"),
    ("launch complex", "lc"),
)
_SUFFIXES = re.compile(r"\b(ltd|inc|corp|corporation|co|llc|gmbh|sa|plc)\b\.?")


def pad_name(name: str) -> str:
    """A pad's name reduced for matching: LL2's `Space Launch Complex 40`, GCAT's `LC40`
    and `SLC40` alike."""
    return re.sub(r"^slc", "lc", normalised(name))


def normalised(name: str) -> str:
    """A name reduced for matching: `Long March 2D` and `Chang Zheng 2D` both `changzheng2d`."""
    text = name.casefold()
    for english, written in _TRANSLATIONS:
        text = text.replace(english, written)
    text = _SUFFIXES.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text)


@dataclass
class LL2Report:
    launches: int = 0
    added: list[str] = field(default_factory=list)  # mission slugs made
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    matched: list[str] = field(default_factory=list)  # "LL2 slug = archive slug"
    suborbital: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    made: dict[str, int] = field(default_factory=dict)  # table -> rows made besides missions

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.matched or any(self.made.values()))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return MEAN_RADIUS_KM * math.acos(max(-1.0, min(1.0, c)))


class _Importer:
    def __init__(self, session: Session, path: Path) -> None:
        self.s, self.path = session, path
        self.report = LL2Report()
        self.source_id = self._source()
        self.cited: list[tuple[str, int]] = []
        # missions whose every citation is LL2's: the ones this import made, and may update
        foreign = set(
            self.s.scalars(
                select(m.Citation.entity_id).where(
                    m.Citation.entity == "mission", m.Citation.source_id != self.source_id
                )
            )
        )
        self.owned = lambda mission: mission.id not in foreign

    def _source(self) -> int:
        src = self.s.scalar(select(m.Source).where(m.Source.key == SOURCE_KEY))
        if src is None:
            src = m.Source(
                key=SOURCE_KEY,
                title="Launch Library 2 (launches, rocket configurations, pads, agencies)",
                author="The Space Devs",
                publisher="thespacedevs.com",
                url="https://thespacedevs.com/llapi",
                note="API v2.2.0; LL2's terms of use apply. Added by `launchlog import ll2`.",
            )
            self.s.add(src)
            self.s.flush()
        return src.id

    def _made(self, obj: object, table: str) -> None:
        self.s.add(obj)
        self.s.flush()
        self.cited.append((table, obj.id))  # type: ignore[attr-defined]
        if table != "mission":
            self.report.made[table] = self.report.made.get(table, 0) + 1

    # -- the things a launch names -------------------------------------------------------

    def _by_name(self, model: type, names: list[str], ll2_id: str) -> object | None:
        found = self.s.scalar(select(model).where(model.ll2_id == ll2_id))  # type: ignore[attr-defined]
        if found is not None:
            return found
        wanted = [normalised(n) for n in names if n]
        rows = self.s.scalars(select(model).order_by(model.id)).all()  # type: ignore[attr-defined]
        for want in wanted:
            for row in rows:
                candidates = [row.name, *(row.aliases or ()), getattr(row, "gcat_name", None)]
                if any(c and normalised(c) == want for c in candidates):
                    if row.ll2_id is None:
                        row.ll2_id = ll2_id
                    return row
        return None

    def provider(self, x: LL2Launch) -> m.Organisation:
        org = self._by_name(m.Organisation, [x.provider_name], str(x.provider_id))
        if org is None:
            org = m.Organisation(
                key=Keys(self.s.scalars(select(m.Organisation.key))).new(x.provider_name),
                name=x.provider_name,
                aliases=[],
                roles=[m.OrgRole.AGENCY.value],
                ll2_id=str(x.provider_id),
                note=f"From Launch Library 2 ({x.provider_type or 'type not given'}).",
            )
            self._made(org, "organisation")
        return org  # type: ignore[return-value]

    def vehicle(self, x: LL2Launch) -> m.Vehicle:
        names = [x.config_full_name, x.config_name]
        veh = self._by_name(m.Vehicle, names, str(x.config_id))
        if veh is not None:
            return veh  # type: ignore[return-value]
        family_name = x.family or x.config_name
        fam = None
        for f in self.s.scalars(select(m.VehicleFamily)):
            if normalised(f.name) == normalised(family_name):
                fam = f
                break
        if fam is None:
            keys = Keys(self.s.scalars(select(m.VehicleFamily.key)))
            fam = m.VehicleFamily(key=keys.new(family_name), name=family_name)
            self._made(fam, "vehicle_family")
        veh = m.Vehicle(
            key=Keys(self.s.scalars(select(m.Vehicle.key))).new(x.config_full_name),
            name=x.config_full_name,
            aliases=[x.config_name] if x.config_name != x.config_full_name else [],
            family_id=fam.id,
            variant=x.variant,
            ll2_id=str(x.config_id),
            note="From Launch Library 2: no figures.",
        )
        self._made(veh, "vehicle")
        return veh

    def site(self, x: LL2Launch) -> m.Site:
        """By LL2's location id; else, of the sites within 50 km of the pad, one holding a
        pad of that name, else the nearest; else one within 250 km named alike (GCAT's
        coordinates of a centre can be that coarse: Taiyuan's lie 170 km from its pads)."""
        site = self.s.scalar(select(m.Site).where(m.Site.ll2_id == str(x.location_id)))
        if site is None:
            pad = pad_name(x.pad_name)
            word = normalised(x.location_name.split()[0])
            near = sorted(
                (_km(x.latitude, x.longitude, s.latitude_deg, s.longitude_deg), s.id, s)
                for s in self.s.scalars(select(m.Site))
            )
            close = [s for km, _, s in near if km <= NEAR_KM]
            # of the sites holding a pad of that name (GCAT files Cape Canaveral under
            # several names over the years), the one whose pad flew last
            named = sorted(
                (s for s in close if any(pad_name(p.name) == pad for p in s.pads)),
                key=lambda s: self._last_launch(s, pad),
                reverse=True,
            )
            alike = [
                s for km, _, s in near if km <= ALIKE_KM and normalised(s.name).startswith(word)
            ]
            site = (named or close or alike or [None])[0]
            if site is not None and site.ll2_id is None:
                site.ll2_id = str(x.location_id)
        if site is None:
            site = m.Site(
                key=Keys(self.s.scalars(select(m.Site.key))).new(x.location_name.split(",")[0]),
                name=x.location_name,
                aliases=[],
                country=(x.country_code or None),
                latitude_deg=x.latitude,
                longitude_deg=x.longitude,
                ll2_id=str(x.location_id),
                note="From Launch Library 2: the coordinates are those of its first pad seen.",
            )
            self._made(site, "site")
        return site

    def pad(self, x: LL2Launch, site: m.Site) -> m.Pad | None:
        for pad in site.pads:
            if pad.ll2_id == str(x.pad_id) or pad_name(pad.name) == pad_name(x.pad_name):
                if pad.ll2_id is None:
                    pad.ll2_id = str(x.pad_id)
                return pad
        if self._curated(site):
            return None  # a curated site's pads are its records' to list
        pad = m.Pad(
            site_id=site.id,
            key=Keys(p.key for p in site.pads).new(x.pad_name),
            name=x.pad_name,
            latitude_deg=x.latitude,
            longitude_deg=x.longitude,
            ll2_id=str(x.pad_id),
        )
        self._made(pad, "pad")
        site.pads.append(pad)
        return pad

    def _last_launch(self, site: m.Site, pad: str) -> dt.datetime:
        ids = [p.id for p in site.pads if pad_name(p.name) == pad]
        last = self.s.scalar(
            select(func.max(m.Mission.launch_time)).where(m.Mission.pad_id.in_(ids))
        )
        return last or dt.datetime.min

    def _curated(self, site: m.Site) -> bool:
        """A site some record file holds: not one GCAT's import made (keyed by its GCAT
        code) nor one this import made (cited to LL2)."""
        if site.gcat_code and site.key == slugify(site.gcat_code):
            return False
        return (
            self.s.scalar(
                select(m.Citation.id).where(
                    m.Citation.entity == "site",
                    m.Citation.entity_id == site.id,
                    m.Citation.source_id == self.source_id,
                )
            )
            is None
            and ("site", site.id) not in self.cited
        )

    # -- launches ------------------------------------------------------------------------

    def match(self, x: LL2Launch, vehicle: m.Vehicle, site: m.Site) -> m.Mission | None:
        if x.designator:
            found = self.s.scalar(select(m.Mission).where(m.Mission.cospar_id == x.designator))
            if found is not None:
                return found
        near = self.s.scalars(
            select(m.Mission).where(
                m.Mission.vehicle_id == vehicle.id,
                m.Mission.site_id == site.id,
                m.Mission.launch_time.between(x.net - MATCH_WINDOW, x.net + MATCH_WINDOW),
            )
        ).all()
        return near[0] if len(near) == 1 else None

    def values(self, x: LL2Launch, vehicle: m.Vehicle, site: m.Site, pad: m.Pad | None) -> dict:
        provider = self.provider(x)
        notes = []
        if x.outcome == m.Outcome.PLANNED and x.net < dt.datetime.now(dt.UTC).replace(tzinfo=None):
            notes.append(
                f"LL2 still says '{x.status}' after its NET ({x.net:%Y-%m-%d %H:%M} UTC), "
                f"last updated {x.last_updated}: kept as planned."
            )
        if x.precision_said not in ("SEC", "MIN", "HR", "DAY", "MON", "YEAR"):
            notes.append(f"LL2's NET precision is {x.precision_said}.")
        if pad is None:
            notes.append(f"LL2's pad: {x.pad_name}.")
        return dict(
            name=x.name[:200],
            vehicle_id=vehicle.id,
            site_id=site.id,
            pad_id=pad.id if pad else None,
            launch_time=x.net,
            launch_time_precision=x.precision,
            outcome=x.outcome,
            failure_description=x.failreason if x.outcome != m.Outcome.SUCCESS else None,
            cospar_id=x.designator,
            country=provider.country,
            provider_id=provider.id,
            ll2_id=x.id,
            ll2_updated=x.last_updated,
            orbit_class=x.orbit,
            note=" ".join(notes) or None,
        )

    def launch(self, x: LL2Launch) -> None:
        held = self.s.scalar(select(m.Mission).where(m.Mission.ll2_id == x.id))
        if held is not None:
            if (held.ll2_updated or "") >= x.last_updated:
                self.report.unchanged += 1
                return
            if not self.owned(held):  # a record's or GCAT's launch: theirs to change
                held.ll2_updated = x.last_updated
                self.report.updated.append(f"{held.slug} (LL2's update noted; kept as held)")
                return
            vehicle, site = self.vehicle(x), self.site(x)
            for key, value in self.values(x, vehicle, site, self.pad(x, site)).items():
                setattr(held, key, value)
            self.report.updated.append(held.slug)
            return
        if x.suborbital:
            self.report.suborbital.append(x.slug)
            return
        vehicle, site = self.vehicle(x), self.site(x)
        found = self.match(x, vehicle, site)
        if found is not None:
            found.ll2_id, found.ll2_updated = x.id, x.last_updated
            if found.orbit_class is None:
                found.orbit_class = x.orbit
            self.report.matched.append(f"{x.slug} = {found.slug}")
            return
        mission = m.Mission(
            slug=Keys(self.s.scalars(select(m.Mission.slug))).new(x.slug),
            **self.values(x, vehicle, site, self.pad(x, site)),
        )
        self._made(mission, "mission")
        self.report.added.append(mission.slug)

    def run(self, launches: list[LL2Launch]) -> LL2Report:
        self.report.launches = len(launches)
        for x in launches:
            self.launch(x)
        self.s.add_all(
            m.Citation(entity=table, entity_id=i, source_id=self.source_id, is_estimate=False)
            for table, i in self.cited
        )
        if self.report.added or self.report.updated:
            refresh_tally(self.s)
        return self.report


def import_ll2(engine: Engine, path: Path | str) -> LL2Report:
    """Read an LL2 launch list (strictly: ``LoadError`` names file, launch and field) and
    bring its launches into the archive, in one transaction."""
    require_current(engine)
    ll2 = read_ll2(path)
    with session_scope(engine, write=True) as session:
        return _Importer(session, Path(path)).run(ll2.launches)
