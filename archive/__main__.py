"""``python -m archive`` is the ``launchlog`` command."""

from .cli import main

main()
