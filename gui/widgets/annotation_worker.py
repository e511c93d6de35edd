"""Annotation in a background thread: cache look-ups, model loading and `nlp.pipe`, off the UI.

The worker talks to the window only through signals that carry plain data.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.core.annotator import Annotator
from gui.core.cache import EntityCache, text_key
from gui.core.corpus import load_document
from gui.core.engine import BATCH_SIZE, Engine, EngineError, pipeline_name

log = logging.getLogger(__name__)


class AnnotationWorker(QObject):
    """Annotates queued documents, the prioritised ones first, until stopped."""

    # doc id, sha256 of the annotated text, entities (tuple[Entity, ...]), source ("cache"/"engine")
    annotated = Signal(str, str, object, str)
    progress = Signal(int, int)  # documents done, documents queued in all
    engineLoading = Signal()
    engineLoaded = Signal(float)  # seconds the model took to load
    engineFailed = Signal(str)  # a sentence for the user

    def __init__(
        self, cache_path: Path | None, load_engine: Callable[[], Engine], batch_size: int = BATCH_SIZE
    ) -> None:
        super().__init__()
        self._cache_path = cache_path
        self._load_engine = load_engine
        self._batch_size = batch_size
        self._pending: OrderedDict[str, Path] = OrderedDict()
        self._condition = threading.Condition()
        self._stopping = False
        self._done = 0
        self._total = 0

    # Called from the UI thread ----------------------------------------------------------------

    def enqueue(self, documents: Iterable[tuple[str, Path]]) -> None:
        """Queue documents (id, path) for annotation, after those already queued."""
        with self._condition:
            for doc_id, path in documents:
                if doc_id not in self._pending:
                    self._pending[doc_id] = path
                    self._total += 1
            self._condition.notify()

    def replace_queue(self, documents: Iterable[tuple[str, Path]]) -> None:
        """Forget what was queued (another folder was opened) and queue these documents."""
        with self._condition:
            self._pending.clear()
            self._done = self._total = 0
        self.enqueue(documents)

    def prioritize(self, doc_id: str, path: Path) -> None:
        """Annotate this document next (queueing it if it was not queued)."""
        with self._condition:
            if doc_id not in self._pending:
                self._total += 1
            self._pending[doc_id] = path
            self._pending.move_to_end(doc_id, last=False)
            self._condition.notify()

    def stop(self) -> None:
        """Ask the loop to finish after the current batch."""
        with self._condition:
            self._stopping = True
            self._pending.clear()
            self._condition.notify()

    # Runs in the worker thread ----------------------------------------------------------------

    def run(self) -> None:
        """The worker loop: take a batch, annotate it, report; wait when there is nothing to do."""
        cache = EntityCache(self._cache_path, pipeline_name())
        annotator = Annotator(cache, self._timed_engine_loader)
        try:
            while True:
                batch = self._next_batch()
                if batch is None:
                    return
                self._annotate(annotator, batch)
        finally:
            cache.close()

    def _next_batch(self) -> list[tuple[str, Path]] | None:
        with self._condition:
            while not self._pending and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            batch: list[tuple[str, Path]] = []
            while self._pending and len(batch) < self._batch_size:
                batch.append(self._pending.popitem(last=False))
            return batch

    def _annotate(self, annotator: Annotator, batch: list[tuple[str, Path]]) -> None:
        documents = [(doc_id, load_document(path)) for doc_id, path in batch]
        # Cached documents report at once; only the rest wait for the model.
        misses = []
        for doc_id, document in documents:
            cached = annotator.cached(document.body)
            if cached is None:
                misses.append((doc_id, document))
            else:
                self._report(doc_id, document.body, cached, "cache")
        if not misses:
            return
        try:
            results = annotator.annotate([document.body for _, document in misses])
        except EngineError as error:
            self.engineFailed.emit(str(error))
            with self._condition:
                self._pending.clear()
            return
        for (doc_id, document), (entities, source) in zip(misses, results, strict=True):
            self._report(doc_id, document.body, entities, source.value)

    def _report(self, doc_id: str, body: str, entities: object, source: str) -> None:
        self.annotated.emit(doc_id, text_key(body), entities, source)
        with self._condition:
            self._done += 1
            done, total = self._done, self._total
        self.progress.emit(done, total)

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
        """Start annotating."""
        self._thread.start()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the worker after its current batch and wait for the thread to end."""
        self.worker.stop()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("The annotation thread did not stop within %.0f s", timeout_s)
