"""Names a person types (issue 15): key, name or alias, any case; ambiguity lists them."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from archive import model as m
from archive import session
from archive.errors import NotFound
from archive.names import Ambiguous, mission_slug, payload_slug, vehicle_key
from archive.queries import get_mission


@pytest.mark.parametrize(
    ("text", "key"),
    [("zq-1", "zq-1"), ("ZQ-1", "zq-1"), ("zhuque-1", "zq-1"), ("Zhuque-2E", "zq-2e")],
)
def test_a_vehicle_by_key_name_or_alias(loaded: Engine, text: str, key: str) -> None:
    with session(loaded) as s:
        assert vehicle_key(s, text) == key


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("ZQ1-Y1", "zq1-y1"),
        ("Zhuque-2 Y3", "zq2-y3"),
        ("2018-f02", "zq1-y1"),  # GCAT's tag
        ("2024-221", "zq2e-y1"),  # COSPAR id
        ("HONGHU-2", "zq2-y3"),  # a payload it carried
        ("Future", "zq1-y1"),
    ],
)
def test_a_mission_by_any_name(loaded: Engine, text: str, slug: str) -> None:
    with session(loaded) as s:
        assert mission_slug(s, text) == slug and get_mission(s, text).slug == slug


def test_an_ambiguous_name_lists_the_candidates(loaded: Engine) -> None:
    with session(loaded, write=True) as s:
        s.add(m.Payload(slug="honghu-x", name="Honghu X", aliases=["honghu"]))
        s.flush()
        assert payload_slug(s, "HONGHU-1") == "honghu-1"
        with pytest.raises(Ambiguous, match="'Honghu' names 2 payloads: honghu-1, honghu-x"):
            payload_slug(s, "Honghu")
        s.rollback()


def test_an_unknown_name_suggests_near_keys(loaded: Engine) -> None:
    with session(loaded) as s, pytest.raises(NotFound, match="no vehicle 'zq2'; did you mean"):
        vehicle_key(s, "zq2")
