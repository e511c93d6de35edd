"""Annotation in a background thread: cache look-ups, model loading and `nlp.pipe`, off the UI.

The worker talks to the window only through signals that carry plain data. Every queue of
documents is a numbered generation: opening another folder starts a new one, and results of an
older generation still in flight are dropped by the worker and, should one slip through, by the
window, which only accepts its current generation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.core.annotation_store import AnnotatedDocument
from gui.core.annotator import Annotator
from gui.core.cache import EntityCache
from gui.core.corpus import DocumentEntry, load_entry
from gui.core.document import Document, Entity, Source
from gui.core.engine import BATCH_SIZE, Engine, EngineError, pipeline_name
from gui.core.mentions import group_mentions
from gui.widgets.document_loader import listed_size
from gui.widgets.taking_turns import turn_for

if TYPE_CHECKING:
    from gui.core.text_search import PreparedText

log = logging.getLogger(__name__)

Miss = tuple[int, str, Document, bool]  # generation, document id, document, whether comparing

# Text per round of engine work: about half a second on one core with the small model.
ROUND_CHARS = 30_000
# Cached documents reported by one signal, at most, and how long the first of them may wait for
# the others (a prioritised one, the document on screen, never waits).
REPORT_AT_MOST = 256
REPORT_WITHIN_S = 0.03
# How long taking cached documents may keep the engine's finished round from being reported.
IN_FLIGHT_WAITS_S = 0.1
# More documents than this, queued at once, are checked against the queue as the loop takes them,
# not by the UI thread: a 100,000-document folder took it 0.1 s.
QUEUE_AT_ONCE_AT_MOST = 2_000


def prepare_text(body: str) -> PreparedText:
    """A text's words for the search index. The index's module is imported by the first call, in
    the worker's thread after the window's first paint (about 4 ms of the start otherwise)."""
    from gui.core.text_search import prepare_text as prepare

    return prepare(body)


class AnnotationWorker(QObject):
    """Annotates queued documents, the prioritised ones first, until stopped."""

    annotated = Signal(int, object)  # generation, list of AnnotatedDocument (cached ones come by
    #                                  the handful, each signal a cost on the UI thread)
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
        # Documents queued in bulk, after those pending: moved to `_pending` as the loop takes
        # them (those pending or taken meanwhile are dropped then, and uncounted).
        self._incoming: deque[DocumentEntry] = deque()
        self._read: dict[str, Document] = {}  # documents the window has read already, by id
        self._comparisons: OrderedDict[str, DocumentEntry] = OrderedDict()
        self._taken: set[str] = set()  # ids the loop has taken in this generation
        self._urgent: set[str] = set()  # prioritised ids: their results are sent without delay
        self._held: list[AnnotatedDocument] = []  # results waiting to be sent together
        # The engine's round under way (its finishing function and its documents): worker
        # processes annotate it while this thread takes and looks up the next round.
        self._in_flight: tuple[Callable[[], list[tuple[Entity, ...]]], list[Miss]] | None = None
        self._held_generation = 0
        self._held_since = 0.0
        self._generation = 0
        self._done = 0
        self._total = 0
        self._stopping = False
        self._engine_failed = False
        self._engine_allowed = threading.Event()  # cleared while loading the model must wait
        self._engine_allowed.set()

    # Called from the UI thread ----------------------------------------------------------------

    def replace_queue(self, documents: Iterable[DocumentEntry]) -> int:
        """Start a new generation (another folder was opened) with these documents; return it."""
        with self._condition:
            self._generation += 1
            self._pending.clear()
            self._incoming.clear()
            self._comparisons.clear()
            self._read.clear()
            self._taken.clear()
            self._urgent.clear()
            self._done = self._total = 0
            generation = self._generation
        self.enqueue(documents)
        return generation

    def enqueue(self, documents: Iterable[DocumentEntry], again: bool = False) -> None:
        """Queue documents for annotation, after those already queued; `again` queues documents
        already annotated too (their files changed)."""
        entries = list(documents)
        with self._condition:
            pending, taken = self._pending, self._taken
            if again:
                taken.difference_update(entry.id for entry in entries)
                for entry in entries:  # a copy the window read is of the old file
                    self._read.pop(entry.id, None)
            if self._incoming or len(entries) > QUEUE_AT_ONCE_AT_MOST:
                self._incoming.extend(entries)  # checked as they are taken (see _refill)
                self._total += len(entries)
            else:
                new = {
                    entry.id: entry for entry in entries if entry.id not in pending and entry.id not in taken
                }
                pending.update(new)
                self._total += len(new)
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
            self._urgent.add(entry.id)
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

    def defer_engine(self, deferred: bool) -> None:
        """Keep the model from loading until this is called again with False (a big folder is
        being listed by worker processes on every core: starting the engine's processes, each
        importing spaCy, would take the cores from the listing for seconds). Documents the cache
        or their files answer are reported meanwhile, up to the first that needs the engine."""
        if deferred:
            self._engine_allowed.clear()
        else:
            self._engine_allowed.set()

    def stop(self) -> None:
        """Ask the loop to finish after the current round."""
        with self._condition:
            self._stopping = True
            self._pending.clear()
            self._incoming.clear()
            self._comparisons.clear()
            self._read.clear()
            self._condition.notify()
        self._engine_allowed.set()  # a deferred load waits no more (and finds nothing to do)

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

    def _take(self, at_most: int, budget: int) -> tuple[int, list[DocumentEntry], bool, bool] | None:
        """The next jobs (waiting for one): their generation, documents, whether they are a
        comparison (those come first, one at a time) and whether one was prioritised; None when
        stopping.

        At most `at_most` documents, and no more than fit in `budget` characters by their listed
        sizes (at least one): should none be cached, the engine's round stays as short as before.
        """
        with self._condition:
            while not self._pending and not self._incoming and not self._comparisons and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            if self._comparisons:
                return self._generation, [self._comparisons.popitem(last=False)[1]], True, True
            self._refill(at_most)
            entries: list[DocumentEntry] = []
            urgent = False
            while self._pending and len(entries) < at_most:
                budget -= listed_size(next(iter(self._pending.values())))
                if entries and budget < 0:
                    break
                doc_id, entry = self._pending.popitem(last=False)
                self._taken.add(doc_id)
                entries.append(entry)
                if doc_id in self._urgent:
                    # The document on screen goes alone: its highlights should not wait while
                    # the others of a handful are read, grouped and indexed.
                    self._urgent.discard(doc_id)
                    urgent = True
                    break
            return self._generation, entries, False, urgent

    def _refill(self, wanted: int) -> None:
        """Move documents queued in bulk to the pending ones, until `wanted` are pending (or none
        are left); those pending or taken already are dropped, and no longer counted."""
        pending, taken, incoming = self._pending, self._taken, self._incoming
        while incoming and len(pending) < wanted:
            entry = incoming.popleft()
            if entry.id in pending or entry.id in taken:
                self._total -= 1
            else:
                pending[entry.id] = entry

    def _document(self, entry: DocumentEntry, comparing: bool) -> Document:
        """The document of an entry: as the window handed it over, else read now."""
        with self._condition:
            document = None if comparing else self._read.pop(entry.id, None)
        return document if document is not None else self._read_entry(entry)

    def _has_pending(self) -> bool:
        with self._condition:
            return bool(self._pending or self._incoming or self._comparisons) and not self._stopping

    def _run_round(self, annotator: Annotator) -> bool:
        """Report cached documents at once and annotate up to a round's worth of the others.

        A round is small (ROUND_CHARS of text) so that a document the user opens waits for at
        most one short round, and closing the window never waits long. Documents are taken by
        the handful, looked up in the cache together and reported together: a folder reopened
        from the cache is thousands of documents.
        """
        misses: list[Miss] = []
        size = 0
        started = time.monotonic()
        while size < ROUND_CHARS and len(misses) < self._batch_size:
            if self._in_flight is not None and time.monotonic() - started > IN_FLIGHT_WAITS_S:
                # Cached documents are keeping this round busy: report the engine's last round
                # (the document on screen may be in it) rather than after all of them.
                self._finish_in_flight()
            if not self._has_pending():
                self._finish_in_flight()  # nothing to prepare meanwhile: wait for it now
                self._send_held()  # before waiting for more work
                if misses:
                    break
            at_most = min(REPORT_AT_MOST, self._batch_size - len(misses))
            taken = self._take(at_most, ROUND_CHARS - size)
            if taken is None:
                return False
            generation, entries, comparing, urgent = taken
            documents = [(entry.id, self._document(entry, comparing)) for entry in entries]
            # Empty documents and those whose entities come from a file (a brat sidecar, a JSON
            # Lines record) need neither cache nor engine.
            wanted = [
                document for _, document in documents
                if document.body.strip() and (document.entity_source is None or comparing)
            ]
            found = iter(annotator.cached_many([document.body for document in wanted]))
            ready: list[tuple[str, str, tuple[Entity, ...], Source]] = []
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
            self._report(generation, ready, comparing, urgent)
        self._send_held()
        try:
            finish = annotator.start_engine([document.body for _, _, document, _ in misses])
        except EngineError as error:
            if self._stopping:
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
        if self._stopping:
            return  # nobody wants the results: the engine's processes are ended unwaited
        try:
            results = finish()
        except EngineError as error:
            self._fail(str(error))
            return
        # One signal each: the engine is slow enough that the progress bar may move per document.
        for (generation, doc_id, document, comparing), entities in zip(misses, results, strict=True):
            self._report(generation, [(doc_id, document.body, entities, Source.ENGINE)], comparing, True)

    @staticmethod
    def _prepare_report(
        doc_id: str, body: str, entities: tuple[Entity, ...], source: Source
    ) -> AnnotatedDocument:
        """A document's report, with its mention groups and its words."""
        with turn_for(body):
            return AnnotatedDocument(
                doc_id, body, entities, source, tuple(group_mentions(body, entities)), prepare_text(body)
            )

    def _report(
        self,
        generation: int,
        items: list[tuple[str, str, tuple[Entity, ...], Source]],
        comparing: bool,
        urgent: bool,
    ) -> None:
        """Report (document id, body, entities, source) of some documents to the window: at once
        if `urgent`, else held a moment to go with others (cached ones come by the thousand, and
        each signal costs the UI thread)."""
        if not items or generation != self._generation:
            return  # nothing, or another folder was opened meanwhile
        long_work = sum(len(body) for _, body, _, _ in items) > ROUND_CHARS
        if self._held and (generation != self._held_generation or long_work):
            self._send_held()  # not kept waiting while a long text is prepared
        # Grouping mentions and finding words here keeps that work off the UI thread too.
        reports = [self._prepare_report(*item) for item in items]
        if comparing:
            if generation == self._generation:
                for report in reports:
                    self.compared.emit(generation, report)
            return
        if not self._held:
            self._held_generation, self._held_since = generation, time.monotonic()
        self._held.extend(reports)
        waited = time.monotonic() - self._held_since
        if urgent or len(self._held) >= REPORT_AT_MOST or waited > REPORT_WITHIN_S:
            self._send_held()

    def _send_held(self) -> None:
        """Send the results held so far, with the progress, unless another folder was opened."""
        reports, self._held = self._held, []
        if not reports:
            return
        generation = self._held_generation
        with self._condition:
            if generation != self._generation:
                return  # another folder was opened meanwhile
            self._done += len(reports)
            done, total = self._done, self._total
        self.annotated.emit(generation, reports)
        self.progress.emit(generation, done, total)

    def _fail(self, message: str) -> None:
        """The engine cannot run: say so once, and stop waiting for what it cannot annotate."""
        with self._condition:
            self._pending.clear()
            self._incoming.clear()
            self._comparisons.clear()
            self._read.clear()
            self._total = self._done
            generation, done, first = self._generation, self._done, not self._engine_failed
            self._engine_failed = True
        if first:
            self.engineFailed.emit(message)
        self.progress.emit(generation, done, done)

    def _timed_engine_loader(self) -> Engine:
        self._engine_allowed.wait()
        if self._stopping:  # stopped while the load waited: start no processes
            raise EngineError("Annotation was stopped.")
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

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the worker after its current round and wait for the thread to end."""
        self._shut_down = True
        self.worker.stop()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("The annotation thread did not stop within %.0f s", timeout_s)
