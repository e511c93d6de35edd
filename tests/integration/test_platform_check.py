"""The app names the missing system packages instead of letting Qt abort without a word."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

import pytest

from gui import platform_check

# No library folder to look in first: the answers come from find_library.
NO_FOLDERS: tuple[str, ...] = ()


@pytest.fixture(autouse=True)
def on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linux, the only platform whose libraries are checked."""
    monkeypatch.setattr(sys, "platform", "linux")


def test_missing_xcb_library_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else name
    )
    problem = platform_check.display_problem({"DISPLAY": ":0"}, NO_FOLDERS)
    assert problem is not None
    assert "apt-get install libxcb-cursor0" in problem
    assert "libxcb-icccm4" not in problem


def test_all_libraries_present_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: name)
    assert platform_check.display_problem({"DISPLAY": ":0"}, NO_FOLDERS) is None


def test_no_display_suggests_offscreen() -> None:
    problem = platform_check.display_problem({})
    assert problem is not None and "QT_QPA_PLATFORM=offscreen" in problem


@pytest.mark.parametrize("environ", [{"QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"}])
def test_platforms_without_xcb_are_not_checked(environ: dict[str, str]) -> None:
    assert platform_check.display_problem(environ) is None


def test_the_command_line_prints_the_problem_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gui.app import main

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    listdir = os.listdir  # the usual folders hold none of the libraries, and the linker knows none

    def no_libraries_in_usual_folders(path: str = ".") -> list[str]:
        return [] if path in platform_check.LIBRARY_FOLDERS else listdir(path)

    monkeypatch.setattr(os, "listdir", no_libraries_in_usual_folders)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert main(["seeds"]) == 1
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err


def test_libraries_in_the_usual_folders_need_no_linker_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "libxcb-cursor.so.0").touch()
    asked: list[str] = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: asked.append(name))
    missing = platform_check.missing_libraries(["xcb-cursor", "EGL"], (str(tmp_path), "/nonexistent"))
    assert missing == ["EGL"]
    assert asked == ["EGL"]  # found on disk: not asked of the linker
