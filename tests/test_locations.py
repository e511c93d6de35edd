"""Where Seedview keeps its files: on Linux, found as Qt finds them, without importing Qt."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from gui.locations import set_application_names, xdg_cache_folder


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
