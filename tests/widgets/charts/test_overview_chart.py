"""The corpus overview (Ctrl+Shift+V) and the timeline opened from the search box (Ctrl+T)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.commands import chart_commands as charts
from gui.widgets.panels.corpus_search import CorpusSearchDialog
from gui.widgets.window.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_v_shows_documents_over_time_top_entities_and_sources(
    news_window: MainWindow, qtbot: QtBot):
    dock = charts.charts_of(news_window)
    with qtbot.waitSignal(dock.overview.drawn, timeout=10_000):
        qtbot.keyClick(news_window.view, Qt.Key.Key_V, CTRL_SHIFT)
    rows = dock.overview.table_model.table.rows
    assert ("Undated documents", "", 1, 2) in rows
    assert ("Top PERSON", "Tony Blair", 5, 5) in rows
    assert ("Entity source", "jsonl", 6, "") in rows
    assert dock.overview.sources.text().startswith("6 documents (1 undated), by day.")


def test_ctrl_t_in_the_search_box_charts_its_query(news_window: MainWindow, qtbot: QtBot):
    qtbot.keyClick(news_window.view, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = news_window.findChild(CorpusSearchDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()  # as a window manager would: offscreen, nothing does
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.edit, "paris")
    dock = charts.charts_of(news_window)
    with qtbot.waitSignal(dock.timeline.drawn, timeout=10_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert news_window.findChild(CorpusSearchDialog) is None  # closed (and deleted)
    assert dock.timeline.query_edit.text() == "paris"
    assert sum(int(row[1]) for row in dock.timeline.table_model.table.rows) == 2
    assert news_window.focusWidget() is dock.timeline.plot  # the window's focus, once it is active again


def test_the_overview_of_one_document_says_document(
    make_window: Callable[..., MainWindow],
    write_corpus: Callable[[dict[str, str | bytes]], Path],
    qtbot: QtBot,
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(write_corpus({"paris.txt": "date 2020-01-02\nEmmanuel Macron spoke in Paris.\n"}))
    window.actions_by_id  # noqa: B018  # made now: the key below needs them
    qtbot.waitUntil(lambda: window.store.complete() and not window.store.answering, timeout=60_000)
    dock = charts.charts_of(window)
    with qtbot.waitSignal(dock.overview.drawn, timeout=10_000):
        qtbot.keyClick(window.view, Qt.Key.Key_V, CTRL_SHIFT)
    assert dock.overview.sources.text().startswith("1 document (0 undated), by ")
