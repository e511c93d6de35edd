"""Listing a big folder in the background: the window opens at once and the list fills in.

Reading the first bytes of 100,000 files takes seconds; `Corpus.open` only scans the names of a
folder that big, and this reads the entries in a daemon thread, in batches that grow (a small
first one, so the first documents show at once), handing each to the window through a signal.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.core.corpus import Corpus, read_entries

FIRST_BATCH = 500
LARGEST_BATCH = 32_000
# Folders with more documents than this are listed in the background.
BACKGROUND_LISTING_OVER = 3_000


class CorpusLister(QObject):
    """Reads the pending entries of a corpus in a thread; `listed` carries each batch."""

    listed = Signal(object, object, bool)  # the corpus, a list of DocumentEntry, whether done

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, corpus: Corpus) -> None:
        """List the corpus's pending files (stopping any listing still running)."""
        self.stop()
        self._stop = threading.Event()
        paths = list(corpus.pending)
        self._thread = threading.Thread(
            target=self._run, args=(corpus, paths, self._stop), name="listing", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the listing running, if any (another folder was opened, or the window closes)."""
        self._stop.set()

    def _run(self, corpus: Corpus, paths: list[Path], stop: threading.Event) -> None:
        size, start = FIRST_BATCH, 0
        while start < len(paths) and not stop.is_set():
            batch = read_entries(paths[start : start + size])
            start += size
            self.listed.emit(corpus, batch, start >= len(paths))
            size = min(size * 2, LARGEST_BATCH)
