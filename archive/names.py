"""Names a person types: a vehicle, mission or payload by key, name or alias, any case.

`launchlog capacity ZQ-1` and `launchlog show "Zhuque-1 Y1"` mean what they say. The key
wins when it matches exactly; otherwise every row whose key, name or alias equals the text
(case-insensitive) is a candidate. One candidate is the answer; several are listed, none
gets the closest keys as suggestions. A mission can also be named by its COSPAR id, GCAT
tag, or a payload it carried.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from . import model as m
from .errors import NotFound
from .queries import _suggest


class Ambiguous(NotFound):
    """The name fits several rows: the message lists them."""


def _matches(session: Session, cls: Any, key_col: Any, text: str) -> list[str]:
    """Keys of rows whose key, name or alias is ``text`` (case-insensitive)."""
    low = text.strip().lower()
    conds = [func.lower(key_col) == low, func.lower(cls.name) == low]
    has_aliases = hasattr(cls, "aliases")
    if has_aliases:  # a pre-filter on the JSON text; confirmed below
        conds.append(cast(cls.aliases, String).ilike(f"%{_like(low)}%", escape="\\"))
    cols = [key_col, cls.name] + ([cls.aliases] if has_aliases else [])
    out: list[str] = []
    for row in session.execute(select(*cols).where(or_(*conds)).order_by(key_col)):
        names = [row[0], row[1], *(row[2] or [] if has_aliases else [])]
        if any(n.lower() == low for n in names):
            out.append(row[0])
    return out


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _one(session: Session, what: str, text: str, keys: list[str], key_col: Any) -> str:
    if len(keys) == 1:
        return keys[0]
    if keys:
        raise Ambiguous(f"'{text}' names {len(keys)} {what}s: {', '.join(keys[:20])}")
    raise NotFound(_suggest(session, what, text, key_col))


def vehicle_key(session: Session, text: str) -> str:
    if session.scalar(select(m.Vehicle.key).where(m.Vehicle.key == text)):
        return text
    keys = _matches(session, m.Vehicle, m.Vehicle.key, text)
    return _one(session, "vehicle", text, keys, m.Vehicle.key)


def payload_slug(session: Session, text: str) -> str:
    if session.scalar(select(m.Payload.slug).where(m.Payload.slug == text)):
        return text
    keys = _matches(session, m.Payload, m.Payload.slug, text)
    return _one(session, "payload", text, keys, m.Payload.slug)


def mission_slug(session: Session, text: str) -> str:
    """By slug, name, COSPAR id or GCAT tag, or by a payload the mission carried."""
    if session.scalar(select(m.Mission.slug).where(m.Mission.slug == text)):
        return text
    low = text.strip().lower()
    keys = list(
        session.scalars(
            select(m.Mission.slug)
            .where(
                or_(
                    func.lower(m.Mission.slug) == low,
                    func.lower(m.Mission.name) == low,
                    func.lower(m.Mission.cospar_id) == low,
                    func.lower(m.Mission.gcat_tag) == low,
                )
            )
            .order_by(m.Mission.slug)
        )
    )
    if not keys:
        payloads = _matches(session, m.Payload, m.Payload.slug, text)
        if payloads:
            keys = sorted(
                set(
                    session.scalars(
                        select(m.Mission.slug)
                        .join(m.MissionPayload, m.MissionPayload.mission_id == m.Mission.id)
                        .join(m.Payload, m.Payload.id == m.MissionPayload.payload_id)
                        .where(m.Payload.slug.in_(payloads))
                    )
                )
            )
    return _one(session, "mission", text, keys, m.Mission.slug)
