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

from gui.core.corpus.corpus import Corpus, DocumentEntry, Listing, read_entries, sort_key
from gui.core.session.events import FolderListed

FIRST_BATCH = 500
BATCH_GROWTH = 4  # each batch this many times the one before
# Worker processes for a listing: one per core, of two at most (the window and the annotation
# engine want a core too).
LISTING_PROCESSES = max(1, min(2, os.cpu_count() or 1))


class CorpusLister(QObject):
    """Reads the pending entries of a corpus in a thread and merges each batch into the listing
    there (the window takes the listing made); `listed` carries each batch, of at most `part`
    entries if given."""

    listed = Signal(object)  # FolderListed: a batch of entries, in the listing's order

    def __init__(
        self, parent: QObject | None = None, processes: int = LISTING_PROCESSES, part: int | None = None
    ) -> None:
        super().__init__(parent)
        self._processes = processes
        self._part = part
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, corpus: Corpus) -> None:
        """List the corpus's pending files (stopping any listing still running)."""
        self.stop()
        self._stop = threading.Event()
        paths = list(corpus.pending)
        # The listing as it is now (empty, in the order chosen): the batches are merged into it
        # one after the other in the thread, and the window takes each listing made while it is
        # still listed as the one before (see Corpus.add_entries).
        listing = corpus.listing
        self._thread = threading.Thread(
            target=self._run, args=(corpus, paths, listing, self._stop), name="listing", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the listing running, if any (another folder was opened, or the window closes)."""
        self._stop.set()

    def _emit(self, corpus: Corpus, entries: list[DocumentEntry], done: bool, listing: Listing) -> Listing:
        """Hand a batch over, merged into `listing` (in parts of at most `part` entries); the
        listing made of it."""
        step = self._part or max(len(entries), 1)
        for start in range(0, max(len(entries), 1), step):
            part = tuple(entries[start : start + step])
            merged = listing.merged(part)
            last = done and start + step >= len(entries)
            self.listed.emit(FolderListed(corpus, part, last, (listing, merged)))
            listing = merged
        return listing

    def _run(self, corpus: Corpus, paths: list[Path], listing: Listing, stop: threading.Event) -> None:
        # Only a big folder needs the worker processes (multiprocessing is slow to import).
        from gui.core.corpus.listing_workers import EntryReaders

        readers = EntryReaders(self._processes)
        try:
            rest = readers.read(paths[FIRST_BATCH:])  # the workers start on these at once
            first = read_entries(paths[:FIRST_BATCH])
            if stop.is_set():
                return
            listing = self._emit(corpus, first, len(first) == len(paths), listing)
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
                    listing = self._emit(corpus, batch, left == 0, listing)
                    batch, size = [], size * BATCH_GROWTH
        finally:
            readers.close()
