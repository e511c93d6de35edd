"""Where Seedview keeps its own files: the platform's cache location (never the viewed folder)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from gui import APP_NAME, ORGANIZATION_NAME
from gui.core.engine.cache import CACHE_FILE_NAME


def set_application_names() -> None:
    """Name the application for QStandardPaths and QSettings (works before any QApplication)."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORGANIZATION_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def xdg_cache_folder(environment: Mapping[str, str]) -> Path | None:
    """The cache folder QStandardPaths gives on Linux, from XDG_CACHE_HOME (an absolute one) or
    HOME; None if neither is an absolute path (Qt then decides)."""
    for base, below in ((environment.get("XDG_CACHE_HOME", ""), ""), (environment.get("HOME", ""), ".cache")):
        if base.startswith("/"):
            return Path(os.path.normpath(os.path.join(base, below))) / ORGANIZATION_NAME / APP_NAME
    return None


def cache_folder() -> Path:
    """The user's cache folder for Seedview (e.g. ~/.cache/Seedview/Seedview on Linux)."""
    # On Linux the rule is the XDG one, followed here without Qt: importing it would slow every
    # command-line tool down (`seedview search`), as those need no Qt otherwise.
    found = xdg_cache_folder(os.environ) if sys.platform.startswith("linux") else None
    if found is not None:
        return found
    from PySide6.QtCore import QStandardPaths

    set_application_names()
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))


def entity_cache_path() -> Path:
    """The SQLite entity cache file."""
    return cache_folder() / CACHE_FILE_NAME
