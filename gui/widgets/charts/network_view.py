"""The network of a query's top entities, drawn in a QGraphicsScene at the core's fixed layout:
node size the documents, edge width the shared documents, colour the type. The keyboard goes
through the nodes (Tab, arrows) and a node's links (Page Down, Page Up); Enter opens either."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from gui.core.insight.network import Edge, Network
from gui.core.model.display_text import isolate
from gui.widgets.charts import chart_keys as keys
from gui.widgets.charts.chart_colours import ChartColours
from gui.widgets.charts.chart_pane import add_key_actions

SPREAD = 160.0  # scene units from the centre to the layout's edge (-1..1)
SMALLEST, LARGEST = 5.0, 24.0  # node radii
THINNEST, THICKEST = 0.6, 7.0  # edge widths
NAMED_NODES = 30  # the largest nodes are named on the chart; every node has its name as a tooltip
NODE_ROLE = 0  # QGraphicsItem.data key: the node's index


@dataclass(frozen=True)
class Chosen:
    """What the keyboard is on: a node, and maybe one of its links (an index into its edges)."""

    node: int
    edge: int | None = None


class NetworkScene(QGraphicsScene):
    """A scene whose left click on a node chooses it."""

    nodeClicked = Signal(int)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Qt override: a click on a node (or its name) chooses it."""
        for item in self.items(event.scenePos()):
            node = item.data(NODE_ROLE)
            if isinstance(node, int):
                self.nodeClicked.emit(node)
                return
        super().mousePressEvent(event)


class NetworkView(QGraphicsView):
    """Draws a Network and moves a keyboard cursor over its nodes and links."""

    nodeOpened = Signal(str)  # an entity's name: show its connections
    edgeOpened = Signal(str, str)  # two entities' names: list the documents of both
    described = Signal(str)  # what the cursor is on, in words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkView")
        self.setAccessibleName("Entity network")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.network = Network((), ())
        self.chosen: Chosen | None = None
        self._scene = NetworkScene(self)
        self._scene.nodeClicked.connect(self.choose_node)
        self.setScene(self._scene)
        self._colours: ChartColours | None = None
        self._links: list[list[int]] = []  # per node, its edges (indexes), most shared first
        rows = [(keys.NEXT_NODE, lambda: self.step_node(1)), (keys.PREVIOUS_NODE, lambda: self.step_node(-1)),
                (keys.NEXT_EDGE, lambda: self.step_edge(1)), (keys.PREVIOUS_EDGE, lambda: self.step_edge(-1)),
                (keys.OPEN_ITEM, self.open_chosen), (keys.BACK_TO_NODE, self.back_to_node)]
        # Tab and Shift+Tab go through focusNextPrevChild, so that they leave the view after the
        # last node instead of trapping the focus.
        untabbed = [((name, text, tuple(k for k in shortcuts if not k.endswith("Tab"))), slot)
                    for (name, text, shortcuts), slot in rows]
        self.key_actions = add_key_actions(self, untabbed, Qt.ShortcutContext.WidgetShortcut)

    def set_network(self, network: Network, colours: ChartColours) -> None:
        """Draw another network (the cursor on its first node)."""
        self.network = network
        self._links = [[] for _ in network.nodes]
        for number, edge in enumerate(network.edges):
            self._links[edge.source].append(number)
            self._links[edge.target].append(number)
        for links in self._links:
            links.sort(key=lambda number: (-network.edges[number].shared, number))
        self.chosen = Chosen(0) if network.nodes else None
        self.draw(colours)
        self._describe()

    def draw(self, colours: ChartColours) -> None:
        """Draw the network in these colours, the cursor on what is chosen."""
        self._colours = colours
        scene = self._scene
        scene.clear()
        scene.setBackgroundBrush(QBrush(colours.qcolor(colours.page)))
        nodes, edges = self.network.nodes, self.network.edges
        if not nodes:
            text = scene.addSimpleText("No entities yet")
            text.setBrush(colours.qcolor(colours.text))
            return
        most = max(node.documents for node in nodes) or 1
        widest = max((edge.shared for edge in edges), default=1)
        chosen_edge = self._chosen_edge()
        for number, edge in enumerate(edges):
            width = THINNEST + (THICKEST - THINNEST) * edge.shared / widest
            on = chosen_edge == number
            pen = QPen(colours.qcolor(colours.cursor if on else colours.faint, 255 if on else 140),
                       width + (3 if on else 0))
            line = QGraphicsLineItem(self._place(edge.source).x(), self._place(edge.source).y(),
                                     self._place(edge.target).x(), self._place(edge.target).y())
            line.setPen(pen)
            line.setToolTip(f"{isolate(nodes[edge.source].name)} and {isolate(nodes[edge.target].name)}: "
                            f"{edge.shared} documents")
            line.setZValue(-1)
            scene.addItem(line)
        for number, node in enumerate(nodes):
            radius = SMALLEST + (LARGEST - SMALLEST) * math.sqrt(node.documents / most)
            centre = self._place(number)
            circle = QGraphicsEllipseItem(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius,
                                                 2 * radius))
            circle.setBrush(QBrush(colours.qcolor(colours.type_fill(node.label))))
            on = self.chosen is not None and self.chosen.node == number
            circle.setPen(QPen(colours.qcolor(colours.cursor if on else colours.type_outline(node.label)),
                               4 if on else 1.5))
            circle.setToolTip(f"{isolate(node.name)} ({node.label}): {node.documents} documents")
            circle.setData(NODE_ROLE, number)
            scene.addItem(circle)
            if number < NAMED_NODES or on:
                name = QGraphicsSimpleTextItem(isolate(node.name))
                name.setBrush(colours.qcolor(colours.text))
                name.setPos(centre.x() + radius + 2, centre.y() - name.boundingRect().height() / 2)
                name.setData(NODE_ROLE, number)
                name.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
                scene.addItem(name)
        self._fit()

    def _place(self, number: int) -> QPointF:
        node = self.network.nodes[number]
        return QPointF(node.x * SPREAD, node.y * SPREAD)

    def _fit(self) -> None:
        bounds = self._scene.itemsBoundingRect().adjusted(-20, -20, 60, 20)
        self._scene.setSceneRect(bounds)
        self.fitInView(bounds, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: the network fills the view."""
        super().resizeEvent(event)
        if self.network.nodes:
            self._fit()

    # The keyboard's cursor ---------------------------------------------------------------------

    def _chosen_edge(self) -> int | None:
        if self.chosen is None or self.chosen.edge is None:
            return None
        return self._links[self.chosen.node][self.chosen.edge]

    def chosen_edge(self) -> Edge | None:
        """The link the cursor is on, if any."""
        number = self._chosen_edge()
        return None if number is None else self.network.edges[number]

    def _move(self, chosen: Chosen) -> None:
        self.chosen = chosen
        if self._colours is not None:
            self.draw(self._colours)
        self._describe()

    def choose_node(self, number: int) -> None:
        """Put the cursor on a node."""
        if 0 <= number < len(self.network.nodes):
            self._move(Chosen(number))
            self.setFocus(Qt.FocusReason.MouseFocusReason)

    def step_node(self, step: int) -> bool:
        """The next (1) or previous (-1) node, round the ends; False if there is none."""
        if not self.network.nodes:
            return False
        now = -1 if self.chosen is None else self.chosen.node
        self._move(Chosen((now + step) % len(self.network.nodes)))
        return True

    def step_edge(self, step: int) -> None:
        """The next (1) or previous (-1) link of the chosen node, most shared documents first."""
        if self.chosen is None:
            return
        links = self._links[self.chosen.node]
        if not links:
            self.described.emit(f"{isolate(self.network.nodes[self.chosen.node].name)} has no links here")
            return
        now = self.chosen.edge
        edge = (0 if step > 0 else len(links) - 1) if now is None else (now + step) % len(links)
        self._move(Chosen(self.chosen.node, edge))

    def back_to_node(self) -> None:
        """From a link back to its node."""
        if self.chosen is not None and self.chosen.edge is not None:
            self._move(Chosen(self.chosen.node))

    def open_chosen(self) -> None:
        """Enter: a node's connections, or the documents of a link's two entities."""
        if self.chosen is None:
            return
        edge = self.chosen_edge()
        nodes = self.network.nodes
        if edge is None:
            self.nodeOpened.emit(nodes[self.chosen.node].name)
        else:
            self.edgeOpened.emit(nodes[edge.source].name, nodes[edge.target].name)

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt's name
        """Qt override: Tab and Shift+Tab go through the nodes, then on to the next widget."""
        if self.hasFocus() and self.network.nodes and self.chosen is not None:
            last = len(self.network.nodes) - 1
            if (next and self.chosen.node < last) or (not next and self.chosen.node > 0):
                return self.step_node(1 if next else -1)
        return super().focusNextPrevChild(next)

    def _describe(self) -> None:
        nodes = self.network.nodes
        if self.chosen is None:
            text = "No entities in the network"
        else:
            edge = self.chosen_edge()
            node = nodes[self.chosen.node]
            if edge is None:
                links = len(self._links[self.chosen.node])
                text = (f"{isolate(node.name)} ({node.label}): {node.documents} documents, {links} links; "
                        "Enter shows its connections, Page Down its links")
            else:
                other = nodes[edge.target if edge.source == self.chosen.node else edge.source]
                text = (f"{isolate(node.name)} and {isolate(other.name)}: {edge.shared} shared documents; "
                        "Enter lists them, Esc goes back to the entity")
        self.setAccessibleDescription(text)
        self.described.emit(text)
