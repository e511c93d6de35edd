"""The charts' pane: the timeline, the connections and the overview as tabs of a dock that the
user can move to any side of the window or float apart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QTabWidget, QWidget

from gui.widgets.charts.connections_chart import ConnectionsChart
from gui.widgets.charts.overview_chart import OverviewChart
from gui.widgets.charts.timeline_chart import TimelineChart

if TYPE_CHECKING:
    from gui.core.colours.palette import Palette
    from gui.widgets.background.store_link import StoreLink
    from gui.widgets.charts.chart_pane import ChartPane


class ChartDock(QDockWidget):
    """A dock of three chart tabs; each asks the store off the UI thread."""

    documentsChosen = Signal(object, str)  # frozenset of doc ids for the document list, and why
    said = Signal(str)  # a message for the status line

    def __init__(self, store: StoreLink, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__("Charts", parent)
        self.setObjectName("charts")
        self.setAccessibleName("Charts")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Chart")
        self.timeline = TimelineChart(store, palette, self.tabs)
        self.connections = ConnectionsChart(store, palette, self.tabs)
        self.overview = OverviewChart(store, palette, self.tabs)
        for pane, title in ((self.timeline, "&Timeline"), (self.connections, "&Connections"),
                            (self.overview, "O&verview")):
            self.tabs.addTab(pane, title)
            pane.said.connect(self.said)
        self.timeline.documentsChosen.connect(self.documentsChosen)
        self.connections.documentsChosen.connect(self.documentsChosen)
        self.tabs.currentChanged.connect(lambda _index: self._first_look())
        self.setWidget(self.tabs)
        self._asked: set[str] = set()

    @property
    def panes(self) -> tuple[ChartPane, ...]:
        """The three charts."""
        return (self.timeline, self.connections, self.overview)

    def _open(self, pane: ChartPane, focus: QWidget | None) -> None:
        self.show()
        self.raise_()
        self.tabs.setCurrentWidget(pane)
        if focus is None:
            return  # shown beside what the reader is in
        if pane.showing_table:
            focus = pane.table
        focus.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_chart(self) -> None:
        """Put the focus back where it was in the chart shown (F6 comes here), else on the chart."""
        pane = self.panes[self.tabs.currentIndex()]
        last = pane.focusWidget()  # the child that last had the focus, if it is still shown
        target = last if last is not None and last.isVisible() else pane.focus_widget()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _first_look(self) -> None:
        """A tab never asked for asks the store when first shown."""
        pane = self.panes[self.tabs.currentIndex()]
        name = type(pane).__name__
        if name not in self._asked:
            self._asked.add(name)
            pane.refresh()

    def show_timeline(self, queries: str | None = None, add: bool = False) -> None:
        """Show the timeline, of these queries (';' between them) or of those typed before."""
        self._asked.add("TimelineChart")
        if queries is not None and add:
            self.timeline.add_query(queries)
        elif queries is not None or not self.timeline.timelines:
            self.timeline.show_queries(queries or "")
        self._open(self.timeline, self.timeline.plot)

    def show_connections(self, name: str | None = None) -> None:
        """Show the connections of an entity (or those shown before) beside the network."""
        self._asked.add("ConnectionsChart")
        if name is not None:
            self.connections.show_entity(name)
        if not self.connections.network_view.network.nodes:
            self.connections.ask_network()
        self._open(self.connections, self.connections.list if name else self.connections.network_view)

    def show_overview(self, focus: bool = True) -> None:
        """Show the corpus overview (and put the focus in it, if `focus`)."""
        self._asked.add("OverviewChart")
        self.overview.refresh()
        self._open(self.overview, self.overview.picture if focus else None)

    def refresh_soon(self) -> None:
        """The store took more documents: the visible chart asks again in a moment."""
        if self.isVisible():
            self.panes[self.tabs.currentIndex()].refresh_soon()
