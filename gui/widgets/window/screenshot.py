"""`seedview --screenshot`: save the window as a PNG once the current document is highlighted."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from gui.widgets.window.main_window import MainWindow


class WindowScreenshot(QObject):
    """Waits for the shown document's highlights, grabs the whole window, then quits the app."""

    def __init__(self, window: MainWindow, path: Path, timeout_s: float) -> None:
        super().__init__(window)
        self._window = window
        self._path = path
        self.exit_code = 1
        window.highlightsShown.connect(self._on_highlights_shown)
        window.entitiesUnavailable.connect(self._on_entities_unavailable)
        QTimer.singleShot(int(timeout_s * 1000), self._on_timeout)

    def _on_highlights_shown(self, doc_id: str) -> None:
        current = self._window.current_document
        if current is not None and current.id == doc_id:
            # Let the highlighter's repaint and the layout settle before grabbing.
            QTimer.singleShot(50, lambda: self._save(0))

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
