"""Launch statistics: per year, country and family, a vehicle's first flights, a site's or a
launch provider's record.

The archive-wide breakdowns read ``launch_tally`` (see ``archive.tally``); the others
are index look-ups (``ix_mission_vehicle_launch``, ``ix_mission_site_outcome``,
``ix_mission_provider_outcome``), so each answers in well under 5 ms on 100,000
launches (``benchmarks/stats.py``). Planned missions are not launches and are left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import model as m
from .errors import InvalidRequest
from .queries import NotFound, _suggest
from .tally import DIMENSIONS


@dataclass(frozen=True)
class Tally:
    """Launches in one bucket; a partial success (GCAT's graded codes) is neither."""

    bucket: str
    launches: int
    successes: int
    partials: int
    failures: int

    @property
    def success_rate(self) -> float:
        return self.successes / self.launches if self.launches else float("nan")


@dataclass(frozen=True)
class Flight:
    slug: str
    vehicle: str
    launch_time: dt.datetime | None
    outcome: str


@dataclass(frozen=True)
class FirstFlights:
    """The first ``asked`` flights of a vehicle or family (fewer if it has flown fewer)."""

    subject: str
    asked: int
    flights: list[Flight]

    @property
    def tally(self) -> Tally:
        return _tally(self.subject, [f.outcome for f in self.flights])


@dataclass(frozen=True)
class Record:
    """A launch site's or a launch provider's record."""

    subject: str
    name: str
    tally: Tally
    first: dt.datetime | None
    last: dt.datetime | None


def _tally(bucket: str, outcomes: list[str]) -> Tally:
    return Tally(
        bucket,
        len(outcomes),
        outcomes.count(m.Outcome.SUCCESS.value),
        outcomes.count(m.Outcome.PARTIAL.value),
        outcomes.count(m.Outcome.FAILURE.value),
    )


def _from_counts(bucket: str, counts: dict[str, int]) -> Tally:
    return Tally(
        bucket,
        sum(counts.values()),
        counts.get(m.Outcome.SUCCESS.value, 0),
        counts.get(m.Outcome.PARTIAL.value, 0),
        counts.get(m.Outcome.FAILURE.value, 0),
    )


@dataclass(frozen=True)
class Span:
    """The launches one kind of source brings, and the dates they run over."""

    source: str
    launches: int
    first: dt.datetime | None
    last: dt.datetime | None


@dataclass(frozen=True)
class Coverage:
    """Which sources cover which dates: GCAT's launch log, Launch Library 2, and launches
    only the records hold; ``gaps`` are the stretches between the catalogues' spans where
    neither reports launches, so that a quiet year is told from an uncovered one."""

    spans: list[Span]
    gaps: list[tuple[dt.date, dt.date]]

    @property
    def partial_years(self) -> list[str]:
        years: set[str] = set()
        for start, end in self.gaps:
            years.update(str(y) for y in range(start.year, end.year + 1))
        return sorted(years)


def coverage(session: Session) -> Coverage:
    """Each catalogue's span of launches (planned ones left out) and the gaps between."""
    launched = m.Mission.outcome != m.Outcome.PLANNED
    kinds = (
        ("GCAT launch log", m.Mission.gcat_tag.is_not(None)),
        ("Launch Library 2", m.Mission.gcat_tag.is_(None) & m.Mission.ll2_id.is_not(None)),
        ("records only", m.Mission.gcat_tag.is_(None) & m.Mission.ll2_id.is_(None)),
    )
    spans = []
    for name, where in kinds:
        n, first, last = session.execute(
            select(
                func.count(), func.min(m.Mission.launch_time), func.max(m.Mission.launch_time)
            ).where(launched, where)
        ).one()
        if n:
            spans.append(Span(name, n, first, last))
    catalogues = sorted(
        (s for s in spans if s.source != "records only" and s.first), key=lambda s: s.first
    )
    gaps = []
    for a, b in itertools.pairwise(catalogues):
        start, end = a.last.date() + dt.timedelta(days=1), b.first.date() - dt.timedelta(days=1)
        if end >= start:
            gaps.append((start, end))
    return Coverage(spans, gaps)


def launches_by(session: Session, dimension: str) -> list[Tally]:
    """Launches and failures per ``year``, ``country`` (GCAT's LVState) or vehicle ``family``."""
    if dimension not in DIMENSIONS:
        raise InvalidRequest(f"dimension must be one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    counts: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(m.LaunchTally.bucket, m.LaunchTally.outcome, m.LaunchTally.launches).where(
            m.LaunchTally.dimension == dimension
        )
    )
    for bucket, outcome, n in rows:
        counts.setdefault(bucket, {})[outcome] = n
    out = [_from_counts(b, c) for b, c in counts.items()]
    if dimension == "year":
        return sorted(out, key=lambda t: t.bucket)
    return sorted(out, key=lambda t: (-t.launches, t.bucket))


def first_flights(
    session: Session, n: int, *, vehicle: str | None = None, family: str | None = None
) -> FirstFlights:
    """The first ``n`` flights of a vehicle (key) or of a whole family (key), in launch order."""
    if n < 1:
        raise InvalidRequest(f"the number of flights must be at least 1, not {n}")
    if (vehicle is None) == (family is None):
        raise InvalidRequest("give a vehicle or a family")
    if vehicle is not None:
        from .names import vehicle_key

        pick = m.Vehicle.key == vehicle_key(session, vehicle)
    else:
        fid = session.scalar(select(m.VehicleFamily.id).where(m.VehicleFamily.key == family))
        if fid is None:
            raise NotFound(_suggest(session, "family", family, m.VehicleFamily.key))
        pick = m.Vehicle.family_id == fid
    vehicles = dict(session.execute(select(m.Vehicle.id, m.Vehicle.key).where(pick)).all())
    # the vehicles first, then their launches: ix_mission_vehicle_launch serves each
    q = (
        select(m.Mission.slug, m.Mission.vehicle_id, m.Mission.launch_time, m.Mission.outcome)
        .where(m.Mission.vehicle_id.in_(list(vehicles)), m.Mission.outcome != m.Outcome.PLANNED)
        .order_by(m.Mission.launch_time, m.Mission.slug)
        .limit(n)
    )
    flights = [Flight(s, vehicles[v], t, o.value) for s, v, t, o in session.execute(q)]
    return FirstFlights(vehicle or family or "", n, flights)


def _record(session: Session, subject: str, name: str, where) -> Record:  # type: ignore[no-untyped-def]
    rows = session.execute(  # one pass over a covering index: (site or provider, outcome, time)
        select(
            m.Mission.outcome,
            func.count(),
            func.min(m.Mission.launch_time),
            func.max(m.Mission.launch_time),
        )
        .where(where, m.Mission.outcome != m.Outcome.PLANNED)
        .group_by(m.Mission.outcome)
    ).all()
    counts = {outcome.value: n for outcome, n, _, _ in rows}
    first = min((lo for _, _, lo, _ in rows if lo is not None), default=None)
    last = max((hi for _, _, _, hi in rows if hi is not None), default=None)
    return Record(subject, name, _from_counts(subject, counts), first, last)


def site_record(session: Session, site: str) -> Record:
    row = session.execute(select(m.Site.id, m.Site.name).where(m.Site.key == site)).first()
    if row is None:
        raise NotFound(_suggest(session, "site", site, m.Site.key))
    return _record(session, site, row.name, m.Mission.site_id == row.id)


def provider_record(session: Session, organisation: str) -> Record:
    """The record of the organisation that launched (GCAT's launch agency)."""
    row = session.execute(
        select(m.Organisation.id, m.Organisation.name).where(m.Organisation.key == organisation)
    ).first()
    if row is None:
        raise NotFound(_suggest(session, "organisation", organisation, m.Organisation.key))
    return _record(session, organisation, row.name, m.Mission.provider_id == row.id)
