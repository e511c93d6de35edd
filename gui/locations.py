"""Where Seedview keeps its own files: the platform's cache location (never the viewed folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from gui import APP_NAME, ORGANIZATION_NAME
from gui.core.engine.cache import CACHE_FILE_NAME


def set_application_names() -> None:
    """Name the application for QStandardPaths and QSettings (works before any QApplication)."""
    QCoreApplication.setOrganizationName(ORGANIZATION_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def cache_folder() -> Path:
    """The user's cache folder for Seedview (e.g. ~/.cache/Seedview/Seedview on Linux)."""
    set_application_names()
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))


def entity_cache_path() -> Path:
    """The SQLite entity cache file."""
    return cache_folder() / CACHE_FILE_NAME
