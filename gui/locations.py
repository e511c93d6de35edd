"""Where Seedview keeps its own files: the platform's cache location for what can be made again
(entity cache, corpus stores, logs), its data location for what only the user makes (the desks of
gui/core/desk); never the viewed folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
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
    return _xdg_folder(environment, "XDG_CACHE_HOME", ".cache")


def xdg_data_folder(environment: Mapping[str, str]) -> Path | None:
    """The application data folder QStandardPaths gives on Linux, from XDG_DATA_HOME (an absolute
    one) or HOME; None if neither is an absolute path (Qt then decides)."""
    return _xdg_folder(environment, "XDG_DATA_HOME", ".local/share")


def _xdg_folder(environment: Mapping[str, str], variable: str, below_home: str) -> Path | None:
    for base, below in ((environment.get(variable, ""), ""), (environment.get("HOME", ""), below_home)):
        if base.startswith("/"):
            return Path(os.path.normpath(os.path.join(base, below))) / ORGANIZATION_NAME / APP_NAME
    return None


def cache_folder() -> Path:
    """The user's cache folder for Seedview (e.g. ~/.cache/Seedview/Seedview on Linux)."""
    return _user_folder(xdg_cache_folder, "CacheLocation")


def data_folder() -> Path:
    """The user's data folder for Seedview (e.g. ~/.local/share/Seedview/Seedview on Linux)."""
    return _user_folder(xdg_data_folder, "AppDataLocation")


def _user_folder(xdg_folder: Callable[[Mapping[str, str]], Path | None], location: str) -> Path:
    """The folder QStandardPaths gives for the StandardLocation named `location`."""
    # On Linux the rule is the XDG one, followed here without Qt: importing it would slow every
    # command-line tool down (`seedview search`), as those need no Qt otherwise.
    found = xdg_folder(os.environ) if sys.platform.startswith("linux") else None
    if found is not None:
        return found
    from PySide6.QtCore import QStandardPaths

    set_application_names()
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation[location]))


def desk_folder(cache: Path) -> Path | None:
    """Where the desks of the corpora whose stores are in the cache folder `cache` live: the
    user's data folder when it is the user's own cache folder, as clearing caches must never
    reach what the user made; None (beside the stores) for any other (a test's, a benchmark's),
    so that each keeps to itself."""
    return data_folder() if cache == cache_folder() else None


def corpus_desk_path(corpus: Path) -> Path:
    """The desk file of a corpus (a folder, a `.txt` or a JSON Lines file), as the window keeps
    it: in the data folder (gui/core/desk/desk_file.py)."""
    from gui.core.corpus.store import store_desk_path

    cache = cache_folder()
    return store_desk_path(cache, corpus, desk_folder(cache))


def entity_cache_path() -> Path:
    """The SQLite entity cache file."""
    return cache_folder() / CACHE_FILE_NAME
