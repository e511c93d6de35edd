"""The corpus overview as the first thing shown for a folder opened with no document chosen (issue
16): no document named on the command line, none remembered from the last session there, not a
file opened as one document of its folder.

The newest document is still shown as before, and the document list keeps the focus (the arrows
and Enter choose a document as always); the overview opens beside it, in the chart dock, once the
window has started. It stays until a document is chosen: then it closes, unless the reader has
made it theirs (gone into the dock, or changed its tab), or had the dock open already.

The charts need pyqtgraph, whose import would stall the window for longer than any other step of
its start: it is imported in a thread first, and only the dock is built on the UI thread.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from gui.widgets.window_part import WindowPart

if TYPE_CHECKING:
    from gui.widgets.charts.chart_dock import ChartDock
    from gui.widgets.window.main_window import MainWindow

log = logging.getLogger(__name__)

CHART_MODULE = "gui.widgets.charts.chart_dock"


class _Relay(QObject):
    """Says, on the UI thread, that the chart modules were imported in another; passes on the
    application's focus changes while the window lives (it is the window's child)."""

    done = Signal()
    focusMoved = Signal(object)  # the widget that has the focus now, or None

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The application's focus moved."""
        self.focusMoved.emit(new)


class OverviewFirst(WindowPart["MainWindow"]):
    """Opens the overview for a folder opened fresh, and closes it when a document is chosen.

    Made when the app asks for it, before it opens its first folder: a window made for a test or
    a screenshot opens on its first document alone, as it always has."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.waiting = False  # a folder opened fresh whose overview is still to show
        self.shown = False  # the overview was opened for it, and is still the window's to close
        self._first_id: str | None = None  # the document the folder opened on (not chosen)
        self._settling = False  # a big folder's listing is choosing the document to show
        self._importing = False
        # The folder open now: listing it again after a change on disk is not opening another.
        self._generation = window.session.generation
        self._relay = _Relay(window)
        # Queued: the thread that imported the charts emits it, this thread runs it.
        self._relay.done.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._relay.focusMoved.connect(self._focus_moved)
        window.startedUp.connect(self._started)
        window.documentShown.connect(self._document_shown)
        window.listingProgress.connect(self._listing_progress)
        # The list takes a new corpus once the session has opened it, before its first document.
        window.document_pane.filter_model.sourceModelChanged.connect(self._listed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._relay.focus_changed)

    def _listed(self) -> None:
        session = self._window.session
        if session.corpus is None or session.generation == self._generation:
            return  # the same folder, listed again after a change on disk
        self._generation = session.generation
        self.folder_opened(fresh=session.asked_for is None)

    def folder_opened(self, fresh: bool) -> None:
        """A folder was opened, `fresh` if no document was asked for: its overview comes first."""
        self._first_id = None
        self.waiting = fresh
        if not self.waiting:
            self._close_ours()
        elif self._window.worker_started:  # else once the window has started
            self._prepare()

    def _started(self) -> None:
        if self.waiting:
            self._prepare()

    def _prepare(self) -> None:
        if CHART_MODULE in sys.modules:
            self._show()
        elif not self._importing:
            self._importing = True
            threading.Thread(target=self._import, name="chart-import", daemon=True).start()

    def _import(self) -> None:
        try:
            importlib.import_module(CHART_MODULE)
        except ImportError:  # the UI thread imports it again, and reports it as any other failure
            log.exception("The charts could not be imported")
        try:
            self._relay.done.emit()
        except RuntimeError:  # the window was closed meanwhile, and its relay with it
            pass

    def _show(self) -> None:
        self._importing = False
        if not self.waiting or not self.window_alive:
            return
        window = self._window
        self.waiting = False
        if window.made("charts") and window.charts.isVisible() and not self.shown:
            return  # the reader's dock, showing what they chose
        window.charts.show_overview(focus=False)
        self.shown = True

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
            # A document was chosen: the overview has done its work.
            self.waiting = False
            self._close_ours()

    def _close_ours(self) -> None:
        if self.shown and self.window_alive and self._window.made("charts"):
            dock: ChartDock = self._window.charts
            if dock.tabs.currentWidget() is dock.overview:
                dock.hide()
        self.shown = False

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
