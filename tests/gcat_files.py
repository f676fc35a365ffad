"""Small GCAT folders cut from the real files in ../shared, for fast and hostile tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from .conftest import SHARED

GCAT = SHARED / "data" / "gcat"
ZHUQUE_TAGS = ("2018-F02", "2022-F05", "2023-097", "2023-193", "2024-221")


def cut_gcat(
    folder: Path,
    keep: Callable[[str, str], bool] = lambda tag, date: (
        date[:4] in ("1957", "1958") or tag in ZHUQUE_TAGS
    ),
) -> Path:
    """GCAT's launch log with only the launches ``keep(tag, date)`` wants; the other tables whole."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("lv.tsv", "sites.tsv", "orgs.tsv"):
        shutil.copyfile(GCAT / name, folder / name)
    with (
        (GCAT / "launchlog.tsv").open(encoding="utf-8") as src,
        (folder / "launchlog.tsv").open("w", encoding="utf-8") as out,
    ):
        for line in src:
            if line.startswith("#"):
                out.write(line)
                continue
            tag, date = (f.strip() for f in line.split("\t")[:2])
            if keep(tag, date):
                out.write(line)
    return folder


def log_lines(folder: Path) -> list[str]:
    return (folder / "launchlog.tsv").read_text(encoding="utf-8").split("\n")


def write_log(folder: Path, lines: list[str]) -> None:
    (folder / "launchlog.tsv").write_text("\n".join(lines), encoding="utf-8")
