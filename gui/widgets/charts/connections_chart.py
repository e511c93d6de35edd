"""Connections: the entities that share documents with one entity (sorted by shared documents or
by score), beside the network of a query's top entities. Enter on a connection or a link lists
the documents of both; Enter on a node shows its connections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QWidget,
)

from gui.core.insight.connections import Connection, Order, connections
from gui.core.insight.network import Network, network
from gui.core.model.display_text import isolate
from gui.core.search.query import QueryError, parse_query
from gui.widgets.background.single_shot_timer import single_shot_timer
from gui.widgets.charts.chart_pane import ChartPane
from gui.widgets.charts.chart_questions import shared_documents
from gui.widgets.charts.chart_table import ChartTable, ChartTableModel, SortRole
from gui.widgets.charts.network_view import NetworkView
from gui.widgets.sidebar.list_navigation import ResultsNavigation

if TYPE_CHECKING:
    from gui.core.colours.palette import Palette
    from gui.core.search.query import Query
    from gui.core.session.events import StoreAnswer
    from gui.widgets.background.store_link import StoreLink

TOP_CONNECTIONS = 30
TOP_NODES = 30
TYPING_PAUSE_MS = 400
ORDERS = (("Shared documents", Order.SHARED), ("Score (shared, and rarely elsewhere)", Order.SCORE))


class ConnectionsChart(ChartPane):
    """An entity's connections as a list, and a query's network; both off the UI thread."""

    def __init__(self, store: StoreLink, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__("Connections", palette, parent)
        self._store = store
        self._asked_list = self._asked_network = 0
        self._network_answers = 0  # the number of the network question answered last
        self._answered = False  # whether the store has answered a question of this chart yet
        self._network_question: tuple[str, int] | None = None  # the query and top of the network shown
        self.connections: list[Connection] = []
        self.subject = ""
        self.entity_edit = QLineEdit(self)
        self.entity_edit.setAccessibleName("Connections of the entity")
        self.entity_edit.setPlaceholderText("An entity's name: Tony Blair")
        self.order_box = QComboBox(self)
        self.order_box.setAccessibleName("Sort connections by")
        for text, order in ORDERS:
            self.order_box.addItem(text, order)
        self.query_edit = QLineEdit(self)
        self.query_edit.setAccessibleName("Network of the query")
        self.query_edit.setPlaceholderText("The network of: every document, or a query (type:ORG, date:2019)")
        self.top_box = QSpinBox(self)
        self.top_box.setAccessibleName("Entities in the network")
        self.top_box.setRange(2, 200)
        self.top_box.setValue(TOP_NODES)
        row = QHBoxLayout()
        for text, widget, stretch in (("&Entity:", self.entity_edit, 2), ("&Sort by:", self.order_box, 0),
                                      ("Net&work of:", self.query_edit, 2), ("To&p:", self.top_box, 0)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)
        self.controls.addLayout(row)
        self.list_model = ChartTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.list_model)
        self.proxy.setSortRole(SortRole)
        self.list = QTableView(self)
        self.list.setObjectName("connectionList")
        self.list.setAccessibleName("Connections")
        self.list.setModel(self.proxy)
        self.list.setSortingEnabled(True)
        self.list.setTabKeyNavigation(False)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.activated.connect(lambda _index: self._open_connection())
        self.network_view = NetworkView(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.network_view)
        splitter.setSizes([440, 560])
        self.set_picture(splitter)
        self.network_view.described.connect(self.status.setText)
        self.network_view.nodeOpened.connect(self._open_node)
        self.network_view.edgeOpened.connect(self.list_shared)
        self._ask_soon = single_shot_timer(self, TYPING_PAUSE_MS, self.refresh)
        self.entity_edit.textChanged.connect(lambda _text: self._ask_soon.start())
        self.entity_edit.returnPressed.connect(lambda: self._entered(self.list))
        self.query_edit.textChanged.connect(lambda _text: self._ask_soon.start())
        self.query_edit.returnPressed.connect(lambda: self._entered(self.network_view))
        self.order_box.currentIndexChanged.connect(lambda _index: self.ask_connections())
        # As in the entity table: in the entity box and the order chooser the arrows move in the
        # list of connections (Down, met tabbing on to the list, changed the order by accident).
        for box in (self.entity_edit, self.order_box):
            ResultsNavigation(box, self.list)
        self.top_box.valueChanged.connect(lambda _value: self._ask_soon.start())
        # Tab goes from the boxes to what they ask for: the entity and its order to the list, the
        # network's query and size to the network. The Top box keeps a spin box's keys (the arrows
        # step it: it has no list to open, and no list of its own below), and tabbing on to the
        # list no longer passes it, where Down changed the network's size by accident.
        for before, after in ((self.entity_edit, self.order_box), (self.order_box, self.list),
                              (self.list, self.query_edit), (self.query_edit, self.top_box),
                              (self.top_box, self.network_view)):
            QWidget.setTabOrder(before, after)

    def _entered(self, focus: QWidget) -> None:
        self._network_question = None  # asked by the reader: the network is laid out afresh
        self.refresh()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_entity(self, name: str) -> None:
        """Show the connections of the entity called `name`."""
        self.entity_edit.blockSignals(True)
        self.entity_edit.setText(name)
        self.entity_edit.blockSignals(False)
        self.ask_connections()

    def focus_widget(self) -> QWidget:
        """The list of connections once there are some, else the network (or the table)."""
        if self.showing_table:
            return self.table
        return self.list if self.list_model.rowCount() else self.network_view

    def refresh_soon(self) -> None:
        """The store took more documents: ask again in a moment."""
        self._ask_soon.start()

    def refresh(self) -> None:
        """Ask for the connections and the network again."""
        self._ask_soon.stop()
        self.ask_connections()
        self.ask_network()

    def _say_loading(self) -> None:
        """Until the store's first answer, say that the connections are on their way: made
        before it answers (a while, on a big folder), the empty table and network said 'No
        entities yet'."""
        if not self._answered:
            self.status.setText("Loading the connections…")

    def _within(self) -> Query | None:
        text = self.query_edit.text().strip()
        return parse_query(text) if text else None

    def ask_connections(self) -> None:
        """Ask the store for the entity's connections, in the chosen order."""
        name = self.entity_edit.text().strip()
        order = self.order_box.currentData()
        self._asked_list += 1
        number = self._asked_list
        if not name:
            self._show_connections(number, name, [])
            return
        self._say_loading()
        self._store.ask(lambda store: connections(store, name, TOP_CONNECTIONS, order),
                        lambda reply: self._connections_answered(number, name, reply), self)

    def ask_network(self) -> None:
        """Ask the store for the network of the query's top entities: the network shown keeps
        its nodes' places if it is of the same query and size (the store grew)."""
        try:
            within = self._within()
        except QueryError as error:
            self.status.setText(f"⚠ {error}")
            return
        top = self.top_box.value()
        self._asked_network += 1
        number = self._asked_network
        self._say_loading()
        question = (self.query_edit.text().strip(), top)
        shown = self.network_view.network.nodes if question == self._network_question else ()
        kept = {(node.name, node.label): (node.x, node.y) for node in shown}
        self._store.ask(lambda store: network(store, within, top, kept=kept),
                        lambda reply: self._network_answered(number, question, reply), self)

    def _connections_answered(self, number: int, name: str, reply: StoreAnswer) -> None:
        if number != self._asked_list:
            return
        self._answered = True
        if reply.problem:
            self.status.setText(f"⚠ {reply.problem}")
            return
        assert isinstance(reply.result, list)
        self._show_connections(number, name, reply.result)

    def _show_connections(self, number: int, name: str, found: list[Connection]) -> None:
        self.subject, self.connections = name, found
        rows = tuple((c.entity.name, c.entity.label, c.shared, round(c.score, 2), c.entity.documents)
                     for c in found)
        self.list_model.set_table(ChartTable(
            ("Entity", "Type", "Shared documents", "Score", "Documents in all"), rows))
        self.list.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the store's order
        if rows:
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        if name:
            self.status.setText(f"{isolate(name)}: {len(found)} connected entities"
                                if found else f"No entity called {isolate(name)} shares documents yet")
        self.drawn.emit()

    def asking_network(self) -> bool:
        """Whether the network asked last has yet to be answered."""
        return self._network_answers < self._asked_network

    def _network_answered(self, number: int, question: tuple[str, int], reply: StoreAnswer) -> None:
        if number != self._asked_network:
            return
        self._answered = True
        self._network_answers = number
        if reply.problem:
            self.status.setText(f"⚠ {reply.problem}")
            self.network_view.empty_text = "The network could not be found"
            self.redraw()
            return
        found = reply.result
        assert isinstance(found, Network)
        if found != self.network_view.network or question != self._network_question:
            # The same network again (the store took documents that changed nothing of it) is
            # not drawn again: the cursor and the names stay as they are.
            self._network_question = question
            self.network_view.set_network(found, self.colours())
            self.set_table(_network_table(found))
        self.drawn.emit()

    def redraw(self) -> None:
        """Draw the network in the colours of now."""
        self.network_view.draw(self.colours())

    def _open_node(self, name: str) -> None:
        self.show_entity(name)
        self.said.emit(f"The connections of {isolate(name)}")

    def _open_connection(self) -> None:
        index = self.list.currentIndex()
        if index.isValid() and self.subject:
            other = self.proxy.index(index.row(), 0).data(SortRole)
            self.list_shared(self.subject, str(other))

    def list_shared(self, first: str, second: str) -> None:
        """List the documents that mention both entities (in the network's query, if any)."""
        try:
            within = self._within()
        except QueryError:
            within = None

        def answer(reply: StoreAnswer) -> None:
            if reply.problem:
                self.said.emit(reply.problem)
                return
            ids = reply.result
            assert isinstance(ids, frozenset)
            count = len(ids)
            self.documentsChosen.emit(ids, f"Mentioning {isolate(first)} and {isolate(second)}: "
                                           f"{count:,} document{'' if count == 1 else 's'}")

        self._store.ask(lambda store: shared_documents(store, first, second, within), answer, self)


def _network_table(found: Network) -> ChartTable:
    nodes = found.nodes
    rows: list[tuple[str | int | float, ...]] = [
        ("entity", node.name, node.label, node.documents, "", "") for node in nodes]
    rows += [("link", nodes[edge.source].name, nodes[edge.source].label, edge.shared,
              nodes[edge.target].name, nodes[edge.target].label) for edge in found.edges]
    return ChartTable(("Row", "Entity", "Type", "Documents", "Linked entity", "Its type"), tuple(rows))

