"""Listing a big folder in the background: the window opens at once and the list fills in.

Reading the first bytes of 100,000 files takes seconds; `Corpus.open` only scans the names of a
folder that big, and this reads the entries in a daemon thread, in batches that grow (a small
first one, so the first documents show at once), handing each to the window through a signal.
The thread reads the first batch itself and leaves the rest to worker processes, which started
meanwhile (see `listing_workers`).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.core.corpus.corpus import Corpus, DocumentEntry, read_entries, sort_key
from gui.core.session.events import FolderListed

FIRST_BATCH = 500
BATCH_GROWTH = 4  # each batch this many times the one before
# Worker processes for a listing: one per core, of two at most (the window and the annotation
# engine want a core too).
LISTING_PROCESSES = max(1, min(2, os.cpu_count() or 1))


class CorpusLister(QObject):
    """Reads the pending entries of a corpus in a thread; `listed` carries each batch."""

    listed = Signal(object)  # FolderListed: a batch of entries, in the listing's order

    def __init__(self, parent: QObject | None = None, processes: int = LISTING_PROCESSES) -> None:
        super().__init__(parent)
        self._processes = processes
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
        # Only a big folder needs the worker processes (multiprocessing is slow to import).
        from gui.core.corpus.listing_workers import EntryReaders

        readers = EntryReaders(self._processes)
        try:
            rest = readers.read(paths[FIRST_BATCH:])  # the workers start on these at once
            first = read_entries(paths[:FIRST_BATCH])
            if stop.is_set():
                return
            self.listed.emit(FolderListed(corpus, tuple(first), len(first) == len(paths)))
            batch: list[DocumentEntry] = []
            size, left = FIRST_BATCH * BATCH_GROWTH, len(paths) - len(first)
            for entries in rest:
                if stop.is_set():
                    return
                # In the listing's order, a chunk at a time here: the window then merges sorted
                # runs instead of sorting a batch of up to 60,000 (less work on its thread).
                batch.extend(sorted(entries, key=sort_key))
                left -= len(entries)
                # Each batch re-lays out the whole list: a few that grow fast, and no small one
                # just before the end (the rest waits for the last batch instead).
                if left == 0 or (len(batch) >= size and left >= size):
                    self.listed.emit(FolderListed(corpus, tuple(batch), left == 0))
                    batch, size = [], size * BATCH_GROWTH
        finally:
            readers.close()
