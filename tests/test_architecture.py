"""The house rules, read from the source itself.

Arrows point one way: ``launchlog -> viewer, archive, flight``; ``viewer -> archive, flight``;
``archive -> flight``. Every import statement counts, wherever it stands (inside functions,
under ``TYPE_CHECKING``), so a lazy import cannot hide a back-arrow. Libraries neither print
nor use the terminal libraries; importing a package changes nothing in the process.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("launchlog", "viewer", "archive", "flight", "migrations")
MAY_IMPORT = {
    "launchlog": {"viewer", "archive", "flight"},
    "viewer": {"archive", "flight"},
    "archive": {"flight"},
    "migrations": {"archive", "flight"},  # Alembic's scripts read the model's metadata
    "flight": set(),
}
LIBRARIES = ("archive", "flight", "viewer")
TERMINAL = {"typer", "rich", "click"}


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``, relative ones resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])
            else:
                yield node.lineno, node.module or ""


def sources(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (ROOT / pkg).rglob("*.py"))


def test_imports_resolve_relative_names(tmp_path: Path) -> None:
    """The reader itself: a relative import inside a function is found and resolved."""
    found = dict(imports(ROOT / "launchlog" / "commands" / "view.py"))
    assert "launchlog.app" in found.values() and "viewer" in found.values()


def test_arrows_point_one_way() -> None:
    wrong = []
    for path in sources(*PACKAGES):
        own = path.relative_to(ROOT).parts[0]
        for line, name in imports(path):
            top = name.split(".")[0]
            if top in PACKAGES and top != own and top not in MAY_IMPORT[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_reader_sees_a_back_arrow_inside_a_function(tmp_path: Path, monkeypatch) -> None:
    """A test that cannot fail is a defect: plant a lazy back-arrow and watch it caught."""
    planted = tmp_path / "archive" / "planted.py"
    planted.parent.mkdir()
    planted.write_text("def f():\n    from viewer import view\n    return view\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert list(imports(planted)) == [(2, "viewer")]


def test_libraries_use_no_terminal_library_and_never_print() -> None:
    wrong = []
    for path in sources(*LIBRARIES):
        for line, name in imports(path):
            if name.split(".")[0] in TERMINAL:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: print()")
    assert not wrong, "\n".join(wrong)


def test_flight_knows_neither_the_database_nor_vpython() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sources("flight")
        for line, name in imports(path)
        if name.split(".")[0] in {"sqlalchemy", "alembic", "vpython"}
    ]
    assert not wrong, "\n".join(wrong)


def test_only_viewer_scene_imports_vpython() -> None:
    """Importing vpython (and making its first object) starts servers: one module owns that."""
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in sources(*PACKAGES, "benchmarks", "docs")
        if any(name.split(".")[0] == "vpython" for _, name in imports(path))
    )
    assert importers == ["viewer/scene.py"]


PROBE = """
import json, os, sys
before = (list(sys.meta_path), dict(os.environ), set(sys.modules))
import {package}
after = (list(sys.meta_path), dict(os.environ), set(sys.modules))
heavy = sorted(m for m in after[2] - before[2]
               if m.split(".")[0] in ("numba", "poliastro", "astropy", "vpython", "alembic"))
print(json.dumps({{"meta_path": before[0] == after[0], "environ": before[1] == after[1],
                   "heavy": heavy}}))
"""


@pytest.mark.parametrize("package", ["flight", "archive", "viewer", "launchlog"])
def test_importing_a_package_changes_nothing(package: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(package=package)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(out.stdout) == {"meta_path": True, "environ": True, "heavy": []}


def test_poliastro_imported_first_still_works() -> None:
    """A notebook that imported poliastro before launchlog: orbits and ascents still fly."""
    code = """
import poliastro.twobody
from astropy import units as u
from astropy.time import Time
from flight import OrbitElements, build_orbit, configure, propagate
configure()
o = build_orbit(OrbitElements("x", Time("2018-10-27 08:00", scale="utc"), perigee_km=500,
                              apogee_km=500, inc_deg=97.4, raan_deg=0))
e = propagate(o, span=2 * u.h, step=600 * u.s, model="j2")
print(e.r_km.shape)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "(13, 3)"


def test_the_readme_layout_table_matches_the_tree() -> None:
    """Every folder of the project has a row, and every module of a package is named in it."""
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Layout") :]
    rows = dict(re.findall(r"^\| `([a-z]+)/` \| (.*)$", table, re.M))
    folders = {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name != "build"
    }
    assert set(rows) == folders - {"launchlog.egg-info"}
    missing = [
        f"{pkg}/{path.relative_to(ROOT / pkg).with_suffix('')}"
        for pkg in (*PACKAGES[:4],)
        for path in (ROOT / pkg).rglob("*.py")
        if not path.name.startswith("__") and f"`{path.stem}`" not in rows[pkg]
    ]
    assert not missing, f"modules missing from README's layout table: {missing}"


OFFLINE = """
import socket, warnings
tried = []
def refuse(self, address):
    tried.append(address)
    raise OSError("the network was reached")
socket.socket.connect = refuse
warnings.simplefilter("error")  # astropy says IERSWarning when a download fails
import numpy as np
from astropy.time import Time
from flight import OrbitElements, build_orbit, geodetic, summarise
from flight.frames import itrs_to_gcrs
from viewer.model import _sun_direction
epoch = Time("2018-10-27 08:00", scale="utc")
built = build_orbit(OrbitElements("x", epoch, perigee_km=500, apogee_km=500,
                                  sun_synchronous=True), site=(41.3, 100.3))
print(summarise(built).ltan)
geodetic(epoch, np.array([[7000.0, 0.0, 0.0]]))
_sun_direction(epoch, itrs_to_gcrs(epoch).T)
print(tried)
"""


def test_the_libraries_never_reach_the_network_for_earth_orientation() -> None:
    """Without the entry points' ``configure()``, the first use of IERS data in flight and the
    viewer sets it up: astropy must read astropy-iers-data, never try to download."""
    out = subprocess.run(
        [sys.executable, "-c", OFFLINE], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["02:31", "[]"]
