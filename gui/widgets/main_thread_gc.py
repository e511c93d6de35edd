"""Python's cycle collector, run in the UI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that
is the annotation thread and the garbage holds Qt objects (a dialog and the lambda connected to
it form a cycle), their C++ side is destroyed outside the UI thread, and the process crashes. So
automatic collection is switched off and the UI thread collects on a timer, as the thresholds
would have, a young generation at a time.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadGarbageCollector(QObject):
    """Switches automatic collection off and collects from the UI thread's event loop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold (if any)."""
        counts = gc.get_count()
        due = [generation for generation in range(3) if counts[generation] > self._thresholds[generation]]
        if due:
            gc.collect(due[-1])
