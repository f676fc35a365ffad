"""launchlog's 3D viewer (VPython). Only ``viewer.scene`` will import vpython."""
