"""Issue 17's fixes and features, by keyboard in a real window, where their other tests set the
state directly or drive a dialog built on its own: the corpus entity table's choosers reached by
Tab from Ctrl+Shift+E and a part of a name finding the entity; the corpus search's file names;
the HTML export of the reader's marks (Ctrl+Shift+S), files whose names are not UTF-8 included;
and an unread document's title in bold in the list, as painted, until Ctrl+M reads it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.dialogs.export_dialog import ExportDialog
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog, KeyRole
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import DOCUMENTS, annotated, answered
from tests.integration.test_reading_desk import CTRL, CTRL_SHIFT, opened, written
from tests.widgets.conftest import back_to, tooltip_lines


@pytest.fixture
def navigated(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on four short articles that share people and places, all annotated, its shortcuts
    working."""
    window = annotated(make_window(), write_corpus(DOCUMENTS), qtbot)
    back_to(window, qtbot)
    return window


def table_names(dialog: CorpusEntitiesDialog) -> list[str]:
    model = dialog.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def table_labels(dialog: CorpusEntitiesDialog) -> set[str]:
    model = dialog.table.model()
    return {model.index(row, 0).data(KeyRole).label for row in range(model.rowCount())}


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the list of orders
def test_the_entity_tables_choosers_are_reached_by_tab_from_ctrl_shift_e_and_a_part_of_a_name_finds_it(
    navigated: MainWindow, qtbot: QtBot
) -> None:
    window = navigated
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL_SHIFT)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None and dialog.isVisible()
    answered(window, qtbot)
    assert dialog.filter_edit.hasFocus()
    qtbot.keyClicks(dialog.filter_edit, "putin")  # a part of the name, in any case
    qtbot.waitUntil(lambda: table_names(dialog) == ["Vladimir Putin"], timeout=5_000)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: len(table_names(dialog)) > 3, timeout=5_000)
    assert len(table_labels(dialog)) > 1
    # Tab: the type chooser; Down there moves in the table, as in the name filter, and leaves
    # the type alone; typing a type's first letters chooses it, and the table follows.
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Tab)
    assert dialog.type_box.hasFocus()
    qtbot.keyClick(dialog.type_box, Qt.Key.Key_Down)
    assert dialog.type_box.currentData() is None and dialog.table.currentIndex().row() == 1
    qtbot.keyClicks(dialog.type_box, "org")
    assert dialog.type_box.currentData() == "ORG"
    qtbot.waitUntil(lambda: table_labels(dialog) == {"ORG"}, timeout=5_000)
    assert "State Department" in table_names(dialog)
    # Tab: the sort chooser; Alt+Down opens its list, Down twice and Enter: by name.
    qtbot.keyClick(dialog.type_box, Qt.Key.Key_Tab)
    assert dialog.sort_box.hasFocus()
    qtbot.keyClick(dialog.sort_box, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = dialog.sort_box.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.sort_box.currentText() == "Name"
    assert dialog.isVisible()  # Enter in the list of orders chose the order, not a row
    by_name = lambda: table_names(dialog) == sorted(table_names(dialog), key=str.casefold)  # noqa: E731
    qtbot.waitUntil(by_name, timeout=5_000)
    # Tab: the table; Enter lists the documents of its row.
    qtbot.keyClick(dialog.sort_box, Qt.Key.Key_Tab)
    assert dialog.table.hasFocus()
    row = table_names(dialog).index("State Department")
    while dialog.table.currentIndex().row() < row:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    answered(window, qtbot)
    model = window.filter_model
    listed = {tooltip_lines(model.index(row, 0))[0] for row in range(model.rowCount())}
    assert listed == {"b.txt", "c.txt"}


def test_the_corpus_searchs_hits_name_their_files(navigated: MainWindow, qtbot: QtBot) -> None:
    window = navigated
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = window.findChild(CorpusSearchDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.edit, "moscow")  # three hits: two in a.txt, one in b.txt
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3 and not dialog.searching, timeout=5_000)
    heads = [dialog.model.index(row).data().splitlines()[0] for row in range(3)]
    assert [head.rsplit(" · ", 1)[1] for head in heads] == ["a.txt", "a.txt", "b.txt"]
    assert heads[0] == "Khalifa Haftar met Vladimir Putin in Moscow on Monday. · 2020-03-01 · a.txt"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)


def test_ctrl_shift_s_exports_html_pages_with_each_documents_own_marks(
    make_window: Callable[..., MainWindow], settings_path: Path, write_corpus: Callable[..., Path],
    qtbot: QtBot, tmp_path: Path,
) -> None:
    e_acute, e_grave = os.fsdecode(b"caf\xe9"), os.fsdecode(b"caf\xe8")  # not UTF-8
    folder = write_corpus({
        f"{e_acute}.txt": "date 2020-03-01\nVladimir Putin spoke in Moscow.\n",
        f"{e_grave}.txt": "date 2020-02-01\nKhalifa Haftar spoke in Benghazi.\n",
    })
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert window.shows(e_acute)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_B, CTRL)
    written(window, qtbot)
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL_SHIFT)
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    for _ in range(dialog.format_box.count()):
        if dialog.format_box.currentData() == "html":
            break
        qtbot.keyClick(dialog.format_box, Qt.Key.Key_Down)
    assert dialog.fmt == "html"
    out = tmp_path / "pages"
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(out))
    with qtbot.waitSignal(window.exports.runner.finished, timeout=60_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    pages = [path.read_text(encoding="utf-8") for path in out.iterdir() if path.name != "index.html"]
    (putin,) = [text for text in pages if "Moscow" in text]
    (haftar,) = [text for text in pages if "Benghazi" in text]
    assert "Read · ★ Starred" in putin
    assert "Unread" in haftar and "Starred" not in haftar  # cafè is not café
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("Read · ★ Starred") == 1 and index.count("Unread") == 1


def title_ink(window: MainWindow, row: int) -> int:
    """How many pixels of a list row's title line differ clearly from the row's background."""
    view = window.sidebar
    rect = view.visualRect(window.filter_model.index(row, 0))
    rect.setHeight(rect.height() // 2)  # the title's line, above the date's
    image = view.viewport().grab(rect).toImage()
    background = image.pixelColor(image.width() - 2, 2).lightness()
    return sum(
        abs(image.pixelColor(x, y).lightness() - background) > 80
        for x in range(image.width()) for y in range(image.height())
    )


def test_an_unread_documents_title_is_bold_until_ctrl_m_reads_it(
    make_window: Callable[..., MainWindow], settings_path: Path, write_corpus: Callable[..., Path],
    qtbot: QtBot,
) -> None:
    folder = write_corpus({"a.txt": "date 2020-03-01\nVladimir Putin spoke in Moscow.\n",
                           "b.txt": "date 2020-02-01\nKhalifa Haftar spoke in Benghazi.\n"})
    window = opened(make_window, settings_path, folder, qtbot, read_after_ms=60_000)
    assert window.shows("a")
    unread = title_ink(window, 0)
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL)
    qtbot.waitUntil(lambda: title_ink(window, 0) < unread * 0.9, timeout=5_000)  # bold no more
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL_SHIFT)
    qtbot.waitUntil(lambda: title_ink(window, 0) == unread, timeout=5_000)  # bold again


def test_the_entity_tables_filter_row_moves_in_the_table_and_enter_chooses_from_any_box(
    navigated: MainWindow, qtbot: QtBot
) -> None:
    """Tabbing from the name filter to the table, Down in a chooser changed the type filter by
    accident: in the whole filter row the arrows move in the table and Enter chooses its row."""
    window = navigated
    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL_SHIFT)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None
    answered(window, qtbot)
    qtbot.waitUntil(lambda: len(table_names(dialog)) > 3, timeout=5_000)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Tab)
    for chooser in (dialog.type_box, dialog.sort_box):
        assert chooser.hasFocus()
        chosen = chooser.currentText()
        dialog.table.setCurrentIndex(dialog.table.model().index(0, 0))
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
        qtbot.keyClick(chooser, Qt.Key.Key_Up)
        qtbot.keyClick(chooser, Qt.Key.Key_PageDown)
        qtbot.keyClick(chooser, Qt.Key.Key_PageUp)
        assert chooser.currentText() == chosen
        assert dialog.table.currentIndex().row() == 0
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
        assert dialog.table.currentIndex().row() == 1 and chooser.currentText() == chosen
        qtbot.keyClick(chooser, Qt.Key.Key_Tab)
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.sort_box.hasFocus()
    row = table_names(dialog).index("State Department")
    while dialog.table.currentIndex().row() < row:
        qtbot.keyClick(dialog.sort_box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.sort_box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    answered(window, qtbot)
    model = window.filter_model
    assert {tooltip_lines(model.index(row, 0))[0] for row in range(model.rowCount())} == {"b.txt", "c.txt"}
