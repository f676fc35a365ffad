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
    """GCAT's launch log with only the launches ``keep(tag, date)`` wants, the payload
    catalogue with only their payloads; the other tables whole."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("lv.tsv", "sites.tsv", "orgs.tsv"):
        shutil.copyfile(GCAT / name, folder / name)
    jcats = set()
    with (
        (GCAT / "launchlog.tsv").open(encoding="utf-8") as src,
        (folder / "launchlog.tsv").open("w", encoding="utf-8") as out,
    ):
        for line in src:
            if line.startswith("#"):
                out.write(line)
                continue
            fields = line.split("\t")
            tag, date = (f.strip() for f in fields[:2])
            if keep(tag, date):
                out.write(line)
                jcats.add(fields[6].strip())
    with (
        (GCAT / "psatcat.tsv").open(encoding="utf-8") as src,
        (folder / "psatcat.tsv").open("w", encoding="utf-8") as out,
    ):
        out.writelines(ln for ln in src if ln.startswith("#") or ln.split("\t")[0] in jcats)
    return folder


def edit_catalogue(folder: Path, jcat: str, column: int, value: str) -> None:
    """Set one field of one payload's row in the cut payload catalogue."""
    path = folder / "psatcat.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith(jcat + "\t"))
    fields = lines[i].split("\t")
    fields[column] = value
    lines[i] = "\t".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")


def log_lines(folder: Path) -> list[str]:
    return (folder / "launchlog.tsv").read_text(encoding="utf-8").split("\n")


def write_log(folder: Path, lines: list[str]) -> None:
    (folder / "launchlog.tsv").write_text("\n".join(lines), encoding="utf-8")
