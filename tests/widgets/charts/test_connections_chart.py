"""Connections and the network, driven by the keyboard: Ctrl+R on an entity, Enter on a
connection, Tab through the nodes, Page Down to a link and Enter for its documents."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem
from pytestqt.qtbot import QtBot

from gui.core.colours.palette import Palette
from gui.core.insight.network import Edge, Network, Node
from gui.widgets.charts.chart_colours import ChartColours
from gui.widgets.charts.network_view import NetworkView
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


def written(view: NetworkView) -> list[str]:
    """The words drawn in the network's scene."""
    return [item.text() for item in view.scene().items() if isinstance(item, QGraphicsSimpleTextItem)]


def test_ctrl_r_says_the_connections_are_loading_until_the_store_answers(
    news_window: MainWindow, qtbot: QtBot
):
    blair_row(news_window)
    connections = charts.charts_of(news_window).connections  # made now, nothing asked yet
    view = connections.network_view
    connections.redraw()  # as when the palette or style changes, before any answer
    assert written(view) == ["Loading the network…"]
    # Ctrl+R asks the store; its answer comes on a later turn of the event loop.
    qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert connections.status.text() == "Loading the connections…"
    assert "No entities yet" not in written(view)
    qtbot.waitUntil(lambda: bool(view.network.nodes) and bool(connections.list_model.table.rows),
                    timeout=10_000)
    assert "Loading" not in connections.status.text()
    assert "Loading the network…" not in written(view)


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


def dense_network(count: int) -> Network:
    """`count` nodes packed in a small disc, every pair linked: names cannot all fit."""
    nodes = tuple(Node(f"Entity with a rather long name number {number}", "PERSON", count - number,
                       0.3 * math.cos(number * 2.4) * math.sqrt(number / count),
                       0.3 * math.sin(number * 2.4) * math.sqrt(number / count))
                  for number in range(count))
    edges = tuple(Edge(first, second, 1) for first in range(count) for second in range(first + 1, count))
    return Network(nodes, edges)


def test_a_dense_networks_names_never_overlap_and_follow_the_keyboard(qtbot: QtBot) -> None:
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(520, 260)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    view.set_network(dense_network(80), ChartColours.of(view, Palette.load()))
    written = view.written_names()
    assert 0 in written and 3 < len(written) < 80  # the focus, and only what fits
    boxes = list(written.values())
    assert not any(a.intersects(b) for a, b in itertools.combinations(boxes, 2))
    assert all(view.viewport().rect().contains(box.toRect()) for box in boxes)
    circles = view.node_circles()
    for node, box in written.items():  # each name off every circle, nearest its own
        gaps = [math.hypot(max(box.left() - c.center().x(), 0.0, c.center().x() - box.right()),
                           max(box.top() - c.center().y(), 0.0, c.center().y() - box.bottom()))
                - c.width() / 2 for c in circles]
        assert gaps[node] > 0, node  # not over its own circle
        if node != 0:  # the focus is named even where the crowd leaves no clear place
            assert all(gap > 0 for gap in gaps), node
            assert min(range(len(gaps)), key=gaps.__getitem__) == node
    for _ in range(40):  # to a small node in the crowd: it is named while it has the focus
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.chosen is not None and view.chosen.node == 40
    written = view.written_names()
    assert 40 in written
    assert not any(a.intersects(b) for a, b in itertools.combinations(written.values(), 2))
    assert written[40].width() <= 150  # elided


def open_network(window: MainWindow, qtbot: QtBot) -> NetworkView:
    """Ctrl+R from the entity panel, the network shown."""
    blair_row(window)
    connections = charts.charts_of(window).connections
    with qtbot.waitSignal(connections.drawn, timeout=10_000):
        qtbot.keyClick(window.entity_panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(connections.network_view.network.nodes) == 6)
    return connections.network_view


def test_a_small_network_fills_its_view_with_every_node_apart_and_named(
    news_window: MainWindow, qtbot: QtBot):
    """A few documents' network used a square in the middle of a wide view, its circles on one
    another: it spreads over the view, no circle on another, and every name is written."""
    view = open_network(news_window, qtbot)
    sizes = []
    for width, height in ((1000, 700), (1400, 800)):
        news_window.resize(width, height)
        qtbot.waitUntil(lambda: view.viewport().height() > 0 and view.laid_out())
        circles = view.node_circles()
        room = view.viewport().rect()
        assert all(room.contains(circle.toRect()) for circle in circles)
        for first, second in itertools.combinations(circles, 2):
            assert not first.adjusted(-4, -4, 4, 4).intersects(second)
        left = min(circle.left() for circle in circles)
        right = max(circle.right() for circle in circles)
        top = min(circle.top() for circle in circles)
        bottom = max(circle.bottom() for circle in circles)
        assert right - left > 0.8 * room.width() and bottom - top > 0.7 * room.height()
        names = view.written_names()
        assert sorted(names) == list(range(6))
        assert not any(a.intersects(b) for a, b in itertools.combinations(names.values(), 2))
        sizes.append(room.width())
    assert sizes[1] > sizes[0]  # laid out again over a wider view


def test_the_network_stays_put_while_the_store_grows_without_changing_it(
    news_window: MainWindow, qtbot: QtBot):
    """While a folder is annotated the store tells the chart every second that it took more
    documents: a network they leave as it was is not drawn anew (the cursor stayed, the picture
    jumped each time), and one they change keeps the places of the nodes it had."""
    view = open_network(news_window, qtbot)
    connections = charts.charts_of(news_window).connections
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.chosen is not None and view.chosen.node == 2
    shown = view.network
    for _ in range(2):
        with qtbot.waitSignal(connections.drawn, timeout=10_000):
            news_window.storeChanged.emit()  # as the store does when it has taken documents
        qtbot.waitUntil(lambda: not connections.asking_network())
        assert view.network is shown  # not drawn anew
        assert view.chosen is not None and view.chosen.node == 2


def test_down_in_the_connections_boxes_moves_in_the_list_not_the_order(news_window: MainWindow, qtbot: QtBot):
    """As in the entity table: tabbing from the entity box over the order chooser, Down changed the
    order by accident; in both boxes the arrows move in the list of connections."""
    blair_row(news_window)
    connections = charts.charts_of(news_window).connections
    with qtbot.waitSignal(connections.drawn, timeout=10_000):
        qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    connections.entity_edit.setFocus()
    for box in (connections.entity_edit, connections.order_box):
        assert box.hasFocus()
        connections.list.setCurrentIndex(connections.proxy.index(0, 0))
        qtbot.keyClick(box, Qt.Key.Key_Down)
        qtbot.keyClick(box, Qt.Key.Key_Down)
        qtbot.keyClick(box, Qt.Key.Key_Up)
        assert connections.list.currentIndex().row() == 1
        assert connections.order_box.currentIndex() == 0  # by shared documents still
        qtbot.keyClick(box, Qt.Key.Key_Tab)


def test_tab_from_the_entity_box_reaches_the_list_and_the_top_box_steps_with_the_arrows(
    news_window: MainWindow, qtbot: QtBot
):
    """Tabbing from the entity box to the list passed the Top box, where Down changed the network's
    size by accident: Tab goes from the entity box and its order to the list, and from the network's
    query to the Top box, whose arrows step it (a spin box: no list to open, none of its own)."""
    blair_row(news_window)
    connections = charts.charts_of(news_window).connections
    with qtbot.waitSignal(connections.drawn, timeout=10_000):
        qtbot.keyClick(news_window.entity_panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    connections.entity_edit.setFocus()
    visited = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [connections.order_box, connections.list, connections.query_edit,
                       connections.top_box, connections.network_view]
    top = connections.top_box.value()
    connections.top_box.setFocus()
    qtbot.keyClick(connections.top_box, Qt.Key.Key_Down)
    assert connections.top_box.value() == top - 1
    qtbot.keyClick(connections.top_box, Qt.Key.Key_Up)
    assert connections.top_box.value() == top
