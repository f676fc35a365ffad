"""Every command is documented: it has ``--help``, and the README shows it in use."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from launchlog.cli import app

from ..conftest import ROOT

README = (ROOT / "README.md").read_text()


def commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):  # a group (typer vendors its own click)
            out += commands(cmd, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


ALL = commands(typer.main.get_command(app))  # type: ignore[arg-type]


def test_the_command_tree_is_what_the_readme_promises() -> None:
    assert len(ALL) >= 18 and ("import", "gcat") in ALL and ("view",) in ALL


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) for p in ALL])
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ") and len(result.output.splitlines()) > 3


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) for p in ALL])
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    used = re.compile(r"launchlog(?: --db \S+)? " + re.escape(" ".join(path)) + r"(?:\s|$)", re.M)
    assert used.search(README), f"`launchlog {' '.join(path)}` is not shown in README.md"
