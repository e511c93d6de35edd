"""The overview shown first costs the window's start nothing: what shows it is made once the
window has started, the dock opens with the overview alone (the other charts are made when their
tab is chosen), and a window too small for it keeps it closed, one key away."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.core.engine.engine import SpacyEngine
from gui.widgets.charts.connections_chart import ConnectionsChart
from gui.widgets.charts.overview_chart import OverviewChart
from gui.widgets.charts.period_bars import value_ticks
from gui.widgets.window.main_window import MainWindow
from gui.widgets.window.overview_first import TOO_SMALL
from tests.widgets.charts.conftest import record

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def app_window(qtbot: QtBot, engine: SpacyEngine, cache_path: Path, settings_path: Path,
               size: tuple[int, int] | None = None) -> MainWindow:
    """A window made as the app makes it: overviews first asked for before it is shown."""
    window = MainWindow(QSettings(str(settings_path), QSettings.Format.IniFormat), cache_path,
                        lambda: engine)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show_overviews_first()
    return window


def test_the_overview_first_is_made_after_the_first_paint_with_the_overview_alone(
    qtbot: QtBot, engine: SpacyEngine, cache_path: Path, settings_path: Path, news_file: Path):
    window = app_window(qtbot, engine, cache_path, settings_path)
    window.open_path(news_file)
    assert not window.made("overview_first")  # nothing of it before the window is painted
    window.show()
    qtbot.waitUntil(lambda: window.worker_started, timeout=10_000)
    assert window.made("overview_first")
    qtbot.waitUntil(lambda: window.made("charts") and window.charts.isVisible(), timeout=30_000)
    dock = window.charts
    qtbot.waitUntil(lambda: dock.overview.overview is not None, timeout=30_000)
    assert [type(pane) for pane in dock.panes] == [OverviewChart]  # the others wait until asked
    assert ("Top PERSON", "Tony Blair", 5, 5) in dock.overview.table_model.table.rows
    assert dock.overview.plot.heights and sum(dock.overview.plot.heights) == 5  # the dated ones

    # The tab to its left, chosen by key, is made then, and asks the store.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    dock.tabs.tabBar().setFocus()
    with qtbot.waitSignal(dock.connections.drawn, timeout=30_000):
        qtbot.keyClick(dock.tabs.tabBar(), Qt.Key.Key_Left)
    assert isinstance(dock.tabs.currentWidget(), ConnectionsChart)
    assert dock.tabs.currentWidget() is dock.connections
    assert [dock.tabs.tabText(index) for index in range(dock.tabs.count())] == [
        "&Timeline", "&Connections", "O&verview"]
    assert len(dock.panes) == 2


def test_a_window_too_small_keeps_the_overview_closed_one_key_away(
    qtbot: QtBot, engine: SpacyEngine, cache_path: Path, settings_path: Path, news_file: Path):
    window = app_window(qtbot, engine, cache_path, settings_path, (640, 400))
    window.show()
    qtbot.waitExposed(window)
    window.open_path(news_file)
    qtbot.waitUntil(lambda: window.worker_started, timeout=10_000)
    assert window.pane_layout.short and window.pane_layout.narrow
    qtbot.waitUntil(lambda: TOO_SMALL in window.statusBar().currentMessage(), timeout=30_000)
    assert not window.made("charts")  # the text keeps its room
    assert window.view.height() > 200
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: window.window_actions.made, timeout=10_000)
    with qtbot.waitSignal(window.documentShown, timeout=10_000):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)  # the reader chooses: it stays closed
    assert not window.made("charts")

    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_V, CTRL_SHIFT)  # and is one key away
    dock = window.charts
    qtbot.waitUntil(lambda: dock.overview.overview is not None, timeout=30_000)
    assert dock.isVisible() and dock.tabs.currentWidget() is dock.overview


def test_the_overviews_counts_up_the_side_are_round_numbers():
    assert value_ticks(0) == [0]
    assert value_ticks(7) == [0, 2, 4, 6]
    assert value_ticks(1000) == [0, 500, 1000]
    assert value_ticks(41_234) == [0, 20_000, 40_000]


def test_another_folder_opened_fresh_shows_its_overview_in_the_dock_still_the_windows(
    qtbot: QtBot, engine: SpacyEngine, cache_path: Path, settings_path: Path, news_file: Path,
    tmp_path: Path):
    other = tmp_path / "other" / "more.jsonl"
    other.parent.mkdir()
    other.write_text("\n".join(json.dumps(record(number, "2005-06-01", "Gordon Brown met Labour in Paris."))
                               for number in range(3)) + "\n", encoding="utf-8")
    window = app_window(qtbot, engine, cache_path, settings_path)
    window.show()
    window.open_path(news_file)
    qtbot.waitUntil(lambda: window.made("charts") and window.charts.isVisible(), timeout=30_000)
    dock = window.charts
    qtbot.waitUntil(lambda: dock.overview.overview is not None, timeout=30_000)
    with qtbot.waitSignal(dock.overview.drawn, timeout=30_000):
        window.open_path(other)
    qtbot.waitUntil(lambda: dock.overview.overview is not None and dock.overview.overview.documents == 3,
                    timeout=30_000)
    assert dock.isVisible() and ("Top PERSON", "Gordon Brown", 3, 3) in dock.overview.table_model.table.rows
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: window.window_actions.made, timeout=10_000)
    with qtbot.waitSignal(window.documentShown, timeout=10_000):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert not dock.isVisible()  # still the window's: a document chosen closes it
