"""A search listed in the sidebar follows the store as it grows (issue 17): the documents it
takes later are listed too, once a second at most, and the reader's row, order and focus stay."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.core.corpus.list_order import SortBy
from gui.core.engine.engine import SpacyEngine
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.window.main_window import MainWindow
from tests.integration.test_corpus_navigation import annotated

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
TEXTS = {
    "a.txt": "date 2019-01-01\nBerlin was cold in January.\n",
    "b.txt": "date 2019-02-01\nParis was wet in February.\n",
    "c.txt": "date 2019-03-01\nThe Berlin wall fell long ago; Berlin grew.\n",
}


def listed(window: MainWindow) -> list[str]:
    model = window.filter_model
    return [model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) or model.index(row, 0).data()
            for row in range(model.rowCount())]


def test_a_listed_search_takes_in_the_documents_the_store_takes_and_keeps_the_row_and_focus(
    make_window: Callable[..., MainWindow], write_corpus: Callable[..., Path], qtbot: QtBot
) -> None:
    folder = write_corpus(dict(TEXTS))
    window = annotated(make_window(), folder, qtbot)
    pane = window.document_pane
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = window.findChildren(CorpusSearchDialog)[-1]
    qtbot.keyClicks(dialog.edit, "berlin")
    qtbot.waitUntil(lambda: not dialog.searching, timeout=5_000)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)  # its documents listed, best first
    qtbot.waitUntil(lambda: window.filter_model.rowCount() == 2, timeout=10_000)
    assert pane.chip_label.text() == "Matching berlin: 2 documents"
    # The reader goes down to the second document and orders the list by title.
    pane.list_view.setFocus()
    qtbot.keyClick(pane.list_view, Qt.Key.Key_Down)
    pane.set_sort(SortBy.TITLE)
    focused = QApplication.focusWidget()
    shown = window.session.shown.document.id if window.session.shown is not None else None
    before = listed(window)
    current = pane.list_view.currentIndex().data(Qt.ItemDataRole.AccessibleTextRole)
    # A document the search matches arrives in the folder: the store takes it, the listing too.
    (folder / "d.txt").write_text("date 2019-04-01\nBerlin again, in April.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: window.filter_model.rowCount() == 3, timeout=60_000)
    assert pane.chip_label.text().startswith("Matching berlin: 3 documents")
    assert pane.sort_by is SortBy.TITLE  # the reader's order, not relevance again
    assert QApplication.focusWidget() is focused
    assert pane.list_view.currentIndex().data(Qt.ItemDataRole.AccessibleTextRole) == current
    assert (window.session.shown.document.id if window.session.shown is not None else None) == shown
    assert [name for name in listed(window) if name in before] == before


def test_the_chip_stops_saying_still_annotating_once_annotation_ends(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[..., Path],
    engine: SpacyEngine,
    qtbot: QtBot,
) -> None:
    window, ready = annotating_window(make_window, write_corpus, engine, qtbot)
    assert not window.indexing_done()
    dialog = searched_berlin(window, qtbot)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    pane = window.document_pane
    qtbot.waitUntil(lambda: pane.has_entity_filter(), timeout=10_000)
    assert pane.chip_label.text() == "Matching berlin: 2 documents so far (still annotating)"
    ready.set()
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    qtbot.waitUntil(lambda: pane.chip_label.text() == "Matching berlin: 2 documents", timeout=10_000)


def test_a_period_listed_while_annotating_says_when_it_was_listed_once_annotation_ends(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[..., Path],
    engine: SpacyEngine,
    qtbot: QtBot,
) -> None:
    from gui.widgets.commands import chart_commands as charts

    window, ready = annotating_window(make_window, write_corpus, engine, qtbot)
    window.actions_by_id  # noqa: B018  # made now: the keys below need them
    dialog = searched_berlin(window, qtbot)
    timeline = charts.charts_of(window).timeline
    with qtbot.waitSignal(timeline.drawn, timeout=10_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_T, CTRL)  # charted; Enter on a period lists it
    window.activateWindow()  # as a window manager would once the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    timeline.plot.setFocus()
    assert timeline.chosen == ["2019-01-01"]  # the first day Berlin is named
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Return)
    pane = window.document_pane
    qtbot.waitUntil(pane.has_entity_filter, timeout=10_000)
    assert pane.chip_label.text().endswith(": 1 document so far (still annotating)")
    ready.set()
    qtbot.waitUntil(window.indexing_done, timeout=60_000)
    qtbot.waitUntil(lambda: pane.chip_label.text().endswith(": 1 document (listed before annotation ended)"),
                    timeout=10_000)


def annotating_window(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[..., Path],
    engine: SpacyEngine,
    qtbot: QtBot,
) -> tuple[MainWindow, threading.Event]:
    """A window on TEXTS whose store is up to date with the folder while its documents wait for
    their entities, until the event returned is set."""
    ready = threading.Event()

    def slow_engine() -> SpacyEngine:
        ready.wait(60)
        return engine

    window = make_window(loader=slow_engine)
    window.open_path(write_corpus(dict(TEXTS)))
    qtbot.waitUntil(lambda: window.store.up_to_date, timeout=30_000)
    return window, ready


def searched_berlin(window: MainWindow, qtbot: QtBot) -> CorpusSearchDialog:
    """The corpus search dialog (Ctrl+Shift+F) with "berlin" typed and answered."""
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = window.findChildren(CorpusSearchDialog)[-1]
    qtbot.keyClicks(dialog.edit, "berlin")
    qtbot.waitUntil(lambda: not dialog.searching, timeout=5_000)
    return dialog
