"""The list of missions, read through SQLAlchemy Core: no mapped classes, no astropy.

``launchlog list missions`` is the command people run most, and declaring the ORM's 20
mapped classes and importing astropy cost more than the query (issue 12's latency). This
list reads its eight tables through light ``table()`` clauses naming only the columns it
reads; the columns themselves are declared once, in ``archive.model``, and
``tests/archive/test_listing.py`` holds these names and types to it. Times are UTC
``datetime``s (``archive.utc.LeapSecond`` inside a leap second); ``launch_epoch`` gives
the astropy ``Time``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Integer,
    String,
    column,
    extract,
    func,
    or_,
    select,
    table,
)
from sqlalchemy.sql.expression import TableClause

from .utc import instant, utc_time
from .vocab import Outcome


def _table(name: str, *columns: tuple[str, Any]) -> TableClause:
    return table(name, *(column(c, t) for c, t in columns))


# the columns this list reads, as archive.model declares them (checked by the tests)
MISSION = _table(
    "mission",
    ("id", Integer),
    ("slug", String),
    ("name", String),
    ("vehicle_id", Integer),
    ("site_id", Integer),
    ("pad_id", Integer),
    ("launch_time", DateTime),
    ("launch_time_precision", String),
    ("launch_time_leap", Boolean),
    ("outcome", String),
    ("failed_stage", Integer),
    ("gcat_tag", String),
)
VEHICLE = _table("vehicle", ("id", Integer), ("key", String), ("family_id", Integer))
FAMILY = _table("vehicle_family", ("id", Integer), ("key", String))
SITE = _table("site", ("id", Integer), ("key", String))
PAD = _table("pad", ("id", Integer), ("key", String))
MISSION_PAYLOAD = _table(
    "mission_payload",
    ("id", Integer),
    ("mission_id", Integer),
    ("payload_id", Integer),
    ("position", Integer),
)
PAYLOAD = _table("payload", ("id", Integer), ("slug", String), ("operator_id", Integer))
ORGANISATION = _table("organisation", ("id", Integer), ("key", String), ("name", String))
TABLES = (MISSION, VEHICLE, FAMILY, SITE, PAD, MISSION_PAYLOAD, PAYLOAD, ORGANISATION)


@dataclass(frozen=True)
class MissionRow:
    slug: str
    name: str
    launch_time: dt.datetime | None  # UTC; a LeapSecond inside a leap second
    launch_time_precision: str
    vehicle: str
    family: str
    site: str
    pad: str | None
    outcome: str
    failed_stage: int | None
    gcat_tag: str | None
    payloads: list[str]

    @property
    def launch_epoch(self) -> Any:
        """The launch instant as an astropy UTC ``Time`` (imports astropy), or None."""
        return utc_time(self.launch_time)


def org_filter(key: Any, name: Any, operator: str) -> Any:
    """An organisation given by its ``key`` column's value, or by part of its ``name``
    (any case); the columns of a table clause or of the mapped class."""
    needle = f"%{operator.lower()}%"
    return or_(func.lower(key) == operator.lower(), func.lower(name).like(needle))


def list_missions(
    conn: Any,
    *,
    vehicle: str | None = None,
    family: str | None = None,
    outcome: Outcome | str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    site: str | None = None,
    operator: str | None = None,
) -> list[MissionRow]:
    """Missions in launch order, filtered by vehicle key, family key, outcome, years, site key,
    or payload operator (key or part of its name). ``conn``: a Connection or a Session."""
    mi, v, f, s, p = MISSION, VEHICLE, FAMILY, SITE, PAD
    q = (
        select(
            mi.c.id,
            mi.c.slug,
            mi.c.name,
            mi.c.launch_time,
            mi.c.launch_time_leap,
            mi.c.launch_time_precision,
            v.c.key.label("vehicle"),
            f.c.key.label("family"),
            s.c.key.label("site"),
            p.c.key.label("pad"),
            mi.c.outcome,
            mi.c.failed_stage,
            mi.c.gcat_tag,
        )
        .select_from(
            mi.join(v, v.c.id == mi.c.vehicle_id)
            .join(f, f.c.id == v.c.family_id)
            .join(s, s.c.id == mi.c.site_id)
            .outerjoin(p, p.c.id == mi.c.pad_id)
        )
        .order_by(mi.c.launch_time.is_(None), mi.c.launch_time, mi.c.slug)
    )
    if vehicle:
        q = q.where(func.lower(v.c.key) == vehicle.lower())
    if family:
        q = q.where(func.lower(f.c.key) == family.lower())
    if outcome:
        q = q.where(mi.c.outcome == Outcome(outcome).value)
    if year_from is not None:
        q = q.where(extract("year", mi.c.launch_time) >= year_from)
    if year_to is not None:
        q = q.where(extract("year", mi.c.launch_time) <= year_to)
    if site:
        q = q.where(func.lower(s.c.key) == site.lower())
    if operator:
        mp, pl, org = MISSION_PAYLOAD, PAYLOAD, ORGANISATION
        sub = (
            select(mp.c.mission_id)
            .join(pl, pl.c.id == mp.c.payload_id)
            .join(org, org.c.id == pl.c.operator_id)
            .where(org_filter(org.c.key, org.c.name, operator))
        )
        q = q.where(mi.c.id.in_(sub))
    found = conn.execute(q).all()
    payloads = _payload_slugs(conn, [r.id for r in found])
    rows = []
    for r in found:
        fields = dict(r._mapping)  # the labels are MissionRow's field names
        mission_id, leap = fields.pop("id"), fields.pop("launch_time_leap")
        fields["launch_time"] = instant(fields["launch_time"], leap)
        rows.append(MissionRow(**fields, payloads=payloads.get(mission_id, [])))
    return rows


def _payload_slugs(conn: Any, mission_ids: list[int]) -> dict[int, list[str]]:
    """Each mission's payload slugs in the order the record lists them."""
    mp, pl = MISSION_PAYLOAD, PAYLOAD
    out: dict[int, list[str]] = defaultdict(list)
    if not mission_ids:
        return out
    q = (
        select(mp.c.mission_id, pl.c.slug)
        .join(pl, pl.c.id == mp.c.payload_id)
        .order_by(mp.c.mission_id, mp.c.position, mp.c.id)
    )
    if len(mission_ids) < 500:  # a filtered list: ask for its own; else read all, no IN list
        q = q.where(mp.c.mission_id.in_(mission_ids))
    wanted = set(mission_ids)
    for mid, slug in conn.execute(q):
        if mid in wanted:
            out[mid].append(slug)
    return out


__all__ = ["TABLES", "MissionRow", "list_missions", "org_filter"]
