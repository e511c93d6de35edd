"""Connections and the network, driven by the keyboard: Ctrl+R on an entity, Enter on a
connection, Tab through the nodes, Page Down to a link and Enter for its documents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.widgets.commands import chart_commands as charts
from gui.widgets.window.main_window import MainWindow
from tests.widgets.charts.test_timeline_chart import blair_row


def test_ctrl_r_lists_the_entitys_connections_by_shared_documents_or_score(
    news_window: MainWindow, qtbot: QtBot
):
    blair_row(news_window)
    dock = charts.charts_of(news_window)
    connections = dock.connections
    with qtbot.waitSignal(connections.drawn, timeout=10_000):
        qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert connections.list.hasFocus()
    by_shared = [row[:3] for row in connections.list_model.table.rows]
    assert by_shared[:3] == [("Labour", "ORG", 3), ("Paris", "GPE", 2), ("Gordon Brown", "PERSON", 2)]

    connections.order_box.setCurrentIndex(1)  # by score
    qtbot.waitUntil(lambda: connections.list_model.table.rows[0][0] == "Paris")
    connections.list.setFocus()

    qtbot.keyClick(connections.list, Qt.Key.Key_Return)  # Paris: the documents of both
    pane = news_window.document_pane
    qtbot.waitUntil(pane.has_entity_filter)
    assert pane.filter_model.allowed_ids == frozenset({"doc3", "doc4"})
    assert pane.chip_label.text() == "Mentioning Tony Blair and Paris: 2 documents"


def test_the_network_is_walked_by_tab_and_page_down_and_opened_by_enter(
    news_window: MainWindow, qtbot: QtBot):
    dock = charts.charts_of(news_window)
    connections = dock.connections
    with qtbot.waitSignal(connections.drawn, timeout=10_000):
        dock.show_connections()
    view = connections.network_view
    assert view.hasFocus() and [node.name for node in view.network.nodes][:3] == [
        "Tony Blair", "Labour", "Gordon Brown"]
    assert view.network.nodes[0].x == connections.network_view.network.nodes[0].x  # laid out once

    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.chosen is not None and view.chosen.node == 2
    assert connections.status.text().startswith("Gordon Brown (PERSON): 3 documents")
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # its link with most shared documents
    edge = view.chosen_edge()
    assert edge is not None and {view.network.nodes[edge.source].name,
                                 view.network.nodes[edge.target].name} == {"Gordon Brown", "Tony Blair"}
    qtbot.keyClick(view, Qt.Key.Key_Return)
    pane = news_window.document_pane
    qtbot.waitUntil(lambda: pane.filter_model.allowed_ids == frozenset({"doc0", "doc4"}))

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.chosen_edge() is None
    with qtbot.waitSignal(connections.drawn, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Enter)  # the node's connections
    assert connections.entity_edit.text() == "Gordon Brown"
    assert {row[0] for row in connections.list_model.table.rows[:2]} == {"Tony Blair", "Labour"}


def test_the_network_follows_the_palette_and_its_numbers_are_a_table(news_window: MainWindow, qtbot: QtBot):
    dock = charts.charts_of(news_window)
    with qtbot.waitSignal(dock.connections.drawn, timeout=10_000):
        dock.show_connections()
    qtbot.keyClick(dock.connections.network_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert dock.connections.showing_table
    rows = dock.connections.table_model.table.rows
    assert rows[0] == ("entity", "Tony Blair", "PERSON", 5, "", "")
    assert ("link", "Tony Blair", "PERSON", 3, "Labour", "ORG") in rows
