"""The export dialog offers a folder that exists, and writes nothing before the user confirms."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.dialogs.export_dialog import ExportDialog
from gui.widgets.window.main_window import MainWindow
from tests.widgets.conftest import back_to


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with no Documents folder in it (Qt's Documents location is under it)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_ctrl_s_offers_a_folder_that_exists_and_creates_none_before_the_export(
    window: MainWindow, home: Path, qtbot: QtBot
) -> None:
    before = everything_under(home)
    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    offered = dialog.destination
    assert offered.parent == home  # no Documents folder here: home, which exists
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # cancelled: nothing written
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is None)
    assert everything_under(home) == before
    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.destination == offered
    with qtbot.waitSignal(window.exports.runner.finished, timeout=60_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # confirmed
    assert everything_under(home) == before | {offered}


def test_the_documents_folder_is_offered_if_there_is_one(home: Path, qtbot: QtBot) -> None:
    (home / "Documents").mkdir()
    dialog = ExportDialog("Document", "merkel", None)
    qtbot.addWidget(dialog)
    assert dialog.destination == home / "Documents" / "merkel.jsonl"


def test_the_last_exports_folder_is_offered_only_while_it_exists(
    home: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    last = tmp_path / "exports"
    dialog = ExportDialog("Document", "merkel", None)
    qtbot.addWidget(dialog)
    dialog.suggest("jsonl", last)  # removed since
    assert dialog.destination == home / "merkel.jsonl"
    last.mkdir()
    dialog.suggest("jsonl", last)
    assert dialog.destination == last / "merkel.jsonl"
