"""Annotation in a background thread: cache look-ups, model loading and `nlp.pipe`, off the UI.

The worker talks to the window only through signals that carry plain data. Every queue of
documents is a numbered generation: opening another folder starts a new one, and results of an
older generation still in flight are dropped by the worker and, should one slip through, by the
window, which only accepts its current generation.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.core.annotation_store import AnnotatedDocument
from gui.core.annotator import Annotator
from gui.core.cache import EntityCache
from gui.core.corpus import DocumentEntry, load_entry
from gui.core.document import Document, Entity, Source
from gui.core.engine import BATCH_SIZE, Engine, EngineError, pipeline_name
from gui.core.mentions import group_mentions
from gui.core.text_search import prepare_text

log = logging.getLogger(__name__)

# Text per round of engine work: about half a second on one core with the small model.
ROUND_CHARS = 30_000
# The UI thread needs the interpreter for every event it handles in Python (paint, timers, event
# filters), and with the default 5 ms between thread switches two busy background threads (this
# one, a document being read) kept it waiting for a tenth of a second and more while a 5 MB
# document loaded. Switching every millisecond keeps it responsive for a little throughput.
SWITCH_INTERVAL_S = 0.001


class AnnotationWorker(QObject):
    """Annotates queued documents, the prioritised ones first, until stopped."""

    annotated = Signal(int, object)  # generation, AnnotatedDocument
    compared = Signal(int, object)  # generation, AnnotatedDocument: the engine's view of a document
    #                                 whose entities came from a file, asked for by `compare`
    progress = Signal(int, int, int)  # generation, documents done, documents queued in all
    engineLoading = Signal()
    engineLoaded = Signal(float)  # seconds the model took to load
    engineFailed = Signal(str)  # a sentence for the user; sent once
    cacheProblem = Signal(str)  # the cache cannot be used or written (entities still come)

    def __init__(
        self,
        cache_path: Path | None,
        load_engine: Callable[[], Engine],
        batch_size: int = BATCH_SIZE,
        read_entry: Callable[[DocumentEntry], Document] = load_entry,
    ) -> None:
        super().__init__()
        self._cache_path = cache_path
        self._load_engine = load_engine
        self._batch_size = batch_size
        # How the loop reads a document: the window's loader reads a big one once for both.
        self._read_entry = read_entry
        self._condition = threading.Condition()
        self._pending: OrderedDict[str, DocumentEntry] = OrderedDict()
        self._read: dict[str, Document] = {}  # documents the window has read already, by id
        self._comparisons: OrderedDict[str, DocumentEntry] = OrderedDict()
        self._taken: set[str] = set()  # ids the loop has taken in this generation
        self._generation = 0
        self._done = 0
        self._total = 0
        self._stopping = False
        self._engine_failed = False

    # Called from the UI thread ----------------------------------------------------------------

    def replace_queue(self, documents: Iterable[DocumentEntry]) -> int:
        """Start a new generation (another folder was opened) with these documents; return it."""
        with self._condition:
            self._generation += 1
            self._pending.clear()
            self._comparisons.clear()
            self._read.clear()
            self._taken.clear()
            self._done = self._total = 0
            generation = self._generation
        self.enqueue(documents)
        return generation

    def enqueue(self, documents: Iterable[DocumentEntry], again: bool = False) -> None:
        """Queue documents for annotation, after those already queued; `again` queues documents
        already annotated too (their files changed)."""
        with self._condition:
            for entry in documents:
                if again:
                    self._taken.discard(entry.id)
                if entry.id not in self._pending and entry.id not in self._taken:
                    self._pending[entry.id] = entry
                    self._total += 1
            self._condition.notify()

    def prioritize(self, entry: DocumentEntry, again: bool = False, document: Document | None = None) -> None:
        """Annotate this document next; `again` re-annotates one already taken (its file changed).
        `document` is the entry as the window read it, if it did: the loop does not read it again.

        A document already taken by the loop is not queued twice unless `again` is set.
        """
        with self._condition:
            if entry.id in self._taken and not again:
                return
            if entry.id not in self._pending:
                self._total += 1
            self._taken.discard(entry.id)
            if document is not None:
                self._read[entry.id] = document
            self._pending[entry.id] = entry
            self._pending.move_to_end(entry.id, last=False)
            self._condition.notify()

    def compare(self, entry: DocumentEntry) -> None:
        """Run the engine (or read the cache) on a document whose entities come from a file, before
        anything else; the result comes as `compared`, and the file's entities stay."""
        with self._condition:
            self._comparisons[entry.id] = entry
            self._condition.notify()

    def stop(self) -> None:
        """Ask the loop to finish after the current round."""
        with self._condition:
            self._stopping = True
            self._pending.clear()
            self._comparisons.clear()
            self._read.clear()
            self._condition.notify()

    # Runs in the worker thread ----------------------------------------------------------------

    def run(self) -> None:
        """The worker loop: take a round, annotate it, report; wait when there is nothing to do."""
        cache = EntityCache(self._cache_path, pipeline_name())
        annotator = Annotator(cache, self._timed_engine_loader)
        reported: str | None = None
        try:
            while True:
                if cache.problem and cache.problem != reported:
                    reported = cache.problem  # said once per kind of trouble
                    self.cacheProblem.emit(cache.problem)
                if not self._run_round(annotator):
                    break
        finally:
            cache.close()

    def _take(self) -> tuple[int, DocumentEntry, bool] | None:
        """The next job (waiting for one): its generation, the document, and whether it is a
        comparison (they come first); None when stopping."""
        with self._condition:
            while not self._pending and not self._comparisons and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            if self._comparisons:
                return self._generation, self._comparisons.popitem(last=False)[1], True
            doc_id, entry = self._pending.popitem(last=False)
            self._taken.add(doc_id)
            return self._generation, entry, False

    def _document(self, entry: DocumentEntry, comparing: bool) -> Document:
        """The document of an entry: as the window handed it over, else read now."""
        with self._condition:
            document = None if comparing else self._read.pop(entry.id, None)
        return document if document is not None else self._read_entry(entry)

    def _has_pending(self) -> bool:
        with self._condition:
            return bool(self._pending or self._comparisons) and not self._stopping

    def _run_round(self, annotator: Annotator) -> bool:
        """Report cached documents at once and annotate up to a round's worth of the others.

        A round is small (ROUND_CHARS of text) so that a document the user opens waits for at
        most one short round, and closing the window never waits long.
        """
        misses: list[tuple[int, str, Document, bool]] = []
        size = 0
        while size < ROUND_CHARS and len(misses) < self._batch_size:
            if misses and not self._has_pending():
                break
            taken = self._take()
            if taken is None:
                return False
            generation, entry, comparing = taken
            document = self._document(entry, comparing)
            if not document.body.strip():
                self._report(generation, entry.id, document.body, (), Source.EMPTY, comparing)
                continue
            if document.entity_source is not None and not comparing:
                # Entities read from a file (a brat sidecar, a JSON Lines record): no engine.
                self._report(
                    generation, entry.id, document.body, document.entities, document.entity_source
                )
                continue
            cached = annotator.cached(document.body)
            if cached is not None:
                self._report(generation, entry.id, document.body, cached, Source.CACHE, comparing)
            else:
                misses.append((generation, entry.id, document, comparing))
                size += len(document.body)
        try:
            results = annotator.run_engine([document.body for _, _, document, _ in misses])
        except EngineError as error:
            self._fail(str(error))
            return True
        for (generation, doc_id, document, comparing), entities in zip(misses, results, strict=True):
            self._report(generation, doc_id, document.body, entities, Source.ENGINE, comparing)
        return True

    def _report(
        self,
        generation: int,
        doc_id: str,
        body: str,
        entities: tuple[Entity, ...],
        source: Source,
        comparing: bool = False,
    ) -> None:
        with self._condition:
            if generation != self._generation:
                return  # another folder was opened meanwhile
            if not comparing:
                self._done += 1
            done, total = self._done, self._total
        # Grouping mentions and finding words here keeps that work off the UI thread too.
        groups = tuple(group_mentions(body, entities))
        report = AnnotatedDocument(doc_id, body, entities, source, groups, prepare_text(body))
        if comparing:
            self.compared.emit(generation, report)
            return
        self.annotated.emit(generation, report)
        self.progress.emit(generation, done, total)

    def _fail(self, message: str) -> None:
        """The engine cannot run: say so once, and stop waiting for what it cannot annotate."""
        with self._condition:
            self._pending.clear()
            self._comparisons.clear()
            self._read.clear()
            self._total = self._done
            generation, done, first = self._generation, self._done, not self._engine_failed
            self._engine_failed = True
        if first:
            self.engineFailed.emit(message)
        self.progress.emit(generation, done, done)

    def _timed_engine_loader(self) -> Engine:
        self.engineLoading.emit()
        started = time.perf_counter()
        engine = self._load_engine()
        self.engineLoaded.emit(time.perf_counter() - started)
        return engine


class AnnotationThread:
    """Runs an AnnotationWorker's loop in a daemon thread and stops it cleanly.

    A Python thread rather than a QThread: a running QThread aborts the process if its owner is
    destroyed without being closed first (a window dropped by a test, or by an error), while a
    stopped daemon thread just ends. The worker's signals still reach the UI thread queued.
    """

    def __init__(self, worker: AnnotationWorker) -> None:
        self.worker = worker
        self._thread = threading.Thread(target=worker.run, name="annotation", daemon=True)

    def start(self) -> None:
        """Start annotating (and make threads take turns often enough for the UI thread)."""
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._thread.start()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the worker after its current round and wait for the thread to end."""
        self.worker.stop()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("The annotation thread did not stop within %.0f s", timeout_s)
