"""Reading a big document (and its .ann) off the UI thread, so the window never freezes on it.

A big document is read once even when the window and the annotation worker both want it: whoever
asks second waits for the reading in progress, or takes the finished one if nobody has yet
(`read`). The window gets the text as soon as it is read (`textLoaded`), so it can show it while
the `.ann` is read; the entities of the `.ann`'s first lines, for the top of the text, when they
can be read ahead of the rest (`headLoaded`); then the document with its entities and their spans
(`loaded`): for many entities, the spans of the top of the text first, and all of them a moment
later (`spansPrepared`).
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from gui.core.corpus.corpus import DocumentEntry, load_entry
from gui.core.engine.cache import text_key
from gui.core.model.corpus_entry import listed_size
from gui.core.model.document import Document
from gui.core.session.events import TextRead
from gui.widgets.background.taking_turns import turn_for
from gui.widgets.text.prepared_spans import PreparedSpans, prepare_spans

log = logging.getLogger(__name__)

# Files bigger than this (text and .ann together) are read in the background.
BACKGROUND_LOAD_BYTES = 1_000_000
# With more entities than this, the spans of the top of the text (the first screen, and more)
# are sent first: making 100,000 spans takes longer than reading the .ann's last lines.
FIRST_SPANS_OVER = 20_000
FIRST_SPANS_CHARS = 200_000
# Pauses that leave the interpreter to the UI thread: after sending the first screen's spans, and
# between chunks of the others (a busy background thread can hold it for many milliseconds).
FIRST_SCREEN_PAUSE_S = 0.05
CHUNK_PAUSE_S = 0.002
# How long the worker waits before working on a big document the window is showing.
WINDOW_FIRST_S = 0.1


def is_big(entry: DocumentEntry) -> bool:
    """Whether a listed document is read in the background (a file over BACKGROUND_LOAD_BYTES)."""
    return entry.record is None and entry.problem is None and listed_size(entry) > BACKGROUND_LOAD_BYTES


class HeadRead(NamedTuple):
    """The entities of a big document's first `.ann` lines, and their spans, while the rest of the
    `.ann` is read."""

    entry: DocumentEntry
    head: Document  # the text with those entities
    spans: PreparedSpans


class DocumentRead(NamedTuple):
    """A big document read whole, with the spans of its entities (for many entities, those of the
    top of the text only: `spansPrepared` brings all of them a moment later)."""

    entry: DocumentEntry
    document: Document
    spans: PreparedSpans


class _Reading:
    """One big document being read: its text once read, then the document and its spans."""

    def __init__(self) -> None:
        self.text: Document | None = None
        self.head: Document | None = None  # the text with the entities of the .ann's first lines
        self.result: Document | None = None
        self.shared = False  # another thread waited for it
        self.for_window = False  # the window waits for it (`load`)
        self.text_read = threading.Event()
        self.head_read = threading.Event()  # set when the head is read, or will not be
        self.done = threading.Event()


class DocumentLoader(QObject):
    """Reads big documents in daemon threads, each once, and tells the window as it goes."""

    textLoaded = Signal(object)  # TextRead: the text, while its entities are still to be read
    headLoaded = Signal(object)  # HeadRead: the entities of the .ann's first lines, meanwhile
    loaded = Signal(object)  # DocumentRead: the document with its entities
    spansPrepared = Signal(object)  # PreparedSpans: all of them, when `loaded` had the top's only

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._readings: dict[tuple[object, ...], _Reading] = {}
        # The last big document read that only one thread has had: the other one may ask next.
        self._unshared: tuple[tuple[object, ...], Document] | None = None

    def load(self, entry: DocumentEntry) -> None:
        """Start reading a document; its text and then the whole of it arrive through the
        signals (the caller drops them if another document was chosen meanwhile)."""
        threading.Thread(target=self._run, args=(entry,), name="document-loader", daemon=True).start()

    @property
    def reading(self) -> bool:
        """Whether a big document is being read now."""
        with self._lock:
            return bool(self._readings)

    def read(self, entry: DocumentEntry) -> Document:
        """Read a listed document in the calling thread; a big one only once: if it is being read
        already, wait for that reading."""
        if not is_big(entry):
            return load_entry(entry)
        document, reading = self._read_once(entry)
        if reading is not None and reading.for_window:
            # The window is showing this very document: let it paint the first screen before
            # the caller (the worker) takes the interpreter for the document's mentions and words.
            time.sleep(WINDOW_FIRST_S)
        return document

    def _run(self, entry: DocumentEntry) -> None:
        def head_read(head: Document) -> None:
            self.headLoaded.emit(HeadRead(entry, head, prepare_spans(head.entities, head.body)))

        def text_read(text: Document) -> None:
            self.textLoaded.emit(TextRead(entry, text))

        document, _ = self._read_once(entry, text_read, head_read)
        entities, body = document.entities, document.body
        if len(entities) <= FIRST_SPANS_OVER:
            with turn_for(body):
                spans = prepare_spans(entities, body)
            self.loaded.emit(DocumentRead(entry, document, spans))
            return
        # Entities are tuples sorted by start: those before (FIRST_SPANS_CHARS,) start above it.
        top = entities[: bisect.bisect_left(entities, (FIRST_SPANS_CHARS,))]
        with turn_for(body):
            spans = prepare_spans(entities, body, top)
        self.loaded.emit(DocumentRead(entry, document, spans))
        # Let the window paint the first screen before taking the interpreter again.
        time.sleep(FIRST_SCREEN_PAUSE_S)
        with turn_for(body):
            spans = prepare_spans(entities, body, pause_s=CHUNK_PAUSE_S)
        self.spansPrepared.emit(spans)

    def _read_once(
        self,
        entry: DocumentEntry,
        on_text: Callable[[Document], None] | None = None,
        on_head: Callable[[Document], None] | None = None,
    ) -> tuple[Document, _Reading | None]:
        """The document (read here, or by the thread already reading it) and that reading; with
        `on_text`, the caller is the window's loader, told the text first (and `on_head` the
        entities of the `.ann`'s first lines, if this thread reads it)."""
        key = (entry.path, entry.id, entry.stamp)
        with self._lock:
            unshared, self._unshared = self._unshared, None
            if unshared is not None and unshared[0] == key:
                return unshared[1], None  # read whole already: no need to show the text first
            reading = self._readings.get(key)
            mine = reading is None
            if reading is None:
                reading = self._readings[key] = _Reading()
            else:
                reading.shared = True
            reading.for_window = reading.for_window or on_text is not None
        if mine:
            self._read(entry, reading, on_text, on_head)
        else:
            if on_text is not None:
                reading.text_read.wait()
                if reading.text is not None:
                    on_text(reading.text)
            if on_head is not None:
                reading.head_read.wait()
                if reading.head is not None:
                    on_head(reading.head)
            reading.done.wait()
        if reading.result is None:  # the reading failed in its thread (which said why): read here
            return load_entry(entry), None
        return reading.result, reading

    def _read(
        self,
        entry: DocumentEntry,
        reading: _Reading,
        on_text: Callable[[Document], None] | None,
        on_head: Callable[[Document], None] | None,
    ) -> None:
        """Read a document for everyone waiting for it, telling `on_text` and them its text first,
        then `on_head` and them the entities of its `.ann`'s first lines if they can be read ahead."""

        def text_read(text: Document) -> None:
            reading.text = text
            reading.text_read.set()
            # The window and the worker ask for the text's key next (text_key remembers it): work
            # it out while the .ann is read, on the other core (hashing lets go of the interpreter).
            threading.Thread(target=text_key, args=(text.body,), name="text-key", daemon=True).start()
            if on_text is not None:
                on_text(text)

        def head_read(head: Document) -> None:
            reading.head = head
            reading.head_read.set()
            if on_head is not None:
                try:
                    on_head(head)
                except Exception:  # a preview: it must not cost the document itself
                    log.exception("Showing the top of %s early failed", entry.name)

        try:
            reading.result = load_entry(entry, text_read, head_read)
        finally:
            with self._lock:
                key = (entry.path, entry.id, entry.stamp)
                del self._readings[key]
                if reading.result is not None and not reading.shared:
                    self._unshared = (key, reading.result)
            reading.text_read.set()
            reading.head_read.set()
            reading.done.set()
