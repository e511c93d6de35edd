"""The chart dock and the keyboard: F6 and Shift+F6 go through it while it is shown, and a folder
opened with no document chosen shows its overview first, the document list keeping the focus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from gui.widgets.commands import chart_commands as charts
from gui.widgets.window.main_window import MainWindow
from tests.widgets.conftest import MOVABLE_DOCK

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> QWidget:
    """Press a key where the focus is; the widget that has the focus then."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def overview_window(make_window: Callable[..., MainWindow], qtbot: QtBot, path: Path,
                    document: str | None = None) -> MainWindow:
    """A window that shows overviews first, as the app's does, on `path` (and `document`)."""
    window = make_window()
    window.show_overviews_first()
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(path, document)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.worker_started, timeout=10_000)
    return window


def test_f6_and_shift_f6_go_through_the_chart_dock_while_it_is_shown(news_window: MainWindow, qtbot: QtBot):
    dock = charts.charts_of(news_window)
    with qtbot.waitSignal(dock.overview.drawn, timeout=10_000):
        qtbot.keyClick(news_window.view, Qt.Key.Key_V, CTRL_SHIFT)
    assert QApplication.focusWidget() is dock.overview.picture
    assert dock.features() == MOVABLE_DOCK  # the reader may close it, move it or float it
    news_window.sidebar.setFocus()
    order = [press(qtbot, Qt.Key.Key_F6) for _ in range(6)]
    assert order == [news_window.view, news_window.legend, news_window.entity_panel, dock.overview.picture,
                     news_window.filter_edit, news_window.sidebar]
    assert press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is news_window.filter_edit
    assert press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is dock.overview.picture

    # In the connections, F6 leaves from wherever the focus is and Shift+F6 comes back there.
    with qtbot.waitSignal(dock.connections.drawn, timeout=10_000):
        dock.show_connections()
    view = dock.connections.network_view
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # the second node: the view keeps the focus
    assert press(qtbot, Qt.Key.Key_F6) is news_window.filter_edit
    assert press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier) is view
    assert view.chosen is not None and view.chosen.node == 1

    # Once the dock is closed, F6 goes round the window's panes alone.
    dock.close()
    news_window.entity_panel.setFocus()
    assert press(qtbot, Qt.Key.Key_F6) is news_window.filter_edit


def test_a_folder_opened_fresh_shows_its_overview_until_a_document_is_chosen(
    make_window: Callable[..., MainWindow], news_file: Path, qtbot: QtBot):
    window = overview_window(make_window, qtbot, news_file)
    first = window.current_document
    assert first is not None
    qtbot.waitUntil(lambda: window.made("charts") and window.charts.isVisible(), timeout=30_000)
    dock = window.charts
    assert dock.tabs.currentWidget() is dock.overview
    qtbot.waitUntil(lambda: ("Top PERSON", "Tony Blair", 5, 5) in dock.overview.table_model.table.rows,
                    timeout=30_000)
    # The newest document is shown as ever, and the list keeps the keyboard.
    assert window.view.toPlainText() == first.body
    window.sidebar.setFocus()
    with qtbot.waitSignal(window.documentShown, timeout=10_000):
        assert press(qtbot, Qt.Key.Key_Down) is window.sidebar
    assert window.current_document is not None and window.current_document.id != first.id
    assert not dock.isVisible()  # a document is chosen: the overview has done its work

    with qtbot.waitSignal(dock.overview.drawn, timeout=10_000):  # and is one key away
        press(qtbot, Qt.Key.Key_V, CTRL_SHIFT)
    assert dock.isVisible()


def test_an_overview_the_reader_went_into_stays_when_a_document_is_chosen(
    make_window: Callable[..., MainWindow], news_file: Path, qtbot: QtBot):
    window = overview_window(make_window, qtbot, news_file)
    qtbot.waitUntil(lambda: window.made("charts") and window.charts.isVisible(), timeout=30_000)
    dock = window.charts
    window.entity_panel.setFocus()
    assert press(qtbot, Qt.Key.Key_F6) is dock.overview.picture  # into the overview
    assert press(qtbot, Qt.Key.Key_F6) is window.filter_edit
    assert press(qtbot, Qt.Key.Key_F6) is window.sidebar
    with qtbot.waitSignal(window.documentShown, timeout=10_000):
        press(qtbot, Qt.Key.Key_Down)
    assert dock.isVisible()


def test_a_document_asked_for_is_shown_without_the_overview(
    make_window: Callable[..., MainWindow], news_file: Path, qtbot: QtBot):
    window = overview_window(make_window, qtbot, news_file, "doc3")
    assert window.current_document is not None and window.current_document.id == "doc3"
    assert not window.overview_first.waiting
    assert not window.made("charts")


def test_a_folder_opened_fresh_after_another_keeps_the_overview_until_a_document_is_chosen(
    make_window: Callable[..., MainWindow], news_file: Path, qtbot: QtBot):
    window = overview_window(make_window, qtbot, news_file)
    qtbot.waitUntil(lambda: window.made("charts") and window.charts.isVisible(), timeout=30_000)
    with qtbot.waitSignal(window.highlightsShown, timeout=60_000):
        window.open_path(news_file)  # again, fresh: the overview opened first is still the window's
    assert window.charts.isVisible()
    window.sidebar.setFocus()
    with qtbot.waitSignal(window.documentShown, timeout=10_000):
        press(qtbot, Qt.Key.Key_Down)
    assert not window.charts.isVisible()
