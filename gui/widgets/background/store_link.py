"""The open folder's corpus store (gui/core/corpus), kept up to date and asked off the UI thread.

Two daemon threads hold a connection each: one keeps the store (the upkeep that opening a folder
starts, then the entities the engine finds for pending documents, a batch at a time), the other
answers the window's questions (search, the entity filter, the entity table). The store is in
WAL mode, so questions are answered while the upkeep writes, from what it has written so far. A
store that had to live in memory (an unwritable cache folder) is one connection: its questions
wait behind the upkeep.

The reader's questions come first (store_threads): a newer question of a kind (a search typed
on, Ctrl+E again) supersedes the older one; a long question (every document's counts, the
overview, on the upkeep's thread) is stopped when the reader asks one and asked again after; the
upkeep waits between its batches while the reader's questions are in flight.

The upkeep thread also resolves the corpus's entities (gui/core/corpus/store_resolution): at the
end of each upkeep, and after the engine's fills, once they pause, at most every few seconds (and
at most a fifth of the time, on a corpus that takes long to resolve); then `updated` is emitted
again, so that whatever shows corpus-wide entities asks again. Until then the store answers from
its per-document entities.

Everything comes back as typed events (gui/core/session/events), through queued signals; the
events of a folder no longer open are dropped.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from shiboken6 import Shiboken

from gui.core.session.events import (
    ResolutionEnded,
    StoreAnswer,
    StoreFilled,
    StoreOpened,
    StorePending,
    StoreUpdated,
)
from gui.locations import desk_folder
from gui.widgets.background.single_shot_timer import single_shot_timer

# The store's modules are imported by its threads, after the first paint; the threads' own module
# (and its queues) with the first store opened or question asked.
if TYPE_CHECKING:
    from gui.core.corpus.store import CorpusStore
    from gui.core.model.document import Entity
    from gui.widgets.background.store_threads import Job, ReaderTurns, StoreThread

log = logging.getLogger(__name__)

Report = tuple[str, str, tuple["Entity", ...]]  # a document's id, text and entities, as the engine found
FILL_AFTER_MS = 200  # the engine's results are written together, this long after the first
RESOLVE_AFTER_MS = 1000  # the entities are resolved again this long after a fill, at the soonest
RESOLVE_SHARE = 5  # ...and after this many times as long as resolving took the last time
QUITTING_WAIT_S = 0.02  # for the threads to close their connections (idle ones do at once)
SETTLE_BUSY_S = 0.02  # at quitting, how long the desk's WAL's copy waits for a thread's transaction
QUICK_WAL_BYTES = 16 << 20  # a store's WAL copied at quitting up to this size (~30 ms on an SSD)


class StoreLink(QObject):
    """The window's side of the open folder's store."""

    opened = Signal(object)  # StoreOpened
    updated = Signal(object)  # StoreUpdated
    pendingFound = Signal(object)  # StorePending: documents for the engine
    filled = Signal(object)  # StoreFilled
    _answered = Signal(object)  # StoreAnswer, handed to whoever asked
    _dropped = Signal(int)  # the token of a question superseded: no answer comes
    _resolving_ended = Signal(object)  # ResolutionEnded: a resolution done, or not needed

    def __init__(
        self, cache_path: Path | None, parent: QObject, resolve_after_ms: int = RESOLVE_AFTER_MS
    ) -> None:
        # A parent, always: its threads hold the link until their last task is done, and a link
        # owned by Python alone would then be destroyed in one of them, under the UI thread's feet.
        super().__init__(parent)
        self._cache_path = cache_path  # the entity cache file; stores go beside it
        self._generation = 0
        self._stop = threading.Event()
        self._writer: StoreThread | None = None
        self._questions: StoreThread | None = None  # once the store is open
        self._waiting: list[Job] = []  # questions asked before it was
        self._turns: ReaderTurns | None = None  # the reader's questions in flight: long work waits for them
        self._latest: dict[str, int] = {}  # the token of the last question of each kind
        self._answers: dict[int, tuple[Callable[[StoreAnswer], None], QObject | None]] = {}
        self._tokens = itertools.count()
        self._reports: list[Report] = []
        self._fills_in_flight = 0
        self._send_soon = single_shot_timer(self, FILL_AFTER_MS, self._send_reports)
        self._resolve_after_ms = resolve_after_ms  # after a fill, the soonest the entities are resolved again
        self._resolve_soon = single_shot_timer(self, resolve_after_ms, self._resolve_after_fills)
        self._resolve_s = 0.0  # how long resolving took the last time (written by the upkeep thread)
        self.up_to_date = False  # whether the upkeep of the open folder is done
        self.pending: set[str] = set()  # documents whose entities the store waits for
        self._started = False
        self._opening: tuple[Path, int, bool] | None = None  # the folder to open once started
        self._upkept = False
        self.in_memory = False
        self._answered.connect(self._deliver)
        self._dropped.connect(lambda token: self._answers.pop(token, None))
        self.opened.connect(self._on_opened)
        self.updated.connect(self._on_updated)
        self.pendingFound.connect(self._on_pending)
        self.filled.connect(self._on_filled)
        self._resolving_ended.connect(self._on_resolving_ended)
        self._resolving = 0  # resolutions asked for and not yet ended

    def start(self) -> None:
        """Start keeping stores (after the window's first paint, which needs none of it)."""
        self._started = True
        if self._opening is not None:
            # Questions asked before (the first document's panel counts) are the folder's: kept.
            waiting, answers, latest = list(self._waiting), dict(self._answers), dict(self._latest)
            turns = self._turns  # theirs
            self.open(*self._opening)
            self._turns = turns or self._turns
            self._waiting.extend(waiting)
            self._answers.update(answers)
            self._latest.update(latest)

    def open(self, source: Path, generation: int, upkeep: bool = True) -> None:
        """Open the store of a folder (or file), leaving the one before, and bring it up to date;
        unless not `upkeep`: then what it holds answers at once, and `start_upkeep` brings it up
        to date later (a big folder is being listed: both want the disk and the interpreter)."""
        self.close()
        self._generation, self._stop, self.up_to_date = generation, threading.Event(), False
        self._upkept = False  # whether this store's upkeep has been started
        if not self._started:
            self._opening = (source, generation, upkeep)
            return
        self._opening = None
        from gui.widgets.background.store_threads import StoreThread

        self._reader_turns()  # before the upkeep's thread looks at them
        folder = self._cache_path.parent if self._cache_path is not None else None

        def open_store() -> CorpusStore:
            from gui.core.corpus.store import CorpusStore, store_path

            desks = desk_folder(folder) if folder else None
            return CorpusStore(store_path(folder, source) if folder else None, source, desk_folder=desks)

        self._open_store: Callable[[], CorpusStore] = open_store
        self._source = source
        self._writer = StoreThread("store upkeep", open_store)
        self._writer.submit(partial(self._say_opened, generation))
        if upkeep:
            self.start_upkeep()

    def start_upkeep(self) -> None:
        """Bring the open store up to date now (after `open` without upkeep); once only."""
        if self._opening is not None:  # not started yet: it will be, with its upkeep
            self._opening = (*self._opening[:2], True)
            return
        if self._writer is None or self._upkept:
            return
        self._upkept = True
        self._writer.submit(partial(self._upkeep, self._generation, self._source, self._stop))
        self._resolving += 1  # the upkeep resolves when it is done

    def update(self) -> None:
        """The folder changed on disk: bring its store up to date again."""
        if self._writer is not None:
            self.up_to_date = False
            self._writer.submit(partial(self._upkeep, self._generation, self._source, self._stop))
            self._resolving += 1

    def close(self, quitting: bool = False) -> None:
        """Stop the upkeep and let go of the store (the window closes, or opens another folder).
        `quitting`: the process ends next (gui.app.run ends it at once, its threads with it):
        their work is stopped, and they are given QUITTING_WAIT_S to close their connections;
        then the desk's WAL is copied into its file however busy they are (the user's marks and
        corrections would else be in the `-wal` beside it alone), and the store's if that is
        quick (see `settle_files`)."""
        self._stop.set()
        threads = [thread for thread in {self._writer, self._questions} if thread is not None]
        for thread in threads:
            thread.close(stop_running=quitting)
        if quitting and self._writer is not None:
            deadline = time.monotonic() + QUITTING_WAIT_S
            for thread in threads:
                thread.ended.wait(max(0.0, deadline - time.monotonic()))
            self.settle_files()
        self._writer = self._questions = None
        self._waiting.clear()
        self._turns = None  # the questions of the store left no longer count
        self._latest.clear()
        self._answers.clear()
        self._reports.clear()
        self._send_soon.stop()
        self._resolve_soon.stop()
        self._fills_in_flight = self._resolving = 0
        self.pending.clear()

    def settle_files(self) -> None:
        """Copy the open store's and desk's WAL into their files (the connections left open
        stay so until the process ends): the desk's always, the store's only if it is small."""
        if self._cache_path is None or self.in_memory:
            return
        from gui.core.corpus.store import store_desk_path, store_path
        from gui.core.desk.desk_file import DESK_VERSION
        from gui.core.model.sqlite_files import checkpoint_file

        folder = self._cache_path.parent
        desk = store_desk_path(folder, self._source, desk_folder(folder))
        checkpoint_file(desk, SETTLE_BUSY_S, version_at_most=DESK_VERSION)  # a later one's: untouched
        checkpoint_file(store_path(folder, self._source), 0.0, QUICK_WAL_BYTES)  # busy: left as it is

    def complete(self) -> bool:
        """Whether the store holds every document of the folder with its entities."""
        in_flight = self._reports or self._fills_in_flight or self._resolving or self._resolve_soon.isActive()
        return self.up_to_date and not self.pending and not in_flight

    # Questions -----------------------------------------------------------------------------------

    def ask(
        self,
        question: Callable[[CorpusStore], Any],
        answer: Callable[[StoreAnswer], None],
        asker: QObject | None = None,
        long: bool = False,
        kind: str = "",
    ) -> None:
        """Ask the store a question off this thread; `answer` gets its StoreAnswer here, unless
        another folder was opened meanwhile, `asker` (a dialog) is gone, or a question of the
        same `kind` was asked since (the older is dropped, or stopped if it runs). A `long`
        question (every document's counts) goes to the upkeep's thread and gives way to the
        reader's questions (store_threads), so that a search or Ctrl+E never waits behind it."""
        token = next(self._tokens)
        self._answers[token] = (answer, asker)
        if kind:
            self._answers.pop(self._latest.get(kind, -1), None)  # superseded: its answer goes
            self._latest[kind] = token
        generation = self._generation
        turns = self._reader_turns()
        from gui.widgets.background.store_threads import Job, run_yielding

        def task(store: CorpusStore) -> None:
            try:
                try:
                    if long:
                        waits = None if store.in_memory else turns  # one thread: nothing to wait for
                        result, problem = run_yielding(job, question, waits, store), ""
                    else:
                        result, problem = question(store), ""
                except sqlite3.Error as error:
                    result, problem = None, f"The corpus store could not answer: {error}."
                if job.cancelled:
                    self._dropped.emit(token)
                else:
                    self._answered.emit(StoreAnswer(generation, token, result, problem))
            finally:
                if not long:  # once its answer is on its way: what gave way to it comes after
                    turns.end()

        def drop() -> None:  # superseded before it ran
            if not long:
                turns.end()
            self._dropped.emit(token)

        job = Job(task, drop, kind, yielding=long)
        if long and self._writer is not None:
            self._writer.submit(job)
            return
        if not long:
            turns.begin()
        if self._questions is None:
            self._waiting.append(job)
            return
        self._questions.submit(job)
        if self._writer is not None and self._questions is not self._writer:
            self._writer.yield_to_reader()

    def drop(self, kind: str) -> None:
        """Drop the question of `kind` not answered yet (stopped if it runs): no answer comes. What
        is asked ahead of the reader gives way so to the question of the document shown."""
        token = self._latest.pop(kind, None)
        if token is None:
            return
        self._answers.pop(token, None)
        for job in self._waiting:
            job.cancelled = job.cancelled or job.kind == kind
        if self._questions is not None:
            self._questions.cancel(kind)

    def _reader_turns(self) -> ReaderTurns:
        """The reader's questions in flight for the open store (made when first needed)."""
        if self._turns is None:
            from gui.widgets.background.store_threads import ReaderTurns

            self._turns = ReaderTurns()
        return self._turns

    @property
    def answering(self) -> bool:
        """Whether some question has not been answered yet."""
        return bool(self._answers)

    def answer_now(self, question: Callable[[CorpusStore], Any], timeout_s: float = 60.0) -> Any:
        """Ask and wait for the answer, the events of this thread going on meanwhile: for tests,
        benchmarks and scripts (the window never waits for the store). Raises TimeoutError, or
        RuntimeError with the store's problem."""
        from PySide6.QtCore import QEventLoop

        replies: list[StoreAnswer] = []
        self.ask(question, replies.append)
        deadline = time.monotonic() + timeout_s
        while not replies:
            if time.monotonic() > deadline:
                raise TimeoutError("the corpus store did not answer")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        if replies[0].problem:
            raise RuntimeError(replies[0].problem)
        return replies[0].result

    def _deliver(self, reply: StoreAnswer) -> None:
        answer, asker = self._answers.pop(reply.token, (None, None))
        if answer is None or reply.generation != self._generation:
            return
        if asker is not None and not Shiboken.isValid(asker):
            return
        answer(reply)

    # Upkeep --------------------------------------------------------------------------------------

    def _say_opened(self, generation: int, store: CorpusStore) -> None:
        """Say the store is open, and how (in the upkeep thread)."""
        # The modules the window's questions come from are imported here, before the window hears
        # of the store: the UI thread importing one while this thread was (for the upkeep) would
        # wait on its import lock.
        import gui.core.corpus.store_corrections
        import gui.core.corpus.store_desk
        import gui.core.corpus.store_entities
        import gui.core.corpus.store_label_disputes  # noqa: F401

        documents = store.document_count()
        self.opened.emit(StoreOpened(generation, store.in_memory, documents, tuple(store.notices)))

    def _upkeep(self, generation: int, source: Path, stop: threading.Event, store: CorpusStore) -> None:
        """Bring the store up to date with the folder (in the upkeep thread)."""
        from gui.core.corpus.store_entities import pending_ids
        from gui.core.corpus.store_upkeep import update
        from gui.core.engine.annotator import CacheLookUp
        from gui.widgets.background.store_threads import FolderLeftError, with_cached_entities

        look_up = CacheLookUp(self._cache_path)
        summary, problem = "", ""
        try:
            def found_pending(doc_ids: tuple[str, ...]) -> None:
                self.pendingFound.emit(StorePending(generation, doc_ids))

            # Between batches, the reader's questions go first (one connection in memory: they
            # wait for this one).
            turns = None if store.in_memory else self._turns
            annotate = partial(with_cached_entities, look_up, stop, found_pending, turns)
            summary = update(store, source, annotate).line()
        except FolderLeftError:
            return
        except OSError as error:
            problem = f"The folder could not be read for its corpus store: {error.strerror or error}."
        except sqlite3.Error as error:
            problem = f"The corpus store could not be written: {error}."
        finally:
            look_up.close()
        # Pending from before too: a run stopped before the engine found them.
        pending = tuple(pending_ids(store))
        if pending:
            self.pendingFound.emit(StorePending(generation, pending))
        self.updated.emit(StoreUpdated(generation, summary, store.document_count(), len(pending), problem))
        self._resolve(generation, stop, store)
        if not stop.is_set():
            store.settle()  # what the upkeep wrote into the file: quitting leaves it whole

    # Resolution -----------------------------------------------------------------------------------

    def _resolve(self, generation: int, stop: threading.Event, store: CorpusStore) -> None:
        """Resolve the corpus's entities unless that is current (in the upkeep thread); say so, in
        one signal with the resolution's end, so that whoever hears of it finds the link complete."""
        resolved = None
        try:
            resolved = self._resolve_now(generation, stop, store)
        finally:
            self._resolving_ended.emit(ResolutionEnded(generation, resolved))

    def _resolve_now(self, generation: int, stop: threading.Event, store: CorpusStore) -> StoreUpdated | None:
        from concurrent.futures.process import BrokenProcessPool  # multiprocessing: not at start-up

        from gui.core.corpus.store_entities import pending_ids
        from gui.core.corpus.store_resolution import resolution_current, resolve_in_worker

        if stop.is_set():
            return None
        started = time.monotonic()
        try:
            # In a worker process: at 100,000 documents it takes most of a minute and a GB.
            if resolution_current(store) or not resolve_in_worker(store):
                return None  # nothing new; or another program wrote meanwhile: its writes come round again
        except (sqlite3.Error, OSError, BrokenProcessPool) as error:
            log.warning("The corpus store's entities could not be resolved: %s", error)
            return None
        self._resolve_s = time.monotonic() - started
        documents = store.document_count()
        summary = f"the entities of {documents:,} documents resolved"
        return StoreUpdated(generation, summary, documents, len(pending_ids(store)), "")

    def _on_resolving_ended(self, ended: ResolutionEnded) -> None:
        if ended.generation != self._generation:
            return
        self._resolving = max(0, self._resolving - 1)
        # Told as an update (storeChanged follows), unless an upkeep is on its way: it resolves again.
        if ended.resolved is not None and self.up_to_date:
            self.updated.emit(ended.resolved)

    def _resolve_after_fills(self) -> None:
        if self._writer is None or not self.up_to_date:
            return  # the upkeep under way resolves when it is done
        self._writer.submit(partial(self._resolve, self._generation, self._stop))
        self._resolving += 1

    def _on_opened(self, opened: StoreOpened) -> None:
        if opened.generation != self._generation or self._writer is None:
            return
        self.in_memory = opened.in_memory
        from gui.widgets.background.store_threads import StoreThread

        # A store in memory has one connection: its questions go to the upkeep's thread.
        self._questions = (
            self._writer if opened.in_memory else StoreThread("store questions", self._open_store)
        )
        for job in self._waiting:
            self._questions.submit(job)
        self._waiting.clear()

    def _on_updated(self, updated: StoreUpdated) -> None:
        if updated.generation == self._generation:
            self.up_to_date = True

    def _on_pending(self, found: StorePending) -> None:
        if found.generation == self._generation:
            self.pending.update(found.doc_ids)

    # The engine's results ----------------------------------------------------------------------

    def take(self, doc_id: str, body: str, entities: tuple[Entity, ...]) -> None:
        """The engine found a document's entities: they go into the store if it was waiting for
        them (a pending document of that text), with others, in a moment."""
        self._reports.append((doc_id, body, entities))
        if not self._send_soon.isActive():
            self._send_soon.start()

    def _send_reports(self) -> None:
        if self._writer is None or not self._reports:
            return
        reports, self._reports = self._reports, []
        self._fills_in_flight += 1
        self._writer.submit(partial(self._fill, self._generation, reports))

    def _fill(self, generation: int, reports: list[Report], store: CorpusStore) -> None:
        """Write a batch of the engine's results into pending documents (in the upkeep thread)."""
        from gui.core.corpus.store_writes import Transaction, fill_in_entities
        from gui.core.engine.cache import text_key

        filled: list[str] = []
        try:
            with Transaction(store.db):
                for doc_id, body, entities in reports:
                    if fill_in_entities(store.db, doc_id, text_key(body), entities):
                        filled.append(doc_id)
        except sqlite3.Error as error:
            log.warning("The engine's entities could not be written into the corpus store: %s", error)
            filled = []
        self.filled.emit(StoreFilled(generation, tuple(filled)))

    def _on_filled(self, filled: StoreFilled) -> None:
        if filled.generation == self._generation:
            self._fills_in_flight = max(0, self._fills_in_flight - 1)
            self.pending.difference_update(filled.doc_ids)
            if filled.doc_ids and not self._resolve_soon.isActive():
                # Once per interval however many fills come: resolving a big corpus takes long.
                wait_ms = max(self._resolve_after_ms, int(self._resolve_s * RESOLVE_SHARE * 1000))
                self._resolve_soon.start(wait_ms)

