"""``python -m launchlog`` is the ``launchlog`` command."""

from .console import main

main()
