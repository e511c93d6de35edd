"""Opening by drag and drop and from File ▸ Open Recent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.widgets.window.main_window import MainWindow


def drop(window: MainWindow, path: Path) -> tuple[bool, bool]:
    """Drag a local path over the window and drop it; (accepted on enter, accepted on drop)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    point = QPoint(window.width() // 2, window.height() // 2)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    dropped = QDropEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, dropped)
    return enter.isAccepted(), dropped.isAccepted()


def test_dropping_a_folder_or_a_jsonl_file_opens_it(
    window: MainWindow, tmp_path: Path, write_corpus: Callable[[dict[str, str | bytes]], Path]
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Ana Lopez visited Lima.\n")
    assert drop(window, other) == (True, True)
    assert window.corpus is not None and window.corpus.root == other
    records = tmp_path / "r.jsonl"
    records.write_text('{"id": "r1", "text": "Bo met Al."}\n')
    assert drop(window, records) == (True, True)
    assert window.corpus is not None and window.corpus.source == records and window.shows("r1")
    # Anything else is refused, and the open corpus stays.
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG")
    assert drop(window, picture) == (False, False)
    assert window.corpus.source == records


def test_recent_folders_newest_first_and_reopened_from_the_menu(
    window: MainWindow, corpus_folder: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    second = tmp_path / "second"
    second.mkdir()
    (second / "y.txt").write_text("Paris is big.\n")
    window.open_path(second)
    assert window.recent.paths[:2] == [second.resolve(), corpus_folder.resolve()]
    window.recent.menu.aboutToShow.emit()
    entries = [action for action in window.recent.menu.actions() if action.text().startswith("&")]
    assert entries[0].text().startswith("&1 second") and entries[1].text().startswith("&2 corpus")
    with qtbot.waitSignal(window.documentShown, timeout=10_000):
        entries[1].trigger()
    assert window.corpus is not None and window.corpus.root == corpus_folder.resolve()
    assert window.recent.paths[0] == corpus_folder.resolve()
    # A folder that is gone is shown as such and cannot be chosen.
    (second / "y.txt").unlink()
    second.rmdir()
    window.recent.menu.aboutToShow.emit()
    gone = next(action for action in window.recent.menu.actions() if "second" in action.text())
    assert not gone.isEnabled() and "no longer there" in gone.text()
