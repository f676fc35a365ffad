"""launchlog's physics: orbits and ascent. Imports neither the database nor VPython.

Astropy units and ``Time`` at the edges; plain floats and arrays inside, as
poliastro's ``core`` does.
"""
