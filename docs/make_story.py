"""Remake docs/zq1-y1-story.png: four moments of ZQ-1's maiden flight from `launchlog view
--screenshot`, captioned, two by two; and docs/zq1-y1-page.png, the whole page (scene,
record panel, telemetry strip) at the failure, from `--screenshot --whole-page`.

    .venv/bin/python docs/make_story.py [--db URL]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
WHOLE_PAGE_AT = ["--whole-page", "--at", "420s", "--camera", "follow"]
MOMENTS = [  # (mission time, camera, caption)
    ("40s", "follow", "T+40 s: first stage, gravity turn"),
    ("176s", "follow", "T+176 s: stage 2 separated, fairing gone"),
    ("420s", "follow", "T+420 s: stage 3 tumbling (attitude lost T+402 s)"),
    ("940s", "earth", "T+940 s: down in the Bay of Bengal"),
]


def main(argv: list[str]) -> None:
    db = argv[argv.index("--db") + 1] if "--db" in argv else None
    launchlog = [sys.executable, "-m", "launchlog", *(["--db", db] if db else [])]
    font = ImageFont.load_default(size=15)
    shots = []
    with tempfile.TemporaryDirectory() as d:
        for at, camera, caption in MOMENTS:
            out = Path(d) / f"{at}.png"
            subprocess.run(
                [
                    *launchlog,
                    "view",
                    "zq1-y1",
                    "--screenshot",
                    str(out),
                    "--at",
                    at,
                    "--camera",
                    camera,
                ],
                check=True,
                capture_output=True,
                cwd=HERE.parent,
            )
            im = Image.open(out).convert("RGB")
            draw = ImageDraw.Draw(im)
            w = draw.textlength(caption, font=font)
            draw.text(((im.width - w) / 2, im.height - 26), caption, fill="white", font=font)
            shots.append(im)
    w, h = shots[0].size
    sheet = Image.new("RGB", (2 * w, 2 * h))
    for k, im in enumerate(shots):
        sheet.paste(im, ((k % 2) * w, (k // 2) * h))
    sheet.save(HERE / "zq1-y1-story.png", optimize=True)
    print(f"wrote {HERE / 'zq1-y1-story.png'}")
    page = HERE / "zq1-y1-page.png"
    subprocess.run(
        [*launchlog, "view", "zq1-y1", "--screenshot", str(page), *WHOLE_PAGE_AT],
        check=True,
        capture_output=True,
        cwd=HERE.parent,
    )
    print(f"wrote {page}")


if __name__ == "__main__":
    main(sys.argv[1:])
