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
from gui.core.document import Document
from gui.core.engine import BATCH_SIZE, Engine, EngineError, pipeline_name

log = logging.getLogger(__name__)

# Text per round of engine work: about half a second on one core with the small model.
ROUND_CHARS = 30_000


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
        self._taken: set[str] = set()  # ids the loop has taken since the queue was replaced
        self._condition = threading.Condition()
        self._stopping = False
        self._done = 0
        self._total = 0

    # Called from the UI thread ----------------------------------------------------------------

    def enqueue(self, documents: Iterable[tuple[str, Path]]) -> None:
        """Queue documents (id, path) for annotation, after those already queued."""
        with self._condition:
            for doc_id, path in documents:
                if doc_id not in self._pending and doc_id not in self._taken:
                    self._pending[doc_id] = path
                    self._total += 1
            self._condition.notify()

    def replace_queue(self, documents: Iterable[tuple[str, Path]]) -> None:
        """Forget what was queued (another folder was opened) and queue these documents."""
        with self._condition:
            self._pending.clear()
            self._taken.clear()
            self._done = self._total = 0
        self.enqueue(documents)

    def prioritize(self, doc_id: str, path: Path, again: bool = False) -> None:
        """Annotate this document next; `again` re-annotates one already done (its file changed).

        A document already taken by the loop is not queued twice unless `again` is set.
        """
        with self._condition:
            if doc_id in self._taken and not again:
                return
            if doc_id not in self._pending:
                self._total += 1
            self._taken.discard(doc_id)
            self._pending[doc_id] = path
            self._pending.move_to_end(doc_id, last=False)
            self._condition.notify()

    def stop(self) -> None:
        """Ask the loop to finish after the current round."""
        with self._condition:
            self._stopping = True
            self._pending.clear()
            self._condition.notify()

    # Runs in the worker thread ----------------------------------------------------------------

    def run(self) -> None:
        """The worker loop: take a round, annotate it, report; wait when there is nothing to do."""
        cache = EntityCache(self._cache_path, pipeline_name())
        annotator = Annotator(cache, self._timed_engine_loader)
        try:
            while self._run_round(annotator):
                pass
        finally:
            cache.close()

    def _take(self) -> tuple[str, Path] | None:
        """The next queued document (waiting for one), or None when stopping."""
        with self._condition:
            while not self._pending and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            doc_id, path = self._pending.popitem(last=False)
            self._taken.add(doc_id)
            return doc_id, path

    def _has_pending(self) -> bool:
        with self._condition:
            return bool(self._pending) and not self._stopping

    def _run_round(self, annotator: Annotator) -> bool:
        """Report cached documents at once and annotate up to a round's worth of the others.

        A round is small (ROUND_CHARS of text) so that a document the user opens waits for at
        most one short round, and closing the window never waits long.
        """
        misses: list[tuple[str, Document]] = []
        size = 0
        while size < ROUND_CHARS and len(misses) < self._batch_size:
            if misses and not self._has_pending():
                break
            taken = self._take()
            if taken is None:
                return False
            doc_id, path = taken
            document = load_document(path)
            cached = annotator.cached(document.body) if document.body.strip() else ()
            if cached is None:
                misses.append((doc_id, document))
                size += len(document.body)
            else:
                self._report(doc_id, document.body, cached, "cache" if cached else "none")
        try:
            results = annotator.annotate([document.body for _, document in misses])
        except EngineError as error:
            self.engineFailed.emit(str(error))
            with self._condition:
                self._pending.clear()
            return True
        for (doc_id, document), (entities, source) in zip(misses, results, strict=True):
            self._report(doc_id, document.body, entities, source.value)
        return True

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
