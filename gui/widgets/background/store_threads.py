"""The threads the corpus store link (store_link.py) runs its work in, and how they take turns.

Each StoreThread holds its own connection and runs its jobs in order. The reader's questions
(a search, Ctrl+E, the entity table) come first, by three rules:

- a job of a `kind` is superseded by the next job of that kind: one still queued is dropped, one
  running is stopped (sqlite3.Connection.interrupt), so that typing a search or pressing Ctrl+E
  twice never waits behind an answer nobody wants any more;
- a `yielding` job (a long question: every document's entity counts, the overview) is stopped
  whenever a reader's question is asked, and asked again once none is in flight (at most
  YIELDS_AT_MOST times, so it is never starved);
- the upkeep waits between its batches while a reader's question is in flight (ReaderTurns;
  its batches of documents come from `with_cached_entities`).

A store of two processes' worth of work runs on two cores: what the reader waits for gets them.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.corpus.store_upkeep import Pending
    from gui.core.engine.annotator import CacheLookUp
    from gui.core.model.document import Document

log = logging.getLogger(__name__)

Task = Callable[["CorpusStore"], None]
YIELDS_AT_MOST = 3  # how many times a yielding job is stopped for the reader before it runs through
WAIT_FOR_READER_S = 2.0  # the longest a long job or an upkeep batch waits for the reader's questions
LOOK_UP_AT_ONCE = 64  # documents looked up in the entity cache together during the upkeep


class ReaderTurns:
    """How many of the reader's questions are in flight; long work waits while there are some."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def begin(self) -> None:
        """A reader's question was asked."""
        with self._changed:
            self._count += 1

    def end(self) -> None:
        """A reader's question was answered (or dropped)."""
        with self._changed:
            self._count = max(0, self._count - 1)
            self._changed.notify_all()

    @property
    def busy(self) -> bool:
        """Whether some reader's question is in flight."""
        return self._count > 0

    def wait(self, timeout_s: float = WAIT_FOR_READER_S) -> None:
        """Wait until no reader's question is in flight, at most `timeout_s`."""
        with self._changed:
            self._changed.wait_for(lambda: self._count == 0, timeout_s)


@dataclass(eq=False)
class Job:
    """A task for a StoreThread, and what may stop it."""

    task: Task
    drop: Callable[[], None] | None = None  # called instead of `task` if it is superseded unstarted
    kind: str = ""  # a newer job of the same kind supersedes this one
    yielding: bool = False  # stopped for the reader's questions, then run again
    cancelled: bool = False  # superseded: not run, or stopped, and its answer dropped
    interrupted: bool = False  # stopped for the reader: to be run again


class StoreThread:
    """A daemon thread with its own connection to a corpus store, running jobs in order."""

    def __init__(self, name: str, open_store: Callable[[], CorpusStore]) -> None:
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._open = open_store
        self._lock = threading.Lock()
        self._queued: list[Job] = []  # those of a kind, or yielding, not started yet
        self._running: Job | None = None
        self._store: CorpusStore | None = None
        self.ended = threading.Event()  # set once its connection is closed
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def submit(self, task: Task | Job) -> None:
        """Run `task(store)` (a job's) in the thread, after the jobs submitted before it; a job of
        a `kind` first supersedes the jobs of that kind (see the module)."""
        job = task if isinstance(task, Job) else Job(task)
        with self._lock:
            if job.kind:
                self._supersede(job.kind)
            if job.kind or job.yielding:
                self._queued.append(job)
        self._jobs.put(job)

    def cancel(self, kind: str) -> None:
        """Drop the job of `kind` queued, or stop it if it runs (as a newer one of its kind would)."""
        with self._lock:
            self._supersede(kind)

    def _supersede(self, kind: str) -> None:
        for job in self._queued:
            if job.kind == kind:
                job.cancelled = True
        self._queued = [job for job in self._queued if not job.cancelled]
        running = self._running
        if running is not None and running.kind == kind and self._store is not None:
            running.cancelled = True
            self._store.db.interrupt()

    def yield_to_reader(self) -> None:
        """Stop the yielding job running now, if any, so that the reader's question is answered
        first (it runs again after)."""
        with self._lock:
            running = self._running
            if running is not None and running.yielding and self._store is not None:
                running.interrupted = True
                self._store.db.interrupt()

    def close(self, stop_running: bool = False) -> None:
        """Close the connection once the jobs submitted so far are done, and end the thread;
        `stop_running` stops the statement running now (the process is about to end)."""
        self._jobs.put(None)
        if stop_running:
            with self._lock:
                if self._running is not None and self._store is not None:
                    self._running.cancelled = True
                    self._store.db.interrupt()

    def _run(self) -> None:
        store = None
        try:
            store = self._open()
            self._store = store
            while (job := self._jobs.get()) is not None:
                with self._lock:
                    if job in self._queued:
                        self._queued.remove(job)
                    if not job.cancelled:
                        self._running = job
                if job.cancelled:
                    if job.drop is not None:
                        job.drop()
                    continue
                try:
                    job.task(store)
                    if (job.cancelled or job.interrupted) and store.db.in_transaction:
                        store.db.execute("ROLLBACK")  # stopped inside one: no stale snapshot kept
                finally:
                    # Under the lock: an interrupt asked for this job never reaches the next one
                    # (SQLite forgets it when the next statement starts with none running).
                    with self._lock:
                        self._running = None
        except Exception:  # a fault here must not pass silently, nor end the app
            log.exception("The corpus store's thread stopped")
        finally:
            if store is not None:
                store.close()
            self.ended.set()


def run_yielding(job: Job, question: Callable[[CorpusStore], object], turns: ReaderTurns | None,
                 store: CorpusStore) -> object:
    """Answer a yielding job's question, after the reader's in flight (unless `turns` is None),
    asking it again each time it is stopped for theirs, YIELDS_AT_MOST times at most. Raises
    what the question raises, and sqlite3.OperationalError once superseded."""
    for attempt in range(YIELDS_AT_MOST + 1):
        if turns is not None and attempt < YIELDS_AT_MOST and turns.busy:
            turns.wait()
        try:
            return question(store)
        except sqlite3.OperationalError:
            if not job.interrupted or job.cancelled or attempt == YIELDS_AT_MOST:
                raise
            job.interrupted = False
            if attempt + 1 == YIELDS_AT_MOST:
                job.yielding = False  # its last turn: it runs through
    raise AssertionError("unreachable")


class FolderLeftError(Exception):
    """The folder is no longer open: its upkeep stops (its last batch is rolled back)."""


def with_cached_entities(
    look_up: CacheLookUp,
    stop: threading.Event,
    found_pending: Callable[[tuple[str, ...]], None],
    turns: ReaderTurns | None,
    documents: Iterable[Document],
) -> Iterator[Document | Pending]:
    """The documents with their entities from the cache; those it lacks Pending, and told to
    `found_pending` (the engine is to find them); those with entities of their own as they are.
    Each batch waits for the reader's questions in flight (`turns`). Raises FolderLeftError
    once `stop` is set."""
    import dataclasses

    from gui.core.corpus.store_upkeep import Pending

    batch: list[Document] = []

    def flush() -> Iterator[Document | Pending]:
        wanted = [document for document in batch if document.entity_source is None and document.body]
        found = dict(zip(map(id, wanted), look_up.many([document.body for document in wanted]), strict=True))
        missing = tuple(document.id for document in wanted if found[id(document)] is None)
        if missing:
            found_pending(missing)
        for document in batch:
            if id(document) not in found:
                yield document
            elif (entities := found[id(document)]) is None:
                yield Pending(document)
            else:
                yield dataclasses.replace(document, entities=entities)
        batch.clear()

    for document in documents:
        if stop.is_set():
            raise FolderLeftError
        batch.append(document)
        if len(batch) == LOOK_UP_AT_ONCE:
            if turns is not None and turns.busy:
                turns.wait()
            yield from flush()
    yield from flush()
