"""`seedview --install-desktop-entry`: a valid freedesktop entry and the icon, for the current user."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui.core.model.resource_files import resource_path
from gui.desktop_entry import desktop_entry_text
from tests.app_child import one_document_folder, run_app_child

REPOSITORY = Path(__file__).resolve().parents[2]


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_bundled_entry_has_what_menus_need() -> None:
    entry = read_entry(resource_path("seedview.desktop"))
    assert entry["Type"] == "Application" and entry["Name"] == "Seedview"
    assert entry["Icon"] == "seedview" and entry["Terminal"] == "false"
    assert entry["Exec"].startswith("seedview ")
    assert entry["Categories"].endswith(";")


def test_the_icon_is_a_scalable_svg_qt_can_draw(qapp: QApplication) -> None:
    icon = QIcon(str(resource_path("seedview.svg")))
    assert not icon.isNull()
    image = icon.pixmap(256, 256).toImage()
    assert image.width() == 256
    # Drawn, not blank: the page's outline and a highlight are there at this size.
    colours = {image.pixelColor(x, y).name() for x in range(0, 256, 8) for y in range(0, 256, 8)}
    assert len(colours) > 4


def test_install_writes_the_entry_and_icon_under_xdg_data_home(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "share"), PATH="/usr/bin:/bin")
    result = subprocess.run(
        [sys.executable, "-m", "gui", "--install-desktop-entry"],
        env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entry_path = tmp_path / "share" / "applications" / "seedview.desktop"
    icon_path = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "seedview.svg"
    assert icon_path.read_bytes() == resource_path("seedview.svg").read_bytes()
    entry = read_entry(entry_path)
    command = shlex.split(entry["Exec"])
    assert command[-1] == "%f"
    # The command starts this very installation.
    assert Path(command[0]).exists() and os.access(command[0], os.X_OK)
    assert entry["TryExec"] == command[0]
    assert str(entry_path) in result.stdout


def test_paths_with_spaces_are_quoted_as_the_spec_says() -> None:
    text = desktop_entry_text(["/opt/my apps/python", "-m", "gui"])
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="/opt/my apps/python" -m gui %f'


WINDOW_IDENTITY = """
from PySide6.QtCore import QTimer

def on_window(app, window):
    QTimer.singleShot(300, lambda: print(app.desktopFileName(), app.windowIcon().isNull(),
                                         window.windowIcon().isNull()))
    QTimer.singleShot(300, app.quit)
"""


def test_the_window_gets_the_icon_and_wayland_the_desktop_entry_name(tmp_path: Path) -> None:
    done = run_app_child(WINDOW_IDENTITY, one_document_folder(tmp_path), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["seedview", "False", "False"]
