"""Describing a big folder's files in worker processes, away from the interpreter that draws the
window.

Reading the first bytes of 100,000 files is seconds of Python work. In a thread it takes turns
for the one interpreter lock with the window (which asks Python about every row it lays out) and
with the annotation engine, and each slows the others. Spawned worker processes do it on their
own cores and send back each file's entry fields, plain data that is quick to take in.

The workers step back in the CPU scheduler's eyes (as the annotation engine's do): as many of
them as cores would otherwise keep the window's own threads waiting for a core while the folder
is listed. A Ctrl+E asked then waited there two to four times as long as it took (a 30 ms
question answered in 130-200 ms, on a 100,000-article folder and a busy 2-core machine).
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from gui.core.corpus.corpus import DocumentEntry, EntryFields, entry_fields, read_entries
from gui.core.model.worker_processes import BACKGROUND_NICENESS, process_pool, start_worker_process

log = logging.getLogger(__name__)

# Files per task sent to a worker: big enough that sending it costs little next to reading it,
# small enough that the workers share the folder evenly and the first entries come back soon.
CHUNK_FILES = 2_000
# A chunk of files and the worker's future for their fields (None: this process reads them).
Sent = tuple[Sequence[Path], "Future[list[EntryFields]] | None"]


def describe_files(paths: list[str]) -> list[EntryFields]:
    """In a worker: the entry fields of each file, in order."""
    return [entry_fields(Path(path)) for path in paths]


class EntryReaders:
    """Worker processes that describe files from their first bytes, in order; this process reads
    them itself should the workers fail to start or die."""

    def __init__(self, processes: int) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self._processes = processes
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._failed = False

    def read(self, paths: Sequence[Path], chunk: int = CHUNK_FILES) -> Iterator[list[DocumentEntry]]:
        """The entries of `paths`, `chunk` files at a time, in order. The first chunks go to the
        workers now (starting them), the others as results come back."""
        parts = deque(paths[start : start + chunk] for start in range(0, len(paths), chunk))
        sent: deque[Sent] = deque()
        # Two chunks per worker in flight: none waits while this process takes in a result.
        while parts and len(sent) < 2 * self._processes:
            part = parts.popleft()
            sent.append((part, self._submit(part)))
        return self._collect(parts, sent)

    def _collect(
        self, parts: deque[Sequence[Path]], sent: deque[Sent]
    ) -> Iterator[list[DocumentEntry]]:
        while sent:
            part, future = sent.popleft()
            fields = self._result(future)
            if parts:
                more = parts.popleft()
                sent.append((more, self._submit(more)))
            if fields is None:
                yield read_entries(part)
            else:
                yield [DocumentEntry(path, *described) for path, described in zip(part, fields, strict=True)]

    def _submit(self, part: Sequence[Path]) -> Future[list[EntryFields]] | None:
        if self._failed:
            return None
        try:
            if self._pool is None:
                self._pool = process_pool(self._processes, start_worker_process, (BACKGROUND_NICENESS,))
            return self._pool.submit(describe_files, [os.fspath(path) for path in part])
        except (OSError, RuntimeError, BrokenProcessPool) as error:
            self._fail(f"Cannot start the processes that list a folder; listing it here: {error}")
            return None

    def _result(self, future: Future[list[EntryFields]] | None) -> list[EntryFields] | None:
        if future is None:
            return None
        try:
            return future.result()
        except (OSError, BrokenProcessPool) as error:
            self._fail(f"A process listing a folder stopped; listing the rest here: {error}")
            return None

    def _fail(self, message: str) -> None:
        if not self._failed:
            self._failed = True
            log.warning(message)

    def close(self) -> None:
        """Stop the workers; chunks not started yet are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
