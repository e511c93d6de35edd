"""What `seedview index`, `search` and `entities` share: the corpus's store, brought up to date
(annotating what the entity cache lacks with worker processes or a Dask cluster) with progress
on stderr, and the exit codes and one-line messages of `seedview export`."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gui.cli.options import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    cpu_count,
    positive_int,
)
from gui.core.corpus.store import CorpusStore
from gui.core.corpus.store_upkeep import BATCH_DOCUMENTS, UpkeepSummary, unchanged_folder, update
from gui.core.formats.jsonl.export_jsonl import path_fields

if TYPE_CHECKING:
    from gui.core.engine.annotate_corpus import AnnotationTally
    from gui.core.engine.annotation_runners import ChunkRunner
    from gui.core.engine.cache import EntityCache
    from gui.core.model.document import Document
from gui.core.search.query import Query, QueryError, parse_query
from gui.locations import desk_folder

# What `search` and `entities` say of the store they read (up_to_date_store's trust_folder_stamp).
STALENESS = ("The corpus store is brought up to date first; a folder in which no file was added, removed "
             "or renamed since is taken as it was (after changing a file in place, run seedview index).")


class CommandError(Exception):
    """The command cannot go on; the message says why, for people."""


class UsageError(CommandError):
    """The command was asked for something it cannot read (a malformed query): exit code 2."""


def query_of(text: str) -> Query:
    """The query a command was given, or a UsageError explaining, in one line, what is wrong."""
    try:
        return parse_query(text)
    except QueryError as error:
        raise UsageError(error.message) from error


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """--processes and --dask: where the engine runs, for what the entity cache lacks (`seedview
    annotate` and the store's commands)."""
    parser.add_argument("--processes", type=positive_int, default=cpu_count(), metavar="N",
                        help="annotate what the entity cache lacks in N worker processes (default: "
                        f"the number of CPUs, here {cpu_count()}); 1 runs the engine in this process")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="annotate on the Dask cluster whose scheduler is at ADDRESS (e.g. "
                        "tcp://host:8786) instead")


@dataclass
class StoreRun:
    """One command's store, brought up to date, and what that took."""

    store: CorpusStore
    summary: UpkeepSummary
    tally: AnnotationTally | None  # None: the store was taken as it was, nothing read
    seconds: float


class Speaker:
    """One-line messages on stderr, prefixed with the command's name."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __call__(self, message: str) -> None:
        print(f"seedview {self.command}: {message}", file=sys.stderr, flush=True)


def up_to_date_store(
    source: Path,
    cache_folder: Path,
    say: Speaker,
    processes: int = 1,
    dask: str | None = None,
    trust_folder_stamp: bool = False,
    batch_documents: int = BATCH_DOCUMENTS,
) -> StoreRun:
    """The store of `source`, updated: new and changed documents read and annotated (the cache
    first, then the runner), progress every few seconds, `batch_documents` to a transaction at
    the most. With `trust_folder_stamp`, a folder whose own stamp is the one the last update saw
    is taken as it is, without a stat of each file (a command that only asks, on a folder of many
    files). Raises CommandError."""
    try:
        source = source.expanduser()
    except RuntimeError as error:
        raise CommandError(f"Cannot open {source}: its '~' names no home folder here.") from error
    if not (source.is_dir() or source.is_file()):
        raise CommandError(f"{source} does not exist or is not a folder or a file.")
    started = time.monotonic()
    store = CorpusStore.for_corpus(cache_folder, source, desk_folder=desk_folder(cache_folder))
    for notice in store.notices:
        say(notice)
    try:
        if trust_folder_stamp and unchanged_folder(store, source):
            summary = UpkeepSummary(0, 0, 0, store.document_count())
            return StoreRun(store, summary, None, time.monotonic() - started)
    except sqlite3.Error as error:
        store.close()
        raise CommandError(f"The corpus store {store.path} cannot be read: {error}.") from error
    return _updated(store, source, cache_folder, say, processes, dask, started, batch_documents)


def _updated(
    store: CorpusStore,
    source: Path,
    cache_folder: Path,
    say: Speaker,
    processes: int,
    dask: str | None,
    started: float,
    batch_documents: int,
) -> StoreRun:
    """The store brought up to date (up_to_date_store's work). The entity cache, the runner and
    the engine's modules are opened and imported only once there is something to read."""
    tally: AnnotationTally | None = None
    runner: ChunkRunner | None = None
    cache: EntityCache | None = None
    last = [started]

    def annotate(documents: Iterable[Document]) -> Iterable[Document]:
        nonlocal tally, runner, cache
        from gui.core.engine.annotate_corpus import AnnotationTally, annotate_corpus
        from gui.core.engine.annotation_runners import DaskRunner, InProcessRunner, ProcessRunner, RunnerError
        from gui.core.engine.cache import CACHE_FILE_NAME, EntityCache
        from gui.core.engine.engine import EngineError, pipeline_name

        # The entity cache is opened while this corpus's store is locked for writing: two commands
        # on one corpus started together would otherwise race to make a new cache file, and the
        # loser finds it locked. (No transaction of the update is open when it asks for this.)
        store.db.execute("BEGIN IMMEDIATE")
        try:
            cache = EntityCache(cache_folder / CACHE_FILE_NAME, pipeline_name())
        finally:
            store.db.execute("COMMIT")
        if cache.problem:
            say(cache.problem)
        tally = AnnotationTally()
        try:
            runner = DaskRunner(dask) if dask else InProcessRunner() if processes == 1 else (
                ProcessRunner(processes))
        except RunnerError as error:
            raise CommandError(str(error)) from error
        return _explained(annotate_corpus(documents, cache, runner, tally), (EngineError, RunnerError))

    def progress(done: int, total: int) -> None:
        from gui.core.engine.annotate_corpus import PROGRESS_INTERVAL_S  # imported by annotate

        now = time.monotonic()
        if now - last[0] >= PROGRESS_INTERVAL_S and done < total:
            last[0] = now
            say(f"indexed {done:,} of {total:,} documents, {done / (now - started):,.0f} documents/s")

    try:
        summary = update(store, source, annotate, progress, batch_documents)
    except OSError as error:
        store.close()
        raise CommandError(f"Cannot read {source}: {error.strerror or error}.") from error
    except sqlite3.Error as error:
        store.close()
        raise CommandError(f"The corpus store {store.path} cannot be written: {error}.") from error
    except BaseException:
        store.close()
        raise
    finally:
        if runner is not None:
            runner.close()
        if cache is not None:
            cache.close()
    return StoreRun(store, summary, tally, time.monotonic() - started)


def _explained(documents: Iterable[Document], failures: tuple[type[Exception], ...]) -> Iterator[Document]:
    """The annotated documents; the engine's failing (one of `failures`) becomes a CommandError."""
    try:
        yield from documents
    except failures as error:
        raise CommandError(f"{error} The store keeps what was indexed before.") from error


def leave_out_told_logs() -> None:
    """Leave out of stderr the log records of notices the commands say themselves (a store's
    `notices`, the entity cache's `problem` on opening: CALLER_TELLS), each of which printed twice,
    once as a log line and once as the command's message."""
    from gui.core.model.sqlite_files import CALLER_TELLS

    def untold(record: logging.LogRecord) -> bool:
        return not all(getattr(record, name, False) for name in CALLER_TELLS)

    for handler in logging.getLogger().handlers:
        handler.addFilter(untold)


def run_guarded(command: str, body: Callable[[Speaker], int]) -> int:
    """Run a command's body: a CommandError is one line and exit code 1 (a UsageError 2), Ctrl+C
    one line and 130."""
    say = Speaker(command)
    try:
        return body(say)
    except UsageError as error:
        say(str(error))
        return EXIT_USAGE
    except CommandError as error:
        say(str(error))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        say("interrupted; the corpus store keeps every document indexed so far.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def utf8_stdout() -> None:
    """Write UTF-8 whatever the console's encoding (a lone surrogate becomes '?')."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="replace")


def shown_path(path: Path) -> str:
    """A path for people and JSON: bytes that are not UTF-8 shown as U+FFFD (as the export's)."""
    return path_fields(path)[0]
