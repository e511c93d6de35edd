"""Where Seedview keeps its files: on Linux, found as Qt finds them, without importing Qt."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from gui.locations import (
    cache_folder,
    data_folder,
    desk_folder,
    set_application_names,
    xdg_cache_folder,
    xdg_data_folder,
)


def xdg_and_qt_folders(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str | None,
    xdg_folder: Callable[[Mapping[str, str]], Path | None], location: QStandardPaths.StandardLocation,
) -> tuple[Path | None, Path]:
    """The folder `xdg_folder` finds from the XDG `variable` (set to `value`, or unset) and HOME,
    and the one Qt gives for `location` then."""
    environment = {"HOME": "/tmp/seedview-home/"}
    monkeypatch.setenv("HOME", environment["HOME"])
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
        environment[variable] = value
    set_application_names()
    return xdg_folder(environment), Path(QStandardPaths.writableLocation(location))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("cache_home", ["/tmp/seedview-xdg//cache/", "relative/cache", "", None])
def test_the_cache_folder_is_the_one_qt_gives(
    monkeypatch: pytest.MonkeyPatch, cache_home: str | None
) -> None:
    cache = QStandardPaths.StandardLocation.CacheLocation
    found, qt = xdg_and_qt_folders(monkeypatch, "XDG_CACHE_HOME", cache_home, xdg_cache_folder, cache)
    assert found == qt


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("data_home", ["/tmp/seedview-xdg//data/", "relative/data", "", None])
def test_the_data_folder_is_the_one_qt_gives(monkeypatch: pytest.MonkeyPatch, data_home: str | None) -> None:
    data = QStandardPaths.StandardLocation.AppDataLocation
    found, qt = xdg_and_qt_folders(monkeypatch, "XDG_DATA_HOME", data_home, xdg_data_folder, data)
    assert found == qt


def test_desks_go_to_the_data_folder_only_beside_the_users_own_cache(tmp_path: Path) -> None:
    assert desk_folder(cache_folder()) == data_folder()
    assert desk_folder(tmp_path / "cache") is None  # a test's or a benchmark's: beside its stores
