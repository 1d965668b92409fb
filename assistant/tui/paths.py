"""Where the app writes its own files: under the data directory, never the current directory.

``coinpilot`` is often started from a repository root or a home directory; a screenshot or a log
dropped there is clutter at best. Everything the app writes goes under ``$COINPILOT_HOME`` (the
settings' ``home``), in a folder named for what it holds. Imports nothing slow: it is used before
the settings are loaded, and when loading them failed.
"""

from __future__ import annotations

import os
from pathlib import Path

LOGS = "logs"
SCREENSHOTS = "screenshots"


def data_home(home: Path | None = None) -> Path:
    """``home`` when known; else ``$COINPILOT_HOME``; else the per-user default that
    :func:`assistant.config.default_home` also uses."""
    if home is not None:
        return home
    env = os.environ.get("COINPILOT_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("coinpilot", appauthor=False))
