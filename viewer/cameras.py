"""The viewer's camera modes: the key a person types (``--camera follow``) and the menu label."""

from __future__ import annotations

CAMERAS = {
    "earth": "whole Earth",
    "follow": "follow vehicle",
    "site": "launch site",
    "booster": "follow booster",  # a stage flying back (the vehicle where none does)
}
