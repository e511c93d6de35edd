"""What the annotation worker annotates next, and which of its results still count.

The window queues and prioritises documents from its thread; the worker takes them from its own.
Every queue of documents is a numbered generation: opening another folder starts a new one, and
the results of an older one still in flight are stale. The document on screen goes first, a
comparison (the engine's view of a document whose entities come from a file) before anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Iterable
from typing import NamedTuple

from gui.core.model.corpus_entry import DocumentEntry, listed_size
from gui.core.model.document import Document

# More documents than this, queued at once, are checked against the queue as the worker takes
# them, not by the thread that queues them (a big folder's whole listing comes at once).
QUEUE_AT_ONCE_AT_MOST = 2_000


class Round(NamedTuple):
    """Documents taken together: their generation, whether they are a comparison (one document,
    asked for by `compare`) and whether one of them was prioritised (its result goes at once)."""

    generation: int
    entries: tuple[DocumentEntry, ...]
    comparing: bool
    urgent: bool


class AnnotationQueue:
    """The documents waiting for annotation, in the order they are to be annotated; thread-safe."""

    def __init__(self, queue_at_once_at_most: int = QUEUE_AT_ONCE_AT_MOST) -> None:
        self._at_once_at_most = queue_at_once_at_most
        self._condition = threading.Condition()
        self._pending: OrderedDict[str, DocumentEntry] = OrderedDict()
        # Documents queued in bulk, after those pending: moved to `_pending` as they are taken
        # (those pending or taken meanwhile are dropped then, and uncounted).
        self._bulk: deque[DocumentEntry] = deque()
        # Ids pending or taken whose count the bulk holds: each is counted by its copy there, which
        # is dropped when found; counted itself once the bulk is checked through without it.
        self._counted_in_bulk: set[str] = set()
        self._copies: dict[str, Document] = {}  # documents the window has read already, by id
        self._comparisons: OrderedDict[str, DocumentEntry] = OrderedDict()
        self._taken: set[str] = set()  # ids taken in this generation
        self._urgent: set[str] = set()  # prioritised ids: their results are sent without delay
        self._generation = 0
        self._done = 0
        self._total = 0
        self._stopping = False
        self._engine_allowed = threading.Event()  # cleared while loading the model must wait
        self._engine_allowed.set()

    # From the thread that queues ----------------------------------------------------------------

    def replace(self, documents: Iterable[DocumentEntry]) -> int:
        """Start a new generation (another folder was opened) with these documents; return it."""
        with self._condition:
            self._generation += 1
            self._clear()
            self._taken.clear()
            self._urgent.clear()
            self._done = self._total = 0
            generation = self._generation
        self.enqueue(documents)
        return generation

    def enqueue(self, documents: Iterable[DocumentEntry], again: bool = False) -> None:
        """Queue documents after those already queued; `again` queues documents already taken
        too (their files changed)."""
        entries = list(documents)
        with self._condition:
            pending, taken = self._pending, self._taken
            if again:
                taken.difference_update(entry.id for entry in entries)
                for entry in entries:  # a copy the window read is of the old file
                    self._copies.pop(entry.id, None)
            if self._bulk or len(entries) > self._at_once_at_most:
                self._bulk.extend(entries)  # checked as they are taken (see _refill)
                self._total += len(entries)
                if not again:
                    # Documents shown before a folder's whole listing is queued are in it: their
                    # copies there count them (a few, as the window prioritises one at a time).
                    early = (pending.keys() | taken) - self._counted_in_bulk
                    self._counted_in_bulk |= early
                    self._total -= len(early)
            else:
                new = {
                    entry.id: entry for entry in entries if entry.id not in pending and entry.id not in taken
                }
                pending.update(new)
                self._total += len(new)
            self._condition.notify()

    def prioritize(self, entry: DocumentEntry, again: bool = False, document: Document | None = None) -> None:
        """Take this document next; `again` queues it even if it was taken (its file changed).
        `document` is the entry as the window read it, if it did: the worker need not read it.

        A document already taken is not queued twice unless `again` is set.
        """
        with self._condition:
            if entry.id in self._taken and not again:
                return
            if entry.id not in self._pending:
                if self._bulk and entry.id not in self._counted_in_bulk:
                    self._counted_in_bulk.add(entry.id)  # most likely in the bulk, counted there
                else:
                    self._total += 1
            self._taken.discard(entry.id)
            self._urgent.add(entry.id)
            if document is not None:
                self._copies[entry.id] = document
            self._pending[entry.id] = entry
            self._pending.move_to_end(entry.id, last=False)
            self._condition.notify()

    def compare(self, entry: DocumentEntry) -> None:
        """Ask for the engine's entities of a document whose entities come from a file, before
        anything else (the file's entities stay)."""
        with self._condition:
            self._comparisons[entry.id] = entry
            self._condition.notify()

    def defer_engine(self, deferred: bool) -> None:
        """Keep the model from loading until this is called again with False (a big folder is
        being listed on every core). Documents the cache or their files answer go on meanwhile."""
        if deferred:
            self._engine_allowed.clear()
        else:
            self._engine_allowed.set()

    def stop(self) -> None:
        """Drop everything queued and end `take`: the worker is to finish."""
        with self._condition:
            self._stopping = True
            self._clear()
            self._condition.notify_all()
        self._engine_allowed.set()  # a deferred load waits no more (and finds nothing to do)

    # From the worker's thread -------------------------------------------------------------------

    def take(self, at_most: int, budget: int) -> Round | None:
        """The next round (waiting for one); None once stopped.

        Comparisons come first, one at a time. Otherwise at most `at_most` documents, and no more
        than fit in `budget` by their listed sizes (at least one); a prioritised document ends the
        round, so that its result is not kept waiting by the others.
        """
        with self._condition:
            while not self._has_work() and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            if self._comparisons:
                entry = self._comparisons.popitem(last=False)[1]
                return Round(self._generation, (entry,), comparing=True, urgent=True)
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
                    self._urgent.discard(doc_id)
                    urgent = True
                    break
            return Round(self._generation, tuple(entries), comparing=False, urgent=urgent)

    def take_copy(self, doc_id: str) -> Document | None:
        """The document as the window read it, if it handed it over (once)."""
        with self._condition:
            return self._copies.pop(doc_id, None)

    def has_pending(self) -> bool:
        """Whether anything waits to be taken (never once stopped)."""
        with self._condition:
            return self._has_work() and not self._stopping

    def is_current(self, generation: int) -> bool:
        """Whether results of this generation still count (no other folder was opened since)."""
        with self._condition:
            return generation == self._generation

    def count_done(self, generation: int, count: int) -> tuple[int, int] | None:
        """Count `count` more documents done in this generation and return (done, total); None,
        and nothing counted, if the generation is no longer current."""
        with self._condition:
            if generation != self._generation:
                return None
            self._done += count
            return self._done, self._total

    def give_up(self) -> tuple[int, int]:
        """Drop what is queued (the engine cannot run); return the generation and the documents
        done in it, which are now all there are."""
        with self._condition:
            self._clear()
            self._total = self._done
            return self._generation, self._done

    def wait_for_engine(self) -> bool:
        """Wait until the model may load (see `defer_engine`); False if stopped meanwhile."""
        self._engine_allowed.wait()
        return not self._stopping

    # What it holds ------------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """The current generation (0 before the first queue)."""
        return self._generation

    @property
    def stopping(self) -> bool:
        """Whether `stop` was called."""
        return self._stopping

    @property
    def total(self) -> int:
        """Documents queued in this generation, each counted once."""
        with self._condition:
            return self._total

    @property
    def pending_ids(self) -> list[str]:
        """Ids of the documents checked into the queue, in the order they will be taken (not
        those queued in bulk and not yet checked)."""
        with self._condition:
            return list(self._pending)

    @property
    def bulk_count(self) -> int:
        """Documents queued in bulk and not yet checked against the queue."""
        with self._condition:
            return len(self._bulk)

    @property
    def taken_ids(self) -> frozenset[str]:
        """Ids of the documents taken in this generation."""
        with self._condition:
            return frozenset(self._taken)

    def holds_copy(self, doc_id: str) -> bool:
        """Whether the window's copy of this document waits to be taken."""
        with self._condition:
            return doc_id in self._copies

    # Under the lock -------------------------------------------------------------------------------

    def _has_work(self) -> bool:
        return bool(self._pending or self._bulk or self._comparisons)

    def _clear(self) -> None:
        self._pending.clear()
        self._bulk.clear()
        self._comparisons.clear()
        self._copies.clear()
        self._counted_in_bulk.clear()

    def _refill(self, wanted: int) -> None:
        """Move documents queued in bulk to the pending ones, until `wanted` are pending (or none
        are left); those pending or taken already are dropped, and no longer counted."""
        pending, taken, bulk = self._pending, self._taken, self._bulk
        while bulk and len(pending) < wanted:
            entry = bulk.popleft()
            if entry.id in self._counted_in_bulk:
                self._counted_in_bulk.discard(entry.id)  # pending or taken: this copy counted it
            elif entry.id in pending or entry.id in taken:
                self._total -= 1
            else:
                pending[entry.id] = entry
        if not bulk and self._counted_in_bulk:
            self._total += len(self._counted_in_bulk)  # they were not in it after all
            self._counted_in_bulk.clear()
