"""launchlog's physics: orbits and ascent. Imports neither the database nor VPython.

Astropy units and ``Time`` at the edges; plain floats and arrays inside, as
poliastro's ``core`` does. Importing the package first runs ``_startup``
(cached numba kernels, offline IERS), so it precedes any poliastro import.
"""

from . import _startup  # noqa: F401
