"""The first show of the timeline and of the connections: their module (pyqtgraph, numpy) is
imported in a thread while the dock shows their tab saying so, then the chart is made and drawn,
by key (Ctrl+T, Ctrl+R) or by choosing the tab, without the UI thread importing it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from gui.widgets.charts.chart_dock import CONNECTIONS, MODULES, TIMELINE, ChartDock
from gui.widgets.commands import chart_commands as charts
from gui.widgets.window.main_window import MainWindow
from tests.widgets.charts.test_timeline_chart import blair_row


@pytest.fixture
def not_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """The charts' modules as in a window that has not imported them yet (put back afterwards,
    as their package's attributes, which the import made here binds again)."""
    for name in MODULES.values():
        package, _, attribute = name.rpartition(".")
        if name in sys.modules:
            monkeypatch.setattr(sys.modules[package], attribute, sys.modules[name])
        monkeypatch.delitem(sys.modules, name, raising=False)


def loading_tab(dock: ChartDock) -> str:
    """The text of the tab shown, if it is a chart still on its way."""
    shown = dock.tabs.currentWidget()
    return shown.text() if isinstance(shown, QLabel) else ""


@pytest.mark.usefixtures("not_imported")
def test_ctrl_t_first_shows_the_timeline_loading_then_drawn(news_window: MainWindow, qtbot: QtBot):
    blair_row(news_window)
    dock = charts.charts_of(news_window)
    qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert dock.loading and dock.isVisible()  # the import runs in a thread
    assert dock.tabs.currentIndex() == TIMELINE and loading_tab(dock) == "Loading the timeline…"
    assert dock.panes == ()  # nothing made yet
    qtbot.waitUntil(lambda: not dock.loading, timeout=30_000)
    timeline = dock.timeline
    qtbot.waitUntil(lambda: bool(timeline.slots), timeout=10_000)
    assert dock.tabs.currentWidget() is timeline
    assert timeline.query_edit.text() == 'entity:"Tony Blair"'
    assert timeline.plot.hasFocus()
    assert timeline.slots[0] == "2004-01-05" and timeline.slots[-1] == "undated"


@pytest.mark.usefixtures("not_imported")
def test_ctrl_r_first_shows_the_connections_loading_then_drawn(news_window: MainWindow, qtbot: QtBot):
    blair_row(news_window)
    dock = charts.charts_of(news_window)
    qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dock.loading and loading_tab(dock) == "Loading the connections…"
    qtbot.waitUntil(lambda: not dock.loading, timeout=30_000)
    connections = dock.connections
    qtbot.waitUntil(lambda: bool(connections.list_model.table.rows), timeout=10_000)
    assert dock.tabs.currentIndex() == CONNECTIONS and connections.list.hasFocus()
    assert [row[0] for row in connections.list_model.table.rows][:1] == ["Labour"]


@pytest.mark.usefixtures("not_imported")
def test_a_tab_chosen_by_key_is_loaded_then_asks_the_store(news_window: MainWindow, qtbot: QtBot):
    dock = charts.charts_of(news_window)
    dock.show_overview()
    qtbot.waitUntil(lambda: dock.overview.overview is not None, timeout=30_000)
    dock.tabs.tabBar().setFocus()
    qtbot.keyClick(dock.tabs.tabBar(), Qt.Key.Key_Left)  # the connections' tab
    assert dock.loading and loading_tab(dock) == "Loading the connections…"
    qtbot.waitUntil(lambda: not dock.loading, timeout=30_000)
    network = dock.connections.network_view
    qtbot.waitUntil(lambda: bool(network.network.nodes), timeout=10_000)
    assert dock.tabs.currentWidget() is dock.connections
    assert [node.name for node in network.network.nodes][:1] == ["Tony Blair"]


@pytest.fixture
def broken_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The name of a module that fails as it is imported, not with an ImportError."""
    source = 'raise RuntimeError("no plotting here")\n'
    (tmp_path / "seedview_broken_chart.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "seedview_broken_chart"


@pytest.mark.usefixtures("not_imported")
@pytest.mark.parametrize("broken", [True, False], ids=["failing-module", "missing-module"])
def test_a_timeline_that_cannot_be_imported_says_why_then_ctrl_t_tries_again(
        news_window: MainWindow, qtbot: QtBot, broken_module: str, broken: bool):
    module, why = ((broken_module, "RuntimeError: no plotting here") if broken
                   else ("seedview_no_such_chart", "No module named 'seedview_no_such_chart'"))
    blair_row(news_window)
    dock = charts.charts_of(news_window)
    dock.modules[TIMELINE] = module
    qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert dock.loading and loading_tab(dock) == "Loading the timeline…"
    qtbot.waitUntil(lambda: not dock.loading, timeout=30_000)
    assert dock.tabs.currentIndex() == TIMELINE and dock.panes == ()
    assert loading_tab(dock).startswith("The timeline could not be loaded:") and why in loading_tab(dock)
    assert why in news_window.statusBar().currentMessage()
    # The window works on, and the timeline, once its module can be imported, comes at the next Ctrl+T.
    assert news_window.entity_panel.hasFocus()
    dock.modules[TIMELINE] = MODULES[TIMELINE]
    qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert dock.loading and loading_tab(dock) == "Loading the timeline…"
    qtbot.waitUntil(lambda: not dock.loading, timeout=30_000)
    timeline = dock.timeline
    qtbot.waitUntil(lambda: bool(timeline.slots), timeout=10_000)
    assert dock.tabs.currentWidget() is timeline and timeline.plot.hasFocus()
    assert timeline.query_edit.text() == 'entity:"Tony Blair"'
