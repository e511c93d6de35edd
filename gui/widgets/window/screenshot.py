"""`seedview --screenshot`: save the window as a PNG once the current document is highlighted (and,
with `--show`, once a chart has drawn the whole folder's numbers)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from gui.widgets.window.main_window import MainWindow

STORE_POLL_MS = 100  # how often to look whether the store has taken the whole folder


class WindowScreenshot(QObject):
    """Waits for the shown document's highlights, grabs the whole window, then quits the app."""

    def __init__(
        self, window: MainWindow, path: Path, timeout_s: float, chart: str | None = None,
        query: str | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._path = path
        self._chart = chart  # timeline, connections or overview: opened before the grab
        self._query = query
        self.exit_code = 1
        window.highlightsShown.connect(self._on_highlights_shown)
        window.entitiesUnavailable.connect(self._on_entities_unavailable)
        QTimer.singleShot(int(timeout_s * 1000), self._on_timeout)

    def _on_highlights_shown(self, doc_id: str) -> None:
        current = self._window.current_document
        if current is not None and current.id == doc_id:
            if self._chart is not None:
                self._open_chart_when_indexed()
                return
            # Let the highlighter's repaint and the layout settle before grabbing.
            QTimer.singleShot(50, lambda: self._save(0))

    def _open_chart_when_indexed(self) -> None:
        store = self._window.store
        if not (self._window.indexing_done() and store.complete()) or store.answering:
            QTimer.singleShot(STORE_POLL_MS, self._open_chart_when_indexed)
            return
        from gui.widgets.commands.chart_commands import charts_of

        dock = charts_of(self._window)
        pane = {"timeline": dock.timeline, "connections": dock.connections, "overview": dock.overview}
        view = dock.connections.network_view
        before = view.network

        def drawn() -> None:
            # The connections draw twice, the list and the network: the grab waits for the network.
            if self._chart != "connections" or view.network is not before:
                QTimer.singleShot(200, lambda: self._save(0))

        pane[self._chart or "overview"].drawn.connect(drawn)
        if self._chart == "timeline":
            dock.show_timeline(self._query or "")
        elif self._chart == "connections":
            dock.show_connections(self._query)
        else:
            dock.show_overview()

    def _on_entities_unavailable(self, message: str) -> None:
        print(f"seedview: entities are unavailable: {message}", file=sys.stderr)
        QTimer.singleShot(50, lambda: self._save(1))

    def _on_timeout(self) -> None:
        print("seedview: timed out waiting for the document's highlights", file=sys.stderr)
        self._save(1)

    def _save(self, code: int) -> None:
        if self.exit_code == 0:
            return  # already saved
        self._window.repaint()
        if self._window.grab().save(str(self._path), "PNG"):
            self.exit_code = code
        else:
            print(f"seedview: cannot write the screenshot {self._path}", file=sys.stderr)
            self.exit_code = 1
        QApplication.exit(self.exit_code)
