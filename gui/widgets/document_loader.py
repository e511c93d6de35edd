"""Reading a big document (and its .ann) off the UI thread, so the window never freezes on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from gui.core.corpus import DocumentEntry, load_entry

# Files bigger than this (text and .ann together) are read in the background.
BACKGROUND_LOAD_BYTES = 1_000_000


def listed_size(entry: DocumentEntry) -> int:
    """The bytes of a document's file and .ann when it was listed (0 if unknown)."""
    return sum(entry.stamp[1::2])


class DocumentLoader(QObject):
    """Reads one document at a time in a daemon thread; `loaded` carries (entry, Document)."""

    loaded = Signal(object, object)

    def load(self, entry: DocumentEntry) -> None:
        """Start reading a document; its result arrives through `loaded` (the caller drops it
        if another document was chosen meanwhile)."""
        threading.Thread(target=self._run, args=(entry,), name="document-loader", daemon=True).start()

    def _run(self, entry: DocumentEntry) -> None:
        self.loaded.emit(entry, load_entry(entry))
