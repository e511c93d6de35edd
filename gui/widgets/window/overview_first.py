"""The corpus overview as the first thing shown for a folder opened with no document chosen (issue
16): no document named on the command line, none remembered from the last session there, not a
file opened as one document of its folder.

The newest document is still shown as before, and the document list keeps the focus (the arrows
and Enter choose a document as always); the overview opens beside it, in the chart dock. It stays
until a document is chosen: then it closes, unless the reader has made it theirs (gone into the
dock, or changed its tab), or had the dock open already.

Nothing of it costs the window's first paint or stalls its start: what does it is made once the
window has started (and looks at the folder opened meanwhile); it asks the store for the overview
(a long question, off the UI thread), and only the answer makes the dock, a step per turn of the
event loop (the chart modules imported in a thread, the dock made, the overview made and drawn,
the dock shown), with the overview alone (the other charts, and pyqtgraph, wait until they are
asked for). A document chosen before the
answer makes nothing. A window too small for a pane under the text (pane_layout's narrow or short
window) keeps the overview closed, one key (Ctrl+Shift+V) away, and says so.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from gui.core.insight.overview import Overview, overview
from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.core.session.events import StoreAnswer
    from gui.widgets.charts.chart_dock import ChartDock
    from gui.widgets.window.main_window import MainWindow

log = logging.getLogger(__name__)

CHART_MODULE = "gui.widgets.charts.chart_dock"
TOO_SMALL = ("The window is too small to show the corpus overview beside the text: "
             "Ctrl+Shift+V shows it")


class _Relay(QObject):
    """Says, on the UI thread, that the chart modules were imported in another; passes on the
    application's focus changes while the window lives (it is the window's child); owns the
    overview's question (an answer for a closed window is dropped)."""

    imported = Signal()
    focusMoved = Signal(object)  # the widget that has the focus now, or None

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The application's focus moved."""
        self.focusMoved.emit(new)


class OverviewFirst(WindowPart["MainWindow"]):
    """Opens the overview for a folder opened fresh, and closes it when a document is chosen.

    Made once the window has started, when the app has asked for it: a window made for a test or
    a screenshot opens on its first document alone, as it always has."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.waiting = False  # a folder opened fresh whose overview is still to show
        self.shown = False  # the overview was opened for it, and is still the window's to close
        self._first_id: str | None = None  # the document the folder opened on (not chosen)
        self._settling = False  # a big folder's listing is choosing the document to show
        self._asked = 0  # the overview questions asked: only the last one's answer shows
        self._found: Overview | None = None  # the answer, while the dock is made to show it
        self._steps = False  # the steps that make the dock and show the answer are under way
        self._relay = _Relay(window)
        # Queued: the thread that imported the charts emits it, this thread runs it.
        self._relay.imported.connect(self._make_dock, Qt.ConnectionType.QueuedConnection)
        self._relay.focusMoved.connect(self._focus_moved)
        window.documentShown.connect(self._document_shown)
        window.listingProgress.connect(self._listing_progress)
        # The list takes a new corpus once the session has opened it, before its first document.
        window.document_pane.filter_model.sourceModelChanged.connect(self._listed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._relay.focus_changed)
        # The folder open now (opened before this was made): listing it again after a change on
        # disk is not opening another.
        session = window.session
        self._generation = session.generation
        if session.corpus is not None:
            shown = window.current_document
            self.folder_opened(fresh=session.asked_for is None, shown=shown.id if shown else None)

    def _listed(self) -> None:
        session = self._window.session
        if session.corpus is None or session.generation == self._generation:
            return  # the same folder, listed again after a change on disk
        self._generation = session.generation
        self.folder_opened(fresh=session.asked_for is None)

    def folder_opened(self, fresh: bool, shown: str | None = None) -> None:
        """A folder was opened, `fresh` if no document was asked for: its overview comes first.
        `shown`: the document it shows already, if any (not one the reader chose)."""
        self._first_id = shown
        self.waiting = fresh
        if not fresh:
            self._close_ours()
            return
        window = self._window
        if window.made("charts") and window.charts.isVisible() and not self.shown:
            self.waiting = False  # the reader's dock, showing what they chose
            return
        self._asked += 1
        number = self._asked
        window.store.ask(overview, lambda reply: self._answered(number, reply), self._relay, long=True)

    def _too_small(self) -> bool:
        layout = self._window.pane_layout
        return layout.narrow or layout.short

    def _answered(self, number: int, reply: StoreAnswer) -> None:
        if number != self._asked or not self.waiting or not self.window_alive:
            return  # a document was chosen meanwhile, or another folder opened
        self.waiting = False
        window = self._window
        # A problem: the chart asks again, and says it.
        found = reply.result if isinstance(reply.result, Overview) else None
        if window.made("charts") and window.charts.isVisible():
            if self.shown:  # ours still, shown for the folder before: this one's overview in it
                window.charts.show_overview(focus=False, found=found)
            return  # else the reader's, showing what they chose
        if self._too_small():
            window.say(TOO_SMALL, 8000)
            return
        self._found = found
        self.shown = True
        if self._steps:
            return  # the steps under way show this answer
        # A step per turn: the chart modules imported in a thread, the dock made, the overview
        # made and drawn, the dock shown.
        self._steps = True
        if CHART_MODULE in sys.modules:
            self._make_dock()
        else:
            threading.Thread(target=self._import, name="chart-import", daemon=True).start()

    def _import(self) -> None:
        try:
            importlib.import_module(CHART_MODULE)
        except ImportError:  # the UI thread imports it again, and reports it as any other failure
            log.exception("The charts could not be imported")
        try:
            self._relay.imported.emit()
        except RuntimeError:  # the window was closed meanwhile, and its relay with it
            pass

    def _make_dock(self) -> None:
        if self._ours_to_show():
            self._window.charts  # noqa: B018  # made now, hidden
            QTimer.singleShot(0, self._relay, self._draw)

    def _draw(self) -> None:
        if self._ours_to_show():
            if self._found is not None:
                self._window.charts.overview.show_found(self._found)  # made and drawn, hidden
            QTimer.singleShot(0, self._relay, self._show)

    def _show(self) -> None:
        if self._ours_to_show():
            found, self._found = self._found, None
            self._steps = False
            self._window.charts.show_overview(focus=False, found=found)

    def _ours_to_show(self) -> bool:
        """Whether the overview is still to show (no document chosen, the window still there),
        and the dock is not the reader's (a chart they opened meanwhile); if not, the steps
        stop here."""
        if not self.shown or not self.window_alive:
            self._steps = False
            return False
        window = self._window
        if window.made("charts") and window.charts.isVisible():
            self.shown = self._steps = False
            return False
        return True

    def _listing_progress(self, _listed: int, _total: int) -> None:
        # A big folder shows a document while it is listed, then maybe the newest once it is:
        # what the listing shows, in the same turn of the event loop, is not the reader's choice.
        self._settling = True
        QTimer.singleShot(0, self._settled)

    def _settled(self) -> None:
        self._settling = False

    def _document_shown(self, doc_id: str) -> None:
        if self._first_id is None or self._settling:
            self._first_id = doc_id
        elif doc_id != self._first_id:
            # A document was chosen: the overview has done its work (or is not needed).
            self.waiting = False
            self._close_ours()

    def _close_ours(self) -> None:
        if self.shown and self.window_alive and self._window.made("charts"):
            dock: ChartDock = self._window.charts
            if dock.tabs.currentWidget() is dock.overview:
                dock.hide()
        self.shown = False
        self._found = None

    def _focus_moved(self, new: QWidget | None) -> None:
        """The reader went into the dock: from now on it is theirs to close."""
        if self.shown and self.window_alive and self._window.made("charts"):
            dock = self._window.charts
            widget = new
            while widget is not None:
                if widget is dock:
                    self.shown = False
                    return
                widget = widget.parentWidget()
