"""Settings written to disk a moment after they change, not at every change.

QSettings writes its file on the event loop's next turn after a change (an UpdateRequest it posts
to itself): the whole file, with two fdatasync calls, in the UI thread. The window changes a
setting at every document shown (the reading place, as the reader leaves a document and as the
next is shown), so each switch paid for a write waiting on the disk right before the new
document's first paint: little CPU, but a wait on the disk, the longer the busier the disk (see
benchmarks/switching.py). Held back until the reader pauses (a second with no
document shown, `postpone`), the changes of a run of switching reach the disk in one write, which
falls between two documents rather than on one; at most MAX_WAIT_S after the first of them, so
that a reader who never pauses still has them written.

The event is Qt's public QEvent.UpdateRequest, seen through a public event filter; that QSettings
posts it is how Qt makes the writes "the event loop makes at regular intervals" (QSettings::sync's
documentation), not a promise: were a Qt version to write otherwise, the filter would see nothing
and the writes would happen as Qt makes them, as before.

Nothing else changes: the QSettings object answers with the new values at once (the changes are
in memory until written), `sync()` still writes them when called (the window does when it
closes), and QSettings writes what is left when it is destroyed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QSettings

from gui.widgets.background.single_shot_timer import single_shot_timer

SYNC_AFTER_MS = 1_000  # from a first change not written yet (or the last `postpone`) to the write
MAX_WAIT_S = 10.0  # from a first change not written yet to the write, however often postponed


class SyncLater(QObject):
    """Holds back the writes `settings` would make at the next turn of the event loop, and writes
    them `delay_ms` after the first of them instead (QSettings asks again only once written), or
    after the last `postpone`."""

    def __init__(self, settings: QSettings, delay_ms: int = SYNC_AFTER_MS) -> None:
        super().__init__(settings)  # a child of the settings, which keep it as long as they live
        self._settings = settings
        self._write = single_shot_timer(self, delay_ms, settings.sync)
        self._first_change = 0.0  # time.monotonic() of the first change waiting to be written
        settings.installEventFilter(self)

    @property
    def waiting(self) -> bool:
        """Whether changes wait to be written."""
        return self._write.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: a write asked for now is made a moment later."""
        if watched is self._settings and event.type() == QEvent.Type.UpdateRequest:
            if not self._write.isActive():
                self._first_change = time.monotonic()
                self._write.start()
            return True
        return False

    def postpone(self) -> None:
        """The reader is busy (a document was just shown): write the changes waiting once they
        pause, unless the first has waited MAX_WAIT_S already."""
        if self._write.isActive() and time.monotonic() - self._first_change < MAX_WAIT_S:
            self._write.start()  # begins the wait again
