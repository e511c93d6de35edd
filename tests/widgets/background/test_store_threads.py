"""The store's threads take turns: a question of a kind supersedes the older one (dropped while
queued, stopped while running), a long question gives way to the reader's and is asked again,
and the upkeep's batches wait for the reader's questions in flight."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gui.core.corpus.store import CorpusStore
from gui.widgets.background.store_threads import Job, ReaderTurns, StoreThread, run_yielding

# A statement that runs for minutes unless it is stopped.
ENDLESS = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000000)"
           " SELECT count(*) FROM n")


@pytest.fixture
def thread(tmp_path: Path) -> Iterator[StoreThread]:
    made = StoreThread("test store", lambda: CorpusStore.for_corpus(tmp_path / "cache", tmp_path / "corpus"))
    yield made
    made.close()


def endless(started: threading.Event, outcome: list[str]) -> Callable[[CorpusStore], None]:
    def task(store: CorpusStore) -> None:
        # Said started once the statement runs (an interrupt before it would not reach it).
        threading.Timer(0.3, started.set).start()
        try:
            store.db.execute(ENDLESS).fetchone()
            outcome.append("finished")
        except sqlite3.OperationalError as error:
            outcome.append(str(error))
    return task


def test_a_queued_question_of_a_kind_is_dropped_for_the_newer_one(thread: StoreThread) -> None:
    gate = threading.Event()
    ran: list[str] = []
    dropped: list[str] = []
    thread.submit(lambda store: ran.append(f"held {gate.wait(10)}"))  # the others queue meanwhile
    thread.submit(Job(lambda store: ran.append("older"), lambda: dropped.append("older"), kind="search"))
    thread.submit(Job(lambda store: ran.append("other kind"), kind="table"))
    thread.submit(Job(lambda store: ran.append("newer"), lambda: dropped.append("newer"), kind="search"))
    done = threading.Event()
    thread.submit(lambda store: done.set())
    gate.set()
    assert done.wait(10)
    assert ran == ["held True", "other kind", "newer"]
    assert dropped == ["older"]


def test_a_running_question_of_a_kind_is_stopped_for_the_newer_one(thread: StoreThread) -> None:
    started, answered = threading.Event(), threading.Event()
    outcome: list[str] = []
    older = Job(endless(started, outcome), kind="search")
    thread.submit(older)
    assert started.wait(10)
    asked = time.monotonic()
    thread.submit(Job(lambda store: answered.set(), kind="search"))
    assert answered.wait(10)
    assert time.monotonic() - asked < 5  # not after the endless statement
    assert outcome == ["interrupted"] and older.cancelled


def test_a_long_question_gives_way_to_the_reader_and_is_asked_again(thread: StoreThread) -> None:
    turns = ReaderTurns()
    started, asked_again = threading.Event(), threading.Event()
    attempts: list[str] = []
    results: list[object] = []

    def long_question(store: CorpusStore) -> int:
        attempts.append("asked")
        if len(attempts) == 1:
            threading.Timer(0.3, started.set).start()
            store.db.execute(ENDLESS).fetchone()  # stopped for the reader
        asked_again.set()
        return len(attempts)

    job = Job(lambda store: results.append(run_yielding(job, long_question, turns, store)), yielding=True)
    thread.submit(job)
    assert started.wait(10)
    turns.begin()  # the reader asks (in another thread of its own)
    thread.yield_to_reader()
    time.sleep(0.2)
    assert not asked_again.is_set()  # it waits while the reader's question is in flight
    turns.end()
    assert asked_again.wait(10)
    done = threading.Event()
    thread.submit(lambda store: done.set())
    assert done.wait(10)
    assert results == [2]


def test_a_job_that_does_not_yield_is_never_stopped_for_the_reader(thread: StoreThread) -> None:
    gate = threading.Event()
    outcome: list[int] = []

    def task(store: CorpusStore) -> None:
        gate.wait(10)
        outcome.append(store.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    thread.submit(task)
    thread.yield_to_reader()  # nothing yielding runs: no effect on what runs next
    gate.set()
    done = threading.Event()
    thread.submit(lambda store: done.set())
    assert done.wait(10)
    assert outcome == [0]


def test_the_reader_turns_count_questions_in_flight_and_waiting_ends_with_them() -> None:
    turns = ReaderTurns()
    assert not turns.busy
    turns.begin()
    turns.begin()
    turns.end()
    assert turns.busy
    threading.Timer(0.1, turns.end).start()
    started = time.monotonic()
    turns.wait(5)
    assert not turns.busy and time.monotonic() - started < 4
    turns.end()  # one too many never goes below none
    assert not turns.busy


def test_a_question_stopped_inside_a_transaction_leaves_none_open(thread: StoreThread) -> None:
    started = threading.Event()
    outcome: list[str] = []
    seen: list[bool] = []

    def reading(store: CorpusStore) -> None:
        store.db.execute("BEGIN")  # a read snapshot, as a long question may take one
        endless(started, outcome)(store)

    thread.submit(Job(reading, kind="search"))
    assert started.wait(10)
    done = threading.Event()

    def after(store: CorpusStore) -> None:
        seen.append(store.db.in_transaction)
        done.set()

    thread.submit(Job(after, kind="search"))
    assert done.wait(10)
    assert outcome == ["interrupted"] and seen == [False]
