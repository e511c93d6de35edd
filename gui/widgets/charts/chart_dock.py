"""The charts' pane: the timeline, the connections and the overview as tabs of a dock that the
user can move to any side of the window or float apart.

Each chart is made when it is first shown (its tab chosen, or a command that opens it): the
overview that a folder opened fresh shows first costs neither the other two's widgets nor
pyqtgraph, which only they import.

The timeline's and the connections' modules import pyqtgraph and numpy, a pause the user sees: the
first time one of them is shown, its module is imported in a thread while the dock shows its tab
saying so, then its chart is made, then asked what it was asked for, a step per turn of the event
loop (as overview_first makes the dock). Asked for in code (the `timeline` and `connections`
properties), a chart is made at once, as before."""

from __future__ import annotations

import functools
import importlib
import logging
import sys
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QTabWidget, QWidget

from gui.widgets.charts.overview_chart import OverviewChart
from gui.widgets.runtime.main_thread_gc import set_aside_long_lived

if TYPE_CHECKING:
    from gui.core.colours.palette import Palette
    from gui.core.insight.overview import Overview
    from gui.widgets.background.store_link import StoreLink
    from gui.widgets.charts.chart_pane import ChartPane
    from gui.widgets.charts.connections_chart import ConnectionsChart
    from gui.widgets.charts.timeline_chart import TimelineChart

log = logging.getLogger(__name__)

TIMELINE, CONNECTIONS, OVERVIEW = 0, 1, 2  # the tabs, in order
TITLES = ("&Timeline", "&Connections", "O&verview")
Chart = TypeVar("Chart", bound="ChartPane")
# The modules of the charts that import pyqtgraph or numpy: imported in a thread when first shown.
MODULES = {TIMELINE: "gui.widgets.charts.timeline_chart", CONNECTIONS: "gui.widgets.charts.connections_chart"}
LOADING = ("Loading the timeline…", "Loading the connections…", "")
NOT_LOADED = ("The timeline could not be loaded", "The connections could not be loaded", "")


class _Imports(QObject):
    """Imports charts' modules in threads, and says so on the UI thread (its signal, queued).

    One for the app, never deleted: a thread that ends after a dock was closed still emits
    through a live object, and Qt drops the queued call to the dock that is gone."""

    imported = Signal(int, str, str)  # the tab, its module, and why it failed ("" if it did not)

    def start(self, index: int, module: str) -> None:
        """Import `module`, that of the chart of tab `index`, in a thread of its own."""
        threading.Thread(target=self._import, args=(index, module), name="chart-import", daemon=True).start()

    def _import(self, index: int, module: str) -> None:
        failure = ""
        try:
            importlib.import_module(module)
            # What the import made lives as long as the app: left out of the collections the UI
            # thread makes, which would otherwise look at all of it at their next turn.
            set_aside_long_lived()
        except Exception as error:  # any: the tab says why, and the chart can be asked for again
            log.exception("The chart's module %s could not be imported", module)
            failure = f"{type(error).__name__}: {error}"
        finally:
            self.imported.emit(index, module, failure)


@functools.cache
def _the_imports() -> _Imports:
    """The app's one _Imports, made on first use (by a dock, on the UI thread)."""
    return _Imports()


class ChartDock(QDockWidget):
    """A dock of three chart tabs, each made when first shown; each asks the store off the UI
    thread."""

    documentsChosen = Signal(object, str)  # frozenset of doc ids for the document list, and why
    said = Signal(str)  # a message for the status line

    def __init__(self, store: StoreLink, palette: Palette, parent: QWidget | None = None,
                 modules: Mapping[int, str] = MODULES) -> None:
        super().__init__("Charts", parent)
        self.setObjectName("charts")
        self.setAccessibleName("Charts")
        # Closable, movable and floatable: a QDockWidget's own features.
        self._store = store
        self._palette = palette
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Chart")
        # A stand-in per tab, until its chart is made: the tabs, their keys and order are there
        # from the start.
        self._made: dict[int, ChartPane] = {}
        for title in TITLES:
            stand_in = QLabel(self.tabs)
            stand_in.setAlignment(Qt.AlignmentFlag.AlignCenter)
            stand_in.setWordWrap(True)  # a failure's reason can be long
            self.tabs.addTab(stand_in, title)
        self.tabs.setCurrentIndex(OVERVIEW)
        self.tabs.currentChanged.connect(lambda _index: self._first_look())
        self.setWidget(self.tabs)
        self._asked: set[int] = set()  # the tabs whose chart has asked the store (or will)
        # What waits for a chart whose module is imported in a thread, by tab.
        self._waiting: dict[int, list[Callable[[], None]]] = {}
        # The module each chart's tab imports in a thread when first shown, by tab (public: a
        # test names one that fails to import).
        self.modules = dict(modules)
        _the_imports().imported.connect(self._imported, Qt.ConnectionType.QueuedConnection)

    @property
    def timeline(self) -> TimelineChart:
        """The timeline (made now if it was not)."""
        from gui.widgets.charts.timeline_chart import TimelineChart

        return self._chart(TIMELINE, TimelineChart)

    @property
    def connections(self) -> ConnectionsChart:
        """The connections and the network (made now if they were not)."""
        from gui.widgets.charts.connections_chart import ConnectionsChart

        return self._chart(CONNECTIONS, ConnectionsChart)

    @property
    def overview(self) -> OverviewChart:
        """The corpus overview (made now if it was not)."""
        return self._chart(OVERVIEW, OverviewChart)

    def _chart(self, index: int, make: Callable[[StoreLink, Palette, QWidget], Chart]) -> Chart:
        """The chart of a tab (made now by `make`, its class, if it was not)."""
        if index not in self._made:
            self._put(index, make(self._store, self._palette, self.tabs))
        return cast(Chart, self._made[index])  # made by `make`: each tab has its own kind

    @property
    def panes(self) -> tuple[ChartPane, ...]:
        """The charts made so far, in the tabs' order."""
        return tuple(pane for _index, pane in sorted(self._made.items()))

    def current_pane(self) -> ChartPane:
        """The chart of the tab shown (made now if it was not)."""
        return self._pane(self.tabs.currentIndex())

    def _pane(self, index: int) -> ChartPane:
        if index == TIMELINE:
            return self.timeline
        return self.connections if index == CONNECTIONS else self.overview

    @property
    def loading(self) -> bool:
        """Whether a chart's module is being imported, to be made and shown then."""
        return bool(self._waiting)

    def _ready(self, index: int) -> bool:
        """Whether the chart of tab `index` is made, or can be at once (its module imported)."""
        return index in self._made or index not in self.modules or self.modules[index] in sys.modules

    def _when_made(self, index: int, then: Callable[[], None]) -> None:
        """Run `then` now if the chart of tab `index` is made or its module imported; else once
        its module is imported in a thread and the chart made, a turn of the event loop later
        (never, if the import fails: the tab says why, and the chart can be asked for again)."""
        if index not in self._waiting and self._ready(index):
            then()
            return
        waiting = self._waiting.setdefault(index, [])
        waiting.append(then)
        if len(waiting) == 1:
            stand_in = self.tabs.widget(index)
            if isinstance(stand_in, QLabel):
                stand_in.setText(LOADING[index])
            _the_imports().start(index, self.modules[index])

    def _imported(self, index: int, module: str, failure: str) -> None:
        """A chart's module is imported (or `failure` says why not): the chart is made now and
        what waits for it runs a turn later; or the tab says why it is not, and waits no more."""
        if index not in self._waiting or module != self.modules.get(index):
            return  # made already (another dock imported it first), or not the module waited for
        made = False
        try:
            if not failure:
                self._pane(index)  # made now
                made = True
        except Exception as error:  # the chart's own code failed: the same as an import's failure
            log.exception("The chart of tab %d could not be made", index)
            failure = f"{type(error).__name__}: {error}"
        finally:
            if not made:
                self._waiting.pop(index)  # not loading any more: asked again, it starts again
                self._not_loaded(index, failure or "stopped")
        if made:
            QTimer.singleShot(0, self, lambda: self._made_now(index))

    def _not_loaded(self, index: int, failure: str) -> None:
        """Say in the tab of a chart, and on the status line, why it could not be loaded."""
        self._asked.discard(index)  # chosen again, the tab tries again
        stand_in = self.tabs.widget(index)
        if isinstance(stand_in, QLabel):
            stand_in.setText(f"{NOT_LOADED[index]}:\n{failure}\n\nThe rest of Seedview works as before; "
                             "asking for this chart again tries again.")
        self.said.emit(f"{NOT_LOADED[index]} ({failure})")

    def _made_now(self, index: int) -> None:
        for then in self._waiting.pop(index, []):
            then()

    def _put(self, index: int, pane: ChartPane) -> None:
        """A chart just made, in its tab's stand-in's place (the tab shown staying shown)."""
        self._made[index] = pane
        pane.said.connect(self.said)
        pane.documentsChosen.connect(self.documentsChosen)
        stand_in = self.tabs.widget(index)
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # the tab shown is the same: nothing to say of it
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, pane, TITLES[index])
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(blocked)
        if stand_in is not None:
            stand_in.deleteLater()

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
        index = self.tabs.currentIndex()
        if index in self._waiting or not self._ready(index):
            # Its chart comes in a moment, or could not be loaded (the tab says why).
            self.tabs.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        pane = self.current_pane()
        last = pane.focusWidget()  # the child that last had the focus, if it is still shown
        target = last if last is not None and last.isVisible() else pane.focus_widget()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _first_look(self) -> None:
        """A tab never asked for asks the store when first shown (once its chart is made)."""
        index = self.tabs.currentIndex()
        if index not in self._asked:
            self._asked.add(index)
            self._when_made(index, lambda: self._pane(index).refresh())

    def _show_loading(self, index: int) -> None:
        """Show the tab whose chart is on its way, while it is."""
        if index in self._waiting:
            self.show()
            self.raise_()
            blocked = self.tabs.blockSignals(True)  # not a first look: what waits asks the store
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(blocked)

    def show_timeline(self, queries: str | None = None, add: bool = False) -> None:
        """Show the timeline, of these queries (';' between them) or of those typed before."""
        self._asked.add(TIMELINE)
        self._when_made(TIMELINE, lambda: self._show_timeline(queries, add))
        self._show_loading(TIMELINE)

    def _show_timeline(self, queries: str | None, add: bool) -> None:
        if queries is not None and add:
            self.timeline.add_query(queries)
        elif queries is not None or not self.timeline.timelines:
            self.timeline.show_queries(queries or "")
        self._open(self.timeline, self.timeline.plot)

    def show_connections(self, name: str | None = None) -> None:
        """Show the connections of an entity (or those shown before) beside the network."""
        self._asked.add(CONNECTIONS)
        self._when_made(CONNECTIONS, lambda: self._show_connections(name))
        self._show_loading(CONNECTIONS)

    def _show_connections(self, name: str | None) -> None:
        if name is not None:
            self.connections.show_entity(name)
        if not self.connections.network_view.network.nodes:
            self.connections.ask_network()
        self._open(self.connections, self.connections.list if name else self.connections.network_view)

    def show_overview(self, focus: bool = True, found: Overview | None = None) -> None:
        """Show the corpus overview (and put the focus in it, if `focus`): `found`, if the store
        has just answered it, else the store's answer to come."""
        self._asked.add(OVERVIEW)
        if found is None:
            self.overview.refresh()
        elif self.overview.overview is not found:  # not drawn already
            self.overview.show_found(found)
        self._open(self.overview, self.overview.picture if focus else None)

    def refresh_soon(self) -> None:
        """The store took more documents: the visible chart asks again in a moment."""
        index = self.tabs.currentIndex()
        if self.isVisible() and index not in self._waiting and self._ready(index):  # else: asks when made
            self.current_pane().refresh_soon()
