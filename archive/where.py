"""Where the archive lives unless told: the environment variable and the user's data folder.

Kept free of SQLAlchemy so that ``launchlog --help`` can say it without importing a database
library.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

ENV_VAR = "LAUNCHLOG_DATABASE_URL"


def default_path() -> Path:
    return Path(platformdirs.user_data_dir("launchlog")) / "launchlog.sqlite"
