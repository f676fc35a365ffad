"""Datasette loads every module here as a plugin (`launchlog browse --plugins-dir`)."""
