"""The network of a query's top entities, drawn in a QGraphicsScene at the core's fixed layout:
node size the documents, edge width the shared documents, colour the type. The keyboard goes
through the nodes (Tab, arrows) and a node's links (Page Down, Page Up); Enter opens either.

The nodes are drawn in the view's pixels: the core's layout stretched over the whole view, its
crowded middle loosened and no circle over another (gui/core/insight/node_spread.py), the circles
smaller the more nodes share the view, a line of text apart; drawn again when the view
is resized. Names are written only where each plainly belongs to its own circle, off every other
circle and name (gui/core/insight/label_placement.py): the node in focus (always), its neighbours,
then the biggest nodes, each elided to a readable length."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from gui.core.insight.label_placement import GAP, Box, Mark, label_order, place_labels
from gui.core.insight.network import Edge, Network
from gui.core.insight.node_spread import largest_radius, spread_nodes
from gui.core.model.display_text import isolate
from gui.widgets.charts import chart_keys as keys
from gui.widgets.charts.chart_colours import ChartColours
from gui.widgets.charts.chart_pane import add_key_actions

SMALLEST, LARGEST = 5.0, 24.0  # node radii in pixels, the largest smaller in a crowded view
THINNEST, THICKEST = 0.6, 7.0  # edge widths
DRAWN_EDGES = 1000  # the strongest links drawn; the table of numbers (Ctrl+D) has them all
DENSE_EDGES = 250  # above this many links drawn, the widest is drawn thinner
SMOOTH_EDGES = 600  # more links than this are drawn without antialiasing, which costs most of a paint
LONGEST_NAME = 140.0  # pixels: a longer name is elided (its tooltip and the table have it whole)
SHORTEST_NAME = 56.0  # pixels: a crowded view's names are elided down to this to find a place
NODE_ROLE = 0  # QGraphicsItem.data key: the node's index
LOADING = "Loading the network…"  # what the empty view says until the store's first answer
NO_ENTITIES = "No entities yet"  # what an empty network answered says


@dataclass(frozen=True)
class Chosen:
    """What the keyboard is on: a node, and maybe one of its links (an index into its edges)."""

    node: int
    edge: int | None = None


class EdgeLines(QGraphicsItem):
    """The network's links as one item, drawn with one call per width: thousands of line items
    (and antialiasing them) made a dense network slow to draw and to paint."""

    def __init__(
        self, lines: dict[float, list[QLineF]], bounds: QRectF, colour: QColor, smooth: bool
    ) -> None:
        super().__init__()
        self._lines = lines
        self._colour = colour
        self._smooth = smooth
        self._bounds = bounds.adjusted(-THICKEST, -THICKEST, THICKEST, THICKEST)  # the nodes' centres
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        """Qt override: every link, with room for the widest pen."""
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Qt override: the links, thinnest first; a dense network's without antialiasing."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self._smooth)
        for width in sorted(self._lines):
            painter.setPen(QPen(self._colour, width))
            painter.drawLines(self._lines[width])
        painter.restore()


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
        # What an empty network says: until the store's first answer, that it is on its way (the
        # view is made and drawn before the store answers, a while on a big folder).
        self.empty_text = LOADING
        self.chosen: Chosen | None = None
        self._scene = NetworkScene(self)
        self._scene.nodeClicked.connect(self.choose_node)
        self.setScene(self._scene)
        self._colours: ChartColours | None = None
        self._links: list[list[int]] = []  # per node, its edges (indexes), most shared first
        self._radii: list[float] = []  # per node, its radius in pixels
        self._places: list[QPointF] = []  # per node, its centre in pixels (the scene's units)
        self._marks: list[QGraphicsItem] = []  # the nodes and the cursor's link, drawn as it moves
        self._names: list[QGraphicsSimpleTextItem] = []  # the names written now
        self._halos: list[QGraphicsRectItem] = []  # a backing behind each, readable over the edges
        self._drawn_size = QSize()  # the viewport's size the network was laid out for
        # Where each node was drawn, by its entity and its place in the core's layout: a network
        # redrawn at the same size leaves the nodes it shares with the last one where they were.
        self._drawn_at: dict[tuple[str, str, float, float], tuple[float, float]] = {}
        self._redraw_soon = QTimer(self)
        self._redraw_soon.setSingleShot(True)
        self._redraw_soon.setInterval(40)
        self._redraw_soon.timeout.connect(self._redraw)
        rows = [(keys.NEXT_NODE, lambda: self.step_node(1)), (keys.PREVIOUS_NODE, lambda: self.step_node(-1)),
                (keys.NEXT_EDGE, lambda: self.step_edge(1)), (keys.PREVIOUS_EDGE, lambda: self.step_edge(-1)),
                (keys.OPEN_ITEM, self.open_chosen), (keys.BACK_TO_NODE, self.back_to_node)]
        # Tab and Shift+Tab go through focusNextPrevChild, so that they leave the view after the
        # last node instead of trapping the focus.
        untabbed = [((name, text, tuple(k for k in shortcuts if not k.endswith("Tab"))), slot)
                    for (name, text, shortcuts), slot in rows]
        self.key_actions = add_key_actions(self, untabbed, Qt.ShortcutContext.WidgetShortcut)

    def set_network(self, network: Network, colours: ChartColours) -> None:
        """Draw another network (the cursor on the entity it was on, if it is still there, else
        on the first node)."""
        was = self.network.nodes[self.chosen.node] if self.chosen is not None else None
        self.network = network
        self.empty_text = NO_ENTITIES
        self._links = [[] for _ in network.nodes]
        for number, edge in enumerate(network.edges):
            self._links[edge.source].append(number)
            self._links[edge.target].append(number)
        for links in self._links:
            links.sort(key=lambda number: (-network.edges[number].shared, number))
        kept = [number for number, node in enumerate(network.nodes)
                if was is not None and (node.name, node.label) == (was.name, was.label)]
        self.chosen = Chosen(kept[0]) if kept else Chosen(0) if network.nodes else None
        self.draw(colours)
        self._describe()

    def draw(self, colours: ChartColours) -> None:
        """Draw the network in these colours, the cursor on what is chosen."""
        self._colours = colours
        scene = self._scene
        scene.clear()
        self._marks, self._names, self._halos = [], [], []
        scene.setBackgroundBrush(QBrush(colours.qcolor(colours.page)))
        nodes, edges = self.network.nodes, self.network.edges
        if not nodes:
            text = scene.addSimpleText(self.empty_text)
            text.setBrush(colours.qcolor(colours.text))
            return
        self._lay_out()
        places = self._places
        # The strongest links only, thinner the more there are: a dense network's thousands of
        # wide links hid its nodes and were slow to paint (the table has them all).
        drawn = sorted(range(len(edges)), key=lambda number: (-edges[number].shared, number))[:DRAWN_EDGES]
        widest = max((edges[number].shared for number in drawn), default=1)
        thickest = max(THINNEST * 2, THICKEST * min(1.0, math.sqrt(DENSE_EDGES / max(len(drawn), 1))))
        lines: dict[float, list[QLineF]] = {}
        for number in drawn:
            edge = edges[number]
            width = THINNEST + (thickest - THINNEST) * edge.shared / widest
            line = QLineF(places[edge.source], places[edge.target])
            lines.setdefault(round(width * 2) / 2, []).append(line)
        xs, ys = [point.x() for point in places], [point.y() for point in places]
        bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        scene.addItem(EdgeLines(lines, bounds, colours.qcolor(colours.faint, 140),
                                smooth=len(drawn) <= SMOOTH_EDGES))
        self._draw_marks()

    def _draw_marks(self) -> None:
        """Draw the nodes, the link the cursor is on and the names (again, as the cursor moves:
        the links stay)."""
        colours = self._colours
        assert colours is not None
        for item in self._marks:
            self._scene.removeItem(item)
        self._marks = []
        nodes, edges = self.network.nodes, self.network.edges
        chosen_edge = self._chosen_edge()
        if chosen_edge is not None:
            edge = edges[chosen_edge]
            widest = max(other.shared for other in edges)
            line = QGraphicsLineItem(QLineF(self._place(edge.source), self._place(edge.target)))
            line.setPen(QPen(colours.qcolor(colours.cursor),
                             THINNEST + (THICKEST - THINNEST) * edge.shared / widest + 3))
            line.setToolTip(f"{isolate(nodes[edge.source].name)} and {isolate(nodes[edge.target].name)}: "
                            f"{edge.shared} documents")
            self._marks.append(line)
        outlines: dict[str, QColor] = {}
        fills: dict[str, QBrush] = {}
        for number, node in enumerate(nodes):
            radius = self._radii[number]
            centre = self._place(number)
            circle = QGraphicsEllipseItem(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius,
                                                 2 * radius))
            if node.label not in outlines:  # a colour per type, worked out once
                outlines[node.label] = colours.qcolor(colours.type_outline(node.label))
                fills[node.label] = QBrush(colours.qcolor(colours.type_fill(node.label)))
            circle.setBrush(fills[node.label])
            on = self.chosen is not None and self.chosen.node == number
            outline = colours.qcolor(colours.cursor) if on else outlines[node.label]
            circle.setPen(QPen(outline, 4 if on else 1.5))
            circle.setToolTip(f"{isolate(node.name)} ({node.label}): {node.documents} documents")
            circle.setData(NODE_ROLE, number)
            self._marks.append(circle)
        for item in self._marks:
            self._scene.addItem(item)
        self._fit()

    def _lay_out(self) -> None:
        """The nodes' radii and centres in the viewport's pixels."""
        nodes = self.network.nodes
        size = self.viewport().size()
        keys = [(node.name, node.label, node.x, node.y) for node in nodes]
        drawn_at = self._drawn_at if size == self._drawn_size else {}
        pinned = {number: drawn_at[key] for number, key in enumerate(keys) if key in drawn_at}
        self._drawn_size = size
        width, height = max(size.width(), 1), max(size.height(), 1)
        most = max(node.documents for node in nodes) or 1
        shares = [math.sqrt(node.documents / most) for node in nodes]
        largest = largest_radius(shares, width, height, SMALLEST, LARGEST)
        self._radii = [SMALLEST + (largest - SMALLEST) * share for share in shares]
        line = QFontMetricsF(QGraphicsSimpleTextItem().font()).height()
        # A line of text between circles (more, to clear a name by CLEARANCE, never settled on a
        # hundred nodes and took a third of the drawing time, for few names more).
        centres = spread_nodes([(node.x, node.y) for node in nodes], self._radii, width, height,
                               gap=line + GAP, pinned=pinned)
        self._drawn_at = dict(zip(keys, centres, strict=True))
        self._places = [QPointF(x, y) for x, y in centres]

    def _place(self, number: int) -> QPointF:
        return self._places[number]

    def _redraw(self) -> None:
        if self._colours is not None:
            self.draw(self._colours)

    def _fit(self) -> None:
        """Show the scene at its pixels, the viewport over the place it was laid out in, then
        write the names that fit."""
        for item in [*self._names, *self._halos]:
            self._scene.removeItem(item)
        self._names, self._halos = [], []
        self.resetTransform()
        self._scene.setSceneRect(QRectF(0, 0, self._drawn_size.width(), self._drawn_size.height()))
        self._write_names()

    def _write_names(self) -> None:
        nodes = self.network.nodes
        if not nodes or self._colours is None:
            return
        metrics = QFontMetricsF(QGraphicsSimpleTextItem().font())
        texts = [isolate(metrics.elidedText(node.name, Qt.TextElideMode.ElideRight, LONGEST_NAME))
                 for node in nodes]
        sizes = [(metrics.horizontalAdvance(text) + 1, metrics.height()) for text in texts]
        marks = []
        for number in range(len(nodes)):
            centre = self.mapFromScene(self._place(number))
            marks.append(Mark(centre.x(), centre.y(), self._radii[number]))
        focused = self.chosen.node if self.chosen is not None else None
        order = label_order([node.documents for node in nodes], focused, self.neighbours(focused))
        viewport = self.viewport().rect()
        placed = place_labels(marks, sizes, order, Box(0, 0, viewport.width(), viewport.height()), focused,
                              shortest=SHORTEST_NAME)
        backing = self._colours.qcolor(self._colours.page, 200)
        for number, box in placed.items():
            at = self.mapToScene(QPoint(round(box.left), round(box.top)))
            halo = QGraphicsRectItem(QRectF(0, 0, box.width, box.height))
            halo.setBrush(QBrush(backing))
            # The cursor's name framed in the cursor's colour, as its circle is: where the crowd
            # left it no unmistakable place, the frame still ties it to the circle.
            halo.setPen(QPen(self._colours.qcolor(self._colours.cursor), 1) if number == focused
                        else QPen(Qt.PenStyle.NoPen))
            halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            halo.setPos(at)
            halo.setZValue(1)
            self._scene.addItem(halo)
            self._halos.append(halo)
            text = texts[number]
            if box.width < sizes[number][0]:  # placed cut short: elided to its place
                text = isolate(metrics.elidedText(nodes[number].name, Qt.TextElideMode.ElideRight,
                                                  box.width - 1))
            name = QGraphicsSimpleTextItem(text)
            name.setBrush(self._colours.qcolor(self._colours.text))
            name.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            name.setPos(at)
            name.setZValue(2)
            name.setData(NODE_ROLE, number)
            name.setToolTip(f"{isolate(nodes[number].name)} ({nodes[number].label}): "
                            f"{nodes[number].documents} documents")
            self._scene.addItem(name)
            self._names.append(name)

    def neighbours(self, node: int | None) -> list[int]:
        """The nodes linked to `node`, most shared documents first (none for None)."""
        if node is None or not 0 <= node < len(self._links):
            return []
        edges = self.network.edges
        return [edges[link].target if edges[link].source == node else edges[link].source
                for link in self._links[node]]

    def laid_out(self) -> bool:
        """Whether the network is laid out for the view's size (not waiting for a resize to rest)."""
        return self.viewport().size() == self._drawn_size and not self._redraw_soon.isActive()

    def node_circles(self) -> list[QRectF]:
        """Each node's circle as drawn, in the view's pixels (the box around it)."""
        viewport = self.viewportTransform()
        return [viewport.mapRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
                for centre, radius in zip(self._places, self._radii, strict=True)]

    def written_names(self) -> dict[int, QRectF]:
        """The nodes whose names are written on the chart, with where (in the view's pixels)."""
        viewport = self.viewportTransform()
        return {name.data(NODE_ROLE): name.deviceTransform(viewport).mapRect(name.boundingRect())
                for name in self._names}

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: the network is laid out again over the new size, once resizing rests."""
        super().resizeEvent(event)
        if self.network.nodes and self.viewport().size() != self._drawn_size:
            self._redraw_soon.start()

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
        if self._colours is not None and self.network.nodes:
            self._draw_marks()
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
