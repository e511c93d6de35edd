"""Listing a big folder's files in worker processes: the same entries as reading them here, from
a prefix of each file, and this process takes over when the workers cannot."""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from gui.core.corpus import listing_workers
from gui.core.corpus.corpus import (
    PREFIX_BYTES,
    DocumentEntry,
    iter_document_paths,
    read_entries,
)
from gui.core.corpus.listing_workers import EntryReaders, describe_files
from gui.core.model import regular_file, worker_processes
from tests.core.corpus.test_corpus import CountingReader

WriteCorpus = Callable[[dict[str, str | bytes]], Path]

FILES: dict[str, str | bytes] = {
    "dated.txt": "date 2021-03-04\nA dated story. More text.",
    "undated.txt": "An undated story.\n",
    "bad_bytes.txt": b"date 2020-01-01\nCaf\xe9 au lait.",
    "binary.txt": b"\x00\x01\x02 not text",
    "blank.txt": "  \n",
    "impossible.txt": "date 2019-13-45\nAn impossible date.",
    "utf16.txt": "\ufeffA UTF-16 story.".encode("utf-16"),
    "annotated.txt": "Ana Lopez visited Lima.",
    "annotated.ann": "T1\tPERSON 0 9\tAna Lopez\n",
    "long.txt": "date 2022-02-02\nA long story. " + "More words in a long article. " * 1_000,
}


def listed(readers: EntryReaders, paths: list[Path], chunk: int) -> list[DocumentEntry]:
    try:
        return [entry for part in readers.read(paths, chunk) for entry in part]
    finally:
        readers.close()


def test_worker_processes_list_a_folder_as_this_process_does(write_corpus: WriteCorpus) -> None:
    folder = write_corpus(FILES)
    (folder / "loop.txt").symlink_to("loop.txt")  # cannot be read: its entry says why
    paths = sorted(iter_document_paths(folder))

    entries = listed(EntryReaders(2), paths, chunk=3)

    assert entries == read_entries(paths)  # every field: titles, dates, problems, notices, stamps
    by_name = {entry.name: entry for entry in entries}
    assert by_name["binary.txt"].problem is not None
    assert by_name["loop.txt"].problem == "Cannot read loop.txt: Too many levels of symbolic links."
    assert len(by_name["annotated.txt"].stamp) == 4  # the .ann file counts in its stamp


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities here")
def test_the_workers_step_back_for_the_window_s_threads(write_corpus: WriteCorpus) -> None:
    # As many workers as cores kept the window's questions (Ctrl+E) waiting for a core.
    paths = sorted(iter_document_paths(write_corpus(FILES)))
    readers = EntryReaders(1)  # one worker: it read the chunks, so it has started (of two, one may not yet)
    before = set(multiprocessing.active_children())
    try:
        entries = [entry for part in readers.read(paths, chunk=2) for entry in part]
        workers = set(multiprocessing.active_children()) - before
        niceness = {os.getpriority(os.PRIO_PROCESS, worker.pid) for worker in workers if worker.pid}
    finally:
        readers.close()

    assert entries == read_entries(paths)
    assert len(workers) == 1  # the chunks were read in the worker process
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert niceness == {min(19, own + worker_processes.BACKGROUND_NICENESS)}
    assert os.getpriority(os.PRIO_PROCESS, 0) == own  # this process (the window's) stays as it was


def test_a_worker_reads_only_a_prefix_of_each_file(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    big_body = "date 2022-02-02\nA big story. " + "More words in a long article. " * 20_000
    folder = write_corpus({"big.txt": big_body})
    counts: dict[str, int] = {}
    real_open = regular_file.open_regular

    def counting_open(path: Path, buffering: int = -1) -> Any:
        return CountingReader(real_open(path, buffering), counts, path.name)

    monkeypatch.setattr(regular_file, "open_regular", counting_open)

    # What a worker process runs, run here, where the spy sees it.
    ((doc_id, date, title, *_),) = describe_files([str(folder / "big.txt")])

    assert (doc_id, str(date), title) == ("big", "2022-02-02", "A big story.")
    assert 0 < counts["big.txt"] <= PREFIX_BYTES < len(big_body)


class FailingPool:
    """A process pool whose workers all died: every chunk's future says the pool is broken."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.shut_down = False

    def submit(self, *args: object) -> concurrent.futures.Future[object]:
        future: concurrent.futures.Future[object] = concurrent.futures.Future()
        future.set_exception(BrokenProcessPool("a worker was killed"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shut_down = True


def test_this_process_lists_the_chunks_of_workers_that_died(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = write_corpus(FILES)
    paths = sorted(iter_document_paths(folder))
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", FailingPool)

    with caplog.at_level(logging.WARNING, logger=listing_workers.__name__):
        entries = listed(EntryReaders(2), paths, chunk=2)

    assert entries == read_entries(paths)
    assert [record.getMessage() for record in caplog.records] == [
        "A process listing a folder stopped; listing the rest here: a worker was killed"
    ]


def test_this_process_lists_the_folder_when_no_worker_can_start(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = write_corpus(FILES)
    paths = sorted(iter_document_paths(folder))

    def cannot_start(*args: object, **kwargs: object) -> None:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", cannot_start)

    with caplog.at_level(logging.WARNING, logger=listing_workers.__name__):
        entries = listed(EntryReaders(1), paths, chunk=4)

    assert entries == read_entries(paths)
    assert len(caplog.records) == 1
    assert "Cannot start the processes that list a folder" in caplog.records[0].getMessage()
