"""The list's reading filter by keyboard: Ctrl+Alt+F goes round unread only, starred only and all,
Ctrl+Alt+J lists a tag's documents; a bar above the list says it is on; it combines with the typed
filter and the entity filter; a document read while shown stays listed until the filter is chosen
again; a jump to a document it leaves out lists that document; and it is there after a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from gui.core.corpus.store import CorpusStore
from gui.core.desk.reading import set_read, set_starred, set_tags
from gui.widgets.dialogs.shortcuts_dialog import ShortcutsDialog
from gui.widgets.panels.quick_open import NamedView, QuickOpenDialog
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import put_caret_on
from tests.integration.test_reading_desk import CTRL, DOCUMENTS, marks, opened, written
from tests.widgets.conftest import back_to

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def folder(write_corpus: Callable[..., Path]) -> Path:
    return write_corpus({**DOCUMENTS, "d.txt": "date 2019-12-01\nApple released a phone in California.\n"})


def listed(window: MainWindow) -> list[str]:
    """The ids of the list's rows, top to bottom."""
    model, source = window.filter_model, window.document_pane.source_model
    assert source is not None
    rows = [model.mapToSource(model.index(row, 0)).row() for row in range(model.rowCount())]
    return [source.entry_at(row).id for row in rows]


def bar(window: MainWindow) -> str:
    """What the reading filter's bar says ('' when it is hidden; a restored window may be too
    narrow for the list, which then gives way, bar and all)."""
    if not window.made("review_filter"):
        return ""
    shown = window.review_filter.bar
    return shown.label.text() if shown.isVisibleTo(window.document_pane) else ""


def current(window: MainWindow) -> str | None:
    """The id of the list's current row."""
    index = window.sidebar.currentIndex()
    return listed(window)[index.row()] if index.isValid() else None


def reopened(make_window: Callable[..., MainWindow], folder: Path, qtbot: QtBot) -> MainWindow:
    """A window opened as the app opens one, on the document last read in the folder, once its
    desk has answered."""
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(*window.start_location(folder))
    qtbot.waitUntil(lambda: window.made("reading_desk") and window.reading_desk.loaded, timeout=10_000)
    back_to(window, qtbot)
    return window


def cycle(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL_ALT)


def read_a_then_show_b(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)  # a: read
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: window.shows("b"), timeout=5_000)


def test_ctrl_alt_f_goes_round_unread_starred_and_all_and_a_document_read_while_shown_stays(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert window.shows("a") and listed(window) == ["a", "b", "c", "d"] and bar(window) == ""
    read_a_then_show_b(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)  # b: starred
    cycle(window, qtbot)
    assert listed(window) == ["b", "c", "d"]  # unread only
    assert bar(window) == "Unread only: 3 of 4 documents"
    assert window.statusBar().currentMessage().startswith("Unread only: 3 of 4 documents")
    assert window.shows("b") and current(window) == "b"
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)  # b read while shown: it stays, where it was
    assert marks(window, "b").read
    assert listed(window) == ["b", "c", "d"] and current(window) == "b"
    assert bar(window) == "Unread only: 3 of 4 documents"  # b, on screen, is not counted as gone
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: window.shows("c"), timeout=5_000)
    assert listed(window) == ["b", "c", "d"]  # still: the filter was not chosen again
    assert bar(window) == "Unread only: 3 of 4 documents · 1 read since: F5 lists again"
    qtbot.keyClick(window.view, Qt.Key.Key_F5)  # applied again: b, read, goes
    assert listed(window) == ["c", "d"] and current(window) == "c"
    assert bar(window) == "Unread only: 2 of 4 documents"
    cycle(window, qtbot)
    assert listed(window) == ["b", "c"]  # starred only: b, and c, the document on screen
    assert bar(window) == "Starred only: 2 of 4 documents"
    assert window.shows("c") and current(window) == "c"
    cycle(window, qtbot)
    assert listed(window) == ["a", "b", "c", "d"] and bar(window) == ""  # all
    qtbot.keyClick(window.view, Qt.Key.Key_F5)  # no filter to apply again: said so
    assert window.statusBar().currentMessage().startswith("No reading filter is on")
    cycle(window, qtbot)
    assert listed(window) == ["c", "d"]  # unread only, chosen again: b, read, has gone
    # The bar's button shows all again.
    qtbot.mouseClick(window.review_filter.bar.close_button, Qt.MouseButton.LeftButton)
    assert listed(window) == ["a", "b", "c", "d"] and bar(window) == ""


def test_f1_lists_the_reading_filters_keys(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    cells = [[table.item(row, column) for column in range(3)] for row in range(table.rowCount())]
    rows = [tuple(item.text() if item is not None else "" for item in row) for row in cells]
    assert ("Review", "List Unread, Starred or All", "Ctrl+Alt+F") in rows
    assert ("Review", "List Tagged…", "Ctrl+Alt+J") in rows
    assert ("Review", "Apply the Reading Filter Again", "F5") in rows


def test_a_document_read_by_the_timer_while_shown_stays_listed_and_current(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=1_500)
    cycle(window, qtbot)  # unread only (a, on screen, is held whatever becomes of it)
    assert listed(window) == ["a", "b", "c", "d"]
    qtbot.waitUntil(lambda: marks(window, "a").read, timeout=5_000)
    assert listed(window) == ["a", "b", "c", "d"] and current(window) == "a" and window.shows("a")
    assert bar(window) == "Unread only: 4 of 4 documents"


def test_the_reading_filter_combines_with_the_typed_and_the_entity_filters(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    read_a_then_show_b(window, qtbot)
    cycle(window, qtbot)  # unread only: b (shown), c, d
    qtbot.keyClick(window.view, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.filter_edit, "2020")  # a, b, c by their dates; a is read
    assert listed(window) == ["b", "c"]
    assert bar(window) == "Unread only: 2 of 4 documents"
    window.filter_edit.clear()
    back_to(window, qtbot)
    qtbot.waitUntil(lambda: window.view.toPlainText() != "", timeout=5_000)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)  # the store knows every document's entities
    put_caret_on(window, "Putin")  # in b: a and b mention him; a is read
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: window.document_pane.chip.isVisible(), timeout=10_000)
    assert listed(window) == ["b"]
    assert window.document_pane.chip_label.text().startswith("Mentioning Vladimir Putin")
    cycle(window, qtbot)  # starred only: none of them but b, on screen
    assert listed(window) == ["b"]
    cycle(window, qtbot)  # all: both of the entity's documents
    assert listed(window) == ["a", "b"]
    written(window, qtbot)


def test_a_jump_to_a_document_the_filter_leaves_out_lists_it_and_keeps_the_other_filters(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    read_a_then_show_b(window, qtbot)
    cycle(window, qtbot)
    assert listed(window) == ["b", "c", "d"]
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL)  # quick open a, read
    dialog = window.findChild(QuickOpenDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.edit, "haftar met")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shows("a"), timeout=5_000)
    assert listed(window) == ["a", "b", "c", "d"] and current(window) == "a"
    assert bar(window) == "Unread only: 4 of 4 documents"  # still on: a is held as shown
    assert not window.statusBar().currentMessage().startswith("Showing all documents")


def test_the_filter_is_remembered_and_applied_once_the_desk_answers(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot,
    cache_path: Path,
) -> None:
    store = CorpusStore.for_corpus(cache_path.parent, folder)  # the window's store, and its desk
    for doc_id in "bc":
        set_starred(store.db, (f"{doc_id}.txt".encode(), doc_id), True)
    set_read(store.db, (b"c.txt", "c"), True)
    store.close()
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    cycle(window, qtbot)
    cycle(window, qtbot)  # starred only: b, c, and a, on screen
    assert listed(window) == ["a", "b", "c"]
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: window.shows("b"), timeout=5_000)
    window.close()

    again = reopened(make_window, folder, qtbot)
    assert again.shows("b")  # where the reader was
    qtbot.waitUntil(lambda: listed(again) == ["b", "c"], timeout=5_000)
    assert bar(again) == "Starred only: 2 of 4 documents"
    cycle(again, qtbot)  # all, and remembered so
    again.close()
    third = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert listed(third) == ["a", "b", "c", "d"] and bar(third) == ""


def test_ctrl_alt_j_lists_the_documents_of_a_tag(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot,
    cache_path: Path,
) -> None:
    store = CorpusStore.for_corpus(cache_path.parent, folder)
    set_tags(store.db, (b"c.txt", "c"), ["Libya"])
    set_tags(store.db, (b"d.txt", "d"), ["Tech", "to check"])
    store.close()
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_J, CTRL_ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QInputDialog), timeout=10_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QInputDialog)
    assert dialog.comboBoxItems() == ["Libya", "Tech", "to check"]
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused, "libya")
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: listed(window) == ["a", "c"], timeout=5_000)  # and a, on screen
    assert bar(window) == "Tagged “Libya”: 2 of 4 documents"  # completed to the corpus's own tag
    back_to(window, qtbot)
    cycle(window, qtbot)  # from a tag: all
    assert listed(window) == ["a", "b", "c", "d"]


def test_a_saved_view_keeps_its_reading_filter(
    make_window: Callable[..., MainWindow], settings_path: Path, folder: Path, qtbot: QtBot
) -> None:
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    read_a_then_show_b(window, qtbot)
    cycle(window, qtbot)  # unread only
    assert listed(window) == ["b", "c", "d"]
    qtbot.keyClick(window.view, Qt.Key.Key_V, CTRL_ALT)
    prompt = window.findChild(QInputDialog, "saveView")
    assert prompt is not None and prompt.isVisible()
    assert "unread only, sorted by date" in prompt.labelText()
    editor = prompt.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, "To read")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    written(window, qtbot)
    back_to(window, qtbot)
    cycle(window, qtbot)
    cycle(window, qtbot)  # all again
    assert listed(window) == ["a", "b", "c", "d"]
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL)
    quick = window.findChildren(QuickOpenDialog)[-1]
    qtbot.keyClicks(quick.edit, "view:")
    qtbot.waitUntil(lambda: quick.model.rowCount() == 1, timeout=5_000)
    item = quick.model.item_at(0)
    assert isinstance(item, NamedView) and item.name == "To read"
    qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
    assert listed(window) == ["b", "c", "d"] and bar(window) == "Unread only: 3 of 4 documents"
