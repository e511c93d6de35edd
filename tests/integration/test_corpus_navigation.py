"""Following entities across the corpus, by keyboard: the panel, same-type steps, the entity
filter and its chip, the corpus entity table, and search over every document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from gui.widgets.commands import window_commands
from gui.widgets.panels.corpus_entities import CorpusEntitiesDialog, KeyRole
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.panels.entity_panel import GroupRole
from gui.widgets.panels.quick_open import QuickOpenDialog
from gui.widgets.sidebar.document_list_model import EntityCountRole
from gui.widgets.window.main_window import MainWindow
from tests.widgets.conftest import back_to, file_names, tooltip_lines

DOCUMENTS = {
    "a.txt": "date 2020-03-01\nKhalifa Haftar met Vladimir Putin in Moscow on Monday. "
    "Haftar said the talks in Moscow went well, and Putin agreed.\n",
    "b.txt": "date 2020-02-01\nVladimir Putin spoke in Moscow. The State Department criticized "
    "Putin on Tuesday.\n",
    "c.txt": "date 2020-01-01\nKhalifa Haftar attacked Tripoli. The State Department's statement "
    "condemned the attack on Tripoli.\n",
    "d.txt": "date 2019-12-01\nApple released a new phone in California.\n",
}

# A long article that names Haftar by his surname alone, far down, with its entities in a file.
LONG = "date 2019-06-01\n" + "The talks went on for hours, and nobody said much.\n\n" * 150
LONG += "Haftar spoke to reporters afterwards.\n"
LONG_ANN = f"T1\tPERSON {LONG.index('Haftar')} {LONG.index('Haftar') + 6}\tHaftar\n"


def annotated(window: MainWindow, folder: Path, qtbot: QtBot) -> MainWindow:
    """The window, once it has opened the folder and every document's entities are in its store."""
    window.open_path(folder)
    model = window.filter_model
    qtbot.waitUntil(lambda: model.rowCount() == len([*folder.glob("*.txt")]), timeout=10_000)
    qtbot.waitUntil(
        lambda: all(model.index(r, 0).data(EntityCountRole) is not None for r in range(model.rowCount())),
        timeout=60_000,
    )
    qtbot.waitUntil(window.indexing_done, timeout=10_000)
    return window


@pytest.fixture
def window(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> MainWindow:
    """A window on four short articles that share people and places, all annotated."""
    return annotated(make_window(), write_corpus(DOCUMENTS), qtbot)


@pytest.fixture
def long_folder(write_corpus: Callable[..., Path]) -> Path:
    """The four articles and a long one, older, that names Haftar only at its end."""
    return write_corpus({**DOCUMENTS, "e.txt": LONG, "e.ann": LONG_ANN})


def answered(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the corpus store has answered every question the window asked."""
    qtbot.waitUntil(lambda: not window.store.answering, timeout=10_000)


def list_mentioning(window: MainWindow, qtbot: QtBot, text: str) -> None:
    """Ctrl+E with the caret on `text`: the list shows only the documents that mention its entity,
    once the corpus store has answered (off the UI thread)."""
    put_caret_on(window, text)
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    answered(window, qtbot)


def put_caret_on(window: MainWindow, text: str, occurrence: int = 0) -> None:
    """Move the caret inside the n-th occurrence of `text`."""
    body = window.view.toPlainText()
    position = -1
    for _ in range(occurrence + 1):
        position = body.index(text, position + 1)
    cursor = window.view.textCursor()
    cursor.setPosition(position + 1)
    window.view.setTextCursor(cursor)
    window.view.setFocus()


def test_the_panel_groups_mentions_and_enter_cycles_through_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.windowTitle() == "a.txt — corpus — Seedview"
    panel = window.entity_panel
    qtbot.keyClick(window.view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert panel.hasFocus()
    names = []
    index = panel.currentIndex()
    while index.isValid():
        group = index.data(GroupRole)
        if group is not None:
            names.append((group.name, group.count))
        qtbot.keyClick(panel, Qt.Key.Key_Down)
        if panel.currentIndex() == index:
            break
        index = panel.currentIndex()
    assert ("Khalifa Haftar", 2) in names
    assert ("Moscow", 2) in names
    # Walk back up to Khalifa Haftar and press Enter three times: both mentions, then round again.
    while panel.currentIndex().data(GroupRole) is None or (
        panel.currentIndex().data(GroupRole).name != "Khalifa Haftar"
    ):
        qtbot.keyClick(panel, Qt.Key.Key_Up)
    selected = []
    for _ in range(3):
        qtbot.keyClick(panel, Qt.Key.Key_Return)
        selected.append(window.view.textCursor().selectedText())
    assert selected == ["Khalifa Haftar", "Haftar", "Khalifa Haftar"]
    assert panel.hasFocus()


def test_next_entity_of_the_same_type_and_of_a_chosen_type(
    window: MainWindow, qtbot: QtBot
) -> None:
    put_caret_on(window, "Moscow")
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    assert window.view.textCursor().selectedText() == "Moscow"
    assert window.view.textCursor().selectionStart() > window.view.toPlainText().index("Moscow")
    # A chosen type: the legend's current row.
    window_commands.focus_legend(window)
    while window.legend.currentIndex().data() is not None and not str(
        window.legend.currentIndex().data()
    ).startswith("PERSON"):
        qtbot.keyClick(window.legend, Qt.Key.Key_Down)
    window.view.moveCursor(window.view.textCursor().MoveOperation.Start)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.AltModifier)
    assert window.view.textCursor().selectedText() == "Khalifa Haftar"
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.AltModifier)
    assert window.view.textCursor().selectedText() == "Vladimir Putin"


def test_filter_the_list_by_the_entity_at_the_caret_and_clear_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    list_mentioning(window, qtbot, "Putin")
    assert file_names(window) == ["a.txt", "b.txt"]
    chip = window.document_pane.chip
    assert chip.isVisible()
    assert window.document_pane.chip_label.text() == "Mentioning Vladimir Putin (PERSON): 2 documents"
    window_commands.focus_sidebar(window)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
    assert not chip.isVisible()
    assert window.filter_model.rowCount() == 4
    assert window.windowTitle() == "a.txt — corpus — Seedview"


def test_an_entity_most_documents_mention_filters_the_list_as_well(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    # Three documents of four.
    putin_too = {**DOCUMENTS, "d.txt": "date 2019-12-01\nVladimir Putin released a phone in California.\n"}
    window = annotated(make_window(), write_corpus(putin_too), qtbot)
    list_mentioning(window, qtbot, "Putin")
    assert file_names(window) == ["a.txt", "b.txt", "d.txt"]
    assert window.document_pane.chip_label.text() == "Mentioning Vladimir Putin (PERSON): 3 documents"


def test_the_chip_says_so_far_only_while_the_store_is_still_taking_documents(
    window: MainWindow, qtbot: QtBot
) -> None:
    # The store holds every document with its entities: no "so far", nothing "annotating".
    list_mentioning(window, qtbot, "Putin")
    assert window.document_pane.chip_label.text() == "Mentioning Vladimir Putin (PERSON): 2 documents"
    # While its upkeep checks the folder again (a change on disk), the answer may still grow, and
    # the chip says why: indexing, not annotating (every entity is known).
    window.store.up_to_date = False
    list_mentioning(window, qtbot, "Putin")
    assert window.document_pane.chip_label.text() == (
        "Mentioning Vladimir Putin (PERSON): 2 documents so far (still indexing)"
    )
    assert window.shows("a.txt")  # which mentions him: it stays, selected
    assert window.sidebar.currentIndex().data() == window.filter_model.index(0, 0).data()
    # Once up to date, the filter asked again says its count plainly.
    window.store.up_to_date = True
    window.storeChanged.emit()
    answered(window, qtbot)
    assert window.document_pane.chip_label.text() == "Mentioning Vladimir Putin (PERSON): 2 documents"


def test_the_chips_close_button_ends_the_entity_filter_everywhere(
    window: MainWindow, qtbot: QtBot
) -> None:
    list_mentioning(window, qtbot, "Putin")
    assert window.session.entity_filter is not None and window.filter_model.rowCount() == 2
    close = window.document_pane.chip.findChild(QToolButton)
    assert close is not None
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not window.document_pane.chip.isVisible() and window.filter_model.rowCount() == 4
    # The session forgets it too: documents indexed later do not bring the filter back.
    assert window.session.entity_filter is None


def test_the_corpus_entity_table_filters_the_list(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None and dialog.isVisible()
    answered(window, qtbot)
    table = dialog.table
    keys = [table.model().index(r, 0).data(KeyRole) for r in range(table.model().rowCount())]
    names = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert {"Vladimir Putin", "Khalifa Haftar", "Moscow", "State Department"} <= set(names)
    # Sorted by mentions, most first, and open at the top of that ranking.
    mentions = [int(table.model().index(r, 3).data()) for r in range(table.model().rowCount())]
    assert mentions == sorted(mentions, reverse=True)
    assert table.currentIndex().row() == 0
    qtbot.keyClicks(dialog.sort_box, "n")  # by name: typed in the sort chooser
    assert dialog.sort_box.currentText() == "Name"
    answered(window, qtbot)
    by_name = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert by_name == sorted(by_name, key=str.casefold)
    assert table.currentIndex().row() == 0
    names = by_name
    keys = [table.model().index(r, 0).data(KeyRole) for r in range(table.model().rowCount())]
    row = names.index("State Department")
    table.setCurrentIndex(table.model().index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    answered(window, qtbot)
    assert keys[row].label == "ORG"
    assert set(file_names(window)) == {"b.txt", "c.txt"}  # "the State Department's" is the same entity


def test_back_returns_from_the_document_the_entity_table_showed(
    window: MainWindow, qtbot: QtBot
) -> None:
    put_caret_on(window, "Moscow", occurrence=1)
    caret = window.view.textCursor().position()
    qtbot.keyClick(window.view, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CorpusEntitiesDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.filter_edit, "state department")
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 1, timeout=5_000)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    answered(window, qtbot)
    # a.txt does not mention the State Department: the list shows one that does.
    assert window.windowTitle() in ("b.txt — corpus — Seedview", "c.txt — corpus — Seedview")
    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "a.txt — corpus — Seedview"
    assert window.view.textCursor().position() == caret


def in_view(window: MainWindow) -> bool:
    """Whether the caret (the end of the selection) is on screen."""
    return window.view.viewport().rect().contains(window.view.cursorRect())


def test_a_document_chosen_in_the_filtered_list_opens_at_the_entitys_first_mention(
    make_window: Callable[..., MainWindow], long_folder: Path, qtbot: QtBot
) -> None:
    window = annotated(make_window(), long_folder, qtbot)
    assert window.windowTitle() == "a.txt — corpus — Seedview"
    list_mentioning(window, qtbot, "Haftar")
    assert file_names(window) == ["a.txt", "c.txt", "e.txt"]  # e.txt by his surname: the same person
    qtbot.keyClick(window.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.windowTitle() == "c.txt — corpus — Seedview"
    assert window.view.textCursor().selectedText() == "Khalifa Haftar"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.windowTitle() == "e.txt — corpus — Seedview"
    cursor = window.view.textCursor()
    assert cursor.selectedText() == "Haftar"
    assert cursor.selectionStart() == window.view.toPlainText().index("Haftar")
    assert window.view.verticalScrollBar().value() > 0 and in_view(window)
    assert window.statusBar().currentMessage() == "The first mention of Haftar"


def test_the_first_mention_is_selected_when_the_mentions_come_after_the_text(
    make_window: Callable[..., MainWindow], long_folder: Path, qtbot: QtBot
) -> None:
    annotated(make_window(), long_folder, qtbot).close()
    window = make_window()
    window.session.group_here_at_most = 0  # the entities come from the cache, their groups from the worker
    annotated(window, long_folder, qtbot)
    qtbot.waitUntil(lambda: bool(window.shown_groups), timeout=30_000)
    list_mentioning(window, qtbot, "Haftar")
    groups_when_shown: list[int] = []
    window.documentShown.connect(lambda _id: groups_when_shown.append(len(window.shown_groups)))
    qtbot.keyClick(window.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    assert window.windowTitle() == "e.txt — corpus — Seedview"
    assert groups_when_shown == [0] and not window.view.textCursor().hasSelection()
    qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "Haftar", timeout=30_000)
    assert in_view(window)


def test_a_jump_into_the_filtered_list_keeps_its_own_place(
    make_window: Callable[..., MainWindow], long_folder: Path, qtbot: QtBot
) -> None:
    window = annotated(make_window(), long_folder, qtbot)
    list_mentioning(window, qtbot, "Haftar")
    talks = LONG.rindex("talks") - len("date 2019-06-01\n")  # in the text, after its date line
    assert window.jumps.jump_to("e", talks, talks + 5)  # a search hit, say
    qtbot.waitUntil(lambda: not window.store.answering and window.entities_known)
    assert window.view.textCursor().selectedText() == "talks"


def test_search_all_documents_and_open_a_hit(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(CorpusSearchDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.edit, "tripoli")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5_000)
    first = dialog.model.index(0).data()
    assert first.splitlines()[1].count("«Tripoli»") == 1
    assert "4 documents searched" in dialog.status.text() or "all 4" in dialog.status.text()
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert window.windowTitle() == "c.txt — corpus — Seedview"
    cursor = window.view.textCursor()
    assert cursor.selectedText() == "Tripoli"
    assert cursor.selectionStart() == window.view.toPlainText().rindex("Tripoli")
    # Back returns to where the search was started (offscreen, nothing gives the window its
    # activation back when the dialog closes: back_to does, as a window manager would).
    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.windowTitle() == "a.txt — corpus — Seedview"


def test_jumping_to_a_document_outside_the_filter_shows_all_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    list_mentioning(window, qtbot, "Putin")
    assert window.filter_model.rowCount() == 2
    assert window.jumps.jump_to("d")  # not in the filtered list
    assert not window.document_pane.chip.isVisible()
    assert window.filter_model.rowCount() == 4
    assert tooltip_lines(window.sidebar.currentIndex())[0] == "d.txt"
    window.jumps.go_back()
    assert window.windowTitle() == "a.txt — corpus — Seedview"
    assert tooltip_lines(window.sidebar.currentIndex())[0] == "a.txt"


def test_quick_open_and_a_search_hit_outside_the_filter_say_that_they_show_all(
    window: MainWindow, qtbot: QtBot
) -> None:
    list_mentioning(window, qtbot, "Putin")
    assert window.filter_model.rowCount() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QuickOpenDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.edit, "d.txt")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert window.windowTitle() == "d.txt — corpus — Seedview"
    assert window.filter_model.rowCount() == 4
    assert window.statusBar().currentMessage() == (
        "Showing all documents: d.txt is not among those mentioning Vladimir Putin"
    )

    back_to(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    list_mentioning(window, qtbot, "Moscow")
    assert window.filter_model.rowCount() == 2
    qtbot.keyClick(window.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    search = window.findChild(CorpusSearchDialog)
    assert search is not None
    qtbot.keyClicks(search.edit, "tripoli")
    qtbot.waitUntil(lambda: search.model.rowCount() == 2, timeout=5_000)  # its two hits
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    assert window.windowTitle() == "c.txt — corpus — Seedview"
    assert window.statusBar().currentMessage() == (
        "Showing all documents: c.txt is not among those mentioning Moscow"
    )
