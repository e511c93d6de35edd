"""The document list's order, a search's documents by relevance, saved views and past searches,
each driven by keyboard in a real window (issue 17, parts 3 and 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from gui.core.corpus.list_order import SortBy
from gui.widgets.commands.view_commands import current_view, restore_view
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.panels.quick_open import NamedView, QuickOpenDialog
from gui.widgets.window.folder_listing import BACKGROUND_LISTING_OVER, FolderListing
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import DOCUMENTS, annotated, answered, list_mentioning
from tests.widgets.background.test_corpus_lister import write_scrambled

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)
BY_DATE = ["a.txt", "b.txt", "c.txt", "d.txt"]  # newest first
BY_TITLE = ["d.txt", "c.txt", "a.txt", "b.txt"]  # Apple…, Khalifa Haftar attacked…, …met…, Vladimir…


@pytest.fixture
def folder(write_corpus: Callable[..., Path]) -> Path:
    return write_corpus(DOCUMENTS)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], folder: Path, qtbot: QtBot) -> MainWindow:
    """A window on four short articles, all annotated and in the store."""
    return annotated(make_window(), folder, qtbot)


def listed(window: MainWindow) -> list[str]:
    """The file names of the list's rows, top to bottom."""
    model, pane = window.filter_model, window.document_pane
    source = pane.source_model
    assert source is not None
    rows = [model.mapToSource(model.index(row, 0)).row() for row in range(model.rowCount())]
    return [source.entry_at(row).name for row in rows]


def order_of(window: MainWindow) -> SortBy:
    """The order the list is in."""
    return window.document_pane.sort_by


def back_to_window(window: MainWindow, qtbot: QtBot) -> None:
    """Offscreen, nothing gives the window its activation back when a dialog closes: give it, so
    that its shortcuts work again."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def choose_order(window: MainWindow, qtbot: QtBot, steps: int) -> None:
    """Ctrl+Alt+O focuses the chooser; Down `steps` times (Up, if negative) sort, Enter goes back
    to the list."""
    qtbot.keyClick(window.sidebar, Qt.Key.Key_O, CTRL | ALT)
    chooser = window.document_pane.sort_chooser
    assert chooser.hasFocus()
    for _ in range(abs(steps)):
        qtbot.keyClick(chooser, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    assert window.sidebar.hasFocus()


def test_the_list_is_sorted_by_keyboard_and_the_order_is_remembered(
    window: MainWindow, make_window: Callable[..., MainWindow], folder: Path, settings_path: Path,
    qtbot: QtBot,
) -> None:
    assert listed(window) == BY_DATE and order_of(window) is SortBy.DATE
    window.sidebar.setFocus()
    shown = window.session.current
    assert shown is not None
    choose_order(window, qtbot, 1)
    assert window.document_pane.sort_chooser.currentText() == "Title"
    assert listed(window) == BY_TITLE
    assert window.statusBar().currentMessage() == "Documents sorted by title"
    # The document shown stays selected on its new row.
    current = window.sidebar.currentIndex()
    assert current.isValid() and listed(window)[current.row()] == shown.path.name
    # The filter box narrows the sorted list, in its order.
    qtbot.keyClick(window.sidebar, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.filter_edit, "khalifa")
    assert listed(window) == ["c.txt", "a.txt"]
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)

    window.sidebar.setFocus()
    choose_order(window, qtbot, 2)  # from Title: File name, then Entity count
    assert order_of(window) is SortBy.ENTITIES
    model = window.document_pane.source_model
    assert model is not None
    counts = [model.entity_counts[name.removesuffix('.txt')] for name in listed(window)]
    assert counts == sorted(counts, reverse=True) and len(set(counts)) > 1
    choose_order(window, qtbot, 1)  # Relevance is not offered without a search: it stays
    assert order_of(window) is SortBy.ENTITIES

    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value("list/sort") == "entities"
    window.close()
    again = annotated(make_window(), folder, qtbot)
    assert again.document_pane.sort_chooser.currentText() == "Entity count, most first"
    assert listed(again) == listed(window)


def search_for(window: MainWindow, qtbot: QtBot, text: str) -> CorpusSearchDialog:
    """Ctrl+Shift+F, then `text` typed, once its answer is shown."""
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = window.findChildren(CorpusSearchDialog)[-1]
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.edit, text)
    qtbot.waitUntil(lambda: not dialog.searching, timeout=5_000)
    return dialog


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the list of orders
def test_alt_down_in_the_sort_chooser_opens_its_list_and_stays_on_the_document(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Alt+Down is also the window's Next Document: in the chooser it opened no list and went to
    the next document, as in the chart dock's choosers before."""
    shown = window.session.current
    assert shown is not None
    qtbot.keyClick(window.sidebar, Qt.Key.Key_O, CTRL | ALT)
    chooser = window.document_pane.sort_chooser
    assert chooser.hasFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down, ALT)
    qtbot.waitUntil(chooser.view().isVisible, timeout=2_000)
    assert window.session.current is not None and window.session.current.id == shown.id
    chooser.hidePopup()


def test_a_searchs_documents_are_listed_best_first_until_the_chip_goes(
    window: MainWindow, qtbot: QtBot
) -> None:
    pane = window.document_pane
    pane.set_sort(SortBy.TITLE)
    window.view.setFocus()
    dialog = search_for(window, qtbot, "moscow OR tripoli")
    best = [dialog.model.hit_at(row).doc_id for row in range(dialog.model.rowCount())]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    answered(window, qtbot)
    assert not any(open_box.isVisible() for open_box in window.findChildren(CorpusSearchDialog))
    assert listed(window) == [f"{doc_id}.txt" for doc_id in dict.fromkeys(best)]
    assert len(listed(window)) == 3 and pane.chip.isVisible()
    assert pane.chip_label.text() == "Matching moscow OR tripoli: 3 documents"
    assert pane.sort_chooser.currentText() == "Relevance to the search listed"
    assert window.focusWidget() is window.sidebar  # the list is to be read now
    back_to_window(window, qtbot)
    # Another order for the same documents, then relevance again, by keyboard.
    choose_order(window, qtbot, -3)
    assert order_of(window) is SortBy.TITLE and listed(window) == [n for n in BY_TITLE if n != "d.txt"]
    choose_order(window, qtbot, 3)
    assert listed(window) == [f"{doc_id}.txt" for doc_id in dict.fromkeys(best)]
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)  # the chip goes: every document, by title
    assert listed(window) == BY_TITLE and order_of(window) is SortBy.TITLE
    assert pane.remembered_sort is SortBy.TITLE


def test_past_searches_come_back_with_up_and_down(
    window: MainWindow, make_window: Callable[..., MainWindow], folder: Path, qtbot: QtBot
) -> None:
    window.view.setFocus()
    for text in ("putin", "tripoli"):
        dialog = search_for(window, qtbot, text)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)  # read the hits, then closed: remembered
        back_to_window(window, qtbot)
        window.view.setFocus()
    dialog = search_for(window, qtbot, "")
    qtbot.waitUntil(lambda: dialog.history.loaded, timeout=5_000)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    assert dialog.edit.text() == "tripoli"
    qtbot.waitUntil(lambda: not dialog.searching and dialog.model.rowCount() == 2, timeout=5_000)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    assert dialog.edit.text() == "putin"
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    assert dialog.edit.text() == "putin"  # the oldest
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.edit.text() == ""  # past the latest: what was typed
    # Typed text: Up and Down move through the results, as before.
    qtbot.keyClicks(dialog.edit, "moscow")
    qtbot.waitUntil(lambda: not dialog.searching and dialog.model.rowCount() > 1, timeout=5_000)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.edit.text() == "moscow" and dialog.results.currentIndex().row() == 1
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # a hit opened: remembered too
    answered(window, qtbot)
    window.close()
    # Kept in the desk: another window on the folder recalls them.
    again = annotated(make_window(), folder, qtbot)
    again.view.setFocus()
    dialog = search_for(again, qtbot, "")
    qtbot.waitUntil(lambda: dialog.history.loaded, timeout=5_000)
    assert dialog.history.recall.searches == ["putin", "tripoli", "moscow"]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    assert dialog.edit.text() == "moscow"


def test_a_view_is_saved_by_name_and_shown_again_from_quick_open(
    window: MainWindow, qtbot: QtBot
) -> None:
    pane = window.document_pane
    list_mentioning(window, qtbot, "Haftar")
    assert listed(window) == ["a.txt", "c.txt"]
    choose_order(window, qtbot, 1)  # Ctrl+Alt+O, Down: by title
    assert listed(window) == ["c.txt", "a.txt"]
    qtbot.keyClick(window.view, Qt.Key.Key_V, CTRL | ALT)
    prompt = window.findChild(QInputDialog, "saveView")
    assert prompt is not None and prompt.isVisible()
    assert "mentioning Khalifa Haftar (PERSON), sorted by title" in prompt.labelText()
    editor = prompt.focusWidget()
    qtbot.keyClicks(editor, "Haftar by title")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    answered(window, qtbot)
    assert window.statusBar().currentMessage() == "Saved the view “Haftar by title”: Ctrl+P lists it"
    back_to_window(window, qtbot)

    # Everything shown again, in another order.
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
    choose_order(window, qtbot, -1)  # Ctrl+Alt+O, Up: by date again
    assert listed(window) == BY_DATE and not pane.chip.isVisible()

    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL)
    quick = window.findChildren(QuickOpenDialog)[-1]
    qtbot.keyClicks(quick.edit, "view:")
    qtbot.waitUntil(lambda: quick.model.rowCount() == 1, timeout=5_000)
    item = quick.model.item_at(0)
    assert isinstance(item, NamedView) and item.name == "Haftar by title"
    assert quick.model.index(0).data().splitlines()[1].startswith("Saved view · mentioning")
    qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
    answered(window, qtbot)
    assert listed(window) == ["c.txt", "a.txt"] and pane.chip.isVisible()
    assert order_of(window) is SortBy.TITLE
    # Saved again under its name: replaced, and said so.
    back_to_window(window, qtbot)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_V, CTRL | ALT)
    prompt = window.findChildren(QInputDialog, "saveView")[-1]
    qtbot.keyClicks(prompt.focusWidget(), "Haftar by title")
    qtbot.keyClick(prompt.focusWidget(), Qt.Key.Key_Return)
    answered(window, qtbot)
    assert window.statusBar().currentMessage() == "Replaced the view “Haftar by title”: Ctrl+P lists it"
    # Among the documents too, by a few letters of its name.
    back_to_window(window, qtbot)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL)
    quick = window.findChildren(QuickOpenDialog)[-1]
    qtbot.waitUntil(lambda: isinstance(quick.model.item_at(0), NamedView), timeout=5_000)
    qtbot.keyClicks(quick.edit, "hbt")
    assert isinstance(quick.model.item_at(0), NamedView)
    qtbot.keyClick(quick.edit, Qt.Key.Key_Escape)

    # Forgotten by keyboard: chosen among the saved views, then gone from quick open.
    back_to_window(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_V, CTRL | ALT | SHIFT)
    forget = window.findChild(QuickOpenDialog, "forgetView")
    assert forget is not None and forget.edit.text() == "view:"
    qtbot.waitUntil(lambda: forget.model.rowCount() == 1, timeout=5_000)
    qtbot.keyClick(forget.edit, Qt.Key.Key_Return)
    answered(window, qtbot)
    assert window.statusBar().currentMessage() == "Forgot the view “Haftar by title”"
    back_to_window(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_P, CTRL)
    quick = window.findChildren(QuickOpenDialog)[-1]
    answered(window, qtbot)
    qtbot.keyClicks(quick.edit, "view:")
    assert quick.model.rowCount() == 0
    qtbot.keyClick(quick.edit, Qt.Key.Key_Escape)


def test_a_saved_search_view_lists_the_search_again_in_its_order(window: MainWindow, qtbot: QtBot) -> None:
    pane = window.document_pane
    window.view.setFocus()
    dialog = search_for(window, qtbot, "putin")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    answered(window, qtbot)
    assert sorted(listed(window)) == ["a.txt", "b.txt"]
    back_to_window(window, qtbot)
    pane.set_sort(SortBy.NAME)
    qtbot.keyClicks(window.filter_edit, "moscow")
    view = current_view(window)
    assert (view.search, view.sort, view.filter_text) == ("putin", "name", "moscow")
    window.filter_edit.clear()
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Escape)
    assert len(listed(window)) == 4
    restore_view(window, "putin", view)
    answered(window, qtbot)
    assert listed(window) == ["a.txt", "b.txt"] and order_of(window) is SortBy.NAME
    assert window.filter_edit.text() == "moscow"


BIG = BACKGROUND_LISTING_OVER + 600


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More documents than the window lists at once, their titles in another order than dates."""
    folder = tmp_path_factory.mktemp("big")
    return write_scrambled(folder, BIG, 5, dt.date(2000, 1, 1), 9000, "story about Lima")


def test_a_big_folder_listed_a_part_at_a_time_keeps_the_order_chosen(
    make_window: Callable[..., MainWindow], big_folder: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.listing = FolderListing(window, entries_per_turn=400)
    window.document_pane.set_sort(SortBy.TITLE)  # as restored from the settings, before opening
    progress: list[int] = []
    window.listingProgress.connect(lambda listed, _total: progress.append(listed))
    assert window.open_path(big_folder)
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] == BIG, timeout=60_000)
    assert len(progress) >= BIG // 400  # merged a part per turn
    corpus = window.corpus
    assert corpus is not None and corpus.complete and window.filter_model.rowCount() == BIG
    titles = [entry.title for entry in corpus.entries]
    assert titles == sorted(titles) and titles[0].startswith("00000")
    assert all(corpus.index_of(entry.id) == row for row, entry in enumerate(corpus.entries))
    assert listed(window)[:2] == [corpus.entries[0].name, corpus.entries[1].name]
    window.filter_edit.setText("doc00042.txt")
    assert window.filter_model.rowCount() == 1
