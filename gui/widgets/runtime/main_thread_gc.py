"""Python's cycle collector, run in the UI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that
is the annotation thread and the garbage holds Qt objects (a dialog and the lambda connected to
it form a cycle), their C++ side is destroyed outside the UI thread, and the process crashes. So
automatic collection is switched off and the UI thread collects on a timer, as the thresholds
would have (pyqtgraph's GarbageCollector does the same). Only the gc module's public functions
are used, which behave alike on Python 3.11 to 3.13.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

# Often: a young generation's collection takes about as long as the objects made since the last
# one, and background threads make a great many while a big document loads; seldom collections
# would each be a pause the user sees.
INTERVAL_MS = 100
# A full collection looks at every object, a pause with a big document open. So it waits at least
# this many times as long as the last one took (at most a fiftieth of the time goes to them), and
# at least a minute. Python's own collector also puts them off while the objects that survived
# younger collections are few against those a full one would look at.
FULL_COLLECTION_SPACING = 50
FULL_COLLECTION_AT_MOST_EVERY_S = 60.0


class MainThreadGarbageCollector(QObject):
    """Switches automatic collection off and collects from the UI thread's event loop, every
    `interval_ms` (None: only when `collect_due` is called), from `start()` on, or at once if
    `started`.

    The app starts it once its window is painted: a round before then would look at every object
    the start made (its modules, classes and widgets, none of them garbage) and delay the first
    paint for nothing. Those objects are set aside then (`set_aside_long_lived`): the first round
    looked at every one of them all the same, a pause the user saw with a big folder's files found.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int | None = INTERVAL_MS,
        started: bool = True,
    ) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        # time.monotonic() from which a full collection may run
        self._full_allowed_at = time.monotonic() + FULL_COLLECTION_AT_MOST_EVERY_S
        gc.disable()
        self._timer: QTimer | None = None
        if interval_ms is not None:
            self._timer = QTimer(self)  # kept alive by its parent
            self._timer.setInterval(interval_ms)
            self._timer.timeout.connect(self.collect_due)
            if started:
                self._timer.start()

    @property
    def running(self) -> bool:
        """Whether it collects on its timer (from `start()` on)."""
        return self._timer is not None and self._timer.isActive()

    def start(self) -> None:
        """Collect every `interval_ms` from now on (if not already), leaving out of every round
        the objects made until now (the start's: they live as long as the app)."""
        if self._timer is not None and not self._timer.isActive():
            set_aside_long_lived()
            self._timer.start()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold (if any); the oldest,
        a full collection, only if the last one was long enough ago."""
        counts = gc.get_count()
        due = [generation for generation in range(3) if counts[generation] > self._thresholds[generation]]
        if not due:
            return
        if due[-1] == 2 and time.monotonic() < self._full_allowed_at:
            due.pop()  # too soon for a full one: the younger ones, if they are due
            if not due:
                return
        generation = due[-1]
        started = time.monotonic()
        gc.collect(generation)
        if generation == 2:
            finished = time.monotonic()
            wait = max(FULL_COLLECTION_SPACING * (finished - started), FULL_COLLECTION_AT_MOST_EVERY_S)
            self._full_allowed_at = finished + wait


def set_aside_long_lived() -> None:
    """Leave every object alive now out of the collections to come (gc.freeze), for objects that
    live long and are many: the start's, and a big folder's listing (100,000 entries with their
    lists, which each young and full collection looked at again: a pause the user saw each time).
    Objects set aside are still freed as soon as nothing refers to them; only a cycle among them
    that becomes garbage stays, and little of what is alive at these moments is such a cycle."""
    gc.freeze()
