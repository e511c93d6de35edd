"""Annotation in a background thread: cache look-ups, model loading and `nlp.pipe`, off the UI.

The worker talks to the window only through signals that carry typed events
(gui/core/session/events.py). What it annotates next, and which results are stale, the queue
decides (gui/core/session/annotation_queue.py); how results go out, the reporter
(gui/core/session/annotation_reporter.py).
Every queue of documents is a numbered generation: results of an older one still in flight are
dropped by the worker and, should one slip through, by the session, which only accepts its
current generation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from gui.core.corpus.corpus import DocumentEntry, load_entry
from gui.core.engine.annotator import Annotator
from gui.core.engine.cache import EntityCache
from gui.core.engine.engine import BATCH_SIZE, Engine, EngineError, pipeline_name
from gui.core.model.document import Document, Entity, Source
from gui.core.session.annotation_queue import AnnotationQueue
from gui.core.session.annotation_reporter import REPORT_AT_MOST, AnnotationReporter, Found, annotated_document
from gui.core.session.annotation_store import AnnotatedDocument
from gui.core.session.events import AnnotationProgress
from gui.widgets.background.annotation_signals import AnnotationSignals
from gui.widgets.background.taking_turns import turn_for

log = logging.getLogger(__name__)

Miss = tuple[int, str, Document, bool]  # generation, document id, document, whether comparing

# Text per round of engine work: a document the user opens waits for one such round at most.
ROUND_CHARS = 30_000
# How long taking cached documents may keep the engine's finished round from being reported.
IN_FLIGHT_WAITS_S = 0.1


def prepare_report(doc_id: str, body: str, entities: tuple[Entity, ...], source: Source) -> AnnotatedDocument:
    """A document's report, with its mention groups and its words, in this thread's turn for a
    long text (see taking_turns)."""
    with turn_for(body):
        return annotated_document(doc_id, body, entities, source)


class AnnotationWorker(AnnotationSignals):
    """Annotates queued documents, the prioritised ones first, until stopped."""

    def __init__(
        self,
        cache_path: Path | None,
        load_engine: Callable[[], Engine],
        batch_size: int = BATCH_SIZE,
        read_entry: Callable[[DocumentEntry], Document] = load_entry,
        queue: AnnotationQueue | None = None,
        round_chars: int = ROUND_CHARS,
    ) -> None:
        super().__init__()
        self._cache_path = cache_path
        self._load_engine = load_engine
        self._batch_size = batch_size
        self._round_chars = round_chars
        # How the loop reads a document: the window's loader reads a big one once for both.
        self._read_entry = read_entry
        self._queue = queue if queue is not None else AnnotationQueue()
        self._reporter = AnnotationReporter(
            self._queue, self.annotated.emit, self.compared.emit, self.progress.emit,
            long_text_chars=round_chars, prepare=prepare_report,
        )
        # The engine's round under way (its finishing function and its documents): worker
        # processes annotate it while this thread takes and looks up the next round.
        self._in_flight: tuple[Callable[[], list[tuple[Entity, ...]]], list[Miss]] | None = None
        self._engine_failed = False

    # Called from the UI thread ----------------------------------------------------------------

    def replace_queue(self, documents: Iterable[DocumentEntry]) -> int:
        """Start a new generation (another folder was opened) with these documents; return it."""
        return self._queue.replace(documents)

    def enqueue(self, documents: Iterable[DocumentEntry], again: bool = False) -> None:
        """Queue documents for annotation, after those already queued; `again` queues documents
        already annotated too (their files changed)."""
        self._queue.enqueue(documents, again)

    def prioritize(self, entry: DocumentEntry, again: bool = False, document: Document | None = None) -> None:
        """Annotate this document next; `again` re-annotates one already taken (its file changed).
        `document` is the entry as the window read it, if it did: the loop does not read it again."""
        self._queue.prioritize(entry, again, document)

    def compare(self, entry: DocumentEntry) -> None:
        """Run the engine (or read the cache) on a document whose entities come from a file, before
        anything else; the result comes as `compared`, and the file's entities stay."""
        self._queue.compare(entry)

    def defer_engine(self, deferred: bool) -> None:
        """Keep the model from loading until this is called again with False (a big folder is
        being listed by worker processes on every core: starting the engine's processes, each
        importing spaCy, would take the cores from the listing for seconds). Documents the cache
        or their files answer are reported meanwhile, up to the first that needs the engine."""
        self._queue.defer_engine(deferred)

    def stop(self) -> None:
        """Ask the loop to finish after the current round."""
        self._queue.stop()

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
                try:
                    if not self._run_round(annotator):
                        break
                except Exception:  # a bug must not end annotation for the rest of the session
                    log.exception("An annotation round failed")
                    self._fail("Annotation stopped after an unexpected error; see seedview.log.")
        finally:
            annotator.close()
            cache.close()

    def _document(self, entry: DocumentEntry, comparing: bool) -> Document:
        """The document of an entry: as the window handed it over, else read now."""
        document = None if comparing else self._queue.take_copy(entry.id)
        return document if document is not None else self._read_entry(entry)

    def _run_round(self, annotator: Annotator) -> bool:
        """Report cached documents at once and annotate up to a round's worth of the others.

        A round is small (`round_chars` of text) so that a document the user opens waits for at
        most one short round, and closing the window never waits long. Documents are taken by
        the handful, looked up in the cache together and reported together: a folder reopened
        from the cache is thousands of documents.
        """
        queue, reporter = self._queue, self._reporter
        misses: list[Miss] = []
        size = 0
        started = time.monotonic()
        while size < self._round_chars and len(misses) < self._batch_size:
            if self._in_flight is not None and time.monotonic() - started > IN_FLIGHT_WAITS_S:
                # Cached documents are keeping this round busy: report the engine's last round
                # (the document on screen may be in it) rather than after all of them.
                self._finish_in_flight()
            if not queue.has_pending():
                self._finish_in_flight()  # nothing to prepare meanwhile: wait for it now
                reporter.send_held()  # before waiting for more work
                if misses:
                    break
            at_most = min(REPORT_AT_MOST, self._batch_size - len(misses))
            taken = queue.take(at_most, self._round_chars - size)
            if taken is None:
                return False
            generation, comparing = taken.generation, taken.comparing
            documents = [(entry.id, self._document(entry, comparing)) for entry in taken.entries]
            # Empty documents and those whose entities come from a file (a brat sidecar, a JSON
            # Lines record) need neither cache nor engine.
            wanted = [
                document for _, document in documents
                if document.body.strip() and (document.entity_source is None or comparing)
            ]
            found = iter(annotator.cached_many([document.body for document in wanted]))
            ready: list[Found] = []
            for doc_id, document in documents:
                if not document.body.strip():
                    ready.append((doc_id, document.body, (), Source.EMPTY))
                elif document.entity_source is not None and not comparing:
                    ready.append((doc_id, document.body, document.entities, document.entity_source))
                elif (cached := next(found)) is not None:
                    ready.append((doc_id, document.body, cached, Source.CACHE))
                else:
                    misses.append((generation, doc_id, document, comparing))
                    size += len(document.body)
            reporter.report(generation, ready, comparing, taken.urgent)
        reporter.send_held()
        try:
            finish = annotator.start_engine([document.body for _, _, document, _ in misses])
        except EngineError as error:
            if queue.stopping:
                return False
            self._fail(str(error))
            return True
        self._finish_in_flight()  # the previous round, while the workers run this one
        self._in_flight = (finish, misses) if misses else None
        if not annotator.engine_runs_apart:
            # An engine in this thread works when asked for its results: nothing to overlap, and
            # a document the user opens meanwhile must not wait for another round.
            self._finish_in_flight()
        return True

    def _finish_in_flight(self) -> None:
        """Wait for the engine's round under way, if any, and report its documents."""
        if self._in_flight is None:
            return
        (finish, misses), self._in_flight = self._in_flight, None
        if self._queue.stopping:
            return  # nobody wants the results: the engine's processes are ended unwaited
        try:
            results = finish()
        except EngineError as error:
            self._fail(str(error))
            return
        # One signal each: the engine is slow enough that the progress bar may move per document.
        for (generation, doc_id, document, comparing), entities in zip(misses, results, strict=True):
            found = [(doc_id, document.body, entities, Source.ENGINE)]
            self._reporter.report(generation, found, comparing, urgent=True)

    def _fail(self, message: str) -> None:
        """The engine cannot run: say so once, and stop waiting for what it cannot annotate."""
        generation, done = self._queue.give_up()
        first, self._engine_failed = not self._engine_failed, True
        if first:
            self.engineFailed.emit(message)
        self.progress.emit(AnnotationProgress(generation, done, done))

    def _timed_engine_loader(self) -> Engine:
        if not self._queue.wait_for_engine():  # stopped while the load waited: start no processes
            raise EngineError("Annotation was stopped.")
        self.engineLoading.emit()
        started = time.perf_counter()
        engine = self._load_engine()
        self.engineLoaded.emit(time.perf_counter() - started)
        return engine


LONG_WAIT_S = 1.0  # a shutdown that waited this long for the thread says when it did not end


class AnnotationThread:
    """Runs an AnnotationWorker's loop in a daemon thread and stops it cleanly.

    A Python thread rather than a QThread: a running QThread aborts the process if its owner is
    destroyed without being closed first (a window dropped by a test, or by an error), while a
    stopped daemon thread just ends. The worker's signals still reach the UI thread queued.
    """

    def __init__(self, worker: AnnotationWorker) -> None:
        self.worker = worker
        self._thread = threading.Thread(target=worker.run, name="annotation", daemon=True)
        self._shut_down = False

    def start(self) -> None:
        """Start annotating; once started or shut down, nothing."""
        if self._shut_down or self.started:
            return
        self._thread.start()

    @property
    def started(self) -> bool:
        """Whether the worker's thread has been started (it may have ended since)."""
        return self._thread.ident is not None

    @property
    def running(self) -> bool:
        """Whether the worker's thread is running now."""
        return self._thread.is_alive()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the worker after its current round and wait for the thread to end, up to
        `timeout_s` (a short wait leaves a round under way to end with the process, unsaid)."""
        self._shut_down = True
        self.worker.stop()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive() and timeout_s >= LONG_WAIT_S:
                log.warning("The annotation thread did not stop within %.0f s", timeout_s)
