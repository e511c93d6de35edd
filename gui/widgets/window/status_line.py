"""The window's status bar: one `say` for every message, the entity at the caret, and the
annotation progress, repainted a few times a second rather than for every document."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from gui.widgets.background.single_shot_timer import single_shot_timer

log = logging.getLogger(__name__)

PROGRESS_REPAINT_MS = 150


class StatusLine(QObject):
    """Messages, the caret's entity and the progress bar of one window's status bar."""

    def __init__(self, bar: QStatusBar, summary: Callable[[], str]) -> None:
        super().__init__(bar)
        self._bar = bar
        self._summary = summary  # what is said once annotation is done
        self.caret_label = QLabel(bar)
        self.caret_label.setObjectName("caretEntity")
        self.caret_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(bar)
        self.progress.setMinimumWidth(230)
        self.progress.setVisible(False)
        bar.addWidget(self.caret_label, 1)
        bar.addPermanentWidget(self.progress)
        # A message stands in the caret's place while it shows. QStatusBar hides its widgets for a
        # message only if they are visible then: one said before the window is shown was drawn
        # over the caret's description once both showed.
        bar.messageChanged.connect(lambda message: self.caret_label.setVisible(not message))
        self.cache_problem = ""  # why the entity cache cannot be used or written, if it cannot
        self._state = (0, 0)  # the worker's last (done, total)
        self._timer = single_shot_timer(self, PROGRESS_REPAINT_MS, self._show_progress)

    def say(self, text: str, timeout_ms: int = 0) -> None:
        """Show a message for `timeout_ms` (0: until the next one)."""
        self._bar.showMessage(text, timeout_ms)

    def engine_loading(self) -> None:
        """The worker has begun loading the language model."""
        self.say("Loading the language model…")

    def engine_loaded(self, seconds: float) -> None:
        """The worker has loaded the language model."""
        self.say(f"Language model loaded in {seconds:.1f} s", 5000)

    def cache_failed(self, message: str) -> None:
        """The entity cache cannot be used or written: entities are found, but not kept."""
        self.cache_problem = message
        log.warning("Entity cache: %s", message)
        self.say(f"⚠ {message} Entities are found, but not kept for next time.", 15_000)

    def set_caret(self, description: str) -> None:
        """Describe the entity at the caret (or say there is none)."""
        self.caret_label.setText(description)

    def annotated(self, done: int, total: int) -> None:
        """The worker has annotated `done` of `total` documents."""
        self._state = (done, total)
        # Cached documents arrive by the thousand: repaint the bar a few times a second, not for
        # each one; the last one at once.
        if done < total and self._timer.isActive():
            return
        self._show_progress()
        if done < total:
            self._timer.start()

    def stop_progress(self) -> None:
        """Hide the progress bar: annotation has stopped."""
        self._timer.stop()
        self.progress.setVisible(False)

    def _show_progress(self) -> None:
        done, total = self._state
        busy = done < total
        self.progress.setVisible(busy)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Annotated {done:,} of {total:,}")
        if not busy:
            self.say(self._summary(), 8000)
