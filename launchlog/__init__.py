"""The ``launchlog`` command: composes the archive, the physics and the viewer.

The libraries below (``archive``, ``flight``, ``viewer``) never print and never import
typer or rich; this package turns their results and errors into terminal output.
Importing it changes nothing in the process: set-up happens in ``cli.main``.
"""
