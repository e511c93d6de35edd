"""Each folder reopens on the document last read there, scrolled to where the reader was: after a
restart, and from File ▸ Open Recent."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from gui.core.model.document import Entity
from gui.widgets.text.reading_position import top_position
from gui.widgets.window.main_window import MainWindow
from gui.widgets.window.window_state import ReadingPlace, reading_place, remember_place

LONG = "\n\n".join(f"Paragraph {number}. " + "ACME rose again today. " * 12 for number in range(200))


class AcmeEngine:
    """Finds one ORG at the start of every text, at once."""

    pipeline = "window-state-test-engine"

    def annotate(self, texts: Iterable[str]) -> Iterator[tuple[Entity, ...]]:
        """One entity per text."""
        for _ in texts:
            yield (Entity(0, 4, "ORG"),)


def long_folder(root: Path, name: str) -> Path:
    """Three long dated documents: newest first, the list shows c, b, a."""
    folder = root / name
    folder.mkdir()
    for day, stem in enumerate("abc", start=1):
        (folder / f"{stem}.txt").write_text(f"date 2021-03-0{day}\n{LONG}\n", encoding="utf-8")
    return folder


def read_second_document_some_way(window: MainWindow, qtbot: QtBot) -> tuple[str, int]:
    """Down in the list to the second document, then Page Down a few times in its text; the
    document and the first position in view."""
    window.document_pane.focus_list()
    with qtbot.waitSignal(window.documentShown):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    window.view.setFocus()
    for _ in range(6):
        qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    current = window.session.current
    assert current is not None and current.id == "b"
    top = top_position(window.view)
    assert top > 1_000
    return current.id, top


def test_a_restart_reopens_the_document_last_read_where_it_was_scrolled_to(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot
) -> None:
    folder = long_folder(tmp_path, "news")
    window = make_window(loader=AcmeEngine)
    with qtbot.waitSignal(window.documentShown):
        window.open_path(folder)
    doc_id, top = read_second_document_some_way(window, qtbot)
    window.close()

    again = make_window(loader=AcmeEngine)
    path, document = again.start_location(None)  # as seedview starts
    assert path.resolve() == folder.resolve() and document == doc_id
    with qtbot.waitSignal(again.documentShown):
        again.open_path(path, document)
    assert again.session.current is not None and again.session.current.id == doc_id
    assert top_position(again.view) == top
    # The window manager gives the window its size only now: the lines wrap anew, and the
    # reader's place stays at the top all the same.
    again.resize(again.width() - 250, again.height())
    qtbot.waitUntil(lambda: top_position(again.view) == top)
    qtbot.wait(50)  # nothing moves it afterwards
    assert top_position(again.view) == top


# The offscreen platform cannot give a menu the keyboard; its keys reach it all the same.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_open_recent_reopens_a_folder_on_the_document_last_read_where_it_was_scrolled_to(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot
) -> None:
    first, second = long_folder(tmp_path, "first"), long_folder(tmp_path, "second")
    window = make_window(loader=AcmeEngine)
    with qtbot.waitSignal(window.documentShown):
        window.open_path(first)
    doc_id, top = read_second_document_some_way(window, qtbot)
    with qtbot.waitSignal(window.documentShown):
        window.open_path(second)
    assert window.session.current is not None and window.session.current.id == "c"  # the newest
    assert top_position(window.view) == 0

    # Alt+F, R (File ▸ Open Recent), then 2: the second folder of the list, the first one opened.
    window.actions_by_id  # noqa: B018  # the menus, made after the first paint
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_R)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.recent.menu)
    entry = next(a for a in window.recent.menu.actions() if a.toolTip() == str(first.resolve()))
    assert entry.text().startswith("&2 first")
    with qtbot.waitSignal(window.documentShown):
        qtbot.keyClick(window.recent.menu, Qt.Key.Key_2)
    assert window.session.current is not None and window.session.current.id == doc_id
    assert top_position(window.view) == top


def test_places_are_kept_per_folder_and_a_foreign_value_is_ignored(
    settings_path: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    settings.setValue("corpus/readingPlaces", ["not json", '["x", 1]', '[1, "a", 2]'])
    assert reading_place(settings, tmp_path) is None
    remember_place(settings, tmp_path / "a", ReadingPlace("one", 10))
    remember_place(settings, tmp_path / "b", ReadingPlace("two\udcff", 20))  # an undecodable name
    remember_place(settings, tmp_path / "a", ReadingPlace("three", 30))
    settings.sync()
    reread = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert reading_place(reread, tmp_path / "a") == ReadingPlace("three", 30)
    assert reading_place(reread, tmp_path / "b") == ReadingPlace("two\udcff", 20)


@pytest.mark.parametrize("top", [-5, 10**9])
def test_a_place_beyond_the_text_scrolls_as_far_as_it_goes(
    make_window: Callable[..., MainWindow], tmp_path: Path, settings_path: Path, qtbot: QtBot, top: int
) -> None:
    folder = long_folder(tmp_path, "news")
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    remember_place(settings, folder, ReadingPlace("c", top))  # the file shrank since
    settings.sync()
    window = make_window(loader=AcmeEngine)
    with qtbot.waitSignal(window.documentShown):
        window.open_path(folder, "c")
    bar = window.view.verticalScrollBar()
    assert bar.value() == (0 if top < 0 else bar.maximum())


def test_the_place_of_each_document_shown_reaches_the_settings_file_once_the_reader_pauses(
    make_window: Callable[..., MainWindow], settings_path: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = long_folder(tmp_path, "news")
    window = make_window(loader=AcmeEngine)
    with qtbot.waitSignal(window.documentShown):
        window.open_path(folder)

    def on_disk() -> str:
        return settings_path.read_text(encoding="utf-8") if settings_path.exists() else ""

    qtbot.waitUntil(lambda: '\\"c\\"' in on_disk(), timeout=5_000)  # the newest, shown first
    written = on_disk()
    window.document_pane.focus_list()
    with qtbot.waitSignal(window.documentShown):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.wait(100)  # many turns of the event loop: QSettings alone would have written by now
    assert on_disk() == written
    qtbot.wait(500)
    with qtbot.waitSignal(window.documentShown):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.wait(600)  # more than a second after the first change, but the reader is still busy
    assert on_disk() == written
    qtbot.waitUntil(lambda: on_disk() != written, timeout=5_000)
    reread = QSettings(str(settings_path), QSettings.Format.IniFormat)
    assert reading_place(reread, folder) == ReadingPlace("a", 0)
