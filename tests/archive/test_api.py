"""The Python API as the README shows it: the README's example runs against a real archive."""

from __future__ import annotations

import re

from astropy import units as u
from sqlalchemy import Engine

from archive import list_payloads, list_sites, list_vehicles, session

from ..conftest import ROOT


def test_readme_python_example_runs(loaded: Engine, monkeypatch, capsys) -> None:
    readme = (ROOT / "README.md").read_text()
    example = re.search(r"## Python API\n\n```python\n(.*?)```", readme, re.S).group(1)
    monkeypatch.setenv("LAUNCHLOG_DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    exec(compile(example, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("zq2-y2 2023-07-12 01:00:00.000 ['tianyi-30']")
    assert "27.0 t" in out[-2]
    assert out[-1] == "[<Quantity 92. s>, <Quantity 81. s>, <Quantity 85. s>]"


def test_rows_carry_units(loaded: Engine) -> None:
    with session(loaded) as s:
        zq2 = next(v for v in list_vehicles(s, family="zhuque-2") if v.key == "zq-2")
        assert zq2.liftoff_thrust.to(u.kN) == 2630 * u.kN  # GCAT lv.tsv
        assert [v.key for v in list_vehicles(s, status="planned")] == ["zq-2a", "zq-2b", "zq-2c"]
        assert list_sites(s)[0].altitude == 1000 * u.m
        assert [p.slug for p in list_payloads(s, vehicle="zq-1")] == ["future"]
        assert {p.norad_id for p in list_payloads(s, mission="zq2e-y2")} == set(range(64048, 64054))
