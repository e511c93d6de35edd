"""Where Seedview keeps its files: on Linux, found as Qt finds them, without importing Qt."""

from __future__ import annotations

import sys
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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("cache_home", ["/tmp/seedview-xdg//cache/", "relative/cache", "", None])
def test_the_cache_folder_is_the_one_qt_gives(
    monkeypatch: pytest.MonkeyPatch, cache_home: str | None
) -> None:
    environment = {"HOME": "/tmp/seedview-home/"}
    monkeypatch.setenv("HOME", environment["HOME"])
    if cache_home is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", cache_home)
        environment["XDG_CACHE_HOME"] = cache_home
    set_application_names()
    qt = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))
    assert xdg_cache_folder(environment) == qt


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("data_home", ["/tmp/seedview-xdg//data/", "relative/data", "", None])
def test_the_data_folder_is_the_one_qt_gives(monkeypatch: pytest.MonkeyPatch, data_home: str | None) -> None:
    environment = {"HOME": "/tmp/seedview-home/"}
    monkeypatch.setenv("HOME", environment["HOME"])
    if data_home is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", data_home)
        environment["XDG_DATA_HOME"] = data_home
    set_application_names()
    qt = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    assert xdg_data_folder(environment) == qt


def test_desks_go_to_the_data_folder_only_beside_the_users_own_cache(tmp_path: Path) -> None:
    assert desk_folder(cache_folder()) == data_folder()
    assert desk_folder(tmp_path / "cache") is None  # a test's or a benchmark's: beside its stores
