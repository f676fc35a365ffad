"""``python -m launchlog`` is the ``launchlog`` command."""

from .cli import run

run()
